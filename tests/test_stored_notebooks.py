"""The stored notebooks are fit to be shown: static checks, nothing is executed.

The exercise and case notebooks (.ipynb) are stored with the outputs and widget state
of one real run (``make notebooks``); the site shows those outputs as they are (the
book build does not run the notebooks again, see ``_config.yml``) and nbval re-runs
them and compares the outputs (``make test``). nbval does not look at what only the
site uses, nor at a few things a careless run could leave behind, so this checks:

- every code cell was run, once, in order, by one fresh kernel;
- no output is an error, and no output or widget carries a local path;
- every widget an output shows, and every widget those refer to, is in the stored
  widget state (or the site would show an empty box);
- the own-plan part of an exercise shows the example plan, not a learner's own plan
  (``make notebooks`` points ``ALLIANCELAB_WORKBOOK`` at an empty folder).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix()
    for d in ("exercises", "cases")
    for p in (ROOT / d).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"
# where a local path would come from: home folders, temporary folders, this checkout
LOCAL_PATH = re.compile(
    r"(/home/|/Users/|/tmp/|/var/folders/|[A-Za-z]:\\\\Users\\\\|" + re.escape(str(ROOT)) + ")"
)
EXAMPLE_PLAN = "This starts from the example plan of a <b>fictional</b> venture"


def _read(rel: str) -> dict:
    return json.loads((ROOT / rel).read_text(encoding="utf-8"))


def _code(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _widget_state(nb: dict) -> dict:
    return nb.get("metadata", {}).get("widgets", {}).get(STATE, {}).get("state", {})


def test_the_notebooks_are_found():
    assert len([n for n in NOTEBOOKS if n.startswith("exercises/")]) >= 8
    assert len([n for n in NOTEBOOKS if n.startswith("cases/")]) >= 3


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_every_code_cell_was_run_once_in_order(rel):
    code = _code(_read(rel))
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"{rel}: execution counts {counts}; store the outputs of one fresh run (`make notebooks`)"
    )
    assert any(c["outputs"] for c in code), f"{rel}: no stored outputs; run `make notebooks`"


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_no_output_is_an_error_or_names_a_local_path(rel):
    nb = _read(rel)
    for i, cell in enumerate(_code(nb), start=1):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", (
                f"{rel}: code cell {i} stored an error: {output.get('ename')}"
            )
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), (
                f"{rel}: code cell {i} wrote to stderr: {''.join(output['text'])[:200]}"
            )
            found = LOCAL_PATH.search(json.dumps(output))
            assert found is None, f"{rel}: code cell {i} shows a local path ({found.group(0)})"
    found = LOCAL_PATH.search(json.dumps(_widget_state(nb)))
    assert found is None, f"{rel}: the stored widget state holds a local path ({found.group(0)})"


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_every_widget_shown_is_in_the_stored_state(rel):
    nb = _read(rel)
    state = _widget_state(nb)
    shown = [
        output["data"][VIEW]["model_id"]
        for cell in _code(nb)
        for output in cell["outputs"]
        if VIEW in output.get("data", {})
    ]
    if not shown:
        return  # a notebook of tables and figures only (the case analyses)
    missing = [m for m in shown if m not in state]
    assert not missing, f"{rel}: widgets {missing} are shown but not stored; run `make notebooks`"
    referred = set(re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state)))
    dangling = sorted(referred - set(state))
    assert not dangling, f"{rel}: the stored widgets refer to {len(dangling)} missing models"


@pytest.mark.parametrize("rel", [n for n in NOTEBOOKS if n.startswith("exercises/")])
def test_the_own_plan_part_shows_the_example_plan(rel):
    nb = _read(rel)
    if not any("for_workbook(" in "".join(c["source"]) for c in _code(nb)):
        pytest.skip("no own-plan part")
    assert EXAMPLE_PLAN in json.dumps(_widget_state(nb), ensure_ascii=False), (
        f"{rel}: the own-plan part does not show the example plan: was it run with a plan "
        "file of your own? Run `make notebooks`, which opens an empty folder's plan"
    )
