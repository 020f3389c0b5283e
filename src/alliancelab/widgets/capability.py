"""Exercise 7: the capability plan and the export of the whole plan."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..capability import (
    CAPABILITY_PRACTICES,
    PRACTICE_LEVELS,
    CapabilityProfile,
    assess_capability,
    plot_capability_path,
)
from ..report import export_plan, to_html, to_markdown
from ..workbook import Workbook
from ._base import ExerciseWidget, _alert, _esc, cached_figure_html, download_link, slider_range


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
                    "seven exercises as one document for your next partner meeting.</p>"
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
        """Write the plan as Markdown and HTML and offer both for download.

        When the learner's workbook could not be read (saving is off), nothing is
        exported: the plan shown is the example, not theirs, and an earlier export
        next to the workbook must not be replaced by it.
        """
        if self.path is not None and not self.can_save:
            self.exported.value = _alert(
                "your plan file could not be read (see the message at the top), so there is "
                "nothing of yours to export yet; nothing was written"
            )
            return
        links = []
        for label, text, mime, ext in (
            ("HTML (open or print)", to_html(self.workbook), "text/html", "html"),
            ("Markdown", to_markdown(self.workbook), "text/markdown", "md"),
        ):
            links.append(download_link(text, f"alliance-plan.{ext}", f"Download {label}", mime))
        saved = ""
        if self.path is not None:
            stem = self.path.with_name(self.path.name.split(".")[0] + "-plan")
            try:
                md, page = export_plan(self.workbook, stem)
                saved = (
                    f" Also saved next to your workbook as <code>{_esc(md.name)}</code> "
                    f"and <code>{_esc(page.name)}</code>."
                )
            except OSError as exc:
                saved = f" (Could not save a copy next to the workbook: {_esc(str(exc))}.)"
        done = self.workbook.completed_sections()
        self.exported.value = (
            f'<p role="status">✓ Plan ready: {len(done)} sections filled in.{saved}</p><p>'
            + " · ".join(links)
            + "</p>"
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

    def bench_step(self, i: int) -> None:
        """Move the number of alliances done through 0–9 (one change per call)."""
        self.done.value = i % 10
