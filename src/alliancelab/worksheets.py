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
and a hatching, never colour alone). It is made from Jinja2 templates in
``alliancelab/templates``: ``worksheet-<slug>.html.j2`` for each sheet, on
``worksheet.html.j2`` and ``worksheet.css``, with the page and the table shared with the
plan document (``_base.html.j2``, ``_table.html.j2``). The templates escape every name
they print. :func:`render_pdf` turns one into a PDF with WeasyPrint, which is imported
only there (install the ``worksheets`` extra; WeasyPrint needs the Pango library from
the operating system).

Run it as a command::

    python -m alliancelab.worksheets OUT_DIR            # all ten sheets
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
import functools
import inspect
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from ._files import atomic_write
from .capability import CAPABILITY_PRACTICES, PRACTICE_LEVELS
from .governance import FACTOR_LABELS, FACTOR_QUESTIONS, FACTORS, GOVERNANCE_MODES
from .lifecycle import EXIT_SIGNALS, MISMATCH_DIMENSIONS, VERDICTS, ExitTrigger
from .perception import FLAG_GAP, SCALE, SURVEY_ITEMS
from .pilot import PAYMENT_DAYS_WARN, PILOT_CHECKLIST, PILOT_FIELDS, PILOT_LABELS
from .portfolio import DIRECTIONS, PURPOSES
from .resources import ALLIANCE_STAGES, RESOURCE_CATEGORIES, RESOURCE_STATUSES
from .risks import SEVERITY_BANDS, STANDARD_RISKS, severity_band
from .scorecard import default_criteria, rank_candidates
from .steering import MEMBER_SIDES, STEERING_CHECKLIST
from .workbook import CHARTER_FIELDS

__all__ = [
    "COURSE_NAME",
    "PARTNERING_WORKSHEETS",
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


@dataclass(frozen=True)
class Worksheet:
    """One printable worksheet: which exercise it belongs to and how its body is built.

    Parameters
    ----------
    number : int
        The exercise number (1-7), or 8-10 for the sheets of a chapter.
    slug : str
        The exercise's file name without suffix, e.g. ``"03-risk-matrix"``; also the
        PDF's file name.
    title : str
        The exercise title printed at the top.
    orientation : {"portrait", "landscape"}
        The A4 page orientation.
    build : callable
        Returns what the sheet's template (``worksheet-<slug>.html.j2``) prints: the
        package's definitions, by name, and the column widths worked out from them.
    intro : str
        One or two sentences telling the team what to do.
    page : str, optional
        The course page the sheet belongs to when it is not an exercise (a chapter's
        docname, e.g. ``book/part2/working-with-corporations``).

    Examples
    --------
    >>> get_worksheet("03-risk-matrix")
    Worksheet(3, '03-risk-matrix', 'Risk matrix', landscape)
    """

    number: int
    slug: str
    title: str
    orientation: str
    build: Callable[[], Mapping[str, Any]]
    intro: str = ""
    page: str = ""

    @property
    def exercise_path(self) -> str:
        """The exercise's address inside the course site, e.g. ``exercises/03-risk-matrix``.

        A sheet that belongs to a chapter (``page``) gives the chapter's address instead.
        """
        return self.page or f"exercises/{self.slug}"

    def __repr__(self) -> str:
        return f"Worksheet({self.number}, {self.slug!r}, {self.title!r}, {self.orientation})"


def _label(name: str) -> str:
    """Turn a definition's name into a label: ``dispute_resolution`` -> ``Dispute resolution``."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def _trigger_columns() -> tuple[list[str], list[str]]:
    """Return the exit trigger's fields as column names, and the widths of the deal sheet."""
    cols = [_label(f) for f in _fields(ExitTrigger)]
    return cols, ["20%", "20%", "13%", "13%", "34%"] if len(cols) == 5 else []


def _split(width: float, n: int) -> list[str]:
    """Return ``n`` equal column widths that share ``width`` per cent of the page."""
    return [f"{width / n:.2f}%"] * n


# --------------------------------------------------------------------------- the sheets
# Each returns what its template (templates/worksheet-<slug>.html.j2) prints: the
# package's definitions, and the numbers and widths worked out from them.


def _sheet_scorecard() -> dict[str, Any]:
    params = inspect.signature(rank_candidates).parameters
    return {
        "criteria": default_criteria(),
        "floor": params["floor"].default,
        "strong": params["strong_total"].default,
    }


def _sheet_resource_map() -> dict[str, Any]:
    letters = [s[:1].upper() for s in RESOURCE_STATUSES]
    return {
        "stages": ALLIANCE_STAGES,
        "categories": RESOURCE_CATEGORIES,
        "statuses": RESOURCE_STATUSES,
        "letters": letters,
        "key": list(zip(letters, RESOURCE_STATUSES, strict=True)),
        "widths": ["15%", "22%", "22%", *_split(28, len(ALLIANCE_STAGES)), "13%"],
    }


def _sheet_risk_matrix() -> dict[str, Any]:
    # each band its own hatching (black-and-white printable), the worst ones darkest
    pattern = {b: f"band{min(i, 3)}" for i, b in enumerate(SEVERITY_BANDS)}
    matrix = []
    for likelihood in range(5, 0, -1):
        severities = [likelihood * impact for impact in range(1, 6)]
        cells = [(pattern[severity_band(v)], severity_band(v), v) for v in severities]
        matrix.append((likelihood, cells))
    return {
        "risks": STANDARD_RISKS,
        "bands": [(pattern[b], b, lo, hi) for b, (lo, hi) in SEVERITY_BANDS.items()],
        "matrix": matrix,
    }


def _sheet_deal_design() -> dict[str, Any]:
    cols, widths = _trigger_columns()
    return {
        "factors": [
            (FACTOR_LABELS[key], FACTOR_QUESTIONS[key], key.endswith("_years")) for key in FACTORS
        ],
        "modes": sorted(GOVERNANCE_MODES, key=lambda m: m.position),
        "charter": [_label(f) for f in CHARTER_FIELDS],
        "trigger_columns": cols,
        "trigger_widths": widths,
    }


def _sheet_health_check() -> dict[str, Any]:
    cols, _ = _trigger_columns()
    widths = ["16%", "16%", "11%", "11%", "20%", "13%", "13%"] if len(cols) == 5 else []
    return {
        "trigger_columns": cols,
        "trigger_widths": widths,
        "signals": EXIT_SIGNALS,
        "mismatches": MISMATCH_DIMENSIONS,
        "verdicts": VERDICTS,
    }


def _sheet_portfolio() -> dict[str, Any]:
    partners = 5
    return {
        "partners": partners,
        "categories": RESOURCE_CATEGORIES,
        "purposes": PURPOSES,
        "directions": DIRECTIONS,
        "widths": ["17%", "9%", *_split(74, partners)],
    }


def _sheet_capability() -> dict[str, Any]:
    return {
        "practices": CAPABILITY_PRACTICES,
        "levels": [f"{i} {level}" for i, level in enumerate(PRACTICE_LEVELS)],
        "widths": ["44%", *_split(56, len(PRACTICE_LEVELS))],
    }


def _sheet_two_sided() -> dict[str, Any]:
    return {
        "items": SURVEY_ITEMS,
        "scale_key": f"1 {SCALE[0]} … 5 {SCALE[-1]}",
        "flag_gap": FLAG_GAP,
        "talk_first": 3,
    }


def _sheet_pilot() -> dict[str, Any]:
    return {
        "fields": [(key, *PILOT_LABELS[key]) for key in PILOT_FIELDS],
        "labels": PILOT_LABELS,
        "checklist": PILOT_CHECKLIST,
        "payment_warn": PAYMENT_DAYS_WARN,
    }


def _sheet_steering() -> dict[str, Any]:
    return {"sides": MEMBER_SIDES, "members": 5, "rungs": 4, "checklist": STEERING_CHECKLIST}


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


_CHAPTER = "book/part2/working-with-corporations"

#: The worksheets of working with the corporation, the three parts of exercise 8; each
#: points to the chapter that teaches it (numbered on after the sheets of exercises 1-7).
PARTNERING_WORKSHEETS: tuple[Worksheet, ...] = (
    Worksheet(
        8,
        "two-sided-health-check",
        "Two-sided health check",
        "portrait",
        _sheet_two_sided,
        "Each partner rates the same statements on its own; then compare the answers and "
        "find the conversation to have first.",
        _CHAPTER,
    ),
    Worksheet(
        9,
        "pilot-charter",
        "Pilot charter",
        "portrait",
        _sheet_pilot,
        "Agree every box with the corporate before the pilot starts, then tick the checks.",
        _CHAPTER,
    ),
    Worksheet(
        10,
        "steering-committee",
        "Steering committee and escalation",
        "portrait",
        _sheet_steering,
        "Name the members, write what the committee decides, build the escalation ladder "
        "with a deadline on every rung, and check it for gaps.",
        _CHAPTER,
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
    ValueError: worksheet must be one of 01-partner-scorecard, ... or 1-10, got 'risk'
    """
    sheets = (*WORKSHEETS, *PARTNERING_WORKSHEETS)
    for sheet in sheets:
        if str(slug) in (sheet.slug, str(sheet.number), f"{sheet.number:02d}"):
            return sheet
    allowed = ", ".join(s.slug for s in sheets)
    raise ValueError(f"worksheet must be one of {allowed} or 1-{len(sheets)}, got {slug!r}")


# --------------------------------------------------------------------------- the document


@functools.cache
def _templates() -> Any:
    """Return the Jinja2 environment of the worksheets: autoescaped, strict about names."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("alliancelab", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def _css() -> str:
    from importlib import resources as importlib_resources

    sheet = importlib_resources.files("alliancelab") / "templates" / "worksheet.css"
    return sheet.read_text("utf-8")


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
    from markupsafe import Markup

    page = _templates().get_template(f"worksheet-{sheet.slug}.html.j2")
    return page.render(
        sheet.build(),
        sheet=sheet,
        title=f"Worksheet {sheet.number}: {sheet.title}",
        course=COURSE_NAME,
        link=link,
        version=__version__,
        css=Markup(_css()),
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
        Slugs or numbers of the sheets to write; all ten by default.
    base_url : str, optional
        As in :func:`worksheet_html`.
    """
    sheets = (
        (*WORKSHEETS, *PARTNERING_WORKSHEETS)
        if only is None
        else tuple(get_worksheet(s) for s in only)
    )
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
        sheets = (
            [*WORKSHEETS, *PARTNERING_WORKSHEETS]
            if args.only is None
            else [get_worksheet(s) for s in args.only]
        )
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
