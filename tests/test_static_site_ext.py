"""The site's build extensions and the asset fetcher, without a build.

The shared helpers (book/_ext/_published.py: the install line, the setup cell, the
notebooks as served), the JupyterLite notebooks (lite_site.py), the offline archive
(offline_zip.py), the theme fixes (theme_fixes.py) and scripts/fetch_web_assets.py. The
extensions' behaviour in a Sphinx build is tested with sphinx.testing roots in
tests/test_<extension>.py.
"""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parents[1]
published = pytest.importorskip("_published")  # book/_ext is on sys.path (conftest.py)
import lite_site  # noqa: E402
import offline_start  # noqa: E402  (book/_ext/offline_start.py, packed as start.py)
import offline_zip  # noqa: E402
import theme_fixes  # noqa: E402
from _digest import digest_files  # noqa: E402

from scripts import fetch_web_assets as fetch  # noqa: E402

pytestmark = pytest.mark.toolchain


SIDEBAR = (
    '<li class="toctree-l1 has-children"><a class="reference internal" href="x.html">'
    "Tesla: <em>allying</em></a><details><summary>"
    '<span class="toctree-toggle" role="presentation"><i class="fa"></i></span></summary>'
)


def test_sidebar_toggles_get_a_name_naming_their_section():
    fixed = theme_fixes.fix_html(SIDEBAR)
    assert (
        '<span class="visually-hidden">Show or hide the pages under Tesla: allying</span>' in fixed
    )


def test_fixing_a_page_twice_changes_nothing_more():
    once = theme_fixes.fix_html(SIDEBAR + '<div role="doc-biblioentry">')
    assert theme_fixes.fix_html(once) == once
    assert 'role="listitem"' in once


NOTEBOOKS = sorted(
    p
    for d in ("exercises", "cases")
    for p in (ROOT / d).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts and not p.name.startswith(".")
)
SITE = "https://courses.example.org/alliancelab/"


def _notebook_with_setup_cell(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell(published.setup_cell())
    setup.id = published.SETUP_CELL_ID
    cell = nbformat.v4.new_code_cell("1 + 1")
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), setup, cell]
    source = tmp_path / "ex.ipynb"
    nbformat.write(nb, source)
    return source


def _run_setup_cell(source: str) -> None:
    """Run the setup cell as a kernel would (it may hold a top-level await)."""
    import ast
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    code = compile(source, "<setup cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(code, {})
    if asyncio.iscoroutine(result):
        # in a thread of its own: an event loop may already run in this one (Playwright's,
        # when the browser tests ran first in the same session)
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, result).result()


def test_the_install_line_is_one_pip_requirement_for_the_wheel_with_its_widgets():
    from packaging.requirements import Requirement
    from packaging.utils import parse_wheel_filename

    line = published.install_line(SITE)
    assert line.startswith('pip install "') and line.endswith('"')
    req = Requirement(line.removeprefix("pip install ").strip('"'))
    assert req.name == "alliancelab" and req.extras == {"widgets"}
    wheel = published.wheel_name()
    assert req.url == f"https://courses.example.org/alliancelab/downloads/{wheel}"
    name, version, _build, _tags = parse_wheel_filename(wheel)
    assert (name, str(version)) == ("alliancelab", published.project_version())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_exercise_and_case_notebook_starts_its_code_with_the_setup_cell(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.get("id") == published.SETUP_CELL_ID
    assert first.source == published.setup_cell(), "copy _published.setup_cell() into it"
    assert "remove-cell" in first.metadata.get("tags", [])
    assert first.outputs == [], "with the package installed the setup cell prints nothing"


def test_without_the_package_the_setup_cell_prints_the_install_line(monkeypatch, capsys):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    monkeypatch.setattr("sys.platform", "linux")
    line = published.install_line(SITE)
    _run_setup_cell(published.setup_cell(line))
    out = capsys.readouterr().out
    assert "needs the course package" in out
    assert f"    {line}\n" in out
    assert "Traceback" not in out


def test_with_the_package_the_setup_cell_does_nothing(capsys):
    pytest.importorskip("ipywidgets")
    _run_setup_cell(published.setup_cell())
    assert capsys.readouterr().out == ""


def test_live_notebook_has_no_outputs_and_the_sites_install_line(tmp_path):
    source = _notebook_with_setup_cell(tmp_path)
    line = published.install_line(SITE)
    lite = lite_site.lite_notebook(source, line)
    setup = lite.cells[1]
    assert setup.id == published.SETUP_CELL_ID
    assert 'await piplite.install("alliancelab[widgets]")' in setup.source
    assert line in setup.source
    assert all(c.outputs == [] for c in lite.cells if c.cell_type == "code")
    assert lite.metadata.kernelspec.name == "python"
    assert nbformat.read(source, as_version=4).cells[2].outputs, "the source must stay untouched"


def test_served_notebook_names_the_site_only_in_its_setup_cell(tmp_path):
    source = _notebook_with_setup_cell(tmp_path)
    nb = nbformat.read(source, as_version=4)
    nb.cells[0].source = 'pip install "alliancelab[widgets] @ https://elsewhere/x.whl"'
    nbformat.write(nb, source)
    line = published.install_line(SITE)
    served = nbformat.reads(published.served_bytes(source, line).decode(), as_version=4)
    assert line in served.cells[1].source
    assert served.cells[0].source == nb.cells[0].source
    assert served.cells[2] == nb.cells[2]
    # without a site address the line is left as stored
    assert published.served_bytes(source, published.install_line()) == source.read_bytes()


def test_learner_workbooks_are_never_packed_into_the_offline_archive(tmp_path, monkeypatch):
    monkeypatch.setattr(offline_zip, "WHEELS", tmp_path / "wheels")
    app = _zip_app(tmp_path)
    (Path(app.srcdir) / "exercises" / "me.workbook.json").write_text("{}")
    offline_zip.write_offline_zip(app, None)
    with zipfile.ZipFile(Path(app.outdir) / offline_zip.OFFLINE_ZIP) as zf:
        names = zf.namelist()
    assert "alliancelab/notebooks/exercises/ex.ipynb" in names
    assert not [n for n in names if n.endswith(".workbook.json")]


def test_offline_archive_starts_with_one_command_and_asks_for_no_variable(tmp_path, monkeypatch):
    monkeypatch.setattr(offline_zip, "WHEELS", tmp_path / "wheels")
    app = _zip_app(tmp_path)
    offline_zip.write_offline_zip(app, None)
    with zipfile.ZipFile(Path(app.outdir) / offline_zip.OFFLINE_ZIP) as zf:
        readme = zf.read("alliancelab/README.txt").decode()
        start = zf.read("alliancelab/start.py").decode()
        assert "alliancelab/constraints.txt" in zf.namelist()
    assert "python3 start.py" in readme and "python3 start.py lab" in readme
    assert "internet" in readme
    assert "ALLIANCELAB_" not in readme + start and "environment variable" not in readme
    compile(start, "start.py", "exec")


def test_offline_start_serves_the_notebooks_as_an_app_or_in_jupyterlab(tmp_path):
    offline = offline_start
    python = tmp_path / "python"
    app = offline.command(python, "app", 8866, browser=False)
    assert app[1:3] == ["-m", "voila"] and str(offline.NOTEBOOKS) in app
    assert "--port=8866" in app and "--no-browser" in app
    lab = offline.command(python, "lab", 9000, browser=True)
    assert lab[1:3] == ["-m", "jupyterlab"] and "--ServerApp.port=9000" in lab
    assert "--no-browser" not in lab


def make_tarball(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_a_tarball_that_fails_its_integrity_check_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCELAB_WEB_CACHE", str(tmp_path))
    asset = fetch.NpmAsset("demo", "1.0.0", "sha512-AAAA", ("a.js",), "demo")
    (tmp_path / asset.cache_name).write_bytes(make_tarball({"a.js": b"x"}))
    monkeypatch.setenv("ALLIANCELAB_NPM_REGISTRY", "http://127.0.0.1:9")  # nothing listens
    with pytest.raises(fetch.AssetError, match=r"cannot download demo@1\.0\.0"):
        fetch.tarball(asset)


def test_only_the_wanted_files_are_extracted(tmp_path):
    data = make_tarball({"dist/embed.js": b"e", "dist/embed.js.map": b"m", "README.md": b"r"})
    asset = fetch.NpmAsset("demo", "1.0.0", "sha512-x", ("dist/*.js",), "demo")
    count = fetch.extract(asset, data, tmp_path / "demo")
    assert count == 1
    assert (tmp_path / "demo" / "dist" / "embed.js").read_bytes() == b"e"
    assert not (tmp_path / "demo" / "README.md").exists()


def _zip_app(tmp_path: Path) -> SimpleNamespace:
    out, src = tmp_path / "html", tmp_path / "src"
    (out / "book").mkdir(parents=True)
    (out / "book" / "page.html").write_text("<p>one</p>")
    (src / "exercises").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), src / "exercises" / "ex.ipynb")
    return SimpleNamespace(
        outdir=str(out),
        srcdir=str(src),
        builder=SimpleNamespace(format="html"),
        config=SimpleNamespace(
            alliancelab_offline_zip=True,
            alliancelab_live_dirs=["exercises"],
            alliancelab_install_line=published.install_line(),
        ),
    )


def test_offline_archive_is_rewritten_only_when_a_file_in_it_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(offline_zip, "WHEELS", tmp_path / "wheels")
    app = _zip_app(tmp_path)
    archive = Path(app.outdir) / offline_zip.OFFLINE_ZIP
    offline_zip.write_offline_zip(app, None)
    first = archive.stat().st_mtime_ns
    with zipfile.ZipFile(archive) as zf:
        assert "alliancelab/site/book/page.html" in zf.namelist()
        assert "alliancelab/notebooks/exercises/ex.ipynb" in zf.namelist()

    # the same bytes written again (as Sphinx rewrites pages): the archive stays
    (Path(app.outdir) / "book" / "page.html").write_text("<p>one</p>")
    offline_zip.write_offline_zip(app, None)
    assert archive.stat().st_mtime_ns == first

    (Path(app.outdir) / "book" / "page.html").write_text("<p>two</p>")
    offline_zip.write_offline_zip(app, None)
    with zipfile.ZipFile(archive) as zf:
        assert zf.read("alliancelab/site/book/page.html") == b"<p>two</p>"
    # and the archive never packs itself or its stamp
    with zipfile.ZipFile(archive) as zf:
        assert not [n for n in zf.namelist() if offline_zip.OFFLINE_ZIP in n]


def test_file_digest_changes_with_content_and_with_names(tmp_path):
    (tmp_path / "a").write_text("x")
    one = digest_files([tmp_path / "a"], root=tmp_path)
    assert digest_files([tmp_path / "a"], root=tmp_path) == one
    (tmp_path / "a").rename(tmp_path / "b")
    assert digest_files([tmp_path / "b"], root=tmp_path) != one
