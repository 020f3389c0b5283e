"""Exercise 5: the alliance health check and exit, over :mod:`alliancelab.lifecycle`."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .._text import reading
from ..lifecycle import EXIT_SIGNALS, MISMATCH_DIMENSIONS, review_health
from ..workbook import HealthRecord
from ._base import ExerciseWidget, _esc, table_html

_VERDICT_ICON = {"healthy": "✓", "watch": "👁", "renegotiate": "⚠", "prepare exit": "⛔"}


class HealthCheckExercise(ExerciseWidget):
    """Check observed metrics against the exit triggers and look for the exit signals.

    Examples
    --------
    >>> ex = HealthCheckExercise.for_example()
    >>> ex.signals["lack of reciprocity"].value = True
    >>> "lack of reciprocity" in ex.workbook.health.signals
    True
    """

    title = "Exercise 5: health check and exit"

    def build(self) -> w.Widget:
        record = self.workbook.health or HealthRecord()
        self.observed: dict[str, w.FloatText] = {}
        obs_rows = []
        for metric in dict.fromkeys(t.metric for t in self.workbook.exit_triggers):
            box = w.FloatText(
                value=record.observations.get(metric, 0.0),
                description=metric,
                style={"description_width": "16em"},
                layout=w.Layout(width="26em", max_width="100%"),
            )
            box.observe(self._on_change, names="value")
            self.observed[metric] = box
            obs_rows.append(box)
        if not obs_rows:
            obs_rows.append(
                w.HTML("<p>No exit triggers yet: set them in exercise 4 (deal design).</p>")
            )
        self.signals: dict[str, w.Checkbox] = {}
        sig_rows = []
        for signal in EXIT_SIGNALS:
            box = w.Checkbox(
                value=signal.name in record.signals,
                description=signal.name,
                indent=False,
                layout=w.Layout(width="auto", max_width="100%"),
            )
            box.observe(self._on_change, names="value")
            self.signals[signal.name] = box
            # the description under its box's label, every one at the same indent
            about = w.HTML(f"<small>{_esc(signal.description)}</small>")
            about.add_class("alliancelab-signal-about")
            sig_rows.append(w.VBox([box, about], layout=w.Layout(margin="0 0 6px")))
        self.mismatch: dict[str, w.IntSlider] = {}
        mis_rows = []
        for dim in MISMATCH_DIMENSIONS:
            slider = w.IntSlider(
                value=record.mismatches.get(dim, 1),
                min=1,
                max=5,
                description=f"{dim}",
                style={"description_width": "8em"},
            )
            slider.observe(self._on_change, names="value")
            self.mismatch[dim] = slider
            mis_rows.append(slider)
        self.triggers = w.HTML()
        self.verdict = w.HTML()
        return w.VBox(
            [
                w.HTML("<h3>1. What you observe, against the triggers you agreed</h3>"),
                *obs_rows,
                self.triggers,
                w.HTML("<h3>2. Signals that it may be time to exit</h3>"),
                *sig_rows,
                w.HTML(
                    "<h3>3. How far apart are you?</h3><p>1 = fully aligned, 5 = far apart.</p>"
                ),
                *mis_rows,
                w.HTML("<h3>Verdict</h3>"),
                self.verdict,
                self.reflection(
                    "health_check",
                    "Who on each side would you need in the room to act on this verdict?",
                ),
            ]
        )

    def _record(self) -> HealthRecord:
        return HealthRecord(
            observations={m: box.value for m, box in self.observed.items()},
            signals=tuple(s for s, box in self.signals.items() if box.value),
            mismatches={d: s.value for d, s in self.mismatch.items()},
        )

    def _on_change(self, _change: dict[str, Any]) -> None:
        self.guarded(lambda: self.workbook.with_section(health=self._record()))

    def refresh(self) -> None:
        record = self.workbook.health or self._record()
        check, table = review_health(
            self.workbook.exit_triggers, record.observations, record.signals, record.mismatches
        )
        if self.workbook.exit_triggers:
            # "4 months late", "10%": each observation in its metric's own terms
            table["observed"] = [
                reading(v, m) for v, m in zip(table["observed"], table["metric"], strict=True)
            ]
            self.triggers.value = table_html(table, caption="Exit triggers")
        else:
            self.triggers.value = ""
        icon = _VERDICT_ICON.get(check.verdict, "")
        reasons = "".join(f"<li>{_esc(r)}</li>" for r in check.reasons)
        steps = "".join(f"<li>{_esc(s)}</li>" for s in check.next_steps)
        self.verdict.value = (
            f'<p role="status" style="font-size:1.15em">{icon} <b>{_esc(check.verdict)}</b></p>'
            f"<p><b>Why</b></p><ul>{reasons}</ul><p><b>What to do next</b></p><ol>{steps}</ol>"
        )
