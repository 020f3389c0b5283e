"""The outputs stored in the notebooks are exactly what running them gives today.

nbval compares outputs with widget ids and images masked; this test re-runs each
notebook with ``scripts/execute_notebooks.py`` and compares the whole file, so a
change to the package that alters a figure or a widget without ``make notebooks``
is caught, and so is any output that differs from run to run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

execute_notebooks = pytest.importorskip("scripts.execute_notebooks")  # nbclient

pytestmark = pytest.mark.toolchain  # nbclient and the notebook kernel

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix()
    for d in ("exercises", "cases")
    for p in (ROOT / d).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


@pytest.mark.slow
@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_stored_notebook_is_what_running_it_gives(rel, tmp_path):
    source = ROOT / rel
    # run a copy beside the original, so relative paths (case data) resolve the same
    copy = source.with_name(f".rerun-{source.name}")
    shutil.copy2(source, copy)
    try:
        execute_notebooks.execute(copy)
        assert copy.read_bytes() == source.read_bytes(), (
            f"{rel}: stored outputs differ from a fresh run; run `make notebooks`"
        )
    finally:
        copy.unlink(missing_ok=True)
