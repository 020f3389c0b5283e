"""The shared frame of every exercise widget: workbook, saving, errors, display."""

from __future__ import annotations

import base64
import os
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd
from matplotlib.figure import Figure

from .._files import atomic_write, read_limited
from .._style import artists, display_size, png_bytes, svg_bytes
from .._text import number
from ..workbook import (
    DEFAULT_FILENAME,
    MAX_WORKBOOK_BYTES,
    Snapshot,
    Workbook,
    WorkbookConflict,
    WorkbookError,
    example_workbook,
    load_snapshot,
    parse_workbook,
    save_merged,
    save_workbook,
    workbook_json,
)
from ._layout import field, full_width, row, style_element

#: Environment variable naming the learner's workbook file.
WORKBOOK_ENV = "ALLIANCELAB_WORKBOOK"


def default_workbook_path() -> Path:
    """Return the learner's workbook path: ``$ALLIANCELAB_WORKBOOK`` or the default name here.

    Examples
    --------
    >>> default_workbook_path().name.endswith(".workbook.json")
    True
    """
    return Path(os.environ.get(WORKBOOK_ENV) or DEFAULT_FILENAME)


def figure_to_png(fig: Figure) -> bytes:
    r"""Render a figure to PNG bytes (for an ``ipywidgets.Image``), two pixels per CSS pixel.

    Examples
    --------
    >>> from alliancelab._style import new_figure
    >>> fig, ax = new_figure(2, 1)
    >>> figure_to_png(fig)[:4]
    b'\x89PNG'
    """
    return png_bytes(fig, compress_level=3)


#: On a phone an exercise's figure is shown at no less than this share of its size (a 9-pt
#: text then shows at 9 CSS px), scrolling sideways in its box when wider than the screen.
PHONE_SCALE = 0.75


def figure_html(fig: Figure, alt: str) -> str:
    """Return an ``<img>`` tag holding the figure as SVG, with alt text.

    An HTML image (rather than an ``ipywidgets.Image``) carries alt text for screen
    readers, and renders from the stored widget state on the static site. The SVG
    (see ``alliancelab._style.svg_bytes``) is sharp at any screen density and several
    times quicker to make than a PNG at two pixels per CSS pixel, so a widget redraws
    quickly as the learner types; ``width`` and ``height`` give its displayed size,
    which shrinks to the column when the column is narrower. On a phone it shrinks to
    no less than ``PHONE_SCALE`` (three quarters) of that size, so its text stays legible,
    and the figure scrolls sideways in its own box (``.alliancelab-figure``, see
    ``EXERCISE_CSS``) as the wide tables do; a line above it then says so (shown by the
    stylesheet only while the box has something to scroll).

    Examples
    --------
    >>> from alliancelab._style import new_figure
    >>> fig, ax = new_figure(2, 1)
    >>> html = figure_html(fig, "An empty plot")
    >>> html.startswith('<div class="alliancelab-figure"><img alt="An empty plot" width="200"')
    True
    >>> 'src="data:image/svg+xml;base64,' in html
    True
    """
    data = base64.b64encode(svg_bytes(fig)).decode("ascii")
    width, height = display_size(fig)
    phone = round(width * PHONE_SCALE)
    return (
        f'<div class="alliancelab-figure"><img alt="{_esc(alt)}" width="{width}" '
        f'height="{height}" src="data:image/svg+xml;base64,{data}" '
        f'style="max-width:100%;height:auto;--al-phone-width:{phone}px"></div>'
    )


def _draw_html(make: Callable[[], Figure], alt: str) -> str:
    """Draw a new figure, return its ``<img>`` tag, and let Python free the figure at once.

    The figure made here is used once: a matplotlib figure is a web of reference cycles
    (artists and their axes point at each other), which only the cyclic garbage
    collector frees, and a full collection then also frees several figures' worth of
    artists. Dropping each artist's references once the picture is taken lets
    reference counting free the figure straight away, so a collection, when it comes,
    has little to free. The collector itself is left alone.
    """
    fig = make()
    html = figure_html(fig, alt)
    for artist in list(artists(fig)):
        artist.__dict__.clear()
    return html


#: Recently drawn figures, by what they show: revisiting a value (a slider moved back, a
#: box unticked) reuses the picture instead of drawing it again.
_FIGURE_CACHE: OrderedDict[Any, str] = OrderedDict()
_FIGURE_CACHE_SIZE = 64


def clear_figure_cache() -> None:
    """Forget every cached figure (benchmarks use it to time first-time drawing)."""
    _FIGURE_CACHE.clear()


def cached_figure_html(key: Any, make: Callable[[], Figure], alt: str) -> str:
    """Return :func:`figure_html` of ``make()``, reusing the result for an equal ``key``.

    ``key`` must capture everything the figure depends on (the plotted data and
    options); an unhashable key simply skips the cache.

    Examples
    --------
    >>> from alliancelab._style import new_figure
    >>> calls = []
    >>> def make():
    ...     calls.append(1)
    ...     return new_figure(2, 1)[0]
    >>> first = cached_figure_html(("demo", 1), make, "A demo")
    >>> cached_figure_html(("demo", 1), make, "A demo") == first, len(calls)
    (True, 1)
    """
    try:
        full_key = (key, alt)
        hit = _FIGURE_CACHE.get(full_key)
    except TypeError:  # unhashable: draw every time
        return _draw_html(make, alt)
    if hit is None:
        hit = _draw_html(make, alt)
        _FIGURE_CACHE[full_key] = hit
        while len(_FIGURE_CACHE) > _FIGURE_CACHE_SIZE:
            _FIGURE_CACHE.popitem(last=False)
    else:
        _FIGURE_CACHE.move_to_end(full_key)
    return hit


def table_html(frame: pd.DataFrame, *, caption: str = "") -> str:
    """Return a DataFrame as an accessible, escaped HTML table.

    Examples
    --------
    >>> html = table_html(pd.DataFrame({"needs_met": [True], "who": ["<b>"]}))
    >>> "&lt;b&gt;" in html and "<b>" not in html, "needs met" in html, ">yes<" in html
    (True, True, True)
    """
    shown = frame.copy()
    for col in shown.columns:
        if shown[col].dtype == bool:
            shown[col] = shown[col].map({True: "yes", False: "no"})
        elif shown[col].dtype.kind == "f":
            shown[col] = shown[col].map(number)
    shown.columns = [str(c).replace("_", " ") for c in shown.columns]
    # headers left-aligned like their cells (pandas right-aligns them by default)
    body = shown.to_html(index=False, border=0, escape=True, na_rep="", justify="left")
    cap = f"<p><strong>{_esc(caption)}</strong></p>" if caption else ""
    # a table wider than a phone scrolls inside its box: the box is a named region that
    # takes keyboard focus, so it can be scrolled without a mouse
    name = _esc(caption or "Table")
    return (
        f'<div class="alliancelab-table" role="region" tabindex="0" aria-label="{name}">'
        f"{cap}{body}</div>"
    )


def download_link(text: str | bytes, filename: str, label: str, mime: str = "text/plain") -> str:
    """Return an ``<a download>`` link that hands ``text`` (or bytes, a PDF) to the browser.

    The text travels inside the link (a ``data:`` URL), so the download works with
    no server: in JupyterLab, Voila, JupyterLite and on the static site alike.

    Examples
    --------
    >>> link = download_link('{"a": 1}', "plan.json", "Download", "application/json")
    >>> link.startswith('<a download="plan.json" href="data:application/json;base64,')
    True
    """
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    data = base64.b64encode(raw).decode("ascii")
    return f'<a download="{_esc(filename)}" href="data:{mime};base64,{data}">{_esc(label)}</a>'


def slider_range(value: float, low: float, high: float) -> dict[str, float]:
    """Return ``min``/``max`` for a slider: the usual range, widened to hold ``value``.

    A slider clamps a value outside its range, and the clamped value would then be
    saved over what the learner's file holds; widening the range shows the stored
    value as it is instead.

    Examples
    --------
    >>> slider_range(3, 0, 5), slider_range(10, 0, 5)
    ({'min': 0, 'max': 5}, {'min': 0, 'max': 10})
    """
    return {"min": min(low, value), "max": max(high, value)}


def live_or_preview(live: str, preview: str) -> str:
    r"""Return HTML reading ``live`` where the exercise runs, ``preview`` where it is stored.

    Both texts travel in the widget; the exercise's own stylesheet shows the first,
    and the static site's stylesheet shows the second instead, since a stored widget
    on a page has no Python behind it and must not promise that its controls work.

    Examples
    --------
    >>> print(live_or_preview("Try it.", "Preview.").replace("><", ">\n<"))
    <span class="alliancelab-live-only">Try it.</span>
    <span class="alliancelab-preview-only">Preview.</span>
    """
    return (
        f'<span class="alliancelab-live-only">{live}</span>'
        f'<span class="alliancelab-preview-only">{preview}</span>'
    )


def _alert(message: str) -> str:
    from html import escape

    return (
        '<div role="alert" class="alliancelab-error" style="color:#8a1c00;'
        'border-left:4px solid #d55e00;padding:0.3em 0.6em;background:#fff4ec">'
        f"<strong>Check this entry:</strong> {escape(message)}</div>"
    )


class ExerciseWidget:
    """Base class: a workbook, a save status line, an error line and a layout.

    Subclasses build their controls in :meth:`build`, and call :meth:`guarded`
    around every callback: bad input shows a message next to the controls (never a
    traceback) and the saved workbook stays as it was.

    Parameters
    ----------
    workbook : Workbook
        The plan to show and extend.
    path : path-like, optional
        Where to save after each valid change; ``None`` for a case, which is never saved.
    title : str
        Heading shown above the controls.
    notice : str
        A line shown under the heading (e.g. that this is a case, or an example plan).
    """

    title = "Exercise"

    def __init__(
        self,
        workbook: Workbook,
        *,
        path: str | os.PathLike[str] | None = None,
        notice: str = "",
        can_save: bool = True,
        base: Snapshot | None = None,
    ) -> None:
        self.workbook = workbook
        self.path = Path(path) if path is not None else None
        self.can_save = can_save and self.path is not None
        #: the plan as the file held it when this exercise last read or wrote it
        self.base = base if base is not None else Snapshot(workbook)
        self.saves = 0
        self.save_error = ""
        # not a heading element: the page around the widget owns the heading structure
        self.header = w.HTML(
            f"<p style='margin:0.2em 0;font-size:1.15em'><b>{_esc(self.title)}</b></p>"
        )
        self.notice = w.HTML(notice)
        self.error = w.HTML("")
        self.status = w.HTML(self._status_text())
        # shown only after a conflict: another exercise changed the same part of the plan
        self.reload_button = w.Button(
            description="Reload my saved plan", icon="refresh", layout=w.Layout(display="none")
        )
        self.reload_button.on_click(lambda _: self.reload())
        self.style = style_element()
        self.venture = self._venture_box() if self.path is not None else w.VBox()
        self.plan_files = self._plan_files_box() if self.path is not None else w.VBox()
        self.view = w.VBox(self._parts(), layout=w.Layout(width="100%", max_width="960px"))
        self.view.add_class("alliancelab-exercise")
        self.refresh()

    def _parts(self) -> list[w.Widget]:
        """Build the exercise's controls and return everything the view shows, in order."""
        body = self.build()
        body.add_class("alliancelab-body")
        return [
            self.style,
            self.header,
            self.notice,
            self.venture,
            body,
            self.error,
            self.reload_button,
            self.status,
            self.plan_files,
        ]

    # ------------------------------------------------------------ constructors
    @classmethod
    def for_workbook(cls, path: str | os.PathLike[str] | None = None, **kwargs: Any):
        """Open the learner's own workbook (saved as they go).

        If the file does not exist yet, start from the example plan of a fictional
        venture; nothing is written until the learner changes something. If the file
        exists but cannot be read, show why and disable saving, so the file is never
        overwritten.
        """
        path = Path(path) if path is not None else default_workbook_path()
        if path.exists() or path.is_symlink():
            try:
                snap = load_snapshot(path)
            except WorkbookError as exc:
                notice = _alert(
                    f"{exc}. Saving is switched off so your file stays as it is; "
                    f"fix or move the file, or set {WORKBOOK_ENV} to a new file name."
                )
                return cls(example_workbook(), path=path, notice=notice, can_save=False, **kwargs)
            notice = (
                f"Your plan for <b>{_esc(snap.workbook.venture.name)}</b>, "
                f"saved in <code>{_esc(path.name)}</code>."
            )
            return cls(snap.workbook, path=path, notice=notice, base=snap, **kwargs)
        notice = live_or_preview(
            "This starts from the example plan of a <b>fictional</b> venture. Type your own "
            "venture's name below, then change any entry to make the plan yours; it is saved "
            f"in <code>{_esc(path.name)}</code> as you go.",
            "<b>Preview of your own plan</b>, filled in with the example of a fictional "
            "venture. The controls are switched off on this page: start the exercise to "
            "make the plan yours.",
        )
        return cls(example_workbook(), path=path, notice=notice, **kwargs)

    @classmethod
    def for_case(cls, name: str, alliance_id: str | None = None, **kwargs: Any):
        """Show a case as the worked example, filled in from its data (never saved)."""
        from ..cases import load_case
        from ..casework import case_workbook

        wb = case_workbook(name, alliance_id)
        title = load_case(name).title
        notice = live_or_preview(
            f"<b>Case: {_esc(title)}.</b> Filled in from the case data; try the controls "
            "to see how the results move. Nothing here is saved.",
            f"<b>Preview of the case: {_esc(title)}.</b> Filled in from the case data, as "
            "stored; the controls are switched off on this page. Start the exercise to try "
            "them.",
        )
        return cls(wb, path=None, notice=notice, **kwargs)

    @classmethod
    def for_example(cls, **kwargs: Any):
        """Show the worked example: the plan of the fictional Corvanth Therapeutics (not saved)."""
        notice = live_or_preview(
            "<b>Worked example.</b> The plan of Corvanth Therapeutics, the <b>fictional</b> "
            "start-up of the biotech case. Try the controls: nothing here is saved.",
            "<b>Preview of the worked example</b>, the plan of the <b>fictional</b> Corvanth "
            "Therapeutics; the controls are switched off on this page.",
        )
        return cls(example_workbook(), path=None, notice=notice, **kwargs)

    def _venture_box(self) -> w.Widget:
        """Return the venture's name and one-line description box, first in every own plan."""
        venture = self.workbook.venture
        self.venture_name = w.Text(
            value=venture.name,
            description="Venture",
            placeholder="Your venture's name",
            style={"description_width": "7em"},
            layout=field("18em"),
        )
        self.venture_description = w.Text(
            value=venture.description,
            description="In one line",
            placeholder="What your venture does, in one line",
            style={"description_width": "7em"},
            layout=field("26em", grow=2),
        )

        def changed(_change: dict) -> None:
            if self.guarded(
                lambda: self.workbook.with_venture(
                    self.venture_name.value, self.venture_description.value
                )
            ):
                self.venture_changed()

        self.venture_name.observe(changed, names="value")
        self.venture_description.observe(changed, names="value")
        return w.VBox(
            [
                w.HTML(
                    "<b>Your venture.</b> Its name and what it does, in one line; your whole "
                    "plan uses them."
                ),
                row(self.venture_name, self.venture_description),
            ]
        )

    def _plan_files_box(self) -> w.Widget:
        """Return the row that downloads the plan file and loads one (another browser's)."""
        self.download = w.HTML()
        self.upload = w.FileUpload(
            accept=".json,application/json",
            multiple=False,
            description="Load a plan file",
            tooltip="Continue from a plan file you downloaded before",
            layout=w.Layout(width="auto"),
        )
        self.upload.observe(self._on_upload, names="value")
        self._update_download()
        return w.VBox(
            [
                w.HTML(
                    "<small>Your plan is one file. Download it to keep a copy or to carry it "
                    "to another browser or computer, and load it there to go on.</small>"
                ),
                row(self.download, self.upload),
            ]
        )

    def _update_download(self) -> None:
        if self.path is None or not hasattr(self, "download"):
            return
        if not self.can_save:  # the plan shown is not the learner's: nothing to hand out
            self.download.value = ""
            return
        self.download.value = download_link(
            workbook_json(self.workbook),
            self.path.name,
            "⬇ Download my plan file",
            "application/json",
        ).replace("<a ", '<a class="alliancelab-download" ', 1)

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        self.load_plan_file(bytes(item["content"]), str(item.get("name") or "the file"))
        self.upload.value = ()

    def load_plan_file(self, data: bytes, name: str) -> bool:
        """Continue from a plan file the learner loaded (downloaded earlier, elsewhere).

        The file is validated first; a bad file changes nothing and says why. The plan
        it replaces is kept beside it as ``<name>.before-load.json``, so loading the
        wrong file never loses work. Returns whether the plan was loaded.
        """
        if self.path is None:
            return False
        if len(data) > MAX_WORKBOOK_BYTES:
            self.error.value = _alert(f"{name} is too large to be a plan file; nothing changed")
            return False
        try:
            wb = parse_workbook(data, name)
        except WorkbookError as exc:
            self.error.value = _alert(f"{exc}. Your plan was not changed")
            return False
        kept = ""
        try:
            previous = read_limited(self.path, MAX_WORKBOOK_BYTES)
        except (OSError, ValueError):
            previous = None
        try:
            if previous is not None:
                backup = self.path.with_name(
                    self.path.name.removesuffix(".json") + ".before-load.json"
                )
                atomic_write(backup, previous)
                kept = f" The plan it replaced is kept as <code>{_esc(backup.name)}</code>."
            save_workbook(wb, self.path)
        except OSError as exc:
            self.error.value = _alert(f"could not load the plan: {exc}")
            return False
        self.can_save = True
        self.reload()
        self.notice.value = (
            f"Your plan for <b>{_esc(wb.venture.name)}</b>, loaded from "
            f"<code>{_esc(name)}</code> and saved in <code>{_esc(self.path.name)}</code>.{kept}"
        )
        return True

    # ------------------------------------------------------------ hooks
    def venture_changed(self) -> None:
        """Update controls that show the venture's name (after the learner renamed it)."""

    def build(self) -> w.Widget:
        """Create the controls and outputs; return the widget to show."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Recompute outputs (tables, figures) from the current workbook."""

    def reflection(self, key: str, prompt: str) -> w.Widget:
        """Return a text area for a reflection, saved in the workbook under ``key``."""
        area = w.Textarea(
            value=self.workbook.reflections.get(key, ""),
            placeholder="Write a few sentences. They are saved with your plan.",
            layout=full_width(height="6em"),
        )

        def changed(change: dict) -> None:
            def update() -> Workbook:
                refl = dict(self.workbook.reflections)
                refl[key] = change["new"]
                return self.workbook.with_section(reflections=refl)

            self.guarded(update)

        area.observe(changed, names="value")
        return w.VBox([w.HTML(f"<b>Reflect.</b> {_esc(prompt)}"), area])

    # ------------------------------------------------------------ behaviour
    def guarded(
        self,
        update: Callable[[], Workbook | None],
        then: Callable[[], None] | None = None,
    ) -> bool:
        """Run ``update``; on bad input show the message and keep the saved plan.

        ``update`` returns the new workbook (or ``None`` when nothing changed); it
        only computes the plan, and never assigns it. The new workbook is adopted,
        ``then`` (if given) brings the controls in line with it (new options of a
        dropdown, rows for a new item), the outputs are refreshed and the plan is
        saved. Returns whether the change was accepted.
        """
        try:
            new = update()
            if new is not None:
                self.workbook = new
                if then is not None:
                    then()
            self.refresh()
        except (ValueError, TypeError) as exc:
            self.error.value = _alert(str(exc))
            return False
        self.error.value = ""
        if new is not None:
            return self.save()
        return True

    def save(self) -> bool:
        """Save this exercise's changes, keeping what other exercises saved meanwhile.

        The save merges (:func:`alliancelab.workbook.save_merged`): only the parts
        of the plan changed here are written into the file as it is now, and the
        exercise then holds the merged plan. Returns whether the plan was saved;
        on failure the message says why and the status line says "Not saved".
        """
        if not self.can_save:
            self.status.value = self._status_text()
            return False
        try:
            snap = save_merged(self.path, self.workbook, self.base)
        except WorkbookConflict as exc:
            self.save_error = str(exc)
            self.reload_button.layout.display = ""
        except (OSError, ValueError) as exc:
            self.save_error = f"could not save: {exc}"
        else:
            self.save_error = ""
            self.base = snap
            self.saves += 1
            if snap.workbook != self.workbook:  # another exercise saved meanwhile
                self.workbook = snap.workbook
                self.refresh()
        if self.save_error:
            self.error.value = _alert(self.save_error)
        self.status.value = self._status_text()
        self._update_download()
        return not self.save_error

    def reload(self) -> None:
        """Read the plan from its file again and rebuild the controls from it.

        Used after a conflict (another exercise changed the same part) and to pick
        up a plan file put in place by hand. An unreadable file shows its message
        and leaves this exercise as it was.
        """
        if self.path is None:
            return
        try:
            snap = load_snapshot(self.path)
        except WorkbookError as exc:
            self.error.value = _alert(str(exc))
            return
        self.workbook, self.base, self.save_error = snap.workbook, snap, ""
        self.reload_button.layout.display = "none"
        self.venture = self._venture_box()
        self.view.children = self._parts()
        self.error.value = ""
        self.refresh()
        self.status.value = self._status_text()
        self._update_download()

    def _status_text(self) -> str:
        if self.path is None:
            return "<small>Case view: nothing you change here is saved.</small>"
        if not self.can_save:
            return "<small>⚠ Not saving (see the message above).</small>"
        if self.save_error:
            return "<small>⚠ Not saved: see the message above.</small>"
        if self.saves == 0:
            name = _esc(self.path.name)
            return live_or_preview(
                f"<small>Not saved yet: changes are saved to <code>{name}</code>.</small>",
                "<small>Preview: nothing on this page is saved.</small>",
            )
        # the copy to keep (in JupyterLite the file lives only in this browser) is the
        # download link just below: the plan travels to the browser once per change
        return (
            f"<small>✓ Saved to <code>{_esc(self.path.name)}</code>; the download link "
            "below gives you a copy to keep.</small>"
        )

    def _repr_mimebundle_(self, **kwargs: Any):
        bundle = self.view._repr_mimebundle_(**kwargs)
        # a short, stable text form: what nbval compares and what a plain console shows
        bundle["text/plain"] = f"{self.title} (interactive exercise)"
        return bundle


def _esc(text: str) -> str:
    from html import escape

    return escape(str(text))
