"""Exercise 4: deal design (governance, time horizon, charter, exit triggers)."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..governance import (
    FACTOR_QUESTIONS,
    GOVERNANCE_MODES,
    GovernanceFactors,
    plot_governance_continuum,
    recommend_governance,
)
from ..lifecycle import COMPARISONS, ExitTrigger, add_trigger, remove_trigger
from ..workbook import CHARTER_FIELDS, Charter, Workbook
from ._base import ExerciseWidget, _esc, cached_figure_html, slider_range
from ._layout import field, full_width, row

_CHARTER_HELP = {
    "objectives": "What the alliance must achieve, in measurable terms.",
    "scope": "What is in and, just as important, what is out.",
    "governance": "Who decides what, and how often the steering group meets.",
    "deliverables": "What each side delivers, and by when.",
    "dispute_resolution": "How you settle disagreements before they become disputes.",
    "review_cadence": "When you review progress against the objectives.",
}
_DEFAULT_FACTORS = GovernanceFactors(3, 3, 3, 3, 3.0)


class DealDesignExercise(ExerciseWidget):
    """Choose a governance mode with the recommender, draft the charter and exit triggers.

    Examples
    --------
    >>> ex = DealDesignExercise.for_example()
    >>> ex.factors["opportunism_hazard"].value = 5
    >>> ex.workbook.governance_factors.opportunism_hazard
    5
    """

    title = "Exercise 4: deal design"

    def build(self) -> w.Widget:
        wb = self.workbook
        factors = wb.governance_factors or _DEFAULT_FACTORS
        self.factors: dict[str, w.Widget] = {}
        rows = []
        for name, question in FACTOR_QUESTIONS.items():
            value = getattr(factors, name)
            if name == "time_horizon_years":
                ctrl = w.FloatSlider(
                    value=value,
                    **slider_range(value, 0.5, 30),
                    step=0.5,
                    description="years",
                    readout_format=".3",  # d3 format: "6", "2.5", no trailing zeros
                )
            else:
                ctrl = w.IntSlider(value=value, min=1, max=5, description="1 low – 5 high")
            ctrl.style = {"description_width": "7em"}
            ctrl.observe(self._on_factors, names="value")
            self.factors[name] = ctrl
            rows.append(w.VBox([w.HTML(f"<b>{_esc(question)}</b>"), ctrl]))
        self.recommendation = w.HTML()
        self.chart = w.HTML()
        modes = [m.name for m in GOVERNANCE_MODES]
        self.choice = w.Dropdown(
            options=["(not chosen yet)", *modes],
            value=wb.governance_choice if wb.governance_choice in modes else "(not chosen yet)",
            description="Your choice",
        )
        self.horizon = w.Text(
            value=wb.time_horizon,
            description="Time horizon",
            placeholder="e.g. 3 years, review at 18 months",
            style={"description_width": "8em"},
            layout=full_width(),
        )
        self.choice.observe(self._on_deal, names="value")
        self.horizon.observe(self._on_deal, names="value")
        self.charter: dict[str, w.Textarea] = {}
        charter_rows = []
        for name in CHARTER_FIELDS:
            area = w.Textarea(
                value=getattr(wb.charter, name),
                placeholder=_CHARTER_HELP[name],
                layout=full_width(height="4em"),
            )
            area.observe(self._on_deal, names="value")
            self.charter[name] = area
            charter_rows.append(
                w.VBox([w.HTML(f"<b>{name.replace('_', ' ').capitalize()}</b>"), area])
            )
        self.trigger_rows = w.VBox()
        self.add_trigger = w.Button(description="Add exit trigger", icon="plus")
        self.add_trigger.on_click(
            lambda _: self.guarded(self._add_trigger, then=self._fill_triggers)
        )
        self._fill_triggers()
        return w.VBox(
            [
                w.HTML("<h3>1. Governance: what the situation calls for</h3>"),
                *rows,
                self.recommendation,
                self.chart,
                w.HTML("<h3>2. Your choice and time horizon</h3>"),
                self.choice,
                self.horizon,
                w.HTML("<h3>3. The alliance charter</h3>"),
                *charter_rows,
                w.HTML(
                    "<h3>4. Exit triggers you will negotiate up front</h3>"
                    "<p>Each trigger watches one metric; when the condition holds, the agreed "
                    "action starts.</p>"
                ),
                self.trigger_rows,
                self.add_trigger,
                self.reflection(
                    "deal_design",
                    "If the recommender and your choice differ, what do you know that the "
                    "factors do not capture?",
                ),
            ]
        )

    def _fill_triggers(self) -> None:
        self.trigger_controls: list[dict[str, w.Widget]] = []
        rows = []
        for i, t in enumerate(self.workbook.exit_triggers):
            ctrls = {
                "name": w.Text(value=t.name, placeholder="trigger", layout=field("11em")),
                "metric": w.Text(value=t.metric, placeholder="metric", layout=field("11em")),
                "comparison": w.Dropdown(
                    options=list(COMPARISONS),
                    value=t.comparison,
                    layout=field("4.5em", grow=0),
                    tooltip="comparison",
                ),
                "threshold": w.FloatText(
                    value=t.threshold,
                    description="threshold",
                    style={"description_width": "5em"},
                    layout=field("11em"),
                ),
                "action": w.Text(value=t.action, placeholder="action", layout=field("18em")),
            }
            for ctrl in ctrls.values():
                ctrl.observe(self._on_deal, names="value")
            remove = w.Button(
                description="Remove",
                icon="trash",
                tooltip=f"Remove the exit trigger {t.name}",
                layout=w.Layout(width="auto"),
            )
            remove.on_click(
                lambda _, i=i: self.guarded(
                    lambda: self._remove_trigger(i), then=self._fill_triggers
                )
            )
            self.trigger_controls.append(ctrls)
            trigger = w.VBox(
                [
                    row(ctrls["name"], ctrls["metric"]),
                    row(ctrls["comparison"], ctrls["threshold"], ctrls["action"], remove),
                ],
                layout=w.Layout(
                    border_bottom="1px solid #ddd", padding="0 0 6px", margin="0 0 6px"
                ),
            )
            rows.append(trigger)
        self.trigger_rows.children = rows

    def _read_triggers(self) -> tuple[ExitTrigger, ...]:
        return tuple(
            ExitTrigger(
                c["name"].value,
                c["metric"].value,
                c["comparison"].value,
                c["threshold"].value,
                c["action"].value,
            )
            for c in self.trigger_controls
        )

    def _on_factors(self, _change: dict[str, Any]) -> None:
        self.guarded(
            lambda: self.workbook.with_section(
                governance_factors=GovernanceFactors(
                    **{name: ctrl.value for name, ctrl in self.factors.items()}
                )
            )
        )

    def _on_deal(self, _change: dict[str, Any]) -> None:
        def update() -> Workbook:
            choice = self.choice.value if self.choice.index > 0 else ""
            return self.workbook.with_section(
                governance_choice=choice,
                time_horizon=self.horizon.value,
                charter=Charter(**{f: a.value for f, a in self.charter.items()}),
                exit_triggers=self._read_triggers(),
            )

        self.guarded(update)

    def _add_trigger(self) -> Workbook:
        return self.workbook.with_section(exit_triggers=add_trigger(self._read_triggers()))

    def _remove_trigger(self, index: int) -> Workbook:
        kept = remove_trigger(self._read_triggers(), index)
        return self.workbook.with_section(exit_triggers=kept)

    def refresh(self) -> None:
        factors = self.workbook.governance_factors or _DEFAULT_FACTORS
        rec = recommend_governance(factors)
        reasons = "".join(f"<li>{_esc(r)}</li>" for r in rec.reasons)
        self.recommendation.value = (
            f'<p role="status"><b>The factors point to: {_esc(rec.mode.name)}</b> '
            f"(runner-up: {_esc(rec.runner_up.name)}).</p><ul>{reasons}</ul>"
        )
        chosen = self.workbook.governance_choice or None
        alt = (
            f"Governance continuum from informal cooperation to joint venture; the "
            f"recommended mode is {rec.mode.name}"
            + (f" and your choice is {chosen}." if chosen else ".")
        )
        self.chart.value = cached_figure_html(
            ("governance", factors, chosen),
            lambda: plot_governance_continuum(highlight=chosen, recommendation=rec),
            alt,
        )
