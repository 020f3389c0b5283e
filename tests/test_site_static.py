"""Check the built site's HTML without a browser: links, anchors, self-containment, alt text.

These walk every reading page of the one site built by the `built_book` fixture
(conftest.py); the browser tests in test_site_browser.py load the same pages.
"""

from __future__ import annotations

import json
import re
import zipfile
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

nbformat = pytest.importorskip("nbformat")
BeautifulSoup = pytest.importorskip("bs4").BeautifulSoup

pytestmark = [pytest.mark.slow, pytest.mark.toolchain]

ROOT = Path(__file__).resolve().parents[1]
# folders of the built site that are not reading pages written by the book
NOT_PAGES = ("_static", "_sources", "_images", "lite", "app", "_downloads", "_sphinx_design_static")
EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:", "//")
# tags and attributes whose URL a browser loads with the page (not on a click)
LOADED = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FILE_LIKE = re.compile(r"(_images/|\.(png|jpe?g|svg|gif|webp)$)", re.IGNORECASE)


REDIRECT = re.compile(r'<meta[^>]+http-equiv="refresh"', re.IGNORECASE)


def reading_pages(site: Path) -> list[Path]:
    """Every page of the book (not redirect stubs such as the root index.html)."""
    return sorted(
        p
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] not in NOT_PAGES
        and not REDIRECT.search(p.read_text(encoding="utf-8", errors="replace")[:2000])
    )


@cache
def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def ids_in(path: Path) -> frozenset[str]:
    soup = soup_of(path)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str, dict]:
    """Return the file a relative URL on page points to, its fragment and its query."""
    parts = urlsplit(url)
    if parts.path:
        target = (page.parent / unquote(parts.path)).resolve()
    else:
        target = page
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment), parse_qs(parts.query)


def test_every_internal_link_and_anchor_resolves(built_book):
    site = built_book.resolve()
    broken: list[str] = []
    checked = 0
    for page in reading_pages(site):
        soup = soup_of(page)
        refs = [("a", a["href"]) for a in soup.find_all("a", href=True)]
        refs += [("link", link["href"]) for link in soup.find_all("link", href=True)]
        refs += [
            (tag, el[attr])
            for tag, attr in LOADED.items()
            for el in soup.find_all(tag)
            if el.get(attr)
        ]
        for tag, url in refs:
            if url.startswith(EXTERNAL) or url == "#":
                continue
            checked += 1
            target, fragment, query = resolve(site, page, url)
            where = f"{page.relative_to(site)}: <{tag}> {url}"
            if not target.is_relative_to(site) or not target.exists():
                broken.append(f"{where} -> missing file")
                continue
            if fragment and target.suffix == ".html" and fragment not in ids_in(target):
                broken.append(f"{where} -> no element with id {fragment!r}")
            for path in query.get("path", []) if "lite" in target.parts else []:
                if not (site / "lite" / "files" / path).exists():
                    broken.append(f"{where} -> JupyterLite has no file {path}")
    assert checked > 100, f"only {checked} internal links found: is the site built?"
    assert not broken, "broken internal links:\n" + "\n".join(broken)


def test_reading_pages_load_nothing_from_other_sites(built_book):
    offenders = []
    for page in reading_pages(built_book):
        soup = soup_of(page)
        urls = [el.get(attr, "") for tag, attr in LOADED.items() for el in soup.find_all(tag)]
        urls += [
            link.get("href", "")
            for link in soup.find_all("link")
            if {"stylesheet", "preload", "modulepreload", "icon"} & set(link.get("rel", []))
        ]
        offenders += [
            f"{page.relative_to(built_book)}: {u}"
            for u in urls
            if u.startswith(("http:", "https:", "//"))
        ]
    assert not offenders, "pages load these from other sites:\n" + "\n".join(offenders)


def test_stylesheets_import_nothing_from_other_sites(built_book):
    pattern = re.compile(r"(@import\s+(url\()?|url\()\s*['\"]?(https?:)?//", re.IGNORECASE)
    offenders = [
        str(css.relative_to(built_book))
        for css in (built_book / "_static").rglob("*.css")
        if pattern.search(css.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not offenders, f"stylesheets that fetch from other sites: {offenders}"


def test_widget_and_maths_scripts_are_served_by_the_site(built_book):
    for rel in (
        "_static/vendor/html-manager/dist/embed.js",
        "_static/vendor/mathjax/es5/tex-chtml.js",
    ):
        assert (built_book / rel).is_file(), f"{rel} missing: scripts/fetch_web_assets.py"


def test_every_image_has_alt_text(built_book):
    missing = []
    for page in reading_pages(built_book):
        article = soup_of(page).find("article") or soup_of(page)
        for img in article.find_all("img"):
            alt = (img.get("alt") or "").strip()
            # myst-nb falls back to the file name when a figure's cell sets no alt text
            if not alt or FILE_LIKE.search(alt):
                missing.append(f"{page.relative_to(built_book)}: {img.get('src')} alt={alt!r}")
    assert not missing, "images without real alt text:\n" + "\n".join(missing)


def test_self_check_verdicts_are_written_in_words_not_colour_alone(built_book):
    options = 0
    for page in reading_pages(built_book):
        for option in soup_of(page).select(".selfcheck-option"):
            options += 1
            text = option.get_text(" ", strip=True)
            assert "Correct" in text or "Not quite" in text, (
                f"{page.relative_to(built_book)}: a self-check option states no verdict in words"
            )
    if options == 0:
        pytest.skip("no self-check questions in the book yet")


def notebook_pages(site: Path) -> list[tuple[Path, Path]]:
    """(stored notebook, its page) for each exercise and case notebook."""
    pairs = []
    for folder in ("exercises", "cases"):
        for nb in sorted((ROOT / folder).rglob("*.ipynb")):
            if ".ipynb_checkpoints" in nb.parts:
                continue
            page = site / nb.relative_to(ROOT).with_suffix(".html")
            if page.exists():
                pairs.append((nb, page))
    return pairs


def stored_widget_views(nb_path: Path) -> int:
    nb = nbformat.read(nb_path, as_version=4)
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if WIDGET_VIEW in out.get("data", {})
    )


def test_each_stored_widget_view_is_on_its_page_once(built_book):
    pairs = notebook_pages(built_book)
    assert pairs, "no exercise or case notebook pages were built"
    for nb, page in pairs:
        stored = stored_widget_views(nb)
        on_page = len(soup_of(page).find_all("script", attrs={"type": WIDGET_VIEW}))
        if stored:
            assert on_page == stored, (
                f"{page.name}: {stored} widget views stored, {on_page} on page"
            )


def test_each_exercise_page_offers_a_live_and_a_downloadable_notebook(built_book):
    for nb, page in notebook_pages(built_book):
        rel = nb.relative_to(ROOT).as_posix()
        box = soup_of(page).select_one(".alliancelab-live")
        assert box is not None, f"{page.name}: no 'work on this notebook' box"
        hrefs = [a["href"] for a in box.find_all("a", href=True)]
        assert any("lite/" in h and f"path={rel}" in h for h in hrefs), hrefs
        assert any(h.endswith(f"_sources/{rel}") for h in hrefs), hrefs
        assert (built_book / "_sources" / rel).is_file()


def test_each_download_box_and_the_how_to_page_give_the_one_install_line(built_book):
    published = pytest.importorskip("_published")
    wheel = published.wheel_name()
    assert (built_book / published.DOWNLOADS / wheel).is_file(), "the wheel has no stable address"
    pages = [page for _nb, page in notebook_pages(built_book)]
    pages.append(built_book / "book" / "start" / "how-to-use.html")
    for page in pages:
        code = soup_of(page).select_one(".alliancelab-install code[data-wheel]")
        assert code is not None, f"{page.name}: no install line"
        assert code.get_text().startswith('pip install "alliancelab[widgets] @ ')
        assert code.get_text().endswith(f'/{published.DOWNLOADS}/{wheel}"')
        target = (page.parent / code["data-wheel"]).resolve()
        assert target == (built_book / published.DOWNLOADS / wheel).resolve(), page.name


def test_each_downloaded_notebook_says_how_to_install_the_package_in_its_first_code_cell(
    built_book,
):
    published = pytest.importorskip("_published")
    for nb, _page in notebook_pages(built_book):
        served = nbformat.read(built_book / "_sources" / nb.relative_to(ROOT), as_version=4)
        first = next(c for c in served.cells if c.cell_type == "code")
        assert first.get("id") == published.SETUP_CELL_ID, nb.name
        assert published.PIP_LINE.search(first.source), nb.name
        assert published.wheel_name() in first.source, nb.name


def test_jupyterlite_serves_each_notebook_with_the_course_wheel(built_book):
    lite = built_book / "lite"
    assert (lite / "notebooks" / "index.html").is_file(), "JupyterLite was not built"
    index = json.loads((lite / "pypi" / "all.json").read_text())
    assert "alliancelab" in index, "alliancelab wheel missing from JupyterLite's package index"
    wheel = next((lite / "pypi").glob("alliancelab-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert "alliancelab/__init__.py" in names
    assert "alliancelab/data/cases/tesla/case.yaml" in names, "the wheel lacks the case data"
    assert "alliancelab/data/cases/tesla/alliances.csv" in names
    for nb, _page in notebook_pages(built_book):
        served = lite / "files" / nb.relative_to(ROOT)
        assert served.is_file(), f"{served} missing from JupyterLite"
        first = next(c for c in nbformat.read(served, as_version=4).cells if c.cell_type == "code")
        assert 'piplite.install("alliancelab' in first.source
    # the package carries the case data: JupyterLite serves no data files beside notebooks
    assert not list((lite / "files").rglob("*.csv")), "case data copied into JupyterLite"


def test_whole_course_is_downloadable_as_one_archive(built_book):
    archive = built_book / "alliancelab-offline.zip"
    assert archive.is_file(), "the offline archive was not built"
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
    assert "alliancelab/site/index.html" in names
    assert "alliancelab/site/exercises/index.html" in names
    for nb, _page in notebook_pages(built_book):
        assert f"alliancelab/notebooks/{nb.relative_to(ROOT).as_posix()}" in names
    assert any(n.startswith("alliancelab/wheels/alliancelab-") for n in names)
    assert {"alliancelab/start.py", "alliancelab/README.txt"} <= names
    linked = [
        p
        for p in reading_pages(built_book)
        if soup_of(p).find("a", href=re.compile(r"alliancelab-offline\.zip$"))
    ]
    assert linked, "no page links to the offline archive"
