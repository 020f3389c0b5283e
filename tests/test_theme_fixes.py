"""The theme fixes (book/_ext/theme_fixes.py) in a small sphinx-book-theme build."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("sphinx.testing")
pytest.importorskip("sphinx_book_theme")
import theme_fixes  # book/_ext is on sys.path (conftest.py)
from sphinx_roots import build

pytestmark = pytest.mark.toolchain


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out, _status, warnings = build("theme-fixes", tmp_path_factory.mktemp("theme-fixes"))
    assert not warnings.strip(), warnings
    return out


def test_every_sidebar_toggle_is_named_after_its_section(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<span class="toctree-toggle"' in html, "the theme wrote no sidebar toggle"
    assert "Show or hide the pages under Tesla: allying</span>" in html
    assert html.count('class="toctree-toggle"') == html.count("Show or hide the pages under")


def test_citation_entries_are_list_items(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'role="listitem"' in html and 'role="doc-biblioentry"' not in html


def test_the_theme_gets_a_default_mode_and_no_top_bar(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-mode="light"' in html or '|| "light"' in html
    header = re.search(r'<header id="pst-header"[^>]*>(.*?)</header>', html, re.S)
    assert header is None or not header.group(1).strip(), "the top bar has content"


def test_fixing_html_twice_changes_nothing_more():
    once = theme_fixes.fix_html('<div role="doc-biblioentry">')
    assert theme_fixes.fix_html(once) == once
