"""Build the whole book as CI would: warnings are errors, notebook errors fail the build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from toc import toc_files

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


# the `built_book` fixture (one build per test run, shared with the site and browser
# tests) lives in conftest.py


@pytest.mark.slow
def test_book_builds_without_warnings_and_has_every_toc_page(built_book):
    missing = [f for f in toc_files() if not (built_book / f"{f}.html").exists()]
    assert not missing, f"pages in _toc.yml with no HTML output: {missing}"


def _article(html: str) -> str:
    """The page's own text: the theme's sidebar links every page, so look past it."""
    return html.split('<article class="bd-article"', 1)[1].split("</article>", 1)[0]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).lower()


@pytest.mark.slow
def test_landing_page_routes_each_of_the_three_users(built_book):
    article = _article((built_book / "book" / "index.html").read_text())
    for target in ("how-to-use.html", "instructors/index.html", "cases/index.html"):
        assert target in article, f"the landing page's text has no link to {target}"


@pytest.mark.slow
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
