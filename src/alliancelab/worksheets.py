"""Printable worksheets: one paper form per exercise, built from the package's definitions.

An instructor running a workshop needs worksheets a team can fill in by hand. Each
sheet here is built from the same definitions the on-screen exercises use (the selection
factors of ``AlliancesOverview``, the resource categories and alliance stages, the seven
standard risks and their classes from ``StartupAllianceReview``, the governance modes,
the charter fields, the exit-trigger columns and exit signals, the portfolio purposes
and directions, the capability practices), so the paper form and the screen never
disagree: change a definition and both follow.

Each worksheet is a small HTML document (A4, large writing boxes, a footer with the
course name and the exercise's address, black-and-white printable: bands carry a label
and a hatching, never colour alone). :func:`render_pdf` turns one into a PDF with
WeasyPrint, which is imported only there (install the ``worksheets`` extra; WeasyPrint
needs the Pango library from the operating system).

Run it as a command::

    python -m alliancelab.worksheets OUT_DIR            # all seven sheets
    python -m alliancelab.worksheets OUT_DIR --only 03-risk-matrix

Examples
--------
>>> [w.slug for w in WORKSHEETS][:2]
['01-partner-scorecard', '02-resource-map']
>>> page = worksheet_html("01-partner-scorecard")
>>> page.startswith("<!DOCTYPE html>") and "cultural similarity" in page
True
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import inspect
import string
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from ._files import atomic_write
from .capability import CAPABILITY_PRACTICES, PRACTICE_LEVELS
from .governance import FACTOR_LABELS, FACTOR_QUESTIONS, FACTORS, GOVERNANCE_MODES
from .lifecycle import EXIT_SIGNALS, MISMATCH_DIMENSIONS, VERDICTS, ExitTrigger
from .portfolio import DIRECTIONS, PURPOSES
from .resources import ALLIANCE_STAGES, RESOURCE_CATEGORIES, RESOURCE_STATUSES
from .risks import SEVERITY_BANDS, STANDARD_RISKS, severity_band
from .scorecard import default_criteria, rank_candidates
from .workbook import CHARTER_FIELDS

__all__ = [
    "COURSE_NAME",
    "WORKSHEETS",
    "Worksheet",
    "get_worksheet",
    "main",
    "render_pdf",
    "worksheet_html",
    "write_worksheets",
]

#: The course name printed in every footer.
COURSE_NAME = "Alliance Lab"


def _e(value: object) -> str:
    """Escape any value for HTML text or an attribute."""
    return html.escape(str(value), quote=True)


def _label(name: str) -> str:
    """Turn a definition's name into a label: ``dispute_resolution`` -> ``Dispute resolution``."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Worksheet:
    """One printable worksheet: which exercise it belongs to and how its body is built.

    Parameters
    ----------
    number : int
        The exercise number (1-7).
    slug : str
        The exercise's file name without suffix, e.g. ``"03-risk-matrix"``; also the
        PDF's file name.
    title : str
        The exercise title printed at the top.
    orientation : {"portrait", "landscape"}
        The A4 page orientation.
    build : callable
        Returns the sheet's body as HTML (text already escaped).
    intro : str
        One or two sentences telling the team what to do.

    Examples
    --------
    >>> get_worksheet("03-risk-matrix")
    Worksheet(3, '03-risk-matrix', 'Risk matrix', landscape)
    """

    number: int
    slug: str
    title: str
    orientation: str
    build: Callable[[], str]
    intro: str = ""

    @property
    def exercise_path(self) -> str:
        """The exercise's address inside the course site, e.g. ``exercises/03-risk-matrix``."""
        return f"exercises/{self.slug}"

    def __repr__(self) -> str:
        return f"Worksheet({self.number}, {self.slug!r}, {self.title!r}, {self.orientation})"


# --------------------------------------------------------------------------- building blocks


def _box(label: str = "") -> str:
    """Return a small tick box, optionally followed by a label."""
    tail = f" {_e(label)}" if label else ""
    return f'<span class="tick"></span>{tail}'


def _choices(options: Iterable[str]) -> str:
    """Return a row of labelled tick boxes (tick one or more)."""
    return (
        '<span class="choices">'
        + "".join(f'<span class="choice">{_box(o)}</span>' for o in options)
        + "</span>"
    )


def _scale(low: int = 1, high: int = 5) -> str:
    """Return numbers to circle, from ``low`` to ``high``."""
    return (
        '<span class="scale">'
        + "".join(f'<span class="num">{n}</span>' for n in range(low, high + 1))
        + "</span>"
    )


def _table(
    head: Sequence[str] | str,
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[str] | None = None,
    cls: str = "",
) -> str:
    """Return an HTML table.

    ``head`` holds column names (escaped here) or a ready ``<tr>``; ``rows`` hold ready HTML.
    """
    cols = ""
    if widths:
        cols = "<colgroup>" + "".join(f'<col style="width:{w}">' for w in widths) + "</colgroup>"
    if isinstance(head, str):
        th = head
    else:
        th = "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}">{cols}<thead>{th}</thead><tbody>{body}</tbody></table>'


def _name(text: str, note: str = "") -> str:
    """Return a row heading: the definition's name in bold and an optional small note."""
    small = f'<span class="note">{_e(note)}</span>' if note else ""
    return f'<span class="item">{_e(text)}</span>{small}'


def _own(label: str = "Your own") -> str:
    """Return a blank row heading for the team's own entry."""
    return f'<span class="own">{_e(label)}:</span>'


def _write(label: str, height: str = "22mm") -> str:
    """Return a labelled writing box."""
    return (
        f'<div class="write" style="min-height:{height}"><span class="wlabel">'
        f"{_e(label)}</span></div>"
    )


def _section(title: str, body: str, note: str = "") -> str:
    small = f'<p class="hint">{_e(note)}</p>' if note else ""
    return f"<section><h2>{_e(title)}</h2>{small}{body}</section>"


_BREAK = '<div class="pagebreak"></div>'


# --------------------------------------------------------------------------- the sheets


def _sheet_scorecard() -> str:
    params = inspect.signature(rank_candidates).parameters
    floor = params["floor"].default
    strong = params["strong_total"].default
    head = [
        "Criterion",
        "Weight",
        "Candidate A: score",
        "Evidence for A's score",
        "Candidate B: score",
        "Evidence for B's score",
    ]
    rows = [
        [_name(c.name, c.description), "", _scale(), "", _scale(), ""] for c in default_criteria()
    ]
    rows += [[_own("Your own criterion"), "", _scale(), "", _scale(), ""] for _ in range(3)]
    rows.append(
        [
            '<span class="item">Weighted total</span>'
            '<span class="note">sum of weight × score, divided by the sum of weights</span>',
            "",
            "",
            "",
            "",
            "",
        ]
    )
    grid = _table(head, rows, widths=["24%", "7%", "13%", "19%", "13%", "19%"], cls="grid taller")
    names = (
        '<p class="fill">Candidate A: <span class="line"></span> Candidate B: '
        '<span class="line"></span></p>'
    )
    weak = (
        f"A <b>weak link</b> is a weighted factor scored {floor} or lower. A candidate whose "
        f"weighted total is {strong:g} or more and still has a weak link hides a danger: "
        "a strong total can mask one factor that sinks the alliance."
    )
    checks = _table(
        ["", "Candidate A", "Candidate B"],
        [
            [_name("Weak links (factors scored at or below " + str(floor) + ")"), "", ""],
            [
                _name("Strong total hiding a weak link?"),
                _choices(["yes", "no"]),
                _choices(["yes", "no"]),
            ],
            [
                _name("Decision"),
                _choices(["pursue", "manage the weak link", "walk away"]),
                _choices(["pursue", "manage the weak link", "walk away"]),
            ],
        ],
        widths=["34%", "33%", "33%"],
        cls="grid tall",
    )
    return (
        names
        + grid
        + _BREAK
        + _section("Weak-link check", f'<p class="hint">{weak}</p>' + checks)
        + _write("Plan for the weak link, or why you walk away", "40mm")
    )


def _sheet_resource_map() -> str:
    n = len(ALLIANCE_STAGES)
    letters = [s[:1].upper() for s in RESOURCE_STATUSES]
    head = (
        '<tr><th rowspan="2">Resource category</th><th rowspan="2">Venture brings '
        '(what, exactly)</th><th rowspan="2">Partner brings (what, exactly)</th>'
        f'<th colspan="{n}" class="group">Needed at stage (tick)</th>'
        '<th rowspan="2">Status (circle)</th></tr><tr>'
        + "".join(f"<th>{_e(s)}</th>" for s in ALLIANCE_STAGES)
        + "</tr>"
    )
    stage_cells = ['<span class="tick"></span>'] * n
    status_cell = (
        '<span class="scale">'
        + "".join(f'<span class="num">{_e(x)}</span>' for x in letters)
        + "</span>"
    )
    rows = [[_name(c), "", "", *stage_cells, status_cell] for c in RESOURCE_CATEGORIES]
    rows += [[_own("Your own category"), "", "", *stage_cells, status_cell] for _ in range(2)]
    grid = _table(
        head,
        rows,
        widths=["15%", "22%", "22%", *[f"{28 / n:.2f}%"] * n, "13%"],
        cls="grid centred-ticks compact",
    )
    key = " · ".join(
        f"<b>{_e(x)}</b> = {_e(s)}" for x, s in zip(letters, RESOURCE_STATUSES, strict=True)
    )
    legend = _table(
        ["Status", "Who brings it", "Needed at some stage?"],
        [
            [_name(RESOURCE_STATUSES[0]), "exactly one side", "yes"],
            [_name(RESOURCE_STATUSES[1]), "nobody", "yes"],
            [_name(RESOURCE_STATUSES[2]), "both sides", "either"],
            [_name(RESOURCE_STATUSES[3]), "exactly one side", "no"],
        ],
        widths=["30%", "35%", "35%"],
        cls="grid legend",
    )
    names = (
        '<p class="fill">Venture: <span class="line"></span> Partner: '
        '<span class="line"></span></p>'
    )
    return (
        names
        + grid
        + f'<p class="hint">Status: {key}.</p>'
        + _BREAK
        + _section("What the map tells you", legend)
        + _write("Gaps: which need does nobody bring, and who will find it?", "38mm")
        + _write("Dependence: which single resource does the alliance hang on?", "38mm")
        + _write("Redundancy: where do both sides bring the same thing?", "34mm")
    )


def _sheet_risk_matrix() -> str:
    lbox = (
        '<span class="lbl">L</span><span class="sq"></span> '
        '<span class="lbl">I</span><span class="sq"></span>'
    )
    head = [
        "No.",
        "Risk",
        "Class",
        "Before: likelihood, impact",
        "Owner",
        "Mitigation",
        "After: likelihood, impact",
    ]
    rows = [
        [str(i), _name(r.name, r.description), _e(r.risk_class), lbox, "", "", lbox]
        for i, r in enumerate(STANDARD_RISKS, start=1)
    ]
    n = len(STANDARD_RISKS)
    rows += [[str(n + k), _own("Your own risk"), "", lbox, "", "", lbox] for k in (1, 2)]
    table = _table(
        head, rows, widths=["4%", "27%", "9%", "12%", "11%", "25%", "12%"], cls="grid tall"
    )
    bands = ", ".join(f"{_e(b)} {lo}-{hi}" for b, (lo, hi) in SEVERITY_BANDS.items())
    scale = (
        '<p class="hint">Rate likelihood (L) and impact (I) from 1 (low) to 5 (high). '
        f"Severity is likelihood × impact: {bands}.</p>"
    )
    return scale + table + _BREAK + _matrix()


def _matrix() -> str:
    """Return a blank 5×5 matrix, each cell labelled and hatched by its severity band."""
    pattern = {b: f"band{min(i, 3)}" for i, b in enumerate(SEVERITY_BANDS)}
    rows = []
    for lik in range(5, 0, -1):
        cells = "".join(
            f'<td class="{pattern[severity_band(lik * imp)]}"><span class="bandname">'
            f'{_e(severity_band(lik * imp))}</span><span class="sev">{lik * imp}</span></td>'
            for imp in range(1, 6)
        )
        rows.append(f'<tr><th class="axis">{lik}</th>{cells}</tr>')
    foot = "".join(f'<th class="axis">{i}</th>' for i in range(1, 6))
    matrix = (
        '<div class="matrixwrap"><div class="ylabel">Likelihood</div>'
        f'<table class="matrix"><tbody>{"".join(rows)}'
        f'<tr><th class="axis"></th>{foot}</tr></tbody></table>'
        '<div class="xlabel">Impact</div></div>'
    )
    legend = "".join(
        f'<span class="legendkey"><span class="swatch {pattern[b]}"></span>{_e(b)} '
        f"({lo}-{hi})</span>"
        for b, (lo, hi) in SEVERITY_BANDS.items()
    )
    notes = (
        _write("Which risk moved most after mitigation, and why?", "40mm")
        + _write("Which relational risks stay high however you mitigate them?", "40mm")
        + _write("Risks that need a decision from top management", "34mm")
    )
    body = (
        '<table class="side"><tr><td class="left">'
        + matrix
        + f'<p class="legend">Severity bands: {legend}</p></td>'
        f'<td class="right">{notes}</td></tr></table>'
    )
    return _section(
        "Risk matrix: write each risk's number where it stands before signing, and circle "
        "it where it stands after",
        body,
        "The small number in each cell is its severity (likelihood × impact).",
    )


def _sheet_deal_design() -> str:
    modes = sorted(GOVERNANCE_MODES, key=lambda m: m.position)
    continuum = _table(
        [m.name for m in modes],
        [
            [
                f'<span class="tiny"><b>{"equity" if m.equity else "non-equity"}.</b> '
                f"{_e(m.description)}</span>"
                for m in modes
            ],
            ['<span class="tick"></span>'] * len(modes),
        ],
        cls="grid continuum",
    )
    rows = []
    for key in FACTORS:
        answer = "<b>years:</b>" if key.endswith("_years") else _scale()
        rows.append([_name(FACTOR_LABELS[key], FACTOR_QUESTIONS[key]), answer])
    questions = _table(["Factor", "Your answer"], rows, widths=["75%", "25%"], cls="grid")
    charter = "".join(_write(_label(f), "23mm") for f in CHARTER_FIELDS)
    cols = [_label(f) for f in _fields(ExitTrigger)]
    widths = ["20%", "20%", "13%", "13%", "34%"] if len(cols) == 5 else None
    triggers = _table(cols, [[""] * len(cols) for _ in range(3)], widths=widths, cls="grid tall")
    return (
        _section(
            "What drives the choice",
            questions,
            "Circle one number for each factor; write the time horizon in years.",
        )
        + _section(
            "Governance mode: tick the one you choose",
            continuum,
            "From the loosest (left) to the tightest (right).",
        )
        + _write("Why this mode, in two sentences", "40mm")
        + _BREAK
        + _section("Charter outline", charter)
        + _section(
            "Exit triggers agreed up front",
            triggers,
            "Comparison: one of > >= < <= ==, e.g. months late > 6.",
        )
    )


def _fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def _sheet_health_check() -> str:
    cols = [_label(f) for f in _fields(ExitTrigger)]
    triggers = _table(
        [*cols, "Observed", "Fired?"],
        [[*[""] * len(cols), "", _choices(["yes", "no"])] for _ in range(4)],
        widths=["16%", "16%", "11%", "11%", "20%", "13%", "13%"] if len(cols) == 5 else None,
        cls="grid tall",
    )
    signals = _table(
        ["Exit signal", "Present?", "Evidence"],
        [[_name(s.name, s.description), _choices(["yes", "no"]), ""] for s in EXIT_SIGNALS],
        widths=["38%", "18%", "44%"],
        cls="grid tall",
    )
    mismatch = _table(
        ["Mismatch", "Venture's view", "Partner's view", "How far apart?"],
        [[_name(m), "", "", _scale()] for m in MISMATCH_DIMENSIONS],
        widths=["16%", "31%", "31%", "22%"],
        cls="grid tall",
    )
    return (
        _section(
            "Trigger check",
            triggers,
            "Copy the exit triggers agreed in the deal, then write what you observe.",
        )
        + _section("The seven exit signals", signals)
        + _BREAK
        + _section(
            "Mismatches between start-up and corporate",
            mismatch,
            "How far apart: 1 (well aligned) to 5 (severely mismatched).",
        )
        + _section("Verdict (tick one)", '<p class="fill">' + _choices(VERDICTS) + "</p>")
        + _write("The reason", "45mm")
        + _write(
            "Next steps, and who must hear about them (partner, other partners, investors)", "60mm"
        )
    )


def _sheet_portfolio() -> str:
    partners = 5
    head = (
        "<tr><th>Resource category</th><th>The venture needs it</th>"
        + "".join(f'<th class="partner">Partner {i}:</th>' for i in range(1, partners + 1))
        + "</tr>"
    )
    tick = '<span class="tick"></span>'
    rows = [[_name(c), tick, *[tick] * partners] for c in RESOURCE_CATEGORIES]
    rows.append([_own("Your own category"), tick, *[tick] * partners])
    purpose = '<span class="tiny">' + "<br>".join(_box(p) for p in PURPOSES) + "</span>"
    direction = '<span class="tiny">' + "<br>".join(_box(d) for d in DIRECTIONS) + "</span>"
    rows.append([_name("Purpose"), "", *[purpose] * partners])
    rows.append([_name("Direction"), "", *[direction] * partners])
    grid = _table(
        head,
        rows,
        widths=["17%", "9%", *[f"{74 / partners:.2f}%"] * partners],
        cls="grid portfolio centred-ticks compact",
    )
    return (
        '<p class="hint">Tick what the venture needs; then one column per alliance (current '
        "or planned): write the partner's name, tick the categories it brings, and its "
        "purpose and direction.</p>"
        + grid
        + _BREAK
        + _write("Gaps: which needed category does no partner bring?", "24mm")
        + _write(
            "Redundancy and dependence: where do partners overlap, and which category "
            "comes from one partner only?",
            "24mm",
        )
        + _write(
            "Balance of exploration and exploitation; upstream, downstream and horizontal", "24mm"
        )
        + _write("What the portfolio signals to investors", "24mm")
        + _write("Next alliance to add, and one not to renew", "26mm")
    )


def _sheet_capability() -> str:
    head = ["Practice", *[f"{i} {level}" for i, level in enumerate(PRACTICE_LEVELS)]]
    rows = [
        [_name(p.name, p.description), *(['<span class="tick"></span>'] * len(PRACTICE_LEVELS))]
        for p in CAPABILITY_PRACTICES
    ]
    n = len(PRACTICE_LEVELS)
    grid = _table(
        head, rows, widths=["44%", *[f"{56 / n:.2f}%"] * n], cls="grid centred-ticks taller"
    )
    return (
        '<p class="fill">Alliances the venture has taken part in so far: '
        '<span class="line" style="width:20mm"></span></p>'
        + _section(
            "Where the venture is today",
            grid,
            "Tick today's level for each practice; circle the level you aim for next.",
        )
        + _write("Next step, and why it fits the venture's stage", "45mm")
        + _write("Who owns it, and by when", "18mm")
        + _write(
            "What you will evaluate after your next alliance, and who keeps the lessons", "45mm"
        )
    )


#: The seven worksheets, in exercise order.
WORKSHEETS: tuple[Worksheet, ...] = (
    Worksheet(
        1,
        "01-partner-scorecard",
        "Partner scorecard",
        "landscape",
        _sheet_scorecard,
        "Score each candidate from 1 (poor) to 5 (excellent) on every criterion, with "
        "one line of evidence per score, then check for weak links.",
    ),
    Worksheet(
        2,
        "02-resource-map",
        "Resource map",
        "landscape",
        _sheet_resource_map,
        "Write what each side brings, tick the stages at which the alliance needs each "
        "category, then circle its status.",
    ),
    Worksheet(
        3,
        "03-risk-matrix",
        "Risk matrix",
        "landscape",
        _sheet_risk_matrix,
        "Rate each risk before signing, give it an owner and a mitigation, then rate "
        "it again as it would stand with the mitigation in place.",
    ),
    Worksheet(
        4,
        "04-deal-design",
        "Deal design",
        "portrait",
        _sheet_deal_design,
        "Choose a governance mode, set a time horizon, draft the charter and agree the "
        "exit triggers before the alliance starts.",
    ),
    Worksheet(
        5,
        "05-health-check-and-exit",
        "Health check and exit",
        "portrait",
        _sheet_health_check,
        "Compare what you observe with the triggers, read the exit signals, and decide.",
    ),
    Worksheet(
        6,
        "06-portfolio-review",
        "Portfolio review",
        "landscape",
        _sheet_portfolio,
        "Look across all your alliances for gaps, redundancy, balance and dependence.",
    ),
    Worksheet(
        7,
        "07-capability-plan",
        "Capability plan",
        "portrait",
        _sheet_capability,
        "Place the venture on the path of alliance capability and choose the next step.",
    ),
)


def get_worksheet(slug: str) -> Worksheet:
    """Return the worksheet for an exercise, by its slug or number.

    Examples
    --------
    >>> get_worksheet("7").slug
    '07-capability-plan'
    >>> get_worksheet("risk")
    Traceback (most recent call last):
    ...
    ValueError: worksheet must be one of 01-partner-scorecard, ... or 1-7, got 'risk'
    """
    for sheet in WORKSHEETS:
        if str(slug) in (sheet.slug, str(sheet.number), f"{sheet.number:02d}"):
            return sheet
    allowed = ", ".join(s.slug for s in WORKSHEETS)
    raise ValueError(f"worksheet must be one of {allowed} or 1-7, got {slug!r}")


# --------------------------------------------------------------------------- the document

_CSS = string.Template(
    """
@page {
  size: A4 $orientation;
  margin: 11mm 12mm 15mm 12mm;
  @bottom-left { content: element(footer); vertical-align: top; width: 85%; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
                  font: 8pt "DejaVu Sans", sans-serif; vertical-align: top; }
}
html { font: 9pt/1.25 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000; }
body { margin: 0; }
footer { position: running(footer); font-size: 8pt; }
header { display: flex; justify-content: space-between; align-items: baseline;
         border-bottom: 1.5pt solid #000; margin-bottom: 2mm; }
h1 { font-size: 14pt; margin: 0 0 1mm 0; white-space: nowrap; }
h2 { font-size: 10.5pt; margin: 3mm 0 1mm 0; }
.team { font-size: 9pt; white-space: nowrap; margin-left: 6mm; }
.line { display: inline-block; width: 52mm; border-bottom: 0.6pt solid #000; margin-right: 4mm; }
.team .line { width: 30mm; }
.intro, .hint { margin: 1mm 0 1.5mm 0; }
.hint { font-size: 8.5pt; }
.fill { margin: 1mm 0 2mm 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin-bottom: 2mm; }
th, td { border: 0.6pt solid #000; padding: 1mm 1.3mm; vertical-align: top; text-align: left; }
th { font-size: 8pt; background: #fff; border-bottom: 1.2pt solid #000; }
td { height: 9mm; }
table.tall td { height: 13mm; }
table.taller td { height: 15.5mm; }
table.compact td { height: 7.2mm; padding-top: 0.8mm; padding-bottom: 0.5mm; }
table.compact thead th { font-size: 7.5pt; }
table.legend td { height: auto; }
th.group { text-align: center; border-bottom: 0.6pt solid #000; }
.centred-ticks td { text-align: center; }
.centred-ticks td:first-child { text-align: left; }
.item { font-weight: bold; display: block; }
.note { display: block; font-size: 7pt; line-height: 1.2; margin-top: 0.5mm; }
.own { font-style: italic; }
.tiny { font-size: 7pt; }
.tick { display: inline-block; width: 3.6mm; height: 3.6mm; border: 0.8pt solid #000;
        vertical-align: -0.7mm; }
.choice { margin-right: 3mm; white-space: nowrap; }
.scale .num { display: inline-block; width: 4.6mm; height: 4.6mm; line-height: 4.6mm;
              border: 0.6pt solid #000; border-radius: 50%; text-align: center;
              font-size: 7.5pt; margin-right: 0.9mm; }
.lbl { font-weight: bold; }
.sq { display: inline-block; width: 7mm; height: 7mm; border: 0.8pt solid #000;
      vertical-align: middle; margin-right: 1.5mm; }
.write { border: 0.8pt solid #000; padding: 1mm 1.5mm; margin: 0 0 2mm 0; }
.wlabel { font-weight: bold; font-size: 8.5pt; }
.pagebreak { break-after: page; }
table.continuum th { text-align: center; }
table.continuum td { height: 8mm; }
table.continuum tr:last-child td { text-align: center; }
table.portfolio th.partner { height: 9mm; }
table.portfolio tr:nth-last-child(-n+2) td { text-align: left; height: auto; }
.matrixwrap { position: relative; margin: 2mm 0 0 9mm; width: 150mm; }
.ylabel { position: absolute; left: -9mm; top: 60mm; transform: rotate(-90deg);
          transform-origin: left top; font-weight: bold; }
.xlabel { text-align: center; font-weight: bold; margin-left: 8mm; }
table.matrix { width: 150mm; }
table.matrix td { height: 22mm; width: 28mm; position: relative; padding: 0.8mm; }
table.matrix th.axis { border: none; text-align: center; vertical-align: middle; width: 8mm;
                       font-weight: bold; }
table.matrix tr:last-child th { height: 6mm; }
.bandname { font-size: 7pt; background: #fff; padding: 0 0.6mm; }
.sev { position: absolute; right: 1mm; bottom: 0.8mm; font-size: 7pt; background: #fff;
       padding: 0 0.5mm; }
.band0 { background: #fff; }
.band1 { background: repeating-linear-gradient(90deg, #fff 0, #fff 3mm, #aaa 3mm,
                                                #aaa 3.25mm); }
.band2 { background: repeating-linear-gradient(45deg, #fff 0, #fff 1.9mm, #888 1.9mm,
                                                #888 2.2mm); }
.band3 { background: repeating-linear-gradient(45deg, #fff 0, #fff 1.1mm, #666 1.1mm,
                                                #666 1.5mm); }
.legend { margin-top: 3mm; }
table.side, table.side > tbody > tr > td { border: none; padding: 0; }
table.side td.left { width: 168mm; }
table.side td.right { padding-left: 4mm; }
.legendkey { margin-right: 3mm; white-space: nowrap; }
.swatch { display: inline-block; width: 8mm; height: 5mm; border: 0.6pt solid #000;
          vertical-align: -1.2mm; margin-right: 1.5mm; }
"""
)


def worksheet_html(sheet: Worksheet | str, *, base_url: str = "") -> str:
    """Return one worksheet as a complete, self-contained HTML document.

    Parameters
    ----------
    sheet : Worksheet or str
        A worksheet or its slug (or number).
    base_url : str, optional
        The published course site's address; the footer then prints the exercise's full
        link (``base_url/exercises/...html``). Without it the footer gives the path.

    Examples
    --------
    >>> page = worksheet_html("02-resource-map", base_url="https://example.org/lab/")
    >>> "https://example.org/lab/exercises/02-resource-map.html" in page
    True
    >>> "regulatory know-how" in page
    True
    """
    if not isinstance(sheet, Worksheet):
        sheet = get_worksheet(sheet)
    link = sheet.exercise_path + ".html"
    if base_url:
        link = base_url.rstrip("/") + "/" + link
    title = f"Worksheet {sheet.number}: {sheet.title}"
    css = _CSS.substitute(orientation=sheet.orientation)
    team = (
        '<span class="team">Team <span class="line"></span> Date <span class="line" '
        'style="width:24mm"></span></span>'
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{css}</style></head><body>"
        f"<footer>{_e(COURSE_NAME)} · Worksheet {sheet.number} · the exercise on screen: "
        f"{_e(link)} · alliancelab {_e(__version__)}</footer>"
        f"<header><h1>{_e(title)}</h1>{team}</header>"
        f'<p class="intro">{_e(sheet.intro)}</p>'
        f"{sheet.build()}</body></html>"
    )


def render_pdf(html_text: str, path: str | Path) -> Path:
    """Render an HTML document to a PDF file with WeasyPrint and return the path.

    WeasyPrint is imported here only. It is in the ``worksheets`` extra
    (``pip install alliancelab[worksheets]``) and needs the Pango library of the
    operating system (on Debian or Ubuntu: ``apt-get install libpango-1.0-0
    libpangoft2-1.0-0``).

    Raises
    ------
    RuntimeError
        If WeasyPrint is missing or cannot load Pango; the message says what to install.
    """
    try:
        import weasyprint
    except ImportError as exc:  # ModuleNotFoundError, or OSError wrapped by weasyprint
        raise RuntimeError(
            "printing worksheets needs WeasyPrint: pip install 'alliancelab[worksheets]' "
            f"(and the Pango library: apt-get install libpango-1.0-0 libpangoft2-1.0-0); {exc}"
        ) from exc
    except OSError as exc:  # WeasyPrint installed, but the Pango library is missing
        raise RuntimeError(
            "WeasyPrint cannot load the Pango library: apt-get install libpango-1.0-0 "
            f"libpangoft2-1.0-0 (or your system's equivalent); {exc}"
        ) from exc
    out = Path(path)
    # the package's one atomic writer: a reader never sees half a PDF, a failure leaves
    # no temporary file, and the PDF gets the usual permissions of a new file
    atomic_write(out, lambda handle: weasyprint.HTML(string=html_text).write_pdf(handle))
    return out


def write_worksheets(
    out_dir: str | Path, only: Iterable[str] | None = None, *, base_url: str = ""
) -> list[Path]:
    """Write the worksheets as PDFs (``01-partner-scorecard.pdf`` ...) and return the paths.

    Parameters
    ----------
    out_dir : path
        Folder to write into (created if missing).
    only : iterable of str, optional
        Slugs or numbers of the sheets to write; all seven by default.
    base_url : str, optional
        As in :func:`worksheet_html`.
    """
    sheets = WORKSHEETS if only is None else tuple(get_worksheet(s) for s in only)
    out = Path(out_dir)
    return [render_pdf(worksheet_html(s, base_url=base_url), out / f"{s.slug}.pdf") for s in sheets]


def main(argv: list[str] | None = None) -> int:
    """Command line: write the printable worksheets as PDFs into a folder."""
    parser = argparse.ArgumentParser(
        prog="python -m alliancelab.worksheets",
        description="Write the printable Alliance Lab worksheets (A4 PDFs) into a folder.",
    )
    parser.add_argument("out_dir", help="folder for the PDFs (created if missing)")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="SHEET",
        help="slugs or numbers of the sheets to write (default: all)",
    )
    parser.add_argument(
        "--html", action="store_true", help="also write each sheet's HTML next to its PDF"
    )
    parser.add_argument(
        "--base-url", default="", help="the course site's address, printed in each footer"
    )
    args = parser.parse_args(argv)
    try:
        sheets = WORKSHEETS if args.only is None else [get_worksheet(s) for s in args.only]
        for sheet in sheets:
            page = worksheet_html(sheet, base_url=args.base_url)
            path = render_pdf(page, Path(args.out_dir) / f"{sheet.slug}.pdf")
            if args.html:
                atomic_write(path.with_suffix(".html"), page)
            print(path)
    except (ValueError, RuntimeError, OSError) as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
