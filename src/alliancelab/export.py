"""The plan document in its three formats, and the command that writes one.

:mod:`alliancelab.report` builds the plan model (:class:`~alliancelab.report.PlanDocument`);
this module renders it with the Jinja2 templates in ``alliancelab/templates``: HTML
(:func:`render_html`; ``plan.html.j2`` and ``plan.css``, on the page and the table that
the printed worksheets share, ``_base.html.j2`` and ``_table.html.j2``), the same page
printed to an A4 PDF by WeasyPrint (:func:`render_pdf`), and Markdown
(:func:`render_markdown`; ``plan.md.j2``). Learner text is escaped by every template:
HTML by autoescaping, the Markdown by an escape applied to every value the template
prints (``_md``).

The command:

``python -m alliancelab.export WORKBOOK -o OUT``; the suffix of ``OUT`` chooses the
format: ``.pdf`` (A4, needs WeasyPrint), ``.html`` (one self-contained page that
prints well) or ``.md`` (Markdown; the figures are named by their alt text). Every
problem (a workbook that cannot be read, an unknown suffix, WeasyPrint or Pango
missing, a file that cannot be written) is one clear message and exit status 1,
never a traceback.
"""

from __future__ import annotations

import argparse
import functools
import html
import re
import sys
import time
from typing import Any

from .report import FORMATS, PlanDocument, write_plan
from .workbook import WorkbookError, load_workbook

__all__ = ["main", "pdf_available", "render", "render_html", "render_markdown", "render_pdf"]


def _md(text: Any) -> str:
    r"""Escape text for Markdown (any place: paragraph, list item, table cell).

    HTML is escaped, then the characters Markdown and MyST read as markup; ``$`` is
    escaped (no maths), ``|`` too (no stray table cell), and a line break becomes
    ``<br>`` so a value never ends a paragraph, list item or table row.

    Examples
    --------
    >>> _md("a | b\n$5 *now*")
    'a \\| b<br>\\$5 \\*now\\*'
    >>> _md("1. first"), _md("4.00")
    ('1\\. first', '4.00')
    """
    out = []
    for line in str(text).splitlines() or [""]:
        line = html.escape(line.strip(), quote=False)
        line = re.sub(r"([\\`*_\[\]|~$])", r"\\\1", line)
        line = re.sub(r"^([#+\-=:>])", r"\\\1", line)
        line = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", line)
        out.append(line)
    return "<br>".join(out)


_LONG_WORD = re.compile(r"[^\s\u200b]{31,}")


def _soft_breaks(text: str) -> str:
    """Let very long words break: a zero-width space after every 15 characters of one.

    Words of up to 30 characters stay whole (table columns are sized by their longest
    word); a longer one (a URL, a pasted hash, a 300-character line of ``w``) breaks
    instead of pushing the page wider than A4.

    Examples
    --------
    >>> _soft_breaks("short " + "w" * 32).count("\u200b")
    2
    """
    return _LONG_WORD.sub(
        lambda m: "\u200b".join(m[0][i : i + 15] for i in range(0, len(m[0]), 15)), text
    )


def _html_finalize(value: Any) -> Any:
    from markupsafe import Markup, escape

    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return escape(_soft_breaks(value))


def _md_finalize(value: Any) -> Any:
    from markupsafe import Markup

    return value if isinstance(value, Markup) else _md(value)


@functools.cache
def _environment(kind: str) -> Any:
    import jinja2

    loader = jinja2.PackageLoader("alliancelab", "templates")
    if kind == "html":
        env = jinja2.Environment(
            loader=loader, autoescape=True, finalize=_html_finalize, trim_blocks=True
        )
    else:  # every printed value goes through _md: nothing unescaped reaches the Markdown
        env = jinja2.Environment(
            loader=loader,
            autoescape=False,
            finalize=_md_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    return env


def render_markdown(doc: PlanDocument) -> str:
    """Return the plan document as Markdown (figures named by their alt text)."""
    text = _environment("md").get_template("plan.md.j2").render(doc=doc)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"


def render_html(doc: PlanDocument, *, pdf: bool = False) -> str:
    """Return the plan document as one self-contained HTML page (figures embedded).

    With ``pdf``, the page is the one WeasyPrint prints: the footer moves into the
    margin of every page (with the page number) instead of closing the document.
    """
    from importlib import resources as importlib_resources

    css = (importlib_resources.files("alliancelab") / "templates" / "plan.css").read_text("utf-8")
    from markupsafe import Markup

    page = _environment("html").get_template("plan.html.j2")
    return page.render(doc=doc, css=Markup(css), pdf=pdf)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError as exc:  # ModuleNotFoundError, or OSError wrapped by weasyprint
        raise RuntimeError(
            "a PDF needs WeasyPrint: pip install 'alliancelab[worksheets]' (and the Pango "
            "library: apt-get install libpango-1.0-0 libpangoft2-1.0-0); export .html and "
            "print it to PDF from your browser instead"
        ) from exc
    except OSError as exc:  # WeasyPrint installed, but the Pango library is missing
        raise RuntimeError(
            "WeasyPrint cannot load the Pango library: apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 (or your system's equivalent); export .html and print it to "
            "PDF from your browser instead"
        ) from exc
    return weasyprint


@functools.cache
def pdf_available() -> bool:
    """Return whether PDFs can be made here (WeasyPrint and Pango load; not in Pyodide).

    Examples
    --------
    >>> isinstance(pdf_available(), bool)
    True
    """
    try:
        _weasyprint()
    except RuntimeError:
        return False
    return True


def render_pdf(doc: PlanDocument) -> bytes:
    """Return the plan document as an A4 PDF (WeasyPrint, from the HTML).

    Raises
    ------
    RuntimeError
        If WeasyPrint is missing or cannot load Pango; the message says what to install.
    """
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=render_html(doc, pdf=True)).write_pdf()


_RENDERERS = {".md": render_markdown, ".html": render_html, ".pdf": render_pdf}


def render(doc: PlanDocument, suffix: str) -> str | bytes:
    """Return the plan document in the format that ``suffix`` names.

    ``suffix`` is a key of :data:`alliancelab.report.FORMATS`.
    """
    return _RENDERERS[suffix](doc)


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status (0 done, 1 failed, 2 bad arguments).

    Examples
    --------
    >>> main(["no-such-plan.json", "-o", "plan.pdf"])
    1
    """
    formats = ", ".join(f"{suffix} ({name})" for suffix, name in FORMATS.items())
    parser = argparse.ArgumentParser(
        prog="python -m alliancelab.export",
        description="Export an Alliance Lab workbook as the plan document for a partner meeting.",
    )
    parser.add_argument("workbook", help="the workbook file (*.workbook.json)")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        help=f"the document to write; its suffix is one of {formats}",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        workbook = load_workbook(args.workbook)
        out = write_plan(workbook, args.output)
    except WorkbookError as exc:
        print(f"error: cannot read the workbook: {exc}", file=sys.stderr)
        return 1
    except (ValueError, RuntimeError) as exc:  # unknown suffix; WeasyPrint or Pango missing
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    took = time.perf_counter() - start
    print(f"wrote {out} ({FORMATS[out.suffix.lower()]}, {took:.1f} s)")
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through main()
    sys.exit(main())
