"""A case as a workbook: the worked example every exercise runs before the learner's own.

:func:`case_workbook` reads a case's structured data (through :mod:`alliancelab.cases`)
into the same :class:`~alliancelab.workbook.Workbook` the learner fills in, so an
exercise shows the case with exactly the controls and outputs the learner then uses
on their own venture. Only what the case data holds is filled in: candidate
scorecards, the resource map and risk register of one alliance, and the portfolio.
"""

from __future__ import annotations

from .cases import Case, load_case
from .portfolio import alliances_from_case
from .resources import ResourceMap
from .risks import register_from_table
from .scorecard import scorecards_from_table
from .workbook import Venture, Workbook

__all__ = [
    "case_workbook",
    "main_alliance",
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
