"""Build the whole book as CI would: warnings are errors, notebook errors fail the build."""

from __future__ import annotations

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


@pytest.mark.slow
def test_landing_page_routes_each_of_the_three_users(built_book):
    html = (built_book / "book" / "index.html").read_text()
    for target in ("how-to-use.html", "instructors/index.html", "cases/index.html"):
        assert target in html, f"landing page has no link to {target}"


@pytest.mark.slow
def test_references_page_lists_the_five_source_articles(built_book):
    html = (built_book / "book" / "references.html").read_text()
    for needle in ("Niederkofler", "Hoang"):
        assert needle in html
