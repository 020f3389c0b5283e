"""The site build extension (book/_ext/static_site.py) and the asset fetcher, without a build."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
static_site = pytest.importorskip("static_site")  # book/_ext is on sys.path (conftest.py)
from _digest import digest_files  # noqa: E402
from load import load_script  # noqa: E402

fetch = load_script("fetch_web_assets")

SIDEBAR = (
    '<li class="toctree-l1 has-children"><a class="reference internal" href="x.html">'
    "Tesla: <em>allying</em></a><details><summary>"
    '<span class="toctree-toggle" role="presentation"><i class="fa"></i></span></summary>'
)


def test_sidebar_toggles_get_a_name_naming_their_section():
    fixed = static_site.fix_html(SIDEBAR)
    assert (
        '<span class="visually-hidden">Show or hide the pages under Tesla: allying</span>' in fixed
    )


def test_fixing_a_page_twice_changes_nothing_more():
    once = static_site.fix_html(SIDEBAR + '<div role="doc-biblioentry">')
    assert static_site.fix_html(once) == once
    assert 'role="listitem"' in once


def test_live_notebook_has_no_outputs_and_starts_with_the_install_cell(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1 + 1")
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    nb.cells = [cell]
    source = tmp_path / "ex.ipynb"
    nbformat.write(nb, source)
    lite = static_site.lite_notebook(source)
    assert 'await piplite.install("alliancelab[widgets]")' in lite.cells[0].source
    assert lite.cells[1].outputs == []
    assert nbformat.read(source, as_version=4).cells[0].outputs, "the source must stay untouched"


def test_learner_workbooks_are_never_packed_into_the_site(tmp_path):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "me.workbook.json").write_text("{}")
    (tmp_path / "exercises" / "index.md").write_text("# x")
    found = static_site.data_files(tmp_path, ["exercises"])
    assert [p.name for p in found] == ["index.md"]


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
        config=SimpleNamespace(alliancelab_offline_zip=True, alliancelab_live_dirs=["exercises"]),
    )


def test_offline_archive_is_rewritten_only_when_a_file_in_it_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(static_site, "WHEELS", tmp_path / "wheels")
    app = _zip_app(tmp_path)
    archive = Path(app.outdir) / static_site.OFFLINE_ZIP
    static_site.write_offline_zip(app, None)
    first = archive.stat().st_mtime_ns
    with zipfile.ZipFile(archive) as zf:
        assert "alliancelab/site/book/page.html" in zf.namelist()
        assert "alliancelab/notebooks/exercises/ex.ipynb" in zf.namelist()

    # the same bytes written again (as Sphinx rewrites pages): the archive stays
    (Path(app.outdir) / "book" / "page.html").write_text("<p>one</p>")
    static_site.write_offline_zip(app, None)
    assert archive.stat().st_mtime_ns == first

    (Path(app.outdir) / "book" / "page.html").write_text("<p>two</p>")
    static_site.write_offline_zip(app, None)
    with zipfile.ZipFile(archive) as zf:
        assert zf.read("alliancelab/site/book/page.html") == b"<p>two</p>"
    # and the archive never packs itself or its stamp
    with zipfile.ZipFile(archive) as zf:
        assert not [n for n in zf.namelist() if static_site.OFFLINE_ZIP in n]


def test_file_digest_changes_with_content_and_with_names(tmp_path):
    (tmp_path / "a").write_text("x")
    one = digest_files([tmp_path / "a"], root=tmp_path)
    assert digest_files([tmp_path / "a"], root=tmp_path) == one
    (tmp_path / "a").rename(tmp_path / "b")
    assert digest_files([tmp_path / "b"], root=tmp_path) != one
