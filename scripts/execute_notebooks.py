"""Execute notebooks in place so their stored outputs come from a real run.

Usage: python scripts/execute_notebooks.py [NOTEBOOK ...]
Without arguments it runs every notebook under exercises/ and cases/.
Outputs are stored together with the widget state, so the static site can render
the widgets and nbval can check the outputs later.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


# Run first in the kernel, then dropped: widget (comm) ids come from a seeded generator
# instead of uuid4, so re-running an unchanged notebook stores the same bytes; and Part B
# opens a workbook in an empty folder, so a learner's own plan lying next to the
# notebooks never ends up in the stored outputs.
SETUP = """\
import os as _os
import random as _random
import tempfile as _tempfile
import uuid as _uuid
_ids = _random.Random(2026)
_uuid.uuid4 = lambda: _uuid.UUID(int=_ids.getrandbits(128), version=4)
_os.environ["ALLIANCELAB_WORKBOOK"] = _os.path.join(
    _tempfile.mkdtemp(), "my-alliance.workbook.json"
)
del _os, _random, _tempfile"""


def renumber(nb: nbformat.NotebookNode) -> None:
    """Number the code cells 1, 2, ... (as a fresh kernel would without the setup cell)."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.get("execution_count") is None:
            continue
        count += 1
        cell.execution_count = count
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = count


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    setup = nbformat.v4.new_code_cell(SETUP)
    nb.cells.insert(0, setup)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
    )
    client.execute()
    nb.cells.remove(setup)
    renumber(nb)
    # execution counts and timing metadata are noise in diffs; keep outputs only
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("papermill", None)
    nbformat.write(nb, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted(
        p
        for d in ("exercises", "cases")
        for p in (ROOT / d).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )
    for path in paths:
        execute(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
