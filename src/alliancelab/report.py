"""The learner's plan as a document: Markdown and HTML exports of a workbook.

Every piece of the learner's text is escaped in both formats (HTML markup, Markdown
punctuation, table pipes and line breaks), so whatever a learner types reads back as
typed. Files are written through the package's one atomic writer.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._files import atomic_write
from .capability import assess_capability
from .governance import recommend_governance
from .lifecycle import ExitTrigger, check_triggers, health_check
from .resources import analyse
from .risks import RISK_TABLE_COLUMNS, risk_table
from .scorecard import rank_candidates
from .workbook import Workbook

__all__ = ["export_plan", "to_html", "to_markdown"]


def _check_workbook(workbook: Any) -> Workbook:
    if not isinstance(workbook, Workbook):
        raise TypeError(f"workbook must be a Workbook, got {type(workbook).__name__}")
    return workbook


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def _md(text: str) -> str:
    """Escape learner text for Markdown: HTML first, then Markdown punctuation."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def _md_cell(text: str) -> str:
    """Escape text for a Markdown table cell: a line break must not end the row."""
    return "<br>".join(_md(line) for line in str(text).splitlines()) or ""


def _md_lines(text: str) -> str:
    """Escape text for a Markdown list item, keeping its line breaks inside the item."""
    return "<br>".join(_md(line) for line in str(text).splitlines())


def _plan_blocks(wb: Workbook) -> list[tuple[str, list[Any]]]:
    """Return the plan as (heading, blocks); a block is text or a table (headers, rows)."""
    sections: list[tuple[str, list[Any]]] = []
    v = wb.venture
    sections.append(
        (
            "Venture",
            [
                (
                    "kv",
                    [
                        ("Venture", v.name),
                        ("What it does", v.description),
                        ("Strategy", v.strategy),
                        ("Goal of the alliance", v.alliance_goal),
                    ],
                )
            ],
        )
    )
    blocks: list[Any] = []
    if wb.scorecards:
        ranking = rank_candidates(list(wb.scorecards), list(wb.criteria))
        cols = [c.name for c in wb.criteria]
        headers = ["Rank", "Candidate", *cols, "Weighted total", "Weak link"]
        rows = [
            [
                str(r["rank"]),
                str(r["candidate"]),
                *[str(r[c]) for c in cols],
                f"{r['weighted_total']:.2f}",
                "yes" if r["weak_link"] else "no",
            ]
            for _, r in ranking.iterrows()
        ]
        blocks.append(("table", headers, rows))
        for sc in wb.scorecards:
            notes = [f"{name}: {s.rationale}" for name, s in sc.scores.items() if s.rationale]
            if notes:
                blocks.append(("list", f"Why {sc.candidate} scored as it did", notes))
    else:
        blocks.append(("text", "Not filled in yet (exercise 1)."))
    sections.append(("Partner scorecard", blocks))

    if wb.resource_map is not None:
        table = analyse(wb.resource_map)
        headers = [str(c) for c in table.columns]
        rows = [[_cell(x) for x in row] for row in table.itertuples(index=False)]
        sections.append(("Resource map", [("table", headers, rows)]))
    else:
        sections.append(("Resource map", [("text", "Not filled in yet (exercise 2).")]))

    if wb.risk_register is not None:
        table = risk_table(wb.risk_register)
        keep = [c for c in RISK_TABLE_COLUMNS if c != "assessment" and c in table.columns]
        rows = [[_cell(x) for x in row] for row in table[keep].itertuples(index=False)]
        sections.append(("Risk register", [("table", keep, rows)]))
    else:
        sections.append(("Risk register", [("text", "Not filled in yet (exercise 3).")]))

    gov: list[Any] = []
    if wb.governance_factors is not None:
        rec = recommend_governance(wb.governance_factors)
        gov.append(("text", f"Recommended mode: {rec.mode.name}."))
        gov.append(("list", "Why", list(rec.reasons)))
    gov.append(
        (
            "kv",
            [("Chosen governance mode", wb.governance_choice), ("Time horizon", wb.time_horizon)],
        )
    )
    sections.append(("Governance and time horizon", gov))

    c = wb.charter
    sections.append(
        (
            "Alliance charter",
            [
                (
                    "kv",
                    [
                        ("Objectives", c.objectives),
                        ("Scope", c.scope),
                        ("Governance", c.governance),
                        ("Key deliverables", c.deliverables),
                        ("Dispute resolution", c.dispute_resolution),
                        ("Review cadence", c.review_cadence),
                    ],
                )
            ],
        )
    )
    if wb.exit_triggers:
        headers = ["Trigger", "Metric", "Condition", "Action"]
        rows = [
            [t.name, t.metric, f"{t.comparison} {t.threshold:g}", t.action]
            for t in wb.exit_triggers
        ]
        sections.append(("Exit triggers", [("table", headers, rows)]))
    else:
        sections.append(("Exit triggers", [("text", "Not filled in yet (exercise 4).")]))

    if wb.health is not None:
        check = health_check(
            wb.health.signals,
            wb.health.mismatches,
            fired_triggers=_fired(wb.exit_triggers, wb.health.observations),
        )
        blocks = [("kv", [("Verdict", check.verdict)]), ("list", "Why", list(check.reasons))]
        blocks.append(("list", "Next steps", list(check.next_steps)))
        sections.append(("Health check", blocks))
    else:
        sections.append(("Health check", [("text", "Not filled in yet (exercise 5).")]))

    if wb.portfolio:
        headers = ["Partner", "Purpose", "Direction", "Governance", "Brings"]
        rows = [
            [a.partner, a.purpose, a.direction, a.governance_mode, ", ".join(a.resources)]
            for a in wb.portfolio
        ]
        sections.append(("Alliance portfolio", [("table", headers, rows)]))
    else:
        sections.append(("Alliance portfolio", [("text", "Not filled in yet (exercise 6).")]))

    if wb.capability is not None:
        cap = assess_capability(wb.capability)
        sections.append(
            (
                "Alliance capability",
                [("kv", [("Where you stand", cap.stage), ("Next step", cap.next_step)])],
            )
        )
    else:
        sections.append(("Alliance capability", [("text", "Not filled in yet (exercise 7).")]))
    if wb.reflections:
        sections.append(("Reflections", [("kv", list(wb.reflections.items()))]))
    return sections


def _fired(triggers: tuple[ExitTrigger, ...], observations: Mapping[str, float]) -> int:
    if not triggers:
        return 0
    return int(check_triggers(triggers, observations)["fired"].sum())


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_markdown(workbook: Workbook) -> str:
    """Return the plan as a Markdown document; the learner's text is escaped.

    Examples
    --------
    >>> from alliancelab.workbook import Venture
    >>> md = to_markdown(Workbook(Venture("<b>Bold</b> Co")))
    >>> "&lt;b&gt;" in md and "<b>" not in md
    True
    """
    _check_workbook(workbook)
    out = [f"# Alliance plan: {_md(' '.join(workbook.venture.name.split()))}", ""]
    for heading, blocks in _plan_blocks(workbook):
        out += [f"## {heading}", ""]
        for block in blocks:
            kind = block[0]
            if kind == "text":
                out += [_md_lines(block[1]), ""]
            elif kind == "kv":
                for key, value in block[1]:
                    shown = _md_lines(value) if value else "_(empty)_"
                    out.append(f"- **{_md(key)}:** {shown}")
                out.append("")
            elif kind == "list":
                out += [f"**{_md(block[1])}**", ""] + [f"- {_md_lines(x)}" for x in block[2]] + [""]
            elif kind == "table":
                headers, rows = block[1], block[2]
                out.append("| " + " | ".join(_md_cell(h) for h in headers) + " |")
                out.append("|" + "---|" * len(headers))
                out += ["| " + " | ".join(_md_cell(x) for x in row) + " |" for row in rows]
                out.append("")
    return "\n".join(out).rstrip() + "\n"


_HTML_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1a1a1a}
table{border-collapse:collapse;margin:0.5rem 0 1rem}
th,td{border:1px solid #999;padding:0.3rem 0.6rem;text-align:left;vertical-align:top}
th{background:#eef3f8}
dt{font-weight:bold}dd{margin:0 0 0.5rem 1rem;white-space:pre-wrap}
@media print{body{margin:0}h2{page-break-after:avoid}}
"""


def to_html(workbook: Workbook) -> str:
    """Return the plan as a self-contained HTML page; the learner's text is escaped.

    Examples
    --------
    >>> from alliancelab.workbook import Venture
    >>> page = to_html(Workbook(Venture("<script>alert(1)</script>")))
    >>> "<script>" in page
    False
    """
    _check_workbook(workbook)
    e = html.escape
    title = f"Alliance plan: {e(workbook.venture.name)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{_HTML_STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
    ]
    for heading, blocks in _plan_blocks(workbook):
        out.append(f"<h2>{e(heading)}</h2>")
        for block in blocks:
            kind = block[0]
            if kind == "text":
                out.append(f"<p>{e(block[1])}</p>")
            elif kind == "kv":
                out.append("<dl>")
                for key, value in block[1]:
                    shown = e(value) if value else "<em>(empty)</em>"
                    out.append(f"<dt>{e(key)}</dt><dd>{shown}</dd>")
                out.append("</dl>")
            elif kind == "list":
                items = "".join(f"<li>{e(x)}</li>" for x in block[2])
                out.append(f"<p><strong>{e(block[1])}</strong></p><ul>{items}</ul>")
            elif kind == "table":
                head = "".join(f'<th scope="col">{e(h)}</th>' for h in block[1])
                body = "".join(
                    "<tr>" + "".join(f"<td>{e(x)}</td>" for x in row) + "</tr>" for row in block[2]
                )
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def export_plan(workbook: Workbook, stem: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write the plan as ``<stem>.md`` and ``<stem>.html`` (atomically) and return both paths.

    Both documents are made before either file is touched, so a failure leaves the
    earlier exports as they were (and no temporary file behind).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from alliancelab.workbook import Venture
    >>> stem = pathlib.Path(tempfile.mkdtemp()) / "plan"
    >>> md, page = export_plan(Workbook(Venture("Brightcell")), stem)
    >>> md.name, page.name
    ('plan.md', 'plan.html')
    """
    texts = ((".md", to_markdown(workbook)), (".html", to_html(workbook)))
    stem = Path(stem)
    written = [atomic_write(stem.with_name(stem.name + suffix), text) for suffix, text in texts]
    return written[0], written[1]
