"""The learner's plan as a document a founder takes into the partner meeting.

One plan model, three formats. :func:`build_plan` reads a workbook once into a
:class:`PlanDocument`: a one-page summary (the partner recommended and why, what each
side brings and the gaps, the deal shape, the top risks, the exit triggers, the next
steps and open questions), then one :class:`PlanSection` per part of the plan, each
with its figure and readable tables. Jinja2 templates (in ``alliancelab/templates``)
turn the model into HTML (which WeasyPrint also prints to an A4 PDF) and Markdown.

Every piece of the learner's text is escaped in every format: HTML by autoescaping;
Markdown by a filter applied to every value the template prints (markup characters,
table pipes, ``$`` signs; line breaks become ``<br>``). The Markdown cannot embed the
figures: it names each one by its alt text and points to the HTML or PDF export.
Files are written through the package's one atomic writer.
"""

from __future__ import annotations

import base64
import datetime as _dt
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._files import atomic_write
from ._text import clip, listing
from .capability import assess_capability, plot_capability_path
from .governance import plot_governance_continuum, recommend_governance
from .lifecycle import ExitTrigger, check_triggers, health_check
from .portfolio import plot_portfolio, review_portfolio
from .resources import analyse, describe, plot_resource_map
from .resources import summary as resource_summary
from .risks import plot_risk_matrix, risk_table
from .scorecard import plot_scorecards, rank_candidates
from .workbook import CHARTER_FIELDS, SCHEMA_VERSION, Workbook

__all__ = [
    "FORMATS",
    "PlanDocument",
    "PlanFigure",
    "PlanSection",
    "PlanTable",
    "SummaryBlock",
    "build_plan",
    "export_plan",
    "format_of",
    "to_html",
    "to_markdown",
    "to_pdf",
    "write_plan",
]

#: The file suffixes :func:`write_plan` knows, and the format each one chooses.
FORMATS: Mapping[str, str] = {".pdf": "PDF", ".html": "HTML", ".md": "Markdown"}

#: The exercise that fills each part of the plan, as a reader is told when it is empty.
EXERCISES: Mapping[str, str] = {
    "scorecard": "Exercise 1, partner scorecard",
    "resources": "Exercise 2, resource map",
    "risks": "Exercise 3, risk matrix",
    "deal": "Exercise 4, deal design",
    "health": "Exercise 5, health check and exit",
    "portfolio": "Exercise 6, portfolio review",
    "capability": "Exercise 7, capability plan",
}

# the workbook's reflection keys (one per exercise), by the section they belong to
_REFLECTIONS = {
    "scorecard": "scorecard",
    "resource_map": "resources",
    "risk_matrix": "risks",
    "deal_design": "governance",
    "health_check": "health",
    "portfolio": "portfolio",
    "capability": "capability",
}
_CONDITIONS = {">": "more than", ">=": "at least", "<": "less than", "<=": "at most"}
_CONDITIONS["=="] = "exactly"
_FIGURE_DPI = 150  # sharp in print at A4 width, about 1050 pixels across


@dataclass(frozen=True)
class PlanTable:
    """A table of the plan: headings and rows of display text.

    ``numeric`` holds the indexes of the columns aligned right (numbers).
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class PlanFigure:
    """A figure of the plan: its alt text and, when drawn, the PNG bytes."""

    alt: str
    png: bytes = field(default=b"", repr=False)

    @property
    def data_uri(self) -> Any:
        """The PNG as a ``data:`` URI, safe to print in an HTML attribute as it is."""
        from markupsafe import Markup

        return Markup("data:image/png;base64," + base64.b64encode(self.png).decode("ascii"))


@dataclass(frozen=True)
class PlanSection:
    """One part of the plan: title, whether it is filled in, and what it shows.

    ``exercise`` names the exercise that fills it; an empty section says so.
    ``lists`` are (heading, items) pairs; ``facts`` are (label, text) pairs.
    """

    key: str
    title: str
    exercise: str
    filled: bool
    text: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    figure: PlanFigure | None = None
    tables: tuple[PlanTable, ...] = ()
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def status(self) -> str:
        """``"filled in"``, or what the reader is told when the section is empty."""
        return "filled in" if self.filled else f"Not filled in yet: {self.exercise}."


@dataclass(frozen=True)
class SummaryBlock:
    """One block of the summary page: a heading, lines, perhaps a table, perhaps a gap."""

    title: str
    lines: tuple[str, ...] = ()
    table: PlanTable | None = None
    missing: str = ""


@dataclass(frozen=True)
class PlanDocument:
    """The plan as one document, built once and rendered in every format."""

    title: str
    venture: str
    one_line: str
    fictional: bool
    exported: _dt.date
    schema_version: int
    package_version: str
    summary: tuple[SummaryBlock, ...]
    sections: tuple[PlanSection, ...]

    @property
    def footer(self) -> str:
        """Return the line printed on every page (the export date and the plan's version)."""
        return (
            f"Exported {self.exported.isoformat()} · plan schema {self.schema_version} · "
            f"alliancelab {self.package_version}"
        )


# ---------------------------------------------------------------- building the model


def _check_workbook(workbook: Any) -> Workbook:
    if not isinstance(workbook, Workbook):
        raise TypeError(f"workbook must be a Workbook, got {type(workbook).__name__}")
    return workbook


def _one_line(text: str, width: int = 220) -> str:
    """Return the first sentence of ``text`` (clipped to ``width`` characters)."""
    flat = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", flat)
    return clip(match.group(1) if match else flat, width)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fig(make: Callable[[], Any], alt: str, draw: bool) -> PlanFigure:
    if not draw:
        return PlanFigure(alt)
    from ._style import png_bytes

    fig = make()
    fig.set_dpi(_FIGURE_DPI)
    return PlanFigure(alt, png_bytes(fig))


def _yes(flag: Any) -> str:
    return "yes" if bool(flag) else "no"


def _condition(trigger: ExitTrigger) -> str:
    return f"{_CONDITIONS.get(trigger.comparison, trigger.comparison)} {trigger.threshold:g}"


def _reflection(wb: Workbook, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    notes = [text for name, text in wb.reflections.items() if _REFLECTIONS.get(name) == key]
    return (("Your notes", tuple(n for n in notes if n.strip())),) if any(notes) else ()


def _empty(key: str, title: str, exercise: str) -> PlanSection:
    return PlanSection(key, title, EXERCISES[exercise], False)


def _scorecard_section(wb: Workbook, draw: bool) -> tuple[PlanSection, Any]:
    if not wb.scorecards:
        return _empty("scorecard", "Partner scorecard", "scorecard"), None
    crit = list(wb.criteria)
    ranking = rank_candidates(list(wb.scorecards), crit)
    names = [c.name for c in crit]
    headers = ("Rank", "Candidate", *(_cap(n) for n in names), "Weighted total", "Weak link")
    rows = tuple(
        (
            str(r["rank"]),
            str(r["candidate"]),
            *(str(r[n]) for n in names),
            f"{r['weighted_total']:.2f}",
            _yes(r["weak_link"]),
        )
        for _, r in ranking.iterrows()
    )
    weights = {c.weight for c in crit}
    caption = "Scores from 1 (weak) to 5 (strong); the weighted total is their weighted mean"
    if len(weights) > 1:
        caption += " (weights: " + ", ".join(f"{c.name} {c.weight:g}" for c in crit) + ")"
    numeric = frozenset({0, *range(2, len(headers) - 1)})
    verdicts = tuple(f"{r['candidate']}: {r['verdict']}" for _, r in ranking.iterrows())
    why = tuple(
        f"{sc.candidate}, {name}: {s.rationale}"
        for sc in wb.scorecards
        for name, s in sc.scores.items()
        if s.rationale
    )
    top = ranking.iloc[0]
    alt = (
        f"Dot chart of {len(ranking)} candidates' scores on {len(names)} factors with their "
        f"weighted totals; {top['candidate']} ranks first with {top['weighted_total']:.2f}."
    )
    section = PlanSection(
        "scorecard",
        "Partner scorecard",
        EXERCISES["scorecard"],
        True,
        figure=_fig(lambda: plot_scorecards(ranking, crit), alt, draw),
        tables=(PlanTable(headers, rows, caption + ".", numeric),),
        lists=(
            ("Verdicts", verdicts),
            ("Why they scored as they did", why),
            *_reflection(wb, "scorecard"),
        ),
    )
    return section, ranking


def _resource_section(wb: Workbook, draw: bool) -> PlanSection:
    rmap = wb.resource_map
    if rmap is None:
        return _empty("resources", "Resource map", "resources")
    table = analyse(rmap)
    headers = (
        "Resource",
        f"{rmap.venture} brings",
        f"{rmap.partner} brings",
        "Needed at",
        "Status",
        "Depends on",
    )
    rows = tuple(
        (
            _cap(str(r["category"])),
            _yes(r[rmap.venture]),
            _yes(r[rmap.partner]),
            str(r["needed_at"]) or "not needed",
            str(r["status"]),
            str(r["depends_on"]) or "nobody",
        )
        for _, r in table.iterrows()
    )
    alt = (
        f"Resource map of {rmap.venture} and {rmap.partner}: {len(rows)} resource "
        "categories, who brings each and at which stage of the alliance it is needed."
    )
    return PlanSection(
        "resources",
        "Resource map",
        EXERCISES["resources"],
        True,
        text=(describe(rmap),),
        figure=_fig(lambda: plot_resource_map(rmap), alt, draw),
        tables=(PlanTable(headers, rows),),
        lists=_reflection(wb, "resources"),
    )


def _risk_section(wb: Workbook, draw: bool) -> tuple[PlanSection, Any]:
    reg = wb.risk_register
    if reg is None:
        return _empty("risks", "Risk register", "risks"), None
    table = risk_table(reg)
    headers = ("Risk", "Class", "Likelihood", "Impact", "Severity", "Band", "Owner", "Mitigation")
    rows = tuple(
        (
            _cap(str(r["name"])),
            str(r["risk_class"]),
            str(r["likelihood"]),
            str(r["impact"]),
            str(r["severity"]),
            str(r["band"]),
            str(r["owner"]) or "nobody yet",
            str(r["mitigation"]) or "none yet",
        )
        for _, r in table.iterrows()
    )
    labels = reg.assessment_labels
    text = (
        (
            f"Rated at the assessment “{labels[-1]}” (of {len(labels)}: {listing(labels)}); "
            "likelihood and impact from 1 to 5, severity is their product.",
        )
        if labels
        else ("No risk is rated yet.",)
    )
    alt = f"Likelihood by impact heat map with {len(rows)} rated risks, most severe first."
    section = PlanSection(
        "risks",
        "Risk register",
        EXERCISES["risks"],
        True,
        text=text,
        figure=_fig(lambda: plot_risk_matrix(reg), alt, draw) if labels else None,
        tables=(PlanTable(headers, rows, numeric=frozenset({2, 3, 4})),) if rows else (),
        lists=_reflection(wb, "risks"),
    )
    return section, table


def _governance_section(wb: Workbook, draw: bool) -> tuple[PlanSection, Any]:
    rec = recommend_governance(wb.governance_factors) if wb.governance_factors else None
    if rec is None and not (wb.governance_choice or wb.time_horizon):
        return _empty("governance", "Governance and time horizon", "deal"), None
    facts = [
        ("Your governance mode", wb.governance_choice or "not chosen yet"),
        ("Time horizon", wb.time_horizon or "not set yet"),
    ]
    tables: tuple[PlanTable, ...] = ()
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if rec is not None:
        facts[1:1] = [("Recommended mode", rec.mode.name), ("Runner-up", rec.runner_up.name)]
        rows = tuple(
            (
                _cap(str(r["label"])),
                f"{r['value']:g}",
                f"{int(r['level'])} of 5",
                f"{r['push']:+.1f}",
            )
            for _, r in rec.contributions.iterrows()
        )
        caption = "Push: positions the factor moves the target towards equity (+) or not (−)."
        tables = (
            PlanTable(("Factor", "Value", "Level", "Push"), rows, caption, frozenset({1, 3})),
        )
        lists = (("Why the recommender suggests it", rec.reasons),)
    choice = wb.governance_choice or None
    alt = (
        "The governance continuum from informal cooperation to joint venture"
        + (f", recommended mode {rec.mode.name}" if rec else "")
        + (f", your choice {choice}" if choice else "")
        + "."
    )
    figure = None
    if rec is not None or choice:
        figure = _fig(lambda: plot_governance_continuum(choice, recommendation=rec), alt, draw)
    section = PlanSection(
        "governance",
        "Governance and time horizon",
        EXERCISES["deal"],
        True,
        facts=tuple(facts),
        figure=figure,
        tables=tables,
        lists=lists + _reflection(wb, "governance"),
    )
    return section, rec


_CHARTER_LABELS = {"deliverables": "Key deliverables"}


def _charter_section(wb: Workbook) -> PlanSection:
    c = wb.charter
    if len(c.missing()) == len(CHARTER_FIELDS):
        return _empty("charter", "Alliance charter", "deal")
    facts = tuple(
        (_CHARTER_LABELS.get(f, _cap(f.replace("_", " "))), getattr(c, f) or "not written yet")
        for f in CHARTER_FIELDS
    )
    return PlanSection("charter", "Alliance charter", EXERCISES["deal"], True, facts=facts)


def _trigger_section(wb: Workbook) -> PlanSection:
    if not wb.exit_triggers:
        return _empty("triggers", "Exit triggers", "deal")
    rows = tuple((t.name, t.metric, _condition(t), t.action) for t in wb.exit_triggers)
    table = PlanTable(("Trigger", "Metric", "Condition", "Action"), rows)
    return PlanSection("triggers", "Exit triggers", EXERCISES["deal"], True, tables=(table,))


def _health_section(wb: Workbook) -> tuple[PlanSection, Any]:
    if wb.health is None:
        return _empty("health", "Health check", "health"), None
    h = wb.health
    check = health_check(
        h.signals, h.mismatches, fired_triggers=_fired(wb.exit_triggers, h.observations)
    )
    tables = []
    if wb.exit_triggers:
        status = check_triggers(wb.exit_triggers, h.observations)
        rows = tuple(
            (
                str(r["trigger"]),
                "no data" if r["observed"] != r["observed"] else f"{r['observed']:g}",
                _condition(t),
                str(r["status"]),
            )
            for t, (_, r) in zip(wb.exit_triggers, status.iterrows(), strict=True)
        )
        tables.append(
            PlanTable(("Trigger", "Observed", "Condition", "Status"), rows, numeric=frozenset({1}))
        )
    if h.mismatches:
        rows = tuple((_cap(k), f"{v} of 5") for k, v in h.mismatches.items())
        tables.append(PlanTable(("Mismatch", "Rating (1 aligned, 5 far apart)"), rows))
    facts = (
        ("Verdict", check.verdict),
        ("Exit signals present", listing(check.signals) if check.signals else "none"),
    )
    section = PlanSection(
        "health",
        "Health check",
        EXERCISES["health"],
        True,
        facts=facts,
        tables=tuple(tables),
        lists=(
            ("Why", check.reasons),
            ("Next steps", check.next_steps),
            *_reflection(wb, "health"),
        ),
    )
    return section, check


def _years(start: int | None, end: int | None) -> str:
    if start is None:
        return "" if end is None else f"until {end}"
    return f"{start}–{end}" if end is not None else f"{start}–present"


def _portfolio_section(wb: Workbook, draw: bool) -> PlanSection:
    if not wb.portfolio:
        return _empty("portfolio", "Alliance portfolio", "portfolio")
    alliances = list(wb.portfolio)
    needs = wb.resource_map.needed_categories() if wb.resource_map else []
    review = review_portfolio(alliances, needs)
    headers = ("Partner", "Purpose", "Direction", "Governance mode", "Brings", "Years")
    rows = tuple(
        (
            a.partner,
            a.purpose,
            a.direction,
            a.governance_mode,
            ", ".join(a.resources),
            _years(a.year_start, a.year_end),
        )
        for a in alliances
    )
    alt = (
        f"Portfolio of {len(alliances)} alliances: which partner brings which resource, "
        "with the mix of purposes and directions."
    )
    notes = tuple((a.partner, a.note) for a in alliances if a.note)
    return PlanSection(
        "portfolio",
        "Alliance portfolio",
        EXERCISES["portfolio"],
        True,
        figure=_fig(lambda: plot_portfolio(alliances, needs), alt, draw),
        tables=(PlanTable(headers, rows),),
        lists=(
            ("What the review found", review.notes),
            ("About each alliance", tuple(f"{p}: {n}" for p, n in notes)),
            *_reflection(wb, "portfolio"),
        ),
    )


def _capability_section(wb: Workbook, draw: bool) -> tuple[PlanSection, Any]:
    if wb.capability is None:
        return _empty("capability", "Alliance capability", "capability"), None
    profile = wb.capability
    cap = assess_capability(profile)
    rows = tuple(
        (_cap(str(r["practice"])), f"{r['level']}: {r['level_name']}", str(r["description"]))
        for _, r in cap.table.iterrows()
    )
    alt = f"The path of alliance capability with the venture at stage: {cap.stage}."
    section = PlanSection(
        "capability",
        "Alliance capability",
        EXERCISES["capability"],
        True,
        facts=(
            ("Alliances so far", str(profile.alliances_done)),
            ("Where you stand", cap.stage),
            ("Next step", cap.next_step),
        ),
        figure=_fig(lambda: plot_capability_path(profile), alt, draw),
        tables=(PlanTable(("Practice", "Level", "What it means"), rows),),
        lists=(("Why", cap.reasons), *_reflection(wb, "capability")),
    )
    return section, cap


def _fired(triggers: tuple[ExitTrigger, ...], observations: Mapping[str, float]) -> int:
    if not triggers:
        return 0
    return int(check_triggers(triggers, observations)["fired"].sum())


# ---------------------------------------------------------------- the summary page


def _partner_block(wb: Workbook, ranking: Any) -> SummaryBlock:
    title = "Partner recommended"
    if ranking is None:
        return SummaryBlock(title, missing=EXERCISES["scorecard"])
    top = ranking.iloc[0]
    scores = {c.name: top[c.name] for c in wb.criteria if c.weight > 0}
    best = max(scores.values())
    strongest = [f for f, s in scores.items() if s == best]
    lines = [
        f"{top['candidate']}: weighted total {top['weighted_total']:.2f} of 5, "
        f"rank 1 of {len(ranking)} candidates.",
        f"Strongest: {listing(strongest)} (scored {best}).",
    ]
    tied = [str(c) for c in ranking.loc[ranking["rank"] == 1, "candidate"]][1:]
    if tied:
        lines.append(f"Tied first with {listing(tied)}.")
    weakest = str(top["weakest_factor"])
    if top["weak_link"]:
        lines.append(
            f"Weak link: {weakest} scored only {scores.get(weakest, '?')}; "
            "test it in due diligence."
        )
    else:
        lines.append(f"No weak link; the weakest factor is {weakest} ({scores.get(weakest, '?')}).")
    return SummaryBlock(title, tuple(lines))


def _brings_block(wb: Workbook) -> SummaryBlock:
    title = "What each side brings"
    rmap = wb.resource_map
    if rmap is None:
        return SummaryBlock(title, missing=EXERCISES["resources"])
    found = resource_summary(rmap)
    lines = [
        f"{party}: {listing(sorted(rmap.brought_by(party))) or 'nothing yet'}."
        for party in (rmap.venture, rmap.partner)
    ]
    gaps = found["gap"]
    lines.append(
        f"Critical gaps (needed, brought by neither side): {listing(gaps)}."
        if gaps
        else "Critical gaps: none; every resource needed is brought by one side or both."
    )
    if found["redundant"]:
        lines.append(f"Both bring: {listing(found['redundant'])}.")
    return SummaryBlock(title, tuple(lines))


def _deal_block(wb: Workbook, rec: Any) -> SummaryBlock:
    title = "Deal shape"
    if rec is None and not (wb.governance_choice or wb.time_horizon):
        return SummaryBlock(title, missing=EXERCISES["deal"])
    lines = [f"Governance mode chosen: {wb.governance_choice or 'not chosen yet'}."]
    if rec is not None:
        agree = " (your choice matches it)" if rec.mode.name == wb.governance_choice else ""
        lines.append(
            f"The recommender suggests {rec.mode.name}{agree}, runner-up {rec.runner_up.name}."
        )
        words = {1: "very low", 2: "low", 3: "moderate", 4: "high", 5: "very high"}
        for way, sign in (("non-equity", -1), ("equity", 1)):
            pushed = [
                f"{r['label']} ({words.get(int(r['level']), r['level'])})"
                for _, r in rec.contributions.iterrows()
                if r["push"] * sign > 0
            ]
            if pushed:
                lines.append(f"Pushed towards {way} by {listing(pushed)}.")
    lines.append(f"Time horizon: {clip(wb.time_horizon, 160) or 'not set yet'}.")
    return SummaryBlock(title, tuple(lines))


def _risks_block(table: Any) -> SummaryBlock:
    title = "Top risks"
    if table is None or table.empty:
        return SummaryBlock(title, missing=EXERCISES["risks"])
    rows = tuple(
        (
            _cap(str(r["name"])),
            f"{r['severity']} ({r['band']})",
            clip(str(r["owner"]), 40) or "nobody yet",
            clip(str(r["mitigation"]), 150) or "none yet",
        )
        for _, r in table.head(5).iterrows()
    )
    caption = (
        f"The {len(rows)} most severe of {len(table)}"
        if len(table) > len(rows)
        else f"All {len(rows)}, most severe first"
    ) + "; severity = likelihood × impact, 1 to 25."
    headers = ("Risk", "Severity", "Owner", "Mitigation")
    return SummaryBlock(title, table=PlanTable(headers, rows, caption, frozenset({1})))


def _triggers_block(wb: Workbook) -> SummaryBlock:
    title = "Exit triggers"
    if not wb.exit_triggers:
        return SummaryBlock(title, missing=EXERCISES["deal"])
    lines = tuple(
        clip(
            f"{_cap(t.name)}: when {t.metric} is {_condition(t)}. Then: {t.action or 'review'}", 200
        )
        for t in wb.exit_triggers[:5]
    )
    more = len(wb.exit_triggers) - 5
    return SummaryBlock(
        title, lines + ((f"and {more} more (see Exit triggers)",) if more > 0 else ())
    )


def _next_block(
    wb: Workbook, sections: Sequence[PlanSection], check: Any, cap: Any
) -> SummaryBlock:
    lines = []
    if cap is not None:
        lines.append(f"Capability ({cap.stage}): {clip(cap.next_step, 200)}")
    if check is not None and check.next_steps:
        lines.append(f"Health check ({check.verdict}): {clip(check.next_steps[0], 200)}")
    missing = wb.charter.missing()
    if 0 < len(missing) < len(CHARTER_FIELDS):
        lines.append(
            "Charter still to write: " + listing([f.replace("_", " ") for f in missing]) + "."
        )
    titles = {s.key: s.title for s in sections}
    for name, text in wb.reflections.items():
        if text.strip():
            where = titles.get(_REFLECTIONS.get(name, ""), "Note")
            lines.append(f"Open question ({where.lower()}): {clip(' '.join(text.split()), 200)}")
    todo = list(dict.fromkeys(s.exercise for s in sections if not s.filled))
    if todo:
        lines.append("Not filled in yet: " + "; ".join(todo) + ".")
    return SummaryBlock("Next steps and open questions", tuple(lines[:7]))


def build_plan(
    workbook: Workbook, *, figures: bool = True, exported: _dt.date | None = None
) -> PlanDocument:
    """Read a workbook once into the plan document every format is rendered from.

    Parameters
    ----------
    workbook : Workbook
    figures : bool, default True
        Draw the figures (PNG). The Markdown needs only their alt text.
    exported : datetime.date, optional
        The export date shown on every page; today by default.

    Examples
    --------
    >>> from alliancelab.workbook import Venture
    >>> doc = build_plan(Workbook(Venture("Brightcell")), figures=False)
    >>> doc.sections[2].status
    'Not filled in yet: Exercise 2, resource map.'
    >>> [b.title for b in doc.summary][:2]
    ['Partner recommended', 'What each side brings']
    """
    from . import __version__

    wb = _check_workbook(workbook)
    v = wb.venture
    venture = PlanSection(
        "venture",
        "Venture",
        "the venture",
        True,
        facts=tuple(
            (label, value or "not written yet")
            for label, value in (
                ("Venture", v.name),
                ("What it does", v.description),
                ("Strategy", v.strategy),
                ("Goal of the alliance", v.alliance_goal),
            )
        ),
    )
    scorecard, ranking = _scorecard_section(wb, figures)
    risks, risk_rows = _risk_section(wb, figures)
    governance, rec = _governance_section(wb, figures)
    health, check = _health_section(wb)
    capability, cap = _capability_section(wb, figures)
    sections = (
        venture,
        scorecard,
        _resource_section(wb, figures),
        risks,
        governance,
        _charter_section(wb),
        _trigger_section(wb),
        health,
        _portfolio_section(wb, figures),
        capability,
    )
    summary = (
        _partner_block(wb, ranking),
        _brings_block(wb),
        _deal_block(wb, rec),
        _risks_block(risk_rows),
        _triggers_block(wb),
        _next_block(wb, sections, check, cap),
    )
    text = " ".join((v.name, v.description, v.alliance_goal)).lower()
    return PlanDocument(
        title=f"Alliance plan: {' '.join(v.name.split())}",
        venture=v.name,
        one_line=_one_line(v.description) if v.description else "",
        fictional="fictional" in text,
        exported=exported or _dt.date.today(),
        schema_version=SCHEMA_VERSION,
        package_version=__version__,
        summary=summary,
        sections=sections,
    )


def to_markdown(workbook: Workbook) -> str:
    """Return the plan as a Markdown document; the learner's text is escaped.

    Examples
    --------
    >>> from alliancelab.workbook import Venture
    >>> md = to_markdown(Workbook(Venture("<b>Bold</b> Co")))
    >>> "&lt;b&gt;" in md and "<b>" not in md
    True
    """
    from .export import render_markdown

    return render_markdown(build_plan(workbook, figures=False))


def to_html(workbook: Workbook) -> str:
    """Return the plan as a self-contained HTML page; the learner's text is escaped.

    Examples
    --------
    >>> from alliancelab.workbook import Venture
    >>> page = to_html(Workbook(Venture("<script>alert(1)</script>")))
    >>> "<script>" in page
    False
    """
    from .export import render_html

    return render_html(build_plan(workbook))


def to_pdf(workbook: Workbook) -> bytes:
    """Return the plan as an A4 PDF document.

    Raises
    ------
    RuntimeError
        If WeasyPrint is missing or cannot load Pango (see
        :func:`alliancelab.export.render_pdf`); the message says what to install.
    """
    from .export import render_pdf

    return render_pdf(build_plan(workbook))


def format_of(path: str | os.PathLike[str]) -> str:
    """Return the suffix of ``path`` that names its format, one of :data:`FORMATS`.

    Raises
    ------
    ValueError
        When the suffix is not one of :data:`FORMATS`.

    Examples
    --------
    >>> format_of("plan.PDF")
    '.pdf'
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(f"{s} ({name})" for s, name in FORMATS.items())
        raise ValueError(f"cannot tell the format of {path.name!r}: its name must end in {known}")
    return suffix


def write_plan(workbook: Workbook, path: str | os.PathLike[str]) -> Path:
    """Write the plan to ``path`` (atomically) in the format its suffix names.

    Raises
    ------
    ValueError
        When the suffix is not one of :data:`FORMATS`.
    RuntimeError
        For a PDF where WeasyPrint cannot run.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from alliancelab.workbook import Venture
    >>> out = write_plan(Workbook(Venture("X")), pathlib.Path(tempfile.mkdtemp()) / "x.md")
    >>> out.read_text().startswith("# Alliance plan: X")
    True
    """
    from .export import render

    path = Path(path)
    suffix = format_of(path)
    _check_workbook(workbook)
    return atomic_write(path, render(build_plan(workbook, figures=suffix != ".md"), suffix))


def export_plan(
    workbook: Workbook,
    stem: str | os.PathLike[str],
    formats: Sequence[str] = (".md", ".html"),
) -> tuple[Path, ...]:
    """Write the plan as ``<stem>.md`` and ``<stem>.html`` (or ``formats``); return the paths.

    ``formats`` are suffixes of :data:`FORMATS` (add ``".pdf"`` for an A4 PDF).

    The plan is read once; every document is made before any file is touched, so a
    failure leaves the earlier exports as they were (and no temporary file behind).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from alliancelab.workbook import Venture
    >>> stem = pathlib.Path(tempfile.mkdtemp()) / "plan"
    >>> md, page = export_plan(Workbook(Venture("Brightcell")), stem)
    >>> md.name, page.name
    ('plan.md', 'plan.html')
    """
    from .export import render

    _check_workbook(workbook)
    stem = Path(stem)
    suffixes = [format_of(Path("plan" + s)) for s in formats]
    doc = build_plan(workbook, figures=any(s != ".md" for s in suffixes))
    contents = [(s, render(doc, s)) for s in suffixes]
    return tuple(atomic_write(stem.with_name(stem.name + s), c) for s, c in contents)
