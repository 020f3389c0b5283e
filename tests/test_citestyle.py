"""Citations read lightly: author and year in round brackets, works separated by semicolons."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("sphinx.testing")
pytest.importorskip("sphinxcontrib.bibtex")
from sphinx_roots import build

pytestmark = pytest.mark.toolchain


@pytest.fixture(scope="module")
def text(tmp_path_factory):
    html, _status, warnings = build("citestyle", tmp_path_factory.mktemp("citestyle"))
    assert not warnings.strip(), warnings
    page = (html / "index.html").read_text(encoding="utf-8")
    body = re.sub(r"<[^>]+>", "", page)
    return " ".join(body.split())


def test_one_citation_reads_authors_and_year_in_round_brackets(text):
    assert "One work (Hoang and Rothaermel, 2016)." in text


def test_several_works_are_separated_by_semicolons_not_commas(text):
    two = re.search(r"Two works (\([^)]*\))", text).group(1)
    assert two in (
        "(Comi and Eppler, 2009; Hoang and Rothaermel, 2016)",
        "(Hoang and Rothaermel, 2016; Comi and Eppler, 2009)",
    )
    prose = text[text.index("One work") : text.index("An organisation")]
    assert "[" not in prose and "]" not in prose


def test_a_textual_citation_puts_only_the_year_in_brackets(text):
    assert "Comi and Eppler (2009) say so" in text


def test_an_organisation_author_reads_as_its_name(text):
    assert "(FamilyBusiness.org, n.d.)" in text
