"""The live app's build steps on small inputs (no browser, no network, seconds).

scripts/build_live_app.py rewrites Pyodide's package lock (served files with their own
sha256, every other package from Pyodide's CDN) and stages the exercises as learner copies
with a hidden setup cell; the browser tests (tests/test_live_app.py) run the result.
"""

from __future__ import annotations

import ast
import hashlib
import json
import zipfile
from html import escape
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

pytestmark = pytest.mark.toolchain

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_live_app.py"
TEMPLATE = SCRIPT.parent / "live_app" / "templates" / "voila" / "templates" / "alliancelab"


@pytest.fixture(scope="module")
def bla():
    from scripts import build_live_app

    return build_live_app


def _entry(name, deps=(), file_name=None, kind="package"):
    return {
        "name": name,
        "version": "1.0",
        "file_name": file_name or f"{name}-1.0-py3-none-any.whl",
        "install_dir": "site",
        "sha256": "0" * 64,
        "package_type": kind,
        "imports": [name],
        "depends": list(deps),
    }


def small_lock():
    packages = {
        "micropip": _entry("micropip"),
        "jedi": _entry("jedi", ["parso"]),
        "parso": _entry("parso"),
        "ipython": _entry("ipython", ["traitlets", "matplotlib-inline", "sqlite3"]),
        "traitlets": _entry("traitlets"),
        "matplotlib-inline": _entry("matplotlib-inline", ["traitlets", "matplotlib"]),
        "matplotlib": _entry("matplotlib", ["numpy"], "matplotlib-3.8.4-cp313-wasm32.whl"),
        "numpy": _entry("numpy", [], "numpy-2.2.5-cp313-wasm32.whl"),
        "sqlite3": _entry("sqlite3", [], "sqlite3-1.0.0-cp313-wasm32.whl", "cpython_module"),
        "already": _entry("already", [], "https://example.org/already-1.0-py3-none-any.whl"),
    }
    return {"info": {"version": "0.29.0"}, "packages": packages}


def test_kernel_start_packages_are_the_closure_without_matplotlib(bla):
    start = bla.start_packages(small_lock())
    assert start == sorted(
        ["micropip", "jedi", "parso", "ipython", "traitlets", "matplotlib-inline", "sqlite3"]
    )


def test_lock_serves_the_kernel_files_and_points_the_rest_at_the_cdn(bla, tmp_path):
    lock = small_lock()
    served = {}
    for name in ("micropip", "traitlets"):
        path = tmp_path / lock["packages"][name]["file_name"]
        path.write_bytes(name.encode() * 10)
        served[name] = path
    stub = tmp_path / lock["packages"]["sqlite3"]["file_name"]
    bla.make_stub_wheel(stub, "sqlite3", "1.0.0", "cp313-cp313-pyodide_2025_0_wasm32")
    served["sqlite3"] = stub
    out = bla.rewrite_lock(lock, served)
    pk = out["packages"]
    for name, path in served.items():
        assert pk[name]["file_name"] == path.name  # beside pyodide.js
        assert pk[name]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert pk["numpy"]["file_name"] == bla.CDN + "numpy-2.2.5-cp313-wasm32.whl"
    assert pk["numpy"]["sha256"] == "0" * 64  # the CDN's file: its sha256 unchanged
    assert pk["matplotlib"]["file_name"].startswith("https://cdn.jsdelivr.net/pyodide/v0.29.0/")
    assert pk["already"]["file_name"] == "https://example.org/already-1.0-py3-none-any.whl"
    assert "matplotlib" not in pk["matplotlib-inline"]["depends"]
    assert pk["matplotlib"]["depends"] == ["numpy"]  # other dependencies kept
    assert pk["sqlite3"]["imports"] == []
    assert set(pk) == set(lock["packages"]), "the lock must keep every package"
    assert lock["packages"]["numpy"]["file_name"] == "numpy-2.2.5-cp313-wasm32.whl"  # a copy
    with zipfile.ZipFile(stub) as zf:
        assert all(n.startswith("sqlite3-1.0.0.dist-info/") for n in zf.namelist())


def _exercise(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Exercise 9: a test\n\n**Goal.** Check the staging\nof the app.\n\n"
            "See [the exit chapter](../book/part2/exit.md) and "
            "[the next exercise](02-resource-map.ipynb#part-b)."
        ),
        nbformat.v4.new_code_cell(
            "import sys\nprint('setup')",
            metadata={"tags": ["remove-cell"]},
            outputs=[nbformat.v4.new_output("stream", text="setup\n")],
            execution_count=1,
        ),
        nbformat.v4.new_markdown_cell("Secret answer", metadata={"tags": ["model-answer"]}),
        nbformat.v4.new_markdown_cell("## Part B: your venture"),
        nbformat.v4.new_code_cell(
            "1 + 1", outputs=[nbformat.v4.new_output("execute_result", data={"text/plain": "2"})]
        ),
    ]
    nb.cells[1].id = "alliancelab-setup"
    path = tmp_path / "09-test.ipynb"
    nbformat.write(nb, path)
    return path


def test_staged_exercise_is_a_learner_copy_with_a_hidden_app_setup(bla, tmp_path):
    source = _exercise(tmp_path)
    written = bla.stage_notebooks(tmp_path / "contents", [source], first_mb=40)
    assert [p.name for p in written] == ["09-test.ipynb", "live-check.ipynb"]
    nb = nbformat.read(written[0], as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert "Secret answer" not in text, "model answers must not reach the app"
    assert "[the exit chapter](../../../book/part2/exit.html)" in text  # the book's page
    assert "[the next exercise](../render/02-resource-map.html#part-b)" in text  # its app page
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source == bla.APP_SETUP
    assert "remove-cell" in code[0].metadata["tags"]
    assert 'piplite.install(["alliancelab[widgets]"])' in code[0].source
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    settings = nb.metadata["alliancelab"]
    assert settings["book_page"] == "../../../exercises/09-test.html"
    assert settings["offline_zip"] == "../../../alliancelab-offline.zip"
    assert settings["pyodide_url"] == "../../pyodide/"
    assert settings["setup_index"] == 2  # Voici's 1-based cell index of the setup cell
    assert "about 40 MB" in settings["loading_note"]
    assert "half a minute" in settings["loading_note"]
    assert nb.metadata["kernelspec"]["name"] == "python"


def test_setup_and_live_check_cells_are_valid_python(bla):
    for source in (bla.APP_SETUP, bla.LIVE_CHECK_SETUP, bla.LIVE_CHECK_CODE):
        # top-level await, as IPython allows
        compile(source, "<cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    nb = bla.live_check_notebook(17)
    assert nb.metadata["alliancelab"]["cdn_probe"] == ""  # needs no outside host
    assert "about 17 MB" in nb.metadata["alliancelab"]["loading_note"]
    assert "restored: " in bla.LIVE_CHECK_CODE and "IntSlider" in bla.LIVE_CHECK_CODE


def test_index_lists_every_exercise_by_title_with_its_goal(bla):
    rows = []
    for path in bla.exercise_notebooks():
        title, goal = bla.title_and_goal(nbformat.read(path, as_version=4))
        assert title.startswith("Exercise "), (path.name, title)
        assert len(goal) > 30 and "\n" not in goal, (path.name, goal)
        rows.append((path.stem, title, goal))
    assert len(rows) == 8
    html = bla.index_html(rows, 40)
    for name, title, goal in rows:
        assert f'href="voici/render/{name}.html"' in html
        assert f">{title}</a>" in html
        assert escape(goal) in html
        assert f">{name}<" not in html, "the list shows titles, not file names"
    assert 'href="../index.html"' in html and "Back to the book" in html
    assert "voici/render/live-check.html" in html


def test_template_offers_the_ways_out_and_never_hangs():
    page = (TEMPLATE / "index.html.j2").read_text()
    assert "make app" in page and "alliancelab-offline.zip" in page
    assert "Back to the book" in page
    assert 'addEventListener("error"' in page and ", true);" in page  # capture phase
    assert "timeout_s" in page  # the fallback when nothing fails outright
    assert "fontawesome" not in page.lower() and "cdnjs" not in page
    assert json.loads((TEMPLATE / "conf.json").read_text())["base_template"] == "lab"


def test_constraints_pin_the_versions_that_work_together():
    pins = dict(
        line.split("==")
        for line in (SCRIPT.parent / "live-app-constraints.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert pins["voici-core"] == "0.10.0"
    assert pins["jupyterlite-core"] == "0.7.6"
    # 0.7.1 and later need @jupyterlab/pluginmanager, which Voici 0.10 lacks
    assert pins["jupyterlite-pyodide-kernel"] == "0.7.0"
