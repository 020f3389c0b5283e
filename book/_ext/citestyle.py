"""A light author-year citation style: "(Hoang and Rothaermel, 2016; Comi and Eppler, 2009)".

sphinxcontrib-bibtex's built-in ``author_year`` style puts citations in square brackets and
separates several works with commas, so "[Comi and Eppler, 2009, Draulans et al., 2003]" reads
as one long list. This style keeps author and year but uses round brackets and semicolons, as
readers of author-year text expect. Select it with ``bibtex_reference_style: author_year_round``.
"""

from dataclasses import dataclass, field

import sphinxcontrib.bibtex.plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class RoundAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    """Author-year citations in round brackets, several works separated by semicolons."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)


sphinxcontrib.bibtex.plugin.register_plugin(
    "sphinxcontrib.bibtex.style.referencing", "author_year_round", RoundAuthorYearReferenceStyle
)


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
