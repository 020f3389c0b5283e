"""Alliance portfolios: gaps, redundancy, balance and dependence, plus experience curves.

Hoang and Rothaermel (``HoangRothaermel2016``) make portfolio management the fifth step of
the alliance life cycle: review the set of alliances as a whole so that new ones fill
important gaps; use several partners to avoid relying on any single one, but without so
much redundancy that scarce management attention is spread thin; and balance alliances
that exploit existing resources (such as Lego's licensing deals) with riskier, exploratory
ones that can renew the product line (such as Lego's work with the MIT Media Lab). The
review of start-up alliances (``StartupAllianceReview``) links exploitation to downstream
partners and exploration to upstream or horizontal partners, reports that biotech
start-ups with downstream alliances were more likely to obtain venture capital, and
reports diminishing returns to the number of alliances (``DeedsHill1996``).


This module holds the portfolio and its review (the model):

- :data:`PURPOSES`, :data:`DIRECTIONS`, :data:`GOVERNANCE_MODE_NAMES`,
  :data:`COVERAGE_STATUSES`;
- :class:`Alliance` and :func:`alliances_from_case`;
- :func:`add_alliance`, :func:`edit_alliance` and :func:`remove_alliance` (the portfolio
  edited, each returning the alliances anew);
- :func:`portfolio_table` and :func:`review_portfolio` (a :class:`PortfolioReview`);
- :func:`experience_curve`, a *stylised* picture of the biotech-pharma findings on alliance
  experience (``HoangRothaermel2016``): a teaching illustration with made-up units, not a
  curve fitted to any data.

The figures are in :mod:`alliancelab.portfolio_plots`: :func:`plot_portfolio` and
:func:`plot_experience_curve` (the experience curve drawn beside a schematic of the
declining success rate after about six alliances, ``Draulans2003``). Both are importable
from this module too.

Examples
--------
>>> alliances = [
...     Alliance("Aldermoor", "exploitation", "downstream", "licensing",
...              ("capital", "distribution")),
...     Alliance("Stratalux", "exploration", "upstream", "informal cooperation",
...              ("technology",)),
... ]
>>> review = review_portfolio(alliances, needs=["capital", "technology", "regulatory know-how"])
>>> review.gaps
('regulatory know-how',)
>>> review.single_partner_dependence
{'technology': 'Stratalux', 'capital': 'Aldermoor'}
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._text import listing as _listing
from ._validate import check_choice, check_int_range, check_text, coerce_items
from ._validate import check_keys as _check_keys
from .resources import _category, _category_key

__all__ = [
    "COVERAGE_STATUSES",
    "DIRECTIONS",
    "EXPERIENCE_KINDS",
    "GOVERNANCE_MODE_NAMES",
    "MANY_ALLIANCES",
    "PORTFOLIO_CATEGORIES_MAX",
    "PORTFOLIO_PARTNERS_MAX",
    "PURPOSES",
    "Alliance",
    "PortfolioReview",
    "add_alliance",
    "alliances_from_case",
    "edit_alliance",
    "experience_curve",
    "plot_experience_curve",
    "plot_portfolio",
    "portfolio_table",
    "remove_alliance",
    "review_portfolio",
]

#: Why the venture enters an alliance, to explore new knowledge or to exploit what exists.
PURPOSES: tuple[str, ...] = ("exploration", "exploitation")

#: Where the partner sits relative to the venture in the value chain.
DIRECTIONS: tuple[str, ...] = ("upstream", "downstream", "horizontal")

#: The governance continuum of ``StartupAllianceReview``, from non-equity to equity
#: (only a joint venture involves equity). Kept identical to the shared spec's list.
GOVERNANCE_MODE_NAMES: tuple[str, ...] = (
    "informal cooperation",
    "licensing",
    "consortium",
    "joint function",
    "joint venture",
)

#: Statuses :func:`review_portfolio` gives a resource category (see its Notes).
COVERAGE_STATUSES: tuple[str, ...] = ("gap", "single partner", "redundant", "extra")

#: Above this many alliances the review notes diminishing returns (teaching threshold,
#: after the "about six alliances" of ``Draulans2003`` via ``StartupAllianceReview``).
MANY_ALLIANCES = 6

#: Kinds of experience :func:`experience_curve` can draw.
EXPERIENCE_KINDS: tuple[str, ...] = ("general", "partner-specific")

# the limits of the figures (in :mod:`alliancelab.portfolio_plots`), kept here with the
# rest of the documented API

#: :func:`plot_portfolio` draws at most this many partners (the rows of its matrix).
PORTFOLIO_PARTNERS_MAX = 20
#: :func:`plot_portfolio` draws at most this many resource categories (the columns of its
#: matrix), the needed ones first.
PORTFOLIO_CATEGORIES_MAX = 16

_YEARS = (1800, 2200)


def _year(field_name: str, value: Any) -> int | None:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return check_int_range(field_name, value, *_YEARS)


# --------------------------------------------------------------------------- Alliance


@dataclass(frozen=True)
class Alliance:
    """One alliance in the venture's portfolio.

    Parameters
    ----------
    partner : str
        The partner's name.
    purpose : str
        One of :data:`PURPOSES`.
    direction : str
        One of :data:`DIRECTIONS`.
    governance_mode : str
        One of :data:`GOVERNANCE_MODE_NAMES`.
    resources : tuple of str, default ()
        The resource categories the *partner* brings (any non-empty names; the standard
        ones are :data:`alliancelab.resources.RESOURCE_CATEGORIES`). Names are normalised
        to lowercase with single spaces; repeats are dropped, first occurrence kept.
    year_start, year_end : int, optional
        Years from 1800 to 2200; the end may not come before the start.
    note : str, default ""
        Free text.

    Examples
    --------
    >>> a = Alliance("Aldermoor", "Exploitation", "downstream", "licensing",
    ...              ["Capital", " market  access", "capital"], year_start=2022)
    >>> a.resources, a.purpose
    (('capital', 'market access'), 'exploitation')
    >>> Alliance("Aldermoor", "profit", "downstream", "licensing")
    Traceback (most recent call last):
    ...
    ValueError: purpose must be one of 'exploration', 'exploitation'; got 'profit'
    """

    partner: str
    purpose: str
    direction: str
    governance_mode: str
    resources: tuple[str, ...] = ()
    year_start: int | None = None
    year_end: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        partner = check_text("partner", self.partner, max_len=200)
        object.__setattr__(self, "partner", partner)
        object.__setattr__(self, "purpose", check_choice("purpose", self.purpose, PURPOSES))
        object.__setattr__(self, "direction", check_choice("direction", self.direction, DIRECTIONS))
        object.__setattr__(
            self,
            "governance_mode",
            check_choice("governance_mode", self.governance_mode, GOVERNANCE_MODE_NAMES),
        )
        resources = self.resources
        if isinstance(resources, str | bytes) or not isinstance(resources, Iterable):
            raise TypeError(
                f"resources of the alliance with {partner!r} must be a list of categories, "
                f"got {type(resources).__name__} {resources!r}"
            )
        clean = dict.fromkeys(
            _category(f"resource category of the alliance with {partner!r}", r) for r in resources
        )
        object.__setattr__(self, "resources", tuple(clean))
        start = _year("year_start", self.year_start)
        end = _year("year_end", self.year_end)
        if start is not None and end is not None and end < start:
            raise ValueError(f"year_end must not be before year_start ({start}), got {end}")
        object.__setattr__(self, "year_start", start)
        object.__setattr__(self, "year_end", end)
        object.__setattr__(self, "note", check_text("note", self.note, allow_empty=True))

    def to_dict(self) -> dict[str, Any]:
        """Return the alliance as plain JSON-able data.

        Examples
        --------
        >>> Alliance("Stratalux", "exploration", "upstream", "informal cooperation",
        ...          ["technology"]).to_dict()
        {'partner': 'Stratalux', 'purpose': 'exploration', 'direction': 'upstream',
         'governance_mode': 'informal cooperation', 'resources': ['technology'],
         'year_start': None, 'year_end': None, 'note': ''}
        """
        return {
            "partner": self.partner,
            "purpose": self.purpose,
            "direction": self.direction,
            "governance_mode": self.governance_mode,
            "resources": list(self.resources),
            "year_start": self.year_start,
            "year_end": self.year_end,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Alliance:
        """Build an alliance from :meth:`to_dict` output, validating it.

        Examples
        --------
        >>> Alliance.from_dict({"partner": "Tarnwell", "purpose": "exploration",
        ...                     "direction": "horizontal", "governance_mode": "joint function"})
        Alliance(partner='Tarnwell', purpose='exploration', direction='horizontal',
                 governance_mode='joint function', resources=(), year_start=None,
                 year_end=None, note='')
        >>> Alliance.from_dict({"partner": "Tarnwell"})
        Traceback (most recent call last):
        ...
        ValueError: Alliance data needs the key(s) 'direction', 'governance_mode', 'purpose'
        """
        _check_keys(
            "Alliance",
            data,
            {"partner", "purpose", "direction", "governance_mode"},
            {"resources", "year_start", "year_end", "note"},
        )
        return cls(
            data["partner"],
            data["purpose"],
            data["direction"],
            data["governance_mode"],
            tuple(data.get("resources") or ()),
            data.get("year_start"),
            data.get("year_end"),
            data.get("note", ""),
        )


def alliances_from_case(case: Any) -> list[Alliance]:
    """Return one :class:`Alliance` per row of a case's alliances table.

    Each alliance's ``resources`` are the categories its partner brings according to
    the case's resources table (rows with ``party == "partner"``), in table order.
    The alliance's description becomes its note.

    Parameters
    ----------
    case : alliancelab.cases.Case
        A loaded case, e.g. ``load_case("biotech")``.

    Examples
    --------
    >>> from alliancelab.cases import load_case
    >>> [a.partner for a in alliances_from_case(load_case("biotech"))]
    ['Stratalux Computing (fictional)', 'Tarnwell Biologics (fictional)',
     'Aldermoor Pharma (fictional)']
    """
    for name in ("alliances", "resources"):
        if not isinstance(getattr(case, name, None), pd.DataFrame):
            raise TypeError(
                f"case must be a loaded Case with an {name!r} table, got {type(case).__name__}"
            )
    resources = case.resources
    partner_rows = resources[resources["party"].astype(str).str.strip().str.lower() == "partner"]
    brought: dict[str, list[str]] = {}
    for alliance_id, category in zip(
        partner_rows["alliance_id"].astype(str), partner_rows["category"], strict=True
    ):
        brought.setdefault(alliance_id, []).append(category)
    out = []
    for row in case.alliances.to_dict("records"):
        out.append(
            Alliance(
                partner=row["partner"],
                purpose=row["purpose"],
                direction=row["direction"],
                governance_mode=row["governance_mode"],
                resources=tuple(brought.get(str(row["alliance_id"]), ())),
                year_start=row.get("year_start"),
                year_end=row.get("year_end"),
                note=str(row.get("description") or ""),
            )
        )
    return out


def _coerce_alliances(alliances: Any) -> list[Alliance]:
    return coerce_items("alliances", alliances, Alliance)


# The edits a learner makes to the portfolio: each returns the alliances anew.


def _index(alliances: tuple[Alliance, ...], index: int) -> int:
    at = check_int_range("alliance index", index, 0, 1_000_000)
    if at >= len(alliances):
        raise ValueError(f"there is no alliance number {at + 1}; there are {len(alliances)}")
    return at


def add_alliance(
    alliances: Iterable[Alliance], alliance: Alliance | None = None
) -> tuple[Alliance, ...]:
    """Return the alliances with ``alliance`` added last.

    Without one, a placeholder to fill in: ``"Partner N"`` (N its place in the list),
    exploitation, downstream, licensing.

    Examples
    --------
    >>> add_alliance(add_alliance(()))[-1]
    Alliance(partner='Partner 2', purpose='exploitation', direction='downstream', governance_mode='licensing', resources=(), year_start=None, year_end=None, note='')
    """  # noqa: E501
    items = tuple(alliances)
    if alliance is None:
        alliance = Alliance(f"Partner {len(items) + 1}", "exploitation", "downstream", "licensing")
    if not isinstance(alliance, Alliance):
        raise TypeError(f"alliance must be an Alliance, got {type(alliance).__name__}")
    return (*items, alliance)


def remove_alliance(alliances: Iterable[Alliance], index: int) -> tuple[Alliance, ...]:
    """Return the alliances without the one at ``index`` (0 is the first).

    Examples
    --------
    >>> remove_alliance(add_alliance(()), 1)
    Traceback (most recent call last):
    ...
    ValueError: there is no alliance number 2; there are 1
    """
    items = tuple(alliances)
    at = _index(items, index)
    return items[:at] + items[at + 1 :]


def edit_alliance(
    alliances: Iterable[Alliance], index: int, **changes: Any
) -> tuple[Alliance, ...]:
    """Return the alliances with fields of the one at ``index`` changed (and checked).

    ``changes`` name fields of :class:`Alliance`; the others (years, note) stay.

    Examples
    --------
    >>> items = add_alliance((), Alliance("Aldermoor", "exploitation", "downstream",
    ...                                   "licensing", year_start=2022))
    >>> new = edit_alliance(items, 0, purpose="exploration")[0]
    >>> new.purpose, new.year_start
    ('exploration', 2022)
    """
    items = list(alliances)
    at = _index(tuple(items), index)
    items[at] = dataclasses.replace(items[at], **changes)
    return tuple(items)


_TABLE_COLUMNS = (
    "partner",
    "purpose",
    "direction",
    "governance_mode",
    "resources",
    "year_start",
    "year_end",
)


def portfolio_table(alliances: Iterable[Alliance]) -> pd.DataFrame:
    """Return the portfolio as a table, one row per alliance, in the given order.

    ``resources`` is the partner's categories joined by ", "; years are nullable
    integers.

    Examples
    --------
    >>> table = portfolio_table([Alliance("Aldermoor", "exploitation", "downstream",
    ...                                   "licensing", ["capital", "brand"], 2022)])
    >>> list(table.columns)
    ['partner', 'purpose', 'direction', 'governance_mode', 'resources', 'year_start', 'year_end']
    >>> table.loc[0, "resources"], int(table.loc[0, "year_start"])
    ('capital, brand', 2022)
    """
    items = _coerce_alliances(alliances)
    frame = pd.DataFrame(
        {
            "partner": [a.partner for a in items],
            "purpose": [a.purpose for a in items],
            "direction": [a.direction for a in items],
            "governance_mode": [a.governance_mode for a in items],
            "resources": [", ".join(a.resources) for a in items],
            "year_start": pd.array([a.year_start for a in items], dtype="Int64"),
            "year_end": pd.array([a.year_end for a in items], dtype="Int64"),
        },
        columns=list(_TABLE_COLUMNS),
    )
    return frame.astype(
        {c: object for c in ("partner", "purpose", "direction", "governance_mode", "resources")}
    )


# --------------------------------------------------------------------------- review


@dataclass(frozen=True, eq=False)
class PortfolioReview:
    """What :func:`review_portfolio` found.

    Attributes
    ----------
    size : int
        Number of alliances.
    coverage : DataFrame
        One row per resource category (needed ones first, then the others, each in the
        order of :data:`~alliancelab.resources.RESOURCE_CATEGORIES`, then alphabetically)
        with ``category``, ``needed`` (bool), ``partners`` (how many different partners
        bring it), ``alliances`` (how many alliances), ``brought_by`` (the partners,
        joined by ", ") and ``status`` (one of :data:`COVERAGE_STATUSES`).
    gaps : tuple of str
        Needed categories that no partner brings.
    redundancies : dict
        Category to the partners (two or more) that bring it.
    single_partner_dependence : dict
        Needed category to the one partner that brings it.
    exploration_share : float
        Share of alliances whose purpose is exploration (NaN for an empty portfolio).
    direction_mix : dict
        Direction to number of alliances, for every direction in :data:`DIRECTIONS`.
    partner_counts : dict
        Partner to number of alliances, most first.
    notes : tuple of str
        Plain-language observations, most important first.
    """

    size: int
    coverage: pd.DataFrame = field(repr=False)
    gaps: tuple[str, ...]
    redundancies: dict[str, tuple[str, ...]]
    single_partner_dependence: dict[str, str]
    exploration_share: float
    direction_mix: dict[str, int]
    partner_counts: dict[str, int] = field(repr=False)
    notes: tuple[str, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """Alias of :attr:`notes`."""
        return self.notes


def _needs(needs: Any) -> list[str]:
    if isinstance(needs, str | bytes) or not isinstance(needs, Iterable):
        raise TypeError(
            f"needs must be a list of resource categories, got {type(needs).__name__} {needs!r}"
        )
    return list(dict.fromkeys(_category("category in needs", n) for n in needs))


def review_portfolio(alliances: Iterable[Alliance], needs: Iterable[str] = ()) -> PortfolioReview:
    """Review a set of alliances against the venture's resource needs.

    Parameters
    ----------
    alliances : iterable of Alliance
    needs : iterable of str, default ()
        The resource categories the venture needs from partners (normalised like
        :class:`Alliance` resources). Without needs there are no gaps or dependences to
        judge, only redundancy and balance.

    Returns
    -------
    PortfolioReview

    Notes
    -----
    Each category gets one status:

    ============== ==============================================================
    status         rule
    ============== ==============================================================
    gap            needed, and no partner brings it
    single partner needed, and exactly one partner brings it (a dependence)
    redundant      two or more different partners bring it (needed or not)
    extra          one partner brings it, but it is not on the needs list
    ============== ==============================================================

    Two alliances with the same partner count once for ``partners``. The notes, in
    this order, flag: an empty portfolio; gaps; dependence on a single partner for a
    needed category; one partner holding at least half of the alliances (or all of
    them); redundancy; a portfolio with no exploration, or no exploitation; no
    downstream alliance; horizontal alliances; consortia; more than
    :data:`MANY_ALLIANCES` alliances. The thresholds are teaching judgements; the
    findings behind each note are cited in the note itself.

    Examples
    --------
    >>> alliances = [
    ...     Alliance("A", "exploitation", "downstream", "licensing", ["capital", "brand"]),
    ...     Alliance("B", "exploitation", "downstream", "licensing", ["capital"]),
    ... ]
    >>> review = review_portfolio(alliances, needs=["capital", "technology"])
    >>> review.gaps, review.redundancies, review.exploration_share
    (('technology',), {'capital': ('A', 'B')}, 0.0)
    >>> review.coverage[["category", "partners", "status"]]
         category  partners     status
    0  technology         0        gap
    1     capital         2  redundant
    2       brand         1      extra
    """
    items = _coerce_alliances(alliances)
    needed = _needs(needs)
    size = len(items)

    frame = pd.DataFrame(
        {
            "row": np.arange(size),
            "partner": [a.partner for a in items],
            "purpose": [a.purpose for a in items],
            "direction": [a.direction for a in items],
            "governance_mode": [a.governance_mode for a in items],
            "resources": [a.resources for a in items],
        }
    )
    long = frame[["row", "partner", "resources"]].explode("resources").dropna(subset="resources")
    long = long.rename(columns={"resources": "category"})
    grouped = long.groupby("category", sort=False)
    partners = grouped["partner"].nunique()
    n_alliances = grouped["row"].nunique()
    brought_by = (
        long.drop_duplicates(["category", "partner"])
        .groupby("category", sort=False)["partner"]
        .agg(tuple)
    )

    needed_set = set(needed)
    others = sorted((set(partners.index) - needed_set), key=_category_key)
    categories = sorted(needed, key=_category_key) + others
    n_partners = partners.reindex(categories, fill_value=0).astype(int).to_numpy()
    is_needed = np.array([c in needed_set for c in categories], dtype=bool)
    status = np.select(
        [n_partners >= 2, is_needed & (n_partners == 0), is_needed & (n_partners == 1)],
        ["redundant", "gap", "single partner"],
        default="extra",
    )
    by = [brought_by.get(c, ()) for c in categories]
    coverage = pd.DataFrame(
        {
            "category": pd.Series(categories, dtype=object),
            "needed": is_needed,
            "partners": n_partners,
            "alliances": n_alliances.reindex(categories, fill_value=0).astype(int).to_numpy(),
            "brought_by": pd.Series([", ".join(b) for b in by], dtype=object),
            "status": pd.Series(status, dtype=object),
        }
    )
    gaps = tuple(c for c, s in zip(categories, status, strict=True) if s == "gap")
    redundancies = {
        c: b for c, b, s in zip(categories, by, status, strict=True) if s == "redundant"
    }
    dependence = {
        c: b[0] for c, b, s in zip(categories, by, status, strict=True) if s == "single partner"
    }
    exploration_share = float((frame["purpose"] == "exploration").mean()) if size else math.nan
    direction_counts = frame["direction"].value_counts()
    direction_mix = {d: int(direction_counts.get(d, 0)) for d in DIRECTIONS}
    partner_counts = {str(k): int(v) for k, v in frame["partner"].value_counts().items()}
    consortia = int((frame["governance_mode"] == "consortium").sum())

    notes = _portfolio_notes(
        size,
        gaps,
        dependence,
        redundancies,
        partner_counts,
        exploration_share,
        direction_mix,
        consortia,
        bool(needed),
    )
    return PortfolioReview(
        size=size,
        coverage=coverage,
        gaps=gaps,
        redundancies=redundancies,
        single_partner_dependence=dependence,
        exploration_share=exploration_share,
        direction_mix=direction_mix,
        partner_counts=partner_counts,
        notes=notes,
    )


def _portfolio_notes(
    size: int,
    gaps: tuple[str, ...],
    dependence: dict[str, str],
    redundancies: dict[str, tuple[str, ...]],
    partner_counts: dict[str, int],
    exploration_share: float,
    direction_mix: dict[str, int],
    consortia: int,
    has_needs: bool,
) -> tuple[str, ...]:
    notes: list[str] = []
    if size == 0:
        notes.append(
            "The portfolio is empty: add the alliances you have, or plan, to see gaps, "
            "redundancy and balance."
        )
        if gaps:
            notes.append(f"Every need is a gap so far: {_listing(gaps)}.")
        return tuple(notes)
    if not has_needs:
        notes.append(
            "No needs are listed, so gaps and dependence cannot be judged: list the resource "
            "categories the venture needs from partners."
        )
    if gaps:
        notes.append(
            f"No partner brings {_listing(gaps)}, which the venture needs: let the next "
            "partner search start from these gaps (Hoang and Rothaermel 2016)."
        )
    if dependence:
        by_partner: dict[str, list[str]] = {}
        for category, partner in dependence.items():
            by_partner.setdefault(partner, []).append(category)
        for partner, cats in by_partner.items():
            notes.append(
                f"Only {partner} brings {_listing(cats)}: losing that alliance would leave "
                f"the need uncovered; a second source lowers the reliance on one partner "
                "(Hoang and Rothaermel 2016)."
            )
    top, top_n = next(iter(partner_counts.items()))
    if len(partner_counts) == 1 and size >= 1:
        notes.append(
            f"Every alliance is with {top}: the venture depends on a single partner for "
            "everything the portfolio provides."
        )
    elif top_n * 2 >= size and top_n >= 2:
        notes.append(
            f"{top} is the partner in {top_n} of {size} alliances: much of the portfolio "
            "hangs on one relationship."
        )
    if redundancies:
        shown = [f"{c} ({', '.join(p)})" for c, p in redundancies.items()]
        notes.append(
            f"Several partners bring {_listing(shown)}: some overlap lowers risk and adds "
            "bargaining power, but too much spreads scarce management attention thin "
            "(Hoang and Rothaermel 2016)."
        )
    if exploration_share == 0:
        notes.append(
            "Every alliance exploits existing resources and none explores: nothing in the "
            "portfolio works on the next generation of products (Hoang and Rothaermel 2016)."
        )
    elif exploration_share == 1:
        notes.append(
            "Every alliance is exploratory: none gives access to the commercial resources, "
            "often held by downstream partners, needed to bring products to market "
            "(Comi and Eppler 2009)."
        )
    if direction_mix["downstream"] == 0:
        notes.append(
            "There is no downstream alliance; in biotech, start-ups with downstream alliances "
            "were more likely to raise venture capital, perhaps because such alliances signal "
            "commercial viability (Baum and Silverman 2004, as reviewed by Comi and Eppler "
            "2009)."
        )
    if direction_mix["horizontal"]:
        notes.append(
            f"{direction_mix['horizontal']} horizontal alliance(s) with firms at the same "
            "stage of the value chain: learning races between partners are fiercest there, so "
            "protect your core know-how (Comi and Eppler 2009)."
        )
    if consortia:
        notes.append(
            f"{consortia} consortium alliance(s) involve several partners at once; for small "
            "firms, the success rate of alliances fell by 23% when more than one partner was "
            "involved (Hoffmann and Schlosser 2001, as reviewed by Comi and Eppler 2009)."
        )
    if size > MANY_ALLIANCES:
        notes.append(
            f"With {size} alliances, each further one adds less: returns to the number of "
            "alliances diminish (Deeds and Hill 1996), and beyond about six alliances the "
            "success rate gradually decreases (Draulans et al. 2003; both as reviewed by Comi "
            "and Eppler 2009)."
        )
    return tuple(notes)


# --------------------------------------------------------------------------- experience


def experience_curve(n_alliances: int = 10, kind: str = "general") -> pd.DataFrame:
    """Return a stylised curve of alliance performance against prior alliance experience.

    A **teaching illustration, not fitted data**: the shapes follow the findings that
    ``HoangRothaermel2016`` report from their study of biotech-pharma R&D alliances, but
    the numbers are arbitrary units chosen to show those shapes.

    - ``"general"``: experience from alliances with *different* partners. The biotech
      partner's general experience improved later project performance, with diminishing
      marginal returns: each extra alliance adds less than the one before. The curve
      rises steeply at first and is nearly flat after about six alliances. (The separate
      finding of ``Draulans2003``, via ``StartupAllianceReview``, that the success rate
      gradually decreases after about six alliances is a different study, with no
      industry named; :func:`plot_experience_curve` draws it in a panel of its own.)
    - ``"partner-specific"``: experience from repeated alliances with the *same*
      partner. Against the authors' expectation, it had a negative effect: project
      performance fell over successive alliances with the same partner. The curve falls
      below zero and keeps falling, more slowly.

    Parameters
    ----------
    n_alliances : int, default 10
        Largest number of prior alliances to show (1 to 100).
    kind : str, default "general"
        One of :data:`EXPERIENCE_KINDS`.

    Returns
    -------
    DataFrame
        Columns ``prior_alliances`` (0 to ``n_alliances``), ``effect`` (stylised change in
        project performance compared with no prior experience; 0 at 0) and ``kind``.

    Examples
    --------
    >>> curve = experience_curve(8, "general")
    >>> list(curve.columns), len(curve)
    (['prior_alliances', 'effect', 'kind'], 9)
    >>> bool(curve["effect"].diff().dropna().is_monotonic_decreasing)  # diminishing gains
    True
    >>> bool((experience_curve(5, "partner-specific")["effect"].iloc[1:] < 0).all())
    True
    """
    n = check_int_range("n_alliances", n_alliances, 1, 100)
    kind = check_choice("kind", kind, EXPERIENCE_KINDS)
    x = np.arange(n + 1, dtype=float)
    if kind == "general":
        effect = 1.0 - np.exp(-x / 2.0)  # 95% of the way to its ceiling by six alliances
    else:
        effect = -0.45 * (1.0 - np.exp(-x / 4.0))
    return pd.DataFrame(
        {"prior_alliances": x.astype(int), "effect": effect, "kind": [kind] * (n + 1)}
    )


# The figures are in their own module, which builds on the model above; it is imported
# here, at the end, so that its own imports find this module complete (importing it at
# the top would be circular). Every name stays importable from here.
from .portfolio_plots import plot_experience_curve, plot_portfolio  # noqa: E402
