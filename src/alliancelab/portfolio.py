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

This module holds:

- :data:`PURPOSES`, :data:`DIRECTIONS`, :data:`GOVERNANCE_MODE_NAMES`,
  :data:`COVERAGE_STATUSES`;
- :class:`Alliance` and :func:`alliances_from_case`;
- :func:`portfolio_table`, :func:`review_portfolio` (a :class:`PortfolioReview`) and
  :func:`plot_portfolio`;
- :func:`experience_curve` and :func:`plot_experience_curve`, a *stylised* picture of the
  biotech findings on alliance experience (``HoangRothaermel2016``): a teaching
  illustration with made-up units, not a curve fitted to any data.

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

import math
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ._style import PALETTE, brings_dots, new_figure, set_background, text_width_in
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
    "alliances_from_case",
    "experience_curve",
    "plot_experience_curve",
    "plot_portfolio",
    "portfolio_table",
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
            "alliances diminish (Deeds and Hill 1996), and learning by doing stops raising "
            "success after about six alliances (Draulans et al. 2003; both as reviewed by Comi "
            "and Eppler 2009)."
        )
    return tuple(notes)


# --------------------------------------------------------------------------- figures

#: :func:`plot_portfolio` draws at most this many partners (the rows of its matrix).
PORTFOLIO_PARTNERS_MAX = 20
#: :func:`plot_portfolio` draws at most this many resource categories (the columns of its
#: matrix), the needed ones first.
PORTFOLIO_CATEGORIES_MAX = 16


def _partners_to_draw(
    items: list[Alliance], partners: list[str], review: PortfolioReview
) -> list[str]:
    """Return the at most :data:`PORTFOLIO_PARTNERS_MAX` partners to draw, in given order.

    The partners the venture could least do without come first: those that alone bring
    a needed category, then those that bring the most needed categories, then those
    with the most alliances and the most categories.
    """
    if len(partners) <= PORTFOLIO_PARTNERS_MAX:
        return partners
    needed = set(review.coverage["category"][review.coverage["needed"]])
    brings: dict[str, set[str]] = {p: set() for p in partners}
    for a in items:
        brings[a.partner].update(a.resources)
    sole: dict[str, int] = {}
    for partner in review.single_partner_dependence.values():
        sole[partner] = sole.get(partner, 0) + 1

    def importance(p: str) -> tuple[int, int, int, int]:
        got = brings[p]
        return (sole.get(p, 0), len(got & needed), review.partner_counts.get(p, 0), len(got))

    order = {p: i for i, p in enumerate(partners)}
    picked = sorted(partners, key=lambda p: (*(-v for v in importance(p)), order[p]))
    return sorted(picked[:PORTFOLIO_PARTNERS_MAX], key=order.__getitem__)


def plot_portfolio(alliances: Iterable[Alliance], needs: Iterable[str] = ()) -> Figure:
    """Draw the portfolio: a partner × resource matrix and the purpose and direction mix.

    The top panel has one row per partner and one column per resource category; a
    dot ("●") marks a category the partner brings. Needed categories come first with a "needed"
    header mark, and the last row spells out each category's status (gap, single
    partner, redundant, extra), with hatching for gaps. The bottom panels count
    alliances by purpose and by direction, each bar labelled with its number.

    A large portfolio stays legible and quick to draw: the matrix shows at most
    :data:`PORTFOLIO_PARTNERS_MAX` partners (those that alone bring a needed category
    first, then those that bring the most needed ones) and
    :data:`PORTFOLIO_CATEGORIES_MAX` categories (needed ones first); a row "and N more
    partners" and a line "and N more categories" say what is left out. The statuses
    and the bars always count the whole portfolio.

    Examples
    --------
    >>> fig = plot_portfolio([Alliance("Aldermoor", "exploitation", "downstream",
    ...                                "licensing", ["capital"])], needs=["capital", "data"])
    >>> dots = [c for c in fig.axes[0].collections if c.get_gid() == "brings"]
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> len(dots[0].get_offsets()), "gap" in texts
    (1, True)

    >>> many = [Alliance(f"Partner {i}", "exploration", "upstream", "licensing", ["data"])
    ...         for i in range(25)]
    >>> [t.get_text() for t in plot_portfolio(many).axes[0].get_yticklabels()][-2:]
    ['… and 5 more partners', 'status']
    """
    items = _coerce_alliances(alliances)
    review = review_portfolio(items, needs)
    all_partners = list(dict.fromkeys(a.partner for a in items))
    partners = _partners_to_draw(items, all_partners, review)
    more_partners = len(all_partners) - len(partners)
    coverage = review.coverage.iloc[:PORTFOLIO_CATEGORIES_MAX]
    more_categories = len(review.coverage) - len(coverage)
    categories = list(coverage["category"])
    n_rows, n_cols = len(partners) + (1 if more_partners else 0), len(categories)

    width = max(7.0, 2.4 + 0.62 * n_cols)
    height = 4.3 + 0.38 * max(n_rows, 1)
    drawn = n_cols > 0 and n_rows > 0
    column_labels = [
        "\n".join(textwrap.wrap(("* " if needed else "") + c, 22, break_long_words=False))
        for c, needed in zip(categories, coverage["needed"], strict=True)
    ]
    row_labels = ["\n".join(textwrap.wrap(p, 22, max_lines=2, placeholder="…")) for p in partners]
    if more_partners:
        row_labels.append(f"… and {more_partners:,} more partners")
    row_labels.append("status")
    legend = (
        "● = the partner brings it;  * = the venture needs it;  gap = needed but nobody brings it"
    )
    if more_categories:
        legend += f"\n… and {more_categories:,} more categories, not drawn"
    fig, ax = new_figure(width, height, layout=None)
    grid = _portfolio_grid(
        fig,
        n_rows,
        column_labels if drawn else [],
        row_labels if drawn else [],
        legend_lines=legend.count("\n") + 1,
    )
    ax.set_subplotspec(grid[0, :])
    ax_purpose = fig.add_subplot(grid[1, 0])
    ax_direction = fig.add_subplot(grid[1, 1])
    ax.set_title(
        f"Alliance portfolio: {review.size:,} alliance{'s' if review.size != 1 else ''}, "
        f"{len(all_partners):,} partner{'s' if len(all_partners) != 1 else ''}",
        loc="left",
        fontsize=11,
    )

    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    if n_cols == 0 or n_rows == 0:
        ax.set_xticks([])
        ax.set_yticks([])
        message = (
            "No alliances yet: add your alliances and what each partner brings."
            if n_rows == 0
            else "No resource categories yet: list what each partner brings."
        )
        ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=10)
    else:
        ax.set_xlim(0, n_cols)
        ax.set_ylim(n_rows + 1, 0)
        brings = {(a.partner, r) for a in items for r in a.resources}
        dots = []
        for i, partner in enumerate(partners):
            if i % 2 == 0:
                ax.add_patch(Rectangle((0, i), n_cols, 1, color="#F2F2F2", lw=0, zorder=0))
            dots += [
                (j + 0.5, i + 0.5)
                for j, category in enumerate(categories)
                if (partner, category) in brings
            ]
        brings_dots(ax, dots, size=12)
        ax.axhline(n_rows, color="#666666", lw=1.0)
        styles = {
            "gap": (PALETTE["vermillion"], "///"),
            "single partner": (PALETTE["orange"], ""),
            "redundant": (PALETTE["purple"], ".."),
            "extra": ("#BBBBBB", ""),
        }
        for j, status in enumerate(coverage["status"]):
            colour, hatch = styles[status]
            ax.add_patch(
                Rectangle(
                    (j + 0.05, n_rows + 0.08),
                    0.9,
                    0.84,
                    facecolor=colour,
                    alpha=0.3,
                    hatch=hatch,
                    edgecolor=colour,
                    zorder=1,
                )
            )
            label = "single\npartner" if status == "single partner" else status
            ax.text(j + 0.5, n_rows + 0.5, label, ha="center", va="center", fontsize=7.5)
        ax.set_xticks(
            [j + 0.5 for j in range(n_cols)],
            column_labels,
            fontsize=8,
            rotation=35,
            ha="left",
            rotation_mode="anchor",
        )
        ax.xaxis.tick_top()
        ax.set_yticks([i + 0.5 for i in range(n_rows)] + [n_rows + 0.5], row_labels, fontsize=8.5)
        if more_partners:
            ax.get_yticklabels()[-2].set_fontstyle("italic")
        ax.set_xlabel(legend, fontsize=8)

    _bar_panel(
        ax_purpose,
        "Purpose",
        {p: sum(a.purpose == p for a in items) for p in PURPOSES},
        [PALETTE["sky"], PALETTE["blue"]],
        ["", "//"],
    )
    directions = {d: review.direction_mix[d] for d in DIRECTIONS}
    _bar_panel(
        ax_direction,
        "Direction",
        directions,
        [PALETTE["green"], PALETTE["orange"], PALETTE["purple"]],
        ["", "//", ".."],
    )
    # the purpose panel is what changes most (an alliance's purpose flipped); the rest
    # depends on what the matrix and the direction panel show
    if drawn:
        shown = (tuple(row_labels), tuple(column_labels), tuple(coverage["status"]), legend)
        shown += (frozenset(_brings_at(items, partners, categories)),)
    else:
        shown = (n_rows, n_cols)
    kept = ("portfolio", width, height, ax.get_title(loc="left"), shown, tuple(directions.values()))
    set_background(fig, kept, [ax_purpose])
    return fig


def _brings_at(items: list[Alliance], partners: list[str], categories: list[str]) -> set:
    """Return the (row, column) cells of the matrix where a partner brings a category."""
    rows = {p: i for i, p in enumerate(partners)}
    cols = {c: j for j, c in enumerate(categories)}
    return {
        (rows[a.partner], cols[r])
        for a in items
        for r in a.resources
        if a.partner in rows and r in cols
    }


_LABEL_ANGLE = math.radians(35)  # the category names above the matrix


def _portfolio_grid(
    fig: Figure,
    n_rows: int,
    column_labels: list[str],
    row_labels: list[str],
    legend_lines: int = 1,
):
    """Return the figure's 2 x 2 grid at fixed margins measured from its labels.

    The matrix spans the top row; the purpose and direction panels share the bottom.
    Margins are the measured widths of the partner and bar names (left, and between
    the bottom panels) and of the slanted category names (above, and to the right of
    the last column), plus the title and axis labels (the matrix's legend under it has
    ``legend_lines`` lines): a fixed layout, drawn faster than with the layout engine.
    """
    width, height = fig.get_size_inches()
    line = 1.25 / 72  # inches per point of font size, one line
    bars = text_width_in(fig, [*PURPOSES, *DIRECTIONS], 9)
    left = max(text_width_in(fig, row_labels, 8.5), bars) + 0.2
    reach_up, reach_right = [], []
    for label in column_labels:
        w = text_width_in(fig, [label], 8)
        h = (label.count("\n") + 1) * 8 * line
        reach_up.append(w * math.sin(_LABEL_ANGLE) + h * math.cos(_LABEL_ANGLE))
        reach_right.append(w * math.cos(_LABEL_ANGLE) + h * math.sin(_LABEL_ANGLE))
    top = 0.12 + 11 * line + 0.1 + max(reach_up, default=0.0)
    right = 0.15
    n = len(column_labels)
    for _ in range(3):  # the columns narrow as the right margin grows
        span = width - left - right
        over = max((r - (n - j - 0.5) * span / n for j, r in enumerate(reach_right)), default=0.0)
        right = max(0.15, over + 0.08)
    bottom = 0.12 + 10 * line + 0.08 + 8 * line
    # the matrix's legend lines, the panel titles
    gap = 0.12 + legend_lines * 8 * line + 0.2 + 10 * line + 0.06
    panels = height - top - bottom - gap
    upper = panels * (2.2 + 0.35 * max(n_rows, 1)) / (3.8 + 0.35 * max(n_rows, 1))
    span = width - left - right
    between = bars + 0.45
    return fig.add_gridspec(
        2,
        2,
        height_ratios=[upper, panels - upper],
        left=left / width,
        right=1 - right / width,
        top=1 - top / height,
        bottom=bottom / height,
        hspace=gap / (panels / 2),
        wspace=between / ((span - between) / 2),
    )


def _bar_panel(
    ax: Any, title: str, counts: dict[str, int], colours: list[str], hatches: list[str]
) -> None:
    labels = list(counts)
    values = [counts[k] for k in labels]
    y = np.arange(len(labels))
    bars = ax.barh(y, values, color=colours, edgecolor="#333333", hatch=hatches, height=0.6)
    for bar, value in zip(bars, values, strict=True):
        ax.text(
            bar.get_width() + 0.05,
            bar.get_y() + bar.get_height() / 2,
            str(value),
            va="center",
            fontsize=9,
        )
    ax.set_yticks(y, labels, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, max([*values, 1]) * 1.25 + 0.3)
    ax.xaxis.set_major_locator(_integer_locator())
    ax.set_title(title, loc="left", fontsize=10)
    ax.set_xlabel("number of alliances", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)


def _integer_locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


# --------------------------------------------------------------------------- experience


def experience_curve(n_alliances: int = 10, kind: str = "general") -> pd.DataFrame:
    """Return a stylised curve of alliance performance against prior alliance experience.

    A **teaching illustration, not fitted data**: the shapes follow the findings that
    ``HoangRothaermel2016`` report from their study of biotech-pharma R&D alliances, but
    the numbers are arbitrary units chosen to show those shapes.

    - ``"general"``: experience from alliances with *different* partners. The biotech
      partner's general experience improved later project performance, with diminishing
      marginal returns: each extra alliance adds less than the one before. The curve
      rises steeply at first and is nearly flat after about six alliances, the point after
      which ``Draulans2003`` (via ``StartupAllianceReview``) found that learning by doing
      stops raising the success rate.
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


def plot_experience_curve(n_alliances: int = 10) -> Figure:
    """Plot the stylised general and partner-specific experience curves together.

    Teaching illustration, not fitted data. The shapes follow the biotech findings
    reported by ``HoangRothaermel2016`` (general experience: gains with diminishing
    returns; partner-specific experience: a negative effect); the dotted line at six
    alliances marks where ``Draulans2003`` (via ``StartupAllianceReview``) found that
    learning by doing stops raising the success rate. The y-axis has no units.

    Examples
    --------
    >>> fig = plot_experience_curve()
    >>> any("Teaching illustration, not fitted data" in t.get_text()
    ...     for t in fig.axes[0].texts)
    True
    """
    n = check_int_range("n_alliances", n_alliances, 1, 100)
    general = experience_curve(n, "general")
    specific = experience_curve(n, "partner-specific")
    fig, ax = new_figure(7.2, 5.0)
    ax.axhline(0, color="#888888", lw=0.8)
    ax.plot(
        general["prior_alliances"],
        general["effect"],
        marker="o",
        color=PALETTE["blue"],
        lw=2,
        label="general experience (different partners)",
    )
    ax.plot(
        specific["prior_alliances"],
        specific["effect"],
        marker="s",
        linestyle="--",
        color=PALETTE["vermillion"],
        lw=2,
        label="partner-specific experience (same partner again)",
    )
    if n >= MANY_ALLIANCES:
        ax.axvline(MANY_ALLIANCES, color="#555555", lw=1, linestyle=":")
        ax.text(
            MANY_ALLIANCES + 0.15,
            0.55,
            "about six alliances:\nexperience alone\nstops helping",
            fontsize=8,
            va="center",
        )
    last = n
    ax.annotate(
        "gains shrink with each\nextra alliance",
        xy=(min(3, last), general["effect"].iloc[min(3, last)]),
        xytext=(min(3, last) + 0.6, 0.35),
        fontsize=8,
        arrowprops={"arrowstyle": "->", "color": "#333333"},
    )
    ax.annotate(
        "performance falls with\nrepeat alliances with\nthe same partner",
        xy=(min(4, last), specific["effect"].iloc[min(4, last)]),
        xytext=(0.3, -0.6),
        fontsize=8,
        arrowprops={"arrowstyle": "->", "color": "#333333"},
    )
    ax.set_xlim(-0.3, n + 0.5)
    ax.set_ylim(-0.65, 1.3)
    ax.set_yticks([0], ["no change"])
    ax.set_xlabel("number of prior alliances")
    ax.set_ylabel("change in R&D project performance\n(stylised, no units)")
    ax.xaxis.set_major_locator(_integer_locator())
    ax.set_title("Alliance experience and performance in biotech", loc="left", fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8, frameon=False)
    ax.text(
        0.99,
        0.99,
        "Teaching illustration, not fitted data",
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=9,
        fontweight="bold",
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#555555"},
    )
    ax.text(
        0.99,
        0.02,
        "Shapes after Hoang and Rothaermel (2016);\n"
        "six-alliance mark after Draulans et al. (2003).",
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=7.5,
        style="italic",
        color="#333333",
    )
    return fig
