"""Pooling the teams' workbooks: spreads, disagreements and damaged files."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from alliancelab import _files, pooling
from alliancelab._style import png_bytes
from alliancelab.pooling import RISK_COLUMNS, main, pool_folder, risk_spread, score_spread
from alliancelab.workbook import example_workbook, load_workbook, save_workbook

TEAMS = Path(__file__).resolve().parents[1] / "book" / "instructors" / "data" / "teams"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "teams"
    shutil.copytree(TEAMS, target)
    return target


def test_damaged_file_is_named_and_the_others_are_pooled(folder):
    pooled = pool_folder(folder)
    assert pooled.teams == ("team-a", "team-b", "team-c", "team-d")
    assert [name for name, _ in pooled.skipped] == ["team-e.json"]
    assert "not valid JSON" in pooled.skipped[0][1]


def test_pooling_never_changes_the_teams_files(folder):
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    pool_folder(folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_most_disputed_score_comes_first_and_its_range_matches_the_files(folder):
    pooled = pool_folder(folder)
    spread = score_spread(pooled)
    top = spread.iloc[0]
    scores = [
        card.scores[top["criterion"]].value
        for team in pooled.teams
        for card in load_workbook(folder / f"{team}.json").scorecards
        if card.candidate == top["candidate"]
    ]
    assert top["range"] == max(scores) - min(scores)
    assert top["teams"] == len(pooled.teams)
    assert spread["std"].is_monotonic_decreasing


def test_items_all_teams_agree_on_have_zero_spread(tmp_path):
    for team in ("x", "y"):
        save_workbook(example_workbook(), tmp_path / f"{team}.json")
    pooled = pool_folder(tmp_path)
    assert (score_spread(pooled)["range"] == 0).all()
    assert (risk_spread(pooled)["std"] == 0).all()


def test_risk_spread_filters_by_assessment(folder):
    after = risk_spread(pool_folder(folder), "after signing")
    assert set(after["assessment"]) == {"after signing"}
    assert isinstance(after, pd.DataFrame) and len(after) > 0


def test_foreign_json_is_skipped_with_a_reason(tmp_path):
    save_workbook(example_workbook(), tmp_path / "good.json")
    (tmp_path / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    pooled = pool_folder(tmp_path)
    assert pooled.teams == ("good",)
    assert "not an Alliance Lab workbook" in dict(pooled.skipped)["notes.json"]


def test_missing_folder_is_refused_with_its_name(tmp_path):
    with pytest.raises(ValueError, match="folder must be an existing folder"):
        pool_folder(tmp_path / "nowhere")


def test_command_prints_teams_skipped_files_and_disputes(folder, capsys):
    assert main([str(folder), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "Pooled 4 team workbooks" in out
    assert "Skipped team-e.json" in out
    assert "most disputed first" in out


# ---------------------------------------------------------------- hostile folders

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "instructors" / "pooling.md"

# Pools a folder in a child process with a memory cap, so that a FIFO that blocks or
# a device that never ends fails the test (timeout, MemoryError) instead of hanging it
# or exhausting the machine's memory.
_CHILD = """
import json, resource, sys
cap = 2 * 1024**3
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from alliancelab.pooling import pool_folder
p = pool_folder(sys.argv[1])
print(json.dumps({"teams": list(p.teams), "skipped": [list(s) for s in p.skipped]}))
"""

needs_posix = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or importlib.util.find_spec("resource") is None,
    reason="FIFOs, devices and resource limits are POSIX only",
)


def _pool_in_child(folder: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(folder)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _raw_name(folder: Path, name: bytes) -> Path:
    """A path in ``folder`` whose name is the given bytes (skips where the disk refuses)."""
    path = folder / os.fsdecode(name)
    try:
        path.touch()
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take file names that are not UTF-8")
    path.unlink()
    return path


def _page_summary(folder: Path, monkeypatch) -> str:
    """Run the pooling page's first code cell on ``folder``; return the Markdown it shows."""
    cell = re.search(r"```\{code-cell\} ipython3\n(.*?)```", PAGE.read_text("utf-8"), re.S)
    source = "\n".join(line for line in cell.group(1).splitlines() if not line.startswith(":"))
    tree = ast.parse(source)
    last = tree.body.pop()
    assert isinstance(last, ast.Expr), "the cell ends with what it shows"
    (folder.parent / "data").mkdir()
    folder.rename(folder.parent / "data" / "teams")
    monkeypatch.chdir(folder.parent)
    namespace: dict = {}
    exec(compile(tree, str(PAGE), "exec"), namespace)
    shown = eval(compile(ast.Expression(last.value), str(PAGE), "eval"), namespace)
    return shown.data


def _render(markdown: str) -> str:
    """Render Markdown as the book does: raw HTML allowed, ``$...$`` maths on."""
    markdown_it = pytest.importorskip("markdown_it")
    dollarmath = pytest.importorskip("mdit_py_plugins.dollarmath")
    return markdown_it.MarkdownIt("commonmark").use(dollarmath.dollarmath_plugin).render(markdown)


def test_two_files_giving_one_team_name_are_both_pooled_and_reported(tmp_path, capsys):
    save_workbook(example_workbook(), tmp_path / "team-b.workbook.json")
    save_workbook(example_workbook(), tmp_path / "team-b.json")
    save_workbook(example_workbook(), tmp_path / "team-c.json")
    pooled = pool_folder(tmp_path)
    assert pooled.teams == ("team-b.json", "team-b.workbook.json", "team-c")
    assert pooled.renamed == (
        ("team-b.json", "team-b.json"),
        ("team-b.workbook.json", "team-b.workbook.json"),
    )
    assert set(pooled.scores["team"]) == set(pooled.teams)
    assert pool_folder(tmp_path).teams == pooled.teams  # the same every time
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Pooled team-b.workbook.json as team team-b.workbook.json: another file" in out


def test_names_alike_once_printable_still_get_distinct_teams(tmp_path):
    raw = _raw_name(tmp_path, b"t-\xff.json")
    save_workbook(example_workbook(), raw)
    save_workbook(example_workbook(), tmp_path / "t-\\xff.json")  # a real backslash
    save_workbook(example_workbook(), tmp_path / ".json")  # no stem at all
    pooled = pool_folder(tmp_path)
    assert pooled.teams == (".json", "t-\\xff.json", "t-\\xff.json (2)")
    assert len(set(pooled.scores["team"])) == 3


@needs_posix
def test_fifo_is_skipped_as_not_a_regular_file_without_blocking(tmp_path):
    save_workbook(example_workbook(), tmp_path / "good.json")
    os.mkfifo(tmp_path / "team-f.json")
    pooled = _pool_in_child(tmp_path)
    assert pooled == {"teams": ["good"], "skipped": [["team-f.json", "not a regular file"]]}


@needs_posix
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_link_to_dev_zero_is_skipped_as_not_a_regular_file(tmp_path):
    save_workbook(example_workbook(), tmp_path / "good.json")
    (tmp_path / "team-z.json").symlink_to("/dev/zero")
    pooled = _pool_in_child(tmp_path)
    assert pooled == {"teams": ["good"], "skipped": [["team-z.json", "not a regular file"]]}


def test_file_over_the_size_limit_is_skipped_without_being_opened(tmp_path, monkeypatch):
    save_workbook(example_workbook(), tmp_path / "good.json")
    big = tmp_path / "team-big.json"
    with big.open("wb") as handle:  # sparse: takes no disk space
        handle.truncate(pooling.MAX_FILE_BYTES + 1)
    opened: list[str] = []
    real_open = os.open

    def spy(path, *args, **kwargs):
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(_files.os, "open", spy)  # the one reader (alliancelab._files) opens
    pooled = pool_folder(tmp_path)
    assert pooled.teams == ("good",)
    assert pooled.skipped == (("team-big.json", "larger than 5 MB (5,000,001 bytes)"),)
    assert str(big) not in opened


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_file_whose_size_lies_is_read_no_further_than_the_limit(tmp_path, monkeypatch):
    # /proc files report a size of 0 but hold more: only limit + 1 bytes may be read
    (tmp_path / "team-p.json").symlink_to("/proc/self/status")
    monkeypatch.setattr(pooling, "MAX_FILE_BYTES", 100)
    pooled = pool_folder(tmp_path)
    assert pooled.teams == ()
    assert pooled.skipped[0][0] == "team-p.json"
    assert pooled.skipped[0][1].startswith("larger than")


def test_links_to_workbooks_anywhere_are_pooled_and_broken_links_skipped(tmp_path):
    folder, elsewhere = tmp_path / "teams", tmp_path / "elsewhere"
    folder.mkdir()
    save_workbook(example_workbook(), elsewhere / "plan.json")
    (folder / "team-l.json").symlink_to(elsewhere / "plan.json")
    (folder / "team-x.json").symlink_to(elsewhere / "gone.json")
    (folder / "team-d.json").mkdir()
    pooled = pool_folder(folder)
    assert pooled.teams == ("team-l",)
    reasons = dict(pooled.skipped)
    assert reasons["team-d.json"] == "not a regular file"
    assert "broken link" in reasons["team-x.json"]


def test_file_names_that_are_not_utf8_or_hold_controls_print_escaped(tmp_path, capsys):
    save_workbook(example_workbook(), _raw_name(tmp_path, b"team-\xff.json"))
    _raw_name(tmp_path, b"bad-\xfe.json").write_bytes(b"{")
    (tmp_path / "evil\x1b[2J\n.json").write_bytes(b"{")
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Pooled 1 team workbooks: team-\\xff\n" in out
    assert "Skipped bad-\\xfe.json: this file is not valid JSON" in out
    assert "Skipped evil\\x1b[2J\\n.json: this file is not valid JSON" in out
    assert "\x1b" not in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format": "alliancelab-workbook", ', "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested far more deeply"),
        (b"[1, 2]", "not an Alliance Lab workbook"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"1" * 5000, "value no workbook has"),
        (b"", "not valid JSON"),
    ],
    ids=["cut-off", "deep", "not-a-workbook", "not-utf8", "huge-number", "empty"],
)
def test_any_bad_team_file_is_skipped_with_its_reason_and_pooling_goes_on(
    tmp_path, content, reason
):
    save_workbook(example_workbook(), tmp_path / "good.json")
    (tmp_path / "bad.json").write_bytes(content)
    pooled = pool_folder(tmp_path)
    assert pooled.teams == ("good",)
    assert [name for name, _ in pooled.skipped] == ["bad.json"]
    assert reason in pooled.skipped[0][1]


def test_invalid_section_deep_inside_a_workbook_is_skipped(tmp_path):
    save_workbook(example_workbook(), tmp_path / "good.json")
    doc = example_workbook().to_dict()
    doc["reflections"] = {"": "no name"}
    (tmp_path / "bad.json").write_text(json.dumps(doc), encoding="utf-8")
    pooled = pool_folder(tmp_path)
    assert pooled.teams == ("good",)
    assert [name for name, _ in pooled.skipped] == ["bad.json"]


def test_unexpected_error_in_one_file_is_named_with_its_reason(tmp_path, monkeypatch):
    save_workbook(example_workbook(), tmp_path / "good.json")
    save_workbook(example_workbook().with_section(risk_register=None), tmp_path / "plain.json")

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pooling, "risk_table", boom)
    pooled = pool_folder(tmp_path)
    assert pooled.teams == ("plain",)
    assert pooled.skipped == (("good.json", "could not be pooled (RuntimeError: boom)"),)


def test_hostile_names_and_reasons_render_as_text_on_the_pooling_page(tmp_path, monkeypatch):
    folder = tmp_path / "teams"
    shutil.copytree(TEAMS, folder)
    save_workbook(example_workbook(), folder / "<img src=x onerror=alert(1)>.json")
    save_workbook(example_workbook(), folder / "Pay $5 now, $10 later.json")
    doc = {"format": "alliancelab-workbook", "schema_version": "<img src=y onerror=alert(2)>"}
    (folder / "<svg onload=alert(3)>.json").write_text(json.dumps(doc), encoding="utf-8")
    markdown = _page_summary(folder, monkeypatch)
    html = _render(markdown)
    assert "<img" not in html and "<svg" not in html and "math" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;img src=y onerror=alert(2)&gt;" in html  # the reason quotes the file
    assert "&lt;svg onload=alert(3)&gt;.json" in html
    assert "Pay $5 now, $10 later" in html
    assert "team-a" in html and "team-e.json" in html


def test_score_tables_on_the_page_escape_hostile_candidate_names():
    scores = pd.DataFrame(
        {
            "team": ["A", "B"],
            "candidate": ["<img src=x onerror=alert(1)>"] * 2,
            "criterion": ["stability"] * 2,
            "score": [1, 5],
        }
    )
    pooled = pooling.PooledResults(("A", "B"), scores, pd.DataFrame(columns=list(RISK_COLUMNS)))
    html = score_spread(pooled)._repr_html_()
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_score_spread_figure_draws_dollar_signs_as_plain_text():
    # passes once _style draws every course figure's text as plain text (no mathtext)
    candidates = ["Pay $5 now, $10 later", "Loss of $\\foo$ engineer"]
    scores = pd.DataFrame(
        {
            "team": ["A", "B"] * 2,
            "candidate": [c for c in candidates for _ in range(2)],
            "criterion": ["stability"] * 4,
            "score": [1, 5, 2, 4],
        }
    )
    pooled = pooling.PooledResults(("A", "B"), scores, pd.DataFrame(columns=list(RISK_COLUMNS)))
    fig = pooling.plot_score_spread(pooled)
    assert png_bytes(fig).startswith(b"\x89PNG")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any(label.startswith("Loss of $\\foo$ engineer") for label in labels)


def test_command_refuses_a_file_given_as_the_folder(tmp_path, capsys):
    save_workbook(example_workbook(), tmp_path / "team-a.json")
    with pytest.raises(SystemExit, match="2"):
        main([str(tmp_path / "team-a.json")])
    assert "folder must be an existing folder" in capsys.readouterr().err
    with pytest.raises(
        ValueError, match=r"^folder must be an existing folder, got '.*team-a\.json'$"
    ):
        pool_folder(tmp_path / "team-a.json")
