"""Resource maps: what each side brings to an alliance, and what the alliance needs when.

The practitioner overview of alliances (``AlliancesOverview``) treats complementarity of
resources as one of the four partner-selection factors and gives a practical tip: draw
up a *resource map* early in the talks, showing what each partner contributes, where the
gaps lie and how the resources will be used over the life of the alliance. The review of
start-up alliances (``StartupAllianceReview``) explains why this matters for a new
venture: it allies to reach resources it lacks (capital, market access, manufacturing,
legitimacy), and depending on a single partner for them is a source of risk.

This module holds:

- :data:`RESOURCE_CATEGORIES` (the standard categories; the list is open),
  :data:`ALLIANCE_STAGES` and :data:`RESOURCE_STATUSES`;
- :class:`ResourceMap`, the venture's and the partner's contributions by category and the
  alliance's needs by stage;
- :func:`analyse` (one row per category with its status), :func:`summary`,
  :func:`describe` (a paragraph for founders) and :func:`plot_resource_map`.

Statuses
--------
Every category on the map gets exactly one status:

============== =========================== ==============================================
status         who brings it               needed at some stage?
============== =========================== ==============================================
complementary  exactly one side            yes
gap            nobody                      yes
redundant      both sides                  either (see ``needed_at``)
unused         exactly one side            no
============== =========================== ==============================================

``dependence`` is True exactly for the complementary categories: a need that only one
side meets is one the alliance depends on that side for (``depends_on`` names it). A gap
is not a dependence (nobody covers it yet) and neither is a redundant category (either
side could cover it).

Category names are normalised: surrounding spaces dropped, inner runs of spaces made
single, lowercase. Any non-empty name is accepted; the standard ones are suggestions.

Examples
--------
>>> rmap = ResourceMap(
...     "Voltra", "BigAuto",
...     brings={"Voltra": ["technology", "talent"], "BigAuto": ["capital", "manufacturing"]},
...     needs={"execution": ["technology", "manufacturing", "distribution"]},
... )
>>> analyse(rmap)[["category", "status", "depends_on"]]
        category         status depends_on
0     technology  complementary     Voltra
1  manufacturing  complementary    BigAuto
2        capital         unused
3   distribution            gap
4         talent         unused
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from ._style import PALETTE, boxes, brings_dots, label_rows, new_figure, writer
from ._text import clip as _clip
from ._text import listing as _listing
from ._validate import check_choice, check_name, check_text

__all__ = [
    "ALLIANCE_STAGES",
    "MAP_ROWS_MAX",
    "RESOURCE_CATEGORIES",
    "RESOURCE_STATUSES",
    "ResourceMap",
    "analyse",
    "describe",
    "plot_resource_map",
    "summary",
]

#: Standard resource categories (an open list; any other non-empty name is accepted).
RESOURCE_CATEGORIES: tuple[str, ...] = (
    "technology",
    "intellectual property",
    "manufacturing",
    "supply",
    "capital",
    "market access",
    "distribution",
    "brand",
    "legitimacy",
    "regulatory know-how",
    "talent",
    "data",
)

#: Stages of one alliance at which a resource can be needed, in order.
ALLIANCE_STAGES: tuple[str, ...] = ("selection", "negotiation", "execution", "exit")

#: The statuses :func:`analyse` gives a category (see the module docstring).
RESOURCE_STATUSES: tuple[str, ...] = ("complementary", "gap", "redundant", "unused")

_COLUMNS = ("category", "needed_at", "status", "dependence", "depends_on")


def _category(field_name: str, value: Any) -> str:
    """Return a category name stripped, with single inner spaces, in lowercase."""
    return check_name(field_name, value)


def _category_key(name: str) -> tuple[int, str]:
    """Sort standard categories in their listed order, then the others alphabetically."""
    if name in RESOURCE_CATEGORIES:
        return (RESOURCE_CATEGORIES.index(name), "")
    return (len(RESOURCE_CATEGORIES), name)


def _detail(field_name: str, value: Any) -> str:
    return "" if value is None else check_text(field_name, value, allow_empty=True)


def _entries(field_name: str, value: Any) -> dict[str, str]:
    """Turn a list of categories or a mapping of category to detail into {category: detail}."""
    if isinstance(value, Mapping):
        pairs = [
            (
                _category(f"category in {field_name}", k),
                _detail(f"detail of {field_name}[{k!r}]", v),
            )
            for k, v in value.items()
        ]
    elif isinstance(value, Iterable) and not isinstance(value, str | bytes):
        pairs = [(_category(f"category in {field_name}", k), "") for k in value]
    else:
        raise TypeError(
            f"{field_name} must be a list of categories or a mapping of category to detail, "
            f"got {type(value).__name__} {value!r}"
        )
    out: dict[str, str] = {}
    for category, detail in pairs:
        if category in out:
            raise ValueError(
                f"{field_name} must list each category once; {category!r} appears more than once"
            )
        out[category] = detail
    return out


@dataclass(frozen=True)
class ResourceMap:
    """What the venture and the partner bring, and what the alliance needs at each stage.

    Parameters
    ----------
    venture, partner : str
        The two parties' names (non-empty, different from each other ignoring case).
    brings : Mapping
        Party name (either of the two, matched ignoring case) to a list of categories, or
        to a mapping of category to a short detail. A party may be left out.
    needs : Mapping
        Stage (one of :data:`ALLIANCE_STAGES`) to a list of categories, or to a mapping of
        category to detail.

    Notes
    -----
    Inputs are stored in a canonical form, sorted tuples of ``(party, category, detail)``
    and ``(stage, category, detail)``, so maps compare equal regardless of input order
    and can be hashed. Use :meth:`brought_by` and :meth:`needs_at` to read them back.

    Examples
    --------
    >>> rmap = ResourceMap("Voltra", "BigAuto",
    ...                    brings={"voltra": {"Technology": "battery pack design"}},
    ...                    needs={"Execution": ["technology"]})
    >>> rmap
    ResourceMap(venture='Voltra', partner='BigAuto', brings=1 entry, needs=1 entry)
    >>> rmap.brought_by("Voltra")
    {'technology': 'battery pack design'}
    >>> ResourceMap("Voltra", "BigAuto", needs={"launch": ["capital"]})
    Traceback (most recent call last):
    ...
    ValueError: stage in needs must be one of 'selection', ..., 'exit'; got 'launch'
    """

    venture: str
    partner: str
    brings: Mapping[str, Any] = field(default_factory=dict)
    needs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        venture = check_text("venture", self.venture, max_len=100)
        partner = check_text("partner", self.partner, max_len=100)
        if venture.lower() == partner.lower():
            raise ValueError(f"venture and partner must be different names; both are {venture!r}")
        for role, name in (("venture", venture), ("partner", partner)):
            if name.lower() in _COLUMNS:
                raise ValueError(
                    f"{role} name {name!r} is reserved for a column of the analysis; "
                    "choose another name"
                )
        parties = {venture.lower(): venture, partner.lower(): partner}

        brings = self.brings
        if isinstance(brings, tuple):  # already canonical (e.g. dataclasses.replace)
            brings = _regroup(brings)
        if not isinstance(brings, Mapping):
            raise TypeError(
                f"brings must be a mapping of party name to categories, got {type(brings).__name__}"
            )
        brought: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for key, value in brings.items():
            name = check_text("party in brings", key, max_len=100)
            if name.lower() not in parties:
                raise ValueError(
                    f"brings names party {name!r}; parties are {venture!r} (venture) and "
                    f"{partner!r} (partner)"
                )
            party = parties[name.lower()]
            if party in seen:
                raise ValueError(
                    f"brings must name each party once; {party!r} appears more than once"
                )
            seen.add(party)
            for category, detail in _entries(f"brings[{party!r}]", value).items():
                brought.append((party, category, detail))
        order = {venture: 0, partner: 1}
        brought.sort(key=lambda e: (order[e[0]], _category_key(e[1])))

        needs = self.needs
        if isinstance(needs, tuple):
            needs = _regroup(needs)
        if not isinstance(needs, Mapping):
            raise TypeError(
                f"needs must be a mapping of stage to categories, got {type(needs).__name__}"
            )
        needed: list[tuple[str, str, str]] = []
        stages: set[str] = set()
        for key, value in needs.items():
            stage = check_choice("stage in needs", key, ALLIANCE_STAGES)
            if stage in stages:
                raise ValueError(
                    f"needs must name each stage once; {stage!r} appears more than once"
                )
            stages.add(stage)
            for category, detail in _entries(f"needs[{stage!r}]", value).items():
                needed.append((stage, category, detail))
        needed.sort(key=lambda e: (ALLIANCE_STAGES.index(e[0]), _category_key(e[1])))

        object.__setattr__(self, "venture", venture)
        object.__setattr__(self, "partner", partner)
        object.__setattr__(self, "brings", tuple(brought))
        object.__setattr__(self, "needs", tuple(needed))

    def __repr__(self) -> str:
        def count(n: int) -> str:
            return f"{n} entr{'y' if n == 1 else 'ies'}"

        return (
            f"ResourceMap(venture={self.venture!r}, partner={self.partner!r}, "
            f"brings={count(len(self.brings))}, needs={count(len(self.needs))})"
        )

    def brought_by(self, party: str) -> dict[str, str]:
        """Return ``{category: detail}`` for what one party brings.

        Examples
        --------
        >>> ResourceMap("Voltra", "BigAuto", brings={"BigAuto": ["capital"]}).brought_by("bigauto")
        {'capital': ''}
        """
        name = self._party(party)
        return {c: d for p, c, d in self.brings if p == name}

    def needs_at(self, stage: str) -> dict[str, str]:
        """Return ``{category: detail}`` for what the alliance needs at one stage.

        Examples
        --------
        >>> ResourceMap("Voltra", "BigAuto", needs={"exit": ["data"]}).needs_at("exit")
        {'data': ''}
        """
        stage = check_choice("stage", stage, ALLIANCE_STAGES)
        return {c: d for s, c, d in self.needs if s == stage}

    def needed_categories(self) -> list[str]:
        """Return every category needed at some stage, once, in stage order.

        Examples
        --------
        >>> rmap = ResourceMap("Voltra", "BigAuto",
        ...                    needs={"execution": ["capital", "data"], "selection": ["data"]})
        >>> rmap.needed_categories()
        ['data', 'capital']
        """
        return list(dict.fromkeys(c for s in ALLIANCE_STAGES for c in self.needs_at(s)))

    def _party(self, party: Any) -> str:
        name = check_text("party", party)
        for known in (self.venture, self.partner):
            if known.lower() == name.lower():
                return known
        raise ValueError(f"party must be {self.venture!r} or {self.partner!r}; got {name!r}")

    def to_dict(self) -> dict[str, Any]:
        """Return the map as plain JSON-able data.

        Examples
        --------
        >>> data = ResourceMap("Voltra", "BigAuto", brings={"BigAuto": ["capital"]},
        ...                    needs={"execution": ["capital"]}).to_dict()
        >>> data["brings"]
        {'Voltra': {}, 'BigAuto': {'capital': ''}}
        >>> data["needs"]
        {'execution': {'capital': ''}}
        """
        needs: dict[str, dict[str, str]] = {}
        for stage, category, detail in self.needs:
            needs.setdefault(stage, {})[category] = detail
        return {
            "venture": self.venture,
            "partner": self.partner,
            "brings": {p: self.brought_by(p) for p in (self.venture, self.partner)},
            "needs": needs,
        }

    @classmethod
    def from_tables(
        cls,
        resources: pd.DataFrame,
        needs: pd.DataFrame | None = None,
        *,
        venture: str,
        partner: str,
        alliance_id: str | None = None,
    ) -> ResourceMap:
        """Build a map from long tables laid out like a case's CSV files.

        ``resources`` has columns ``party`` (``"focal"`` for the venture, ``"partner"``,
        or either party's name), ``category`` and optionally ``detail``; ``needs`` has
        ``stage``, ``category`` and optionally ``detail``. With ``alliance_id``, only
        that alliance's rows are used. A category listed twice for the same party or
        stage keeps both details, joined by "; ".

        Examples
        --------
        >>> resources = pd.DataFrame({"alliance_id": ["a1", "a1", "a2"],
        ...                           "party": ["focal", "partner", "partner"],
        ...                           "category": ["technology", "capital", "brand"]})
        >>> needs = pd.DataFrame({"alliance_id": ["a1"], "stage": ["execution"],
        ...                       "category": ["capital"]})
        >>> rmap = ResourceMap.from_tables(resources, needs, venture="Voltra",
        ...                                partner="BigAuto", alliance_id="a1")
        >>> rmap.brought_by("BigAuto"), rmap.needs_at("execution")
        ({'capital': ''}, {'capital': ''})
        """
        venture = check_text("venture", venture, max_len=100)
        partner = check_text("partner", partner, max_len=100)
        brought = _table_entries(resources, "resources", "party", alliance_id)
        roles = {"focal": venture, "partner": partner}
        brings: dict[str, dict[str, str]] = {}
        for party, entries in brought.items():
            name = roles.get(party, party)
            brings.setdefault(name, {}).update(entries)
        return cls(venture, partner, brings, _table_entries(needs, "needs", "stage", alliance_id))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ResourceMap:
        """Build a map from :meth:`to_dict` output, validating it.

        Examples
        --------
        >>> data = {"venture": "Voltra", "partner": "BigAuto", "brings": {"Voltra": ["data"]}}
        >>> ResourceMap.from_dict(data).brought_by("Voltra")
        {'data': ''}
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"ResourceMap data must be a mapping (dict), got {type(data).__name__}")
        required, optional = {"venture", "partner"}, {"brings", "needs"}
        missing = sorted(required - set(data))
        if missing:
            raise ValueError(f"ResourceMap data needs the key(s) {', '.join(map(repr, missing))}")
        unknown = sorted(set(map(str, data)) - required - optional)
        if unknown:
            raise ValueError(
                f"ResourceMap data has unknown key(s) {', '.join(map(repr, unknown))}; "
                "allowed: 'brings', 'needs', 'partner', 'venture'"
            )
        return cls(data["venture"], data["partner"], data.get("brings", {}), data.get("needs", {}))


def _table_entries(
    table: pd.DataFrame | None, name: str, key: str, alliance_id: str | None
) -> dict[str, dict[str, str]]:
    """Group a long table's rows into {key value: {category: detail}}, joining repeats."""
    if table is None:
        return {}
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame, got {type(table).__name__}")
    needed = [key, "category"] + (["alliance_id"] if alliance_id is not None else [])
    for column in needed:
        if column not in table.columns:
            have = ", ".join(repr(str(c)) for c in table.columns)
            raise ValueError(f"{name} needs a {column!r} column; it has {have}")
    if alliance_id is not None:
        table = table[table["alliance_id"].astype(str) == alliance_id]
    out: dict[str, dict[str, str]] = {}
    for row in table.to_dict("records"):
        group = check_text(f"{key} in {name}", row[key]).lower()
        category = _category(f"category in {name}", row["category"])
        raw = row.get("detail", "")
        detail = "" if raw is None or (isinstance(raw, float) and raw != raw) else raw
        detail = _detail(f"detail in {name}", detail)
        details = out.setdefault(group, {})
        if category in details and detail and details[category]:
            details[category] = f"{details[category]}; {detail}"
        else:
            details[category] = details.get(category) or detail
    return out


def _regroup(entries: tuple) -> dict[str, dict[str, str]]:
    """Turn canonical ``(key, category, detail)`` triples back into nested mappings."""
    out: dict[str, dict[str, str]] = {}
    for key, category, detail in entries:
        out.setdefault(key, {})[category] = detail
    return out


def _check_map(resource_map: Any) -> ResourceMap:
    if not isinstance(resource_map, ResourceMap):
        raise TypeError(f"resource_map must be a ResourceMap, got {type(resource_map).__name__}")
    return resource_map


def analyse(resource_map: ResourceMap) -> pd.DataFrame:
    """Return one row per category with who brings it, when it is needed and its status.

    Parameters
    ----------
    resource_map : ResourceMap

    Returns
    -------
    DataFrame
        Columns ``category``; one boolean column named after the venture and one after
        the partner (True when that side brings the category); ``needed_at`` (the stages,
        in stage order, joined by ", "; empty when never needed); ``status`` (see the
        module docstring); ``dependence`` (True when a need is met by one side only) and
        ``depends_on`` (that side's name, else ""). Rows follow the order of
        :data:`RESOURCE_CATEGORIES`, then other categories alphabetically.

    Examples
    --------
    >>> rmap = ResourceMap("Voltra", "BigAuto",
    ...                    brings={"Voltra": ["technology", "brand"], "BigAuto": ["brand"]},
    ...                    needs={"negotiation": ["legitimacy"], "execution": ["technology"]})
    >>> print(analyse(rmap).to_string())
         category  Voltra  BigAuto    needed_at         status  dependence depends_on
    0  technology    True    False    execution  complementary        True     Voltra
    1       brand    True     True                   redundant       False
    2  legitimacy   False    False  negotiation            gap       False
    """
    rmap = _check_map(resource_map)
    venture, partner = rmap.venture, rmap.partner
    by_venture = {c for p, c, _ in rmap.brings if p == venture}
    by_partner = {c for p, c, _ in rmap.brings if p == partner}
    stages: dict[str, list[str]] = {}
    for stage, category, _ in rmap.needs:  # already in stage order
        stages.setdefault(category, []).append(stage)
    categories = sorted(by_venture | by_partner | set(stages), key=_category_key)
    rows = []
    for category in categories:
        v, p = category in by_venture, category in by_partner
        needed = category in stages
        if v and p:
            status = "redundant"
        elif v or p:
            status = "complementary" if needed else "unused"
        else:
            status = "gap"
        dependence = status == "complementary"
        rows.append(
            {
                "category": category,
                venture: v,
                partner: p,
                "needed_at": ", ".join(stages.get(category, [])),
                "status": status,
                "dependence": dependence,
                "depends_on": (venture if v else partner) if dependence else "",
            }
        )
    columns = ["category", venture, partner, "needed_at", "status", "dependence", "depends_on"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype(
        {
            venture: bool,
            partner: bool,
            "dependence": bool,
            "category": object,
            "needed_at": object,
            "status": object,
            "depends_on": object,
        }
    )


def summary(resource_map: ResourceMap) -> dict[str, Any]:
    """Return counts and category lists per status, and who the alliance depends on.

    Examples
    --------
    >>> rmap = ResourceMap("Voltra", "BigAuto", brings={"BigAuto": ["capital"]},
    ...                    needs={"execution": ["capital", "data"]})
    >>> facts = summary(rmap)
    >>> facts["counts"]
    {'complementary': 1, 'gap': 1, 'redundant': 0, 'unused': 0}
    >>> facts["gap"], facts["depends_on"]
    (['data'], {'Voltra': [], 'BigAuto': ['capital']})
    """
    rmap = _check_map(resource_map)
    table = analyse(rmap)
    lists = {s: table.loc[table["status"] == s, "category"].tolist() for s in RESOURCE_STATUSES}
    return {
        "venture": rmap.venture,
        "partner": rmap.partner,
        "categories": len(table),
        "needed": int((table["needed_at"] != "").sum()),
        "counts": {s: len(lists[s]) for s in RESOURCE_STATUSES},
        **lists,
        "depends_on": {
            party: table.loc[table["depends_on"] == party, "category"].tolist()
            for party in (rmap.venture, rmap.partner)
        },
    }


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def describe(resource_map: ResourceMap) -> str:
    """Return a one-paragraph, plain-language reading of the map for founders.

    Examples
    --------
    >>> rmap = ResourceMap("Voltra", "BigAuto",
    ...                    brings={"Voltra": ["technology"], "BigAuto": ["capital", "brand"]},
    ...                    needs={"execution": ["technology", "capital", "distribution"]})
    >>> print(describe(rmap))
    Voltra and BigAuto: the alliance needs 3 resource categories. 2 are complementary, so
    the alliance depends on Voltra for technology and on BigAuto for capital. 1 is a gap that
    neither side brings yet (distribution): decide who will supply it before you sign.
    1 category is brought but not needed at any stage (brand): it may be a bargaining chip
    or a distraction.
    """
    facts = summary(_check_map(resource_map))
    venture, partner = facts["venture"], facts["partner"]
    if not facts["categories"]:
        return (
            f"{venture} and {partner}: the map is empty. List what each side brings and what "
            "the alliance needs at each stage to see the gaps and who depends on whom."
        )
    parts = []
    if facts["needed"]:
        parts.append(
            f"{venture} and {partner}: the alliance needs "
            f"{_count(facts['needed'], 'resource category', 'resource categories')}."
        )
    else:
        parts.append(
            f"{venture} and {partner}: no needs are entered yet, so nothing can be judged a "
            "gap or a dependence; add what the alliance needs at each stage."
        )
    n = facts["counts"]
    if n["complementary"]:
        sides = [
            f"on {party} for {_listing(items)}"
            for party, items in facts["depends_on"].items()
            if items
        ]
        verb = "is" if n["complementary"] == 1 else "are"
        parts.append(
            f"{n['complementary']} {verb} complementary, so the alliance depends "
            f"{' and '.join(sides)}."
        )
    if n["gap"]:
        verb = "is a gap" if n["gap"] == 1 else "are gaps"
        parts.append(
            f"{n['gap']} {verb} that neither side brings yet ({_listing(facts['gap'])}): "
            f"decide who will supply {'it' if n['gap'] == 1 else 'them'} before you sign."
        )
    if n["redundant"]:
        parts.append(
            f"Both sides bring {_listing(facts['redundant'])}: check that the overlap adds "
            "value rather than a turf battle."
        )
    if n["unused"]:
        parts.append(
            f"{_count(n['unused'], 'category is', 'categories are')} brought but not needed "
            f"at any stage ({_listing(facts['unused'])}): "
            f"{'it' if n['unused'] == 1 else 'each'} may be a bargaining chip or a distraction."
        )
    return " ".join(parts)


# --------------------------------------------------------------------------- figure

_STATUS_STYLE = {
    "complementary": (PALETTE["green"], ""),
    "gap": (PALETTE["vermillion"], "///"),
    "redundant": (PALETTE["purple"], "\\\\"),
    "unused": (PALETTE["grey"], ""),
}

#: :func:`plot_resource_map` draws at most this many categories; the others are counted
#: by status in a last row.
MAP_ROWS_MAX = 20
#: which categories a crowded map draws first: gaps, then dependences, then the rest
_STATUS_PRIORITY = {"gap": 0, "complementary": 1, "redundant": 2, "unused": 3}


def _rows_to_draw(table: pd.DataFrame) -> pd.DataFrame:
    """Return the at most :data:`MAP_ROWS_MAX` rows of ``table`` to draw, in table order.

    Gaps come first, then complementary (a dependence), redundant and unused categories;
    within a status, the categories needed at the most stages, then the table order.
    """
    if len(table) <= MAP_ROWS_MAX:
        return table
    stages = table["needed_at"].str.count(",") + (table["needed_at"] != "")
    rank = pd.DataFrame(
        {"status": table["status"].map(_STATUS_PRIORITY), "stages": -stages},
        index=table.index,
    )
    keep = rank.sort_values(["status", "stages"], kind="stable").index[:MAP_ROWS_MAX]
    return table.loc[sorted(keep)]


def plot_resource_map(resource_map: ResourceMap) -> Figure:
    """Draw the map as a matrix: categories down, parties and stages across, status last.

    A dot ("●") marks a category a party brings; "need" marks a stage at which it is needed.
    The status column spells out the status (and, for a dependence, the side it comes from);
    its Okabe-Ito tint and hatching only repeat what the text says.

    A map of more than :data:`MAP_ROWS_MAX` categories draws that many (gaps first,
    then dependences, redundant and unused ones) and counts the others, by status, in a
    last row that starts "and N more": the figure stays legible and quick to draw.
    The category names down the left side are texts (see
    ``alliancelab._style.label_rows``); matplotlib's constrained layout makes
    room for them.

    Examples
    --------
    >>> rmap = ResourceMap("Voltra", "BigAuto", brings={"Voltra": ["technology"]},
    ...                    needs={"execution": ["technology", "capital"]})
    >>> fig = plot_resource_map(rmap)
    >>> fig.axes[0].get_title(loc="left")
    'Resource map: Voltra and BigAuto'

    >>> big = ResourceMap("Voltra", "BigAuto", brings={"Voltra": [f"c{i}" for i in range(30)]})
    >>> from alliancelab._style import ROW_LABEL_GID
    >>> ax = plot_resource_map(big).axes[0]
    >>> [t.get_text() for t in ax.texts if t.get_gid() == ROW_LABEL_GID][-1]
    '… and 10 more'
    """
    rmap = _check_map(resource_map)
    everything = analyse(rmap)
    table = _rows_to_draw(everything)
    left_out = everything.drop(table.index)
    venture, partner = rmap.venture, rmap.partner
    n = len(table)
    rows = n + (1 if len(left_out) else 0)
    stages = len(ALLIANCE_STAGES)
    widths = [1.1, 1.1, *[1.1] * stages, 2.0]
    lefts = [sum(widths[:i]) for i in range(len(widths))]
    right = sum(widths)
    fig, ax = new_figure(7.4, 2.0 + 0.42 * max(rows, 1))
    labels = [_clip(c, 26) for c in table["category"]]
    if len(left_out):
        labels.append(f"… and {len(left_out):,} more")
    # wrapped: the title starts where the matrix does, right of the category names
    title = textwrap.wrap(f"Resource map: {venture} and {partner}", 55)
    ax.set_title("\n".join(title), loc="left", fontsize=11)
    ax.spines[:].set_visible(False)
    ax.set_xlim(0, right)
    ax.set_ylim(max(rows, 1), -1.3)
    ax.set_xticks([])
    ax.yaxis.set_visible(False)  # the rows are named by texts: no axis to draw (see _style)
    write = writer(ax, inside=True)
    if n == 0:
        write(
            right / 2,
            0.3,
            "Nothing on the map yet: add what each side brings\n"
            "and what the alliance needs at each stage.",
            ha="center",
            va="center",
            fontsize=10,
        )
        return fig

    def say(column: int, row: float, text: str, **style: Any) -> None:
        style = {"ha": "center", "va": "center", "fontsize": 9, "zorder": 2, **style}
        write(lefts[column] + widths[column] / 2, row, text, **style)

    def wrap(text: str) -> str:
        return "\n".join(textwrap.wrap(text, 12, max_lines=2, placeholder="…"))

    for column, header in enumerate([wrap(venture), wrap(partner), *ALLIANCE_STAGES, "status"]):
        say(column, -0.5, header, fontweight="bold" if column < 2 else "normal")
    write(
        (widths[0] + widths[1]) / 2,
        -1.1,
        "brings",
        ha="center",
        va="center",
        fontsize=9,
        style="italic",
    )
    write(
        lefts[2] + sum(widths[2:-1]) / 2,
        -1.1,
        "needed at stage",
        ha="center",
        va="center",
        fontsize=9,
        style="italic",
    )
    label_rows(ax, [i + 0.5 for i in range(rows)], labels, fontsize=9)

    def cell(column: int, row: int) -> tuple[float, float, float, float]:
        inset = 0.06
        return (lefts[column] + inset, row + 0.1, widths[column] - 2 * inset, 0.8)

    # the cells, one collection per look: each a single artist however many cells it has
    stripes, brought, needs = [], [], []
    status_cells: dict[str, list[tuple[float, float, float, float]]] = {}
    dots: list[tuple[float, float]] = []
    for i, record in enumerate(table.to_dict("records")):
        if i % 2 == 0:
            stripes.append((0, i, right, 1))
        for column, party in enumerate((venture, partner)):
            if record[party]:
                brought.append(cell(column, i))
                dots.append((lefts[column] + widths[column] / 2, i + 0.5))
        needed = set(record["needed_at"].split(", "))
        for s, stage in enumerate(ALLIANCE_STAGES):
            if stage in needed:
                needs.append(cell(2 + s, i))
                say(2 + s, i + 0.5, "need")
        status_cells.setdefault(record["status"], []).append(cell(len(widths) - 1, i))
        label = record["status"]
        if record["depends_on"]:
            label += f"\nfrom {_clip(record['depends_on'], 11)}"
        say(len(widths) - 1, i + 0.5, label, linespacing=1.0)
    boxes(ax, stripes, facecolor="#F4F4F4", linewidth=0, zorder=0)
    boxes(ax, brought, facecolor=PALETTE["sky"], alpha=0.35, linewidth=0, zorder=1)
    boxes(ax, needs, facecolor="white", edgecolor="#777777", linewidth=0.6, zorder=1)
    for status, cells in status_cells.items():
        colour, hatch = _STATUS_STYLE[status]
        boxes(
            ax, cells, facecolor=colour, edgecolor=colour, alpha=0.3, hatch=hatch or None, zorder=1
        )
    if len(left_out):
        counts = left_out["status"].value_counts()
        write(
            0.1,
            n + 0.5,
            "not drawn: "
            + ", ".join(f"{counts[s]:,} {s}" for s in RESOURCE_STATUSES if s in counts),
            ha="left",
            va="center",
            fontsize=9,
            style="italic",
        )
    brings_dots(ax, dots, size=11)
    # the column rules stop above the row of the categories not drawn
    strong = [c in (2, len(widths) - 1) for c in range(1, len(widths))]
    ax.vlines(
        lefts[1:],
        -1.3,
        n,
        colors=["#666666" if s else "#BBBBBB" for s in strong],
        linewidths=[1.0 if s else 0.6 for s in strong],
    )
    ax.set_xlabel(
        "● = brings it;  need = needed at that stage;  gap = needed but nobody brings it",
        fontsize=9,
    )
    return fig
