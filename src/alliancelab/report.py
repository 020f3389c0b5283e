"""The learner's plan as a document a founder takes into the partner meeting.

One plan model, three formats. :func:`build_plan` reads a workbook once into a
:class:`PlanDocument`: a one-page summary (the partner recommended and why, what each
side brings and the gaps, the deal shape, the top risks, the exit triggers, the next
steps and open questions), then one :class:`PlanSection` per part of the plan, each
with its figure and readable tables. This module holds the model and the functions
that write it; ``alliancelab._plan_parts`` reads the workbook's parts into it, and
:mod:`alliancelab.export` renders it with the Jinja2 templates (in
``alliancelab/templates``) as HTML (which WeasyPrint also prints to an A4 PDF) and
Markdown.

The summary fits on the first page of the PDF however long the names the learner chose:
there the venture's name (in the heading), the partner's and the risks' are cut short
with an ellipsis, and the sections after the summary give each of them in full.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._files import atomic_write
from ._text import clip
from .workbook import SCHEMA_VERSION, Workbook

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
    "pilot": "Exercise 8, working with the corporation (pilot charter)",
    "steering": "Exercise 8, working with the corporation (steering committee)",
    "perception": "Exercise 8, working with the corporation (two-sided health check)",
}

# the summary page's heading (the title) in this many characters at most; one longer than
# _HEADING_LONG is set smaller (the "long" class of plan.css), so it stays on one line
_HEADING_WIDTH = 60
_HEADING_LONG = 48


@dataclass(frozen=True)
class PlanTable:
    """A table of the plan: headings and rows of display text.

    ``numeric`` holds the indexes of the columns aligned right (numbers).
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: frozenset[int] = frozenset()


#: Plan figures are drawn at this resolution: sharp in print at A4 width.
FIGURE_DPI = 150


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

    @classmethod
    def drawn(cls, make: Any, alt: str, draw: bool = True) -> PlanFigure:
        """Return the figure ``make()`` returns as PNG at print resolution, or only its alt text.

        ``draw=False`` skips drawing (the Markdown plan has no images).
        """
        if not draw:
            return cls(alt)
        from ._style import png_bytes

        fig = make()
        fig.set_dpi(FIGURE_DPI)
        return cls(alt, png_bytes(fig))


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
    def heading(self) -> str:
        """Return the title as the summary page prints it, a long one cut short (…).

        The page holds the whole summary however long the venture's name; the name is
        given in full by the Venture section (and by the HTML page's title and the
        Markdown's heading, which no page limits).

        Examples
        --------
        >>> from alliancelab.workbook import Venture
        >>> doc = build_plan(Workbook(Venture("Brightcell " * 10)), figures=False)
        >>> doc.heading, doc.long_heading
        ('Alliance plan: Brightcell Brightcell Brightcell Brightcell…', True)
        """
        return clip(self.title, _HEADING_WIDTH)

    @property
    def long_heading(self) -> bool:
        """Whether the heading is long enough to be set smaller (it stays on one line)."""
        return len(self.heading) > _HEADING_LONG

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
    from ._plan_parts import plan_parts

    wb = _check_workbook(workbook)
    v = wb.venture
    sections, summary = plan_parts(wb, figures)
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
