"""Exercise 7: the capability plan and the export of the whole plan."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .._files import atomic_write
from ..capability import (
    CAPABILITY_PRACTICES,
    PRACTICE_LEVELS,
    CapabilityProfile,
    assess_capability,
    plot_capability_path,
)
from ..export import pdf_available, render
from ..report import build_plan
from ..workbook import Workbook
from ._base import ExerciseWidget, _alert, _esc, cached_figure_html, download_link, slider_range

#: Said where no PDF can be made (in the browser's Pyodide, WeasyPrint does not run).
PRINT_HINT = (
    "To get a PDF, open the HTML file in your browser and print it "
    "(Print, then Save as PDF): it is laid out for A4 paper."
)


class CapabilityExercise(ExerciseWidget):
    """Place the venture on the path of alliance capability; export the whole plan.

    Examples
    --------
    >>> ex = CapabilityExercise.for_example()
    >>> ex.done.value = 4
    >>> ex.workbook.capability.alliances_done
    4
    """

    title = "Exercise 7: capability plan"

    def build(self) -> w.Widget:
        profile = self.workbook.capability or CapabilityProfile()
        self.done = w.IntSlider(
            value=profile.alliances_done,
            **slider_range(profile.alliances_done, 0, 20),
            description="Alliances so far",
            style={"description_width": "9em"},
        )
        self.done.observe(self._on_change, names="value")
        levels = [(f"{i}: {label}", i) for i, label in enumerate(PRACTICE_LEVELS)]
        self.levels: dict[str, w.Dropdown] = {}
        rows = []
        for practice in CAPABILITY_PRACTICES:
            dd = w.Dropdown(
                options=levels,
                value=profile.practices.get(practice.name, 0),
                description=practice.name,
                style={"description_width": "9em"},
            )
            dd.observe(self._on_change, names="value")
            self.levels[practice.name] = dd
            rows.append(w.VBox([dd, w.HTML(f"<small>{_esc(practice.description)}</small>")]))
        self.assessment = w.HTML()
        self.chart = w.HTML()
        self.export_button = w.Button(
            description="Export my plan", icon="download", button_style="primary"
        )
        self.export_button.on_click(lambda _: self.export())
        self.exported = w.HTML()
        return w.VBox(
            [
                self.done,
                w.HTML("<b>How far has each practice come?</b>"),
                *rows,
                w.HTML("<h3>Where you stand</h3>"),
                self.assessment,
                self.chart,
                self.reflection(
                    "capability",
                    "Who in the venture will own alliance capability, and what will they "
                    "do in the next three months?",
                ),
                w.HTML(
                    "<h3>Your alliance plan</h3><p>Export everything you filled in across the "
                    "eight exercises as one document for your next partner meeting.</p>"
                ),
                self.export_button,
                self.exported,
            ]
        )

    def _on_change(self, _change: dict[str, Any]) -> None:
        def update() -> Workbook:
            profile = CapabilityProfile(
                alliances_done=self.done.value,
                practices={name: dd.value for name, dd in self.levels.items()},
            )
            return self.workbook.with_section(capability=profile)

        self.guarded(update)

    def export(self) -> None:
        """Make the plan document and offer it for download: PDF, HTML and Markdown.

        The plan is read once and rendered in every format. The PDF is offered only
        where WeasyPrint runs (not in the browser's Pyodide: there the learner is told
        that the HTML file prints to PDF from the browser). When the learner's workbook
        could not be read (saving is off), nothing is exported: the plan shown is the
        example, not theirs, and an earlier export next to the workbook must not be
        replaced by it.
        """
        if self.path is not None and not self.can_save:
            self.exported.value = _alert(
                "your plan file could not be read (see the message at the top), so there is "
                "nothing of yours to export yet; nothing was written"
            )
            return
        doc = build_plan(self.workbook)
        docs: dict[str, str | bytes] = {}
        note = ""
        if pdf_available():
            try:
                docs[".pdf"] = render(doc, ".pdf")
            except Exception as exc:  # a PDF that fails must not cost the other two
                note = f" (No PDF this time: {_esc(str(exc))}. {PRINT_HINT})"
        else:
            note = f" {PRINT_HINT}"
        docs[".html"] = render(doc, ".html")
        docs[".md"] = render(doc, ".md")
        labels = {".pdf": "PDF (A4)", ".html": "HTML (open or print)", ".md": "Markdown"}
        mimes = {".pdf": "application/pdf", ".html": "text/html", ".md": "text/markdown"}
        links = []
        for ext, content in docs.items():
            name, label = f"alliance-plan{ext}", f"Download {labels[ext]}"
            links.append(download_link(content, name, label, mimes[ext]))
        saved = ""
        if self.path is not None:
            stem = self.path.with_name(self.path.name.split(".")[0] + "-plan")
            try:
                written = [
                    atomic_write(stem.with_name(stem.name + ext), content)
                    for ext, content in docs.items()
                ]
                names = " and ".join(f"<code>{_esc(p.name)}</code>" for p in written)
                saved = f" Also saved next to your workbook as {names}."
            except OSError as exc:
                saved = f" (Could not save a copy next to the workbook: {_esc(str(exc))}.)"
        done = self.workbook.completed_sections()
        self.exported.value = (
            f'<p role="status">✓ Plan ready: {len(done)} sections filled in.{saved}{note}</p>'
            "<p>" + " · ".join(links) + "</p>"
        )

    def refresh(self) -> None:
        profile = self.workbook.capability or CapabilityProfile()
        result = assess_capability(profile)
        reasons = "".join(f"<li>{_esc(r)}</li>" for r in result.reasons)
        self.assessment.value = (
            f'<p role="status"><b>Stage:</b> {_esc(result.stage)}</p>'
            f"<p><b>Next step:</b> {_esc(result.next_step)}</p><ul>{reasons}</ul>"
        )
        alt = f"The path of alliance capability with the venture at stage: {result.stage}."
        self.chart.value = cached_figure_html(
            ("capability", profile), lambda: plot_capability_path(profile), alt
        )
