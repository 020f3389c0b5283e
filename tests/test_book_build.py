"""The built book: every TOC page, the landing page's routes, the references.

The build itself (warnings are errors, notebook errors fail it) is the ``built_book``
fixture in conftest.py, shared with the site and browser tests; with
``ALLIANCELAB_TEST_SITE`` set it reuses a site built already and checks no warnings.
"""

from __future__ import annotations

import posixpath
import re

import pytest
from toc import toc_files

pytestmark = [pytest.mark.slow, pytest.mark.toolchain]


def test_every_toc_page_has_an_html_page(built_book):
    pages = toc_files()
    assert len(pages) > 1, "the TOC reader found only the root page"
    missing = [f for f in pages if not (built_book / f"{f}.html").is_file()]
    assert not missing, f"pages in _toc.yml with no HTML output: {missing}"


def _article(html: str) -> str:
    """The page's own text: the theme's sidebar links every page, so look past it."""
    _, found, rest = html.partition('<article class="bd-article"')
    assert found, "no <article class='bd-article'>: did the theme's markup change?"
    return rest.split("</article>", 1)[0]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).lower()


def test_landing_page_routes_each_of_the_three_users(built_book):
    article = _article((built_book / "book" / "index.html").read_text())
    # each link resolved from the landing page (book/) to a page of the site
    linked = {
        posixpath.normpath(posixpath.join("book", href.split("#", 1)[0]))
        for href in re.findall(r'href="([^"#][^"]*)"', article)
    }
    for target in ("book/start/how-to-use.html", "book/instructors/index.html", "cases/index.html"):
        assert target in linked, f"the landing page's text has no link to {target}: {linked}"
        assert (built_book / target).is_file(), f"the landing page links {target}, not built"


def test_references_page_lists_the_five_source_articles(built_book):
    text = _text(_article((built_book / "book" / "references.html").read_text()))
    for needle in (
        "Niederkofler",  # seed 000
        "How to Manage Alliances Strategically",  # seed 001
        "Should You Consider a Strategic Alliance?",  # seed 002
        "Building and Managing Strategic Alliances in Technology-Driven Start-Ups",  # seed 003
        "Succesfully Managing Strategic Alliances",  # seed 004 (its own spelling)
    ):
        assert needle.lower() in text, f"the references page does not list {needle!r}"
