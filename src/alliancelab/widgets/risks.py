"""Exercise 3: the risk register and matrix, as a widget over :mod:`alliancelab.risks`."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..risks import (
    RISK_CLASSES,
    Rating,
    Risk,
    RiskRegister,
    compare_assessments,
    plot_risk_matrix,
    risk_table,
    standard_register,
)
from ..workbook import Workbook
from ._base import ExerciseWidget, _esc, cached_figure_html, table_html
from ._layout import field, full_width, row

_FIRST_LABEL = "before signing"
_NO_COMPARE = "(no comparison)"


class RiskMatrixExercise(ExerciseWidget):
    """Rate the alliance's risks, assign owners and mitigations, re-assess and compare.

    Examples
    --------
    >>> ex = RiskMatrixExercise.for_example()
    >>> name = next(iter(ex.likelihood))
    >>> ex.likelihood[name].value = 5
    >>> ex.workbook.risk_register.assessments[ex.assessment.value][name].likelihood
    5
    """

    title = "Exercise 3: risk matrix"

    def _register(self) -> RiskRegister:
        return self.workbook.risk_register or standard_register()

    def build(self) -> w.Widget:
        reg = self._register()
        labels = list(reg.assessment_labels) or [_FIRST_LABEL]
        self.assessment = w.Dropdown(
            options=labels, value=labels[-1], description="Assessment", layout=field("20em")
        )
        self.compare = w.Dropdown(
            options=[_NO_COMPARE, *labels],
            value=labels[-2] if len(labels) > 1 else _NO_COMPARE,
            description="Compare with",
            layout=field("20em"),
        )
        self.new_label = w.Text(placeholder="e.g. after signing, or a date", layout=field("16em"))
        self.add_label = w.Button(description="New assessment", icon="copy")
        self.new_risk = w.Text(
            placeholder="Another risk, e.g. key engineer leaves", layout=field("16em")
        )
        self.new_class = w.Dropdown(
            options=RISK_CLASSES, value="both", layout=field("8em", grow=0), tooltip="risk class"
        )
        self.add_risk = w.Button(description="Add risk", icon="plus")
        self.rows = w.VBox()
        self.assessment.observe(lambda _: self._fill_rows(), names="value")
        self.compare.observe(lambda _: self.guarded(lambda: None), names="value")
        self.add_label.on_click(
            lambda _: self.guarded(self._add_assessment, then=self._show_new_assessment)
        )
        self.remove_label = w.Button(
            description="Remove this assessment",
            icon="trash",
            tooltip="Remove the assessment shown, with its ratings",
            layout=w.Layout(width="auto"),
        )
        self.remove_label.on_click(
            lambda _: self.guarded(self._remove_assessment, then=self._show_latest_assessment)
        )
        self.add_risk.on_click(lambda _: self.guarded(self._add_risk, then=self._show_new_risk))
        self._fill_rows()
        self.table = w.HTML()
        self.changes = w.HTML()
        self.chart = w.HTML()
        return w.VBox(
            [
                w.HTML(
                    "<b>Rate each risk</b>: likelihood and impact from 1 (low) to 5 (high); "
                    "name who owns it and how you will reduce it. Unrated risks start at 3."
                ),
                row(self.assessment, self.compare, self.remove_label),
                self.rows,
                row(self.new_risk, self.new_class, self.add_risk),
                row(self.new_label, self.add_label),
                w.HTML("<h3>Risk matrix</h3>"),
                self.chart,
                self.table,
                self.changes,
                self.reflection(
                    "risk_matrix",
                    "Which risk moved most between your assessments, and what made it move?",
                ),
            ]
        )

    def _fill_rows(self) -> None:
        reg = self._register()
        ratings = reg.assessments.get(self.assessment.value, {})
        self.likelihood: dict[str, w.IntSlider] = {}
        self.impact: dict[str, w.IntSlider] = {}
        self.owner: dict[str, w.Text] = {}
        self.mitigation: dict[str, w.Text] = {}
        rows = []
        for risk in reg.risks:
            rating = ratings.get(risk.name)
            lik = w.IntSlider(
                value=rating.likelihood if rating else 3,
                min=1,
                max=5,
                description="likelihood",
                style={"description_width": "6em"},
                layout=field("18em"),
            )
            imp = w.IntSlider(
                value=rating.impact if rating else 3,
                min=1,
                max=5,
                description="impact",
                style={"description_width": "6em"},
                layout=field("18em"),
            )
            own = w.Text(value=risk.owner, placeholder="owner", layout=field("10em"))
            mit = w.Text(value=risk.mitigation, placeholder="mitigation", layout=full_width())
            for ctrl in (lik, imp, own, mit):
                ctrl.observe(self._on_change, names="value")
            self.likelihood[risk.name], self.impact[risk.name] = lik, imp
            self.owner[risk.name], self.mitigation[risk.name] = own, mit
            head = w.HTML(
                f"<b>{_esc(risk.name)}</b> <small>({_esc(risk.risk_class)})</small>"
                + (f"<br><small>{_esc(risk.description)}</small>" if risk.description else "")
            )
            remove = w.Button(
                description="Remove",
                icon="trash",
                tooltip=f"Remove the risk {risk.name} from the register",
                layout=w.Layout(width="auto"),
            )
            remove.on_click(
                lambda _, name=risk.name: self.guarded(
                    lambda: self._remove_risk(name), then=self._fill_rows
                )
            )
            rows.append(w.VBox([row(head, remove), row(lik, imp, own), mit]))
        self.rows.children = rows

    def _ratings(self) -> dict[str, Rating]:
        """Return the ratings the sliders show, by risk name."""
        return {
            name: Rating(self.likelihood[name].value, self.impact[name].value)
            for name in self._register().names
        }

    def _on_change(self, _change: dict[str, Any]) -> None:
        def update() -> Workbook:
            reg = self._register()
            names = reg.names
            reg = reg.with_owners(
                {n: self.owner[n].value for n in names},
                {n: self.mitigation[n].value for n in names},
            ).with_ratings(self.assessment.value, self._ratings())
            return self.workbook.with_section(risk_register=reg)

        self.guarded(update)

    # each edit returns the new plan; once it is adopted, ``_show_*`` updates the controls
    def _add_assessment(self) -> Workbook:
        reg = self._register()
        current = reg.assessments.get(self.assessment.value) or self._ratings()
        return self.workbook.with_section(
            risk_register=reg.with_assessment(self.new_label.value, current)
        )

    def _show_new_assessment(self) -> None:
        labels = list(self._register().assessment_labels)
        previous = self.assessment.value
        self.new_label.value = ""
        self.assessment.options = labels
        self.compare.options = [_NO_COMPARE, *labels]
        self.assessment.value = labels[-1]
        self.compare.value = previous if previous in labels else _NO_COMPARE

    def _remove_assessment(self) -> Workbook:
        reg = self._register().without_assessment(self.assessment.value)
        return self.workbook.with_section(risk_register=reg)

    def _show_latest_assessment(self) -> None:
        labels = list(self._register().assessment_labels)
        self.compare.options = [_NO_COMPARE, *labels]
        self.compare.value = labels[-2] if len(labels) > 1 else _NO_COMPARE
        self.assessment.options = labels
        self.assessment.value = labels[-1]

    def _add_risk(self) -> Workbook:
        risk = Risk(self.new_risk.value, self.new_class.value)
        return self.workbook.with_section(risk_register=self._register().with_risk(risk))

    def _show_new_risk(self) -> None:
        self.new_risk.value = ""
        self._fill_rows()

    def _remove_risk(self, name: str) -> Workbook:
        return self.workbook.with_section(risk_register=self._register().without_risk(name))

    def refresh(self) -> None:
        reg = self.workbook.risk_register
        label = self.assessment.value
        if reg is None or label not in reg.assessments:
            self.table.value = "<p>Move a slider to rate the risks and draw the matrix.</p>"
            self.chart.value = self.changes.value = ""
            return
        table = risk_table(reg, label)
        self.table.value = table_html(
            table[["name", "risk_class", "likelihood", "impact", "severity", "band", "owner"]],
            caption=f"Risks by severity ({label})",
        )
        compare = self.compare.value
        if compare != _NO_COMPARE and compare != label and compare in reg.assessments:
            self.changes.value = table_html(
                compare_assessments(reg, compare, label), caption=f"From {compare} to {label}"
            )
            other = compare
        else:
            self.changes.value = ""
            other = None
        top = table.iloc[0]
        alt = (
            f"Risk matrix of {len(table)} risks ({label}); the most severe is {top['name']} "
            f"with likelihood {top['likelihood']} and impact {top['impact']}."
        )
        self.chart.value = cached_figure_html(
            ("risks", reg, label, other),
            lambda: plot_risk_matrix(reg, label, compare_with=other),
            alt,
        )
