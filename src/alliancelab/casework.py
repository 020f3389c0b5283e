"""A case as a workbook: the worked example every exercise runs before the learner's own.

:func:`case_workbook` reads a case's structured data (through :mod:`alliancelab.cases`)
into the same :class:`~alliancelab.workbook.Workbook` the learner fills in, so an
exercise shows the case with exactly the controls and outputs the learner then uses
on their own venture. Only what the case data holds is filled in: candidate
scorecards, the resource map and risk register of one alliance, and the portfolio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .cases import Case, load_case
from .portfolio import alliances_from_case
from .resources import ResourceMap
from .risks import register_from_table
from .scorecard import scorecards_from_table
from .workbook import Venture, Workbook

__all__ = [
    "ReaderTable",
    "case_workbook",
    "main_alliance",
    "reader_table",
    "source_label",
]


def main_alliance(case: Case) -> str:
    """Return the id of the case's best-documented alliance (most resource rows).

    Examples
    --------
    >>> main_alliance(load_case("biotech"))
    'aldermoor'
    """
    counts = case.resources["alliance_id"].value_counts()
    if counts.empty:
        raise ValueError(f"case {case.name!r} has no resources table to map")
    top = counts[counts == counts.max()].index
    return sorted(top)[0]


def case_workbook(name: str, alliance_id: str | None = None) -> Workbook:
    """Build a workbook from a case's data, centred on one of its alliances.

    Parameters
    ----------
    name : str
        A case name, one of :func:`alliancelab.cases.list_cases`.
    alliance_id : str, optional
        Which alliance the resource map and risk register describe; defaults to
        :func:`main_alliance`.

    Examples
    --------
    >>> wb = case_workbook("biotech")
    >>> wb.resource_map.partner
    'Aldermoor Pharma (fictional)'
    >>> {"scorecards", "resource_map", "risk_register", "portfolio"} <= set(wb.completed_sections())
    True
    """
    case = load_case(name)
    alliance_id = alliance_id or main_alliance(case)
    row = case.alliance(alliance_id)
    focal = str(case.meta.get("focal_firm", case.title))
    venture = Venture(
        focal,
        description=str(case.meta.get("summary", ""))[:4000],
        alliance_goal=str(row["description"]),
    )
    resources = case.resources[case.resources["alliance_id"] == alliance_id]
    needs = case.needs[case.needs["alliance_id"] == alliance_id]
    rmap = ResourceMap.from_tables(
        resources, needs, venture=focal, partner=str(row["partner"]), alliance_id=alliance_id
    )
    risks = case.risks[case.risks["alliance_id"] == alliance_id]
    register = register_from_table(risks, alliance_id=alliance_id) if len(risks) else None
    cards = tuple(scorecards_from_table(case.scorecards)) if len(case.scorecards) else ()
    return Workbook(
        venture=venture,
        scorecards=cards,
        resource_map=rmap,
        risk_register=register,
        portfolio=tuple(alliances_from_case(case)),
    )


# How a source key of the case data reads on a page; other keys are spelled out from
# their author names and year (``Rothaermel2015`` -> "Rothaermel (2015)").
_SOURCE_LABELS = {
    "assumption": "our reading",
    "HoangRothaermel2016": "Hoang and Rothaermel (2016)",
    "StartupAllianceReview": "Comi and Eppler (2009)",
    "AlliancesOverview": "FamilyBusiness.org overview",
    "TopMgmtMultiCase": "van Bergen, multi-case study",
}
MISSING = "—"


def source_label(key: str) -> str:
    """Return how the ``source`` key of a case-data row reads for a learner.

    ``assumption`` (a teaching judgement) reads "our reading"; a reference key reads as
    its authors and year, so a page never shows a raw bibliography key.

    Examples
    --------
    >>> source_label("HoangRothaermel2016"), source_label("assumption")
    ('Hoang and Rothaermel (2016)', 'our reading')
    >>> source_label("Musk2006"), source_label("HoangRothaermel2016;Musk2006")
    ('Musk (2006)', 'Hoang and Rothaermel (2016); Musk (2006)')
    """
    keys = [k.strip() for k in str(key).split(";") if k.strip()]
    if len(keys) != 1:
        return "; ".join(source_label(k) for k in keys)
    key = keys[0] if keys else ""
    if key in _SOURCE_LABELS:
        return _SOURCE_LABELS[key]
    match = re.fullmatch(r"((?:[A-Z][a-z]+)+)(\d{4})", key)
    if not match:
        return key
    names = re.findall(r"[A-Z][a-z]+", match.group(1))
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{authors} ({match.group(2)})"


@dataclass(frozen=True)
class ReaderTable:
    """A case-data table as a learner reads it: no row numbers, blanks as a dash.

    Made by :func:`reader_table`; a notebook shows it as an HTML table, and its text form
    is the same table as plain text.
    """

    frame: pd.DataFrame

    def _shown(self) -> pd.DataFrame:
        shown = self.frame.astype(object).where(self.frame.notna(), MISSING)
        shown.columns = [str(c).replace("_", " ") for c in shown.columns]
        return shown

    def to_text(self) -> str:
        """Return the table as plain text, without row numbers."""
        return self._shown().to_string(index=False)

    def _repr_html_(self) -> str:
        body = self._shown().to_html(index=False, border=0, escape=True)
        return f"<div>{body}</div>"

    def __repr__(self) -> str:
        return self.to_text()


def reader_table(frame: pd.DataFrame, columns: list[str] | None = None) -> ReaderTable:
    """Prepare a case-data table for a reading page.

    The row index is left out, missing values show as a dash (never ``<NA>``), column
    names lose their underscores, and the ``source`` column names the authors
    (:func:`source_label`) instead of a bibliography key.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of a case, such as ``load_case("lego").timeline``.
    columns : list of str, optional
        The columns to show, in order; all of them by default.

    Examples
    --------
    >>> table = reader_table(load_case("lego").timeline, ["year", "source"])
    >>> print(table.to_text().splitlines()[1].split())
    ['—', 'Hoang', 'and', 'Rothaermel', '(2016)']
    >>> "<NA>" in table._repr_html_(), "HoangRothaermel2016" in table._repr_html_()
    (False, False)
    >>> reader_table(load_case("lego").timeline, ["when"])
    Traceback (most recent call last):
    ...
    ValueError: columns must be columns of the table, got unknown ['when']
    """
    if columns is not None:
        unknown = [c for c in columns if c not in frame.columns]
        if unknown:
            raise ValueError(f"columns must be columns of the table, got unknown {unknown}")
        frame = frame[list(columns)]
    frame = frame.reset_index(drop=True)
    if "source" in frame.columns:
        frame = frame.assign(source=frame["source"].map(source_label))
    return ReaderTable(frame)
