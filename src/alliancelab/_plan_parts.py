"""The parts of the plan document, read from a workbook: its sections and its summary page.

:func:`plan_parts` turns a :class:`~alliancelab.workbook.Workbook` into the sections of
the plan (each with its readable tables and, when asked, its figure as PNG bytes) and the
blocks of the one-page summary. The model they fill in, and the document that holds them,
are in :mod:`alliancelab.report`; the templates that render them, in :mod:`alliancelab.export`.

Examples
--------
>>> from alliancelab.workbook import Venture, Workbook
>>> sections, summary = plan_parts(Workbook(Venture("Brightcell")), draw=False)
>>> sections[0].facts[0], summary[0].missing
(('Venture', 'Brightcell'), 'Exercise 1, partner scorecard')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ._plan_corporate import perception_section, pilot_section, steering_section
from ._text import clip, listing
from .capability import assess_capability, plot_capability_path
from .governance import plot_governance_continuum, recommend_governance
from .lifecycle import ExitTrigger, review_health
from .portfolio import plot_portfolio, review_portfolio
from .report import EXERCISES, PlanFigure, PlanSection, PlanTable, SummaryBlock
from .resources import analyse, describe, plot_resource_map
from .resources import summary as resource_summary
from .risks import plot_risk_matrix, risk_table
from .scorecard import plot_scorecards, rank_candidates
from .workbook import CHARTER_FIELDS, CHARTER_LABELS, Workbook

__all__ = ["plan_parts"]

# the workbook's reflection keys (one per exercise), by the section they belong to
_REFLECTIONS = {
    "scorecard": "scorecard",
    "resource_map": "resources",
    "risk_matrix": "risks",
    "deal_design": "governance",
    "health_check": "health",
    "portfolio": "portfolio",
    "capability": "capability",
    "pilot": "pilot",
    "steering": "steering",
    "perception": "perception",
}
_CONDITIONS = {">": "more than", ">=": "at least", "<": "less than", "<=": "at most"}
_CONDITIONS["=="] = "exactly"
# the summary page names the partner, the parties and the risks in this many characters at
# most, so that it stays one page (the sections after it give every name in full)
_SUMMARY_NAME = 40


# ---------------------------------------------------------------- the sections


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


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
        figure=PlanFigure.drawn(lambda: plot_scorecards(ranking, crit), alt, draw),
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
        figure=PlanFigure.drawn(lambda: plot_resource_map(rmap), alt, draw),
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
        figure=PlanFigure.drawn(lambda: plot_risk_matrix(reg), alt, draw) if labels else None,
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
        figure = PlanFigure.drawn(
            lambda: plot_governance_continuum(choice, recommendation=rec), alt, draw
        )
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


def _charter_section(wb: Workbook) -> PlanSection:
    c = wb.charter
    if len(c.missing()) == len(CHARTER_FIELDS):
        return _empty("charter", "Alliance charter", "deal")
    facts = tuple((CHARTER_LABELS[f], getattr(c, f) or "not written yet") for f in CHARTER_FIELDS)
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
    check, status = review_health(wb.exit_triggers, h.observations, h.signals, h.mismatches)
    tables = []
    if wb.exit_triggers:
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
        figure=PlanFigure.drawn(lambda: plot_portfolio(alliances, needs), alt, draw),
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
        figure=PlanFigure.drawn(lambda: plot_capability_path(profile), alt, draw),
        tables=(PlanTable(("Practice", "Level", "What it means"), rows),),
        lists=(("Why", cap.reasons), *_reflection(wb, "capability")),
    )
    return section, cap


def _corporate_sections(wb: Workbook, draw: bool) -> tuple[PlanSection, ...]:
    """Return the pilot charter, steering committee and two-sided check, with their notes."""
    out = []
    for build, key, part in (
        (pilot_section, "pilot", wb.pilot),
        (steering_section, "steering", wb.steering),
        (perception_section, "perception", wb.perception),
    ):
        section = build(part, EXERCISES[key], draw)
        if section.filled:
            section = dataclasses.replace(section, lists=section.lists + _reflection(wb, key))
        out.append(section)
    return tuple(out)


# ---------------------------------------------------------------- the summary page


def _short(name: Any, width: int = _SUMMARY_NAME) -> str:
    """Return a name as the summary page prints it: on one line, cut short with an ellipsis.

    Examples
    --------
    >>> _short("Aldermoor Pharma"), _short("A very long partner name, " * 3)
    ('Aldermoor Pharma', 'A very long partner name, A very long p…')
    """
    return clip(" ".join(str(name).split()), width)


def _partner_block(wb: Workbook, ranking: Any) -> SummaryBlock:
    title = "Partner recommended"
    if ranking is None:
        return SummaryBlock(title, missing=EXERCISES["scorecard"])
    top = ranking.iloc[0]
    scores = {c.name: top[c.name] for c in wb.criteria if c.weight > 0}
    best = max(scores.values())
    strongest = [f for f, s in scores.items() if s == best]
    lines = [
        f"{_short(top['candidate'])}: weighted total {top['weighted_total']:.2f} of 5, "
        f"rank 1 of {len(ranking)} candidates.",
        f"Strongest: {listing(strongest)} (scored {best}).",
    ]
    tied = [_short(c) for c in ranking.loc[ranking["rank"] == 1, "candidate"]][1:]
    if tied:
        lines.append(clip(f"Tied first with {listing(tied)}", 150) + ".")
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
        f"{_short(party)}: {listing(sorted(rmap.brought_by(party))) or 'nothing yet'}."
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
            _cap(_short(r["name"], 60)),
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


def _venture_section(wb: Workbook) -> PlanSection:
    v = wb.venture
    facts = (
        ("Venture", v.name),
        ("What it does", v.description),
        ("Strategy", v.strategy),
        ("Goal of the alliance", v.alliance_goal),
    )
    return PlanSection(
        "venture",
        "Venture",
        "the venture",
        True,
        facts=tuple((label, value or "not written yet") for label, value in facts),
    )


def plan_parts(
    wb: Workbook, draw: bool
) -> tuple[tuple[PlanSection, ...], tuple[SummaryBlock, ...]]:
    """Return the sections of the plan and the blocks of its summary page.

    Parameters
    ----------
    wb : Workbook
    draw : bool
        Draw the figures (PNG); without, each figure holds its alt text only.

    Examples
    --------
    >>> from alliancelab.workbook import example_workbook
    >>> sections, summary = plan_parts(example_workbook(), draw=False)
    >>> [s.key for s in sections][:3], summary[-1].title
    (['venture', 'scorecard', 'resources'], 'Next steps and open questions')
    """
    scorecard, ranking = _scorecard_section(wb, draw)
    risks, risk_rows = _risk_section(wb, draw)
    governance, rec = _governance_section(wb, draw)
    health, check = _health_section(wb)
    capability, cap = _capability_section(wb, draw)
    pilot, steering, perception = _corporate_sections(wb, draw)
    sections = (
        _venture_section(wb),
        scorecard,
        _resource_section(wb, draw),
        risks,
        governance,
        _charter_section(wb),
        _trigger_section(wb),
        pilot,
        steering,
        health,
        perception,
        _portfolio_section(wb, draw),
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
    return sections, summary
