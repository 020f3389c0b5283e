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
        self.assessment = w.Dropdown(options=labels, value=labels[-1], description="Assessment")
        self.compare = w.Dropdown(
            options=[_NO_COMPARE, *labels],
            value=labels[-2] if len(labels) > 1 else _NO_COMPARE,
            description="Compare with",
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
        self.add_label.on_click(lambda _: self.guarded(self._add_assessment))
        self.remove_label = w.Button(
            description="Remove this assessment",
            icon="trash",
            tooltip="Remove the assessment shown, with its ratings",
            layout=w.Layout(width="auto"),
        )
        self.remove_label.on_click(lambda _: self.guarded(self._remove_assessment))
        self.add_risk.on_click(lambda _: self.guarded(self._add_risk))
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
                layout=field("16em"),
            )
            imp = w.IntSlider(
                value=rating.impact if rating else 3,
                min=1,
                max=5,
                description="impact",
                layout=field("16em"),
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
            remove.on_click(lambda _, name=risk.name: self.guarded(lambda: self._remove_risk(name)))
            rows.append(w.VBox([row(head, remove), row(lik, imp, own), mit]))
        self.rows.children = rows

    def _on_change(self, _change: dict[str, Any]) -> None:
        def update() -> Workbook:
            reg = self._register()
            risks = tuple(
                Risk(
                    r.name,
                    r.risk_class,
                    r.description,
                    self.owner[r.name].value,
                    self.mitigation[r.name].value,
                )
                for r in reg.risks
            )
            label = self.assessment.value
            assessments = {k: dict(v) for k, v in reg.assessments.items()}
            assessments[label] = {
                r.name: Rating(self.likelihood[r.name].value, self.impact[r.name].value)
                for r in reg.risks
            }
            return self.workbook.with_section(
                risk_register=RiskRegister(risks=risks, assessments=assessments)
            )

        self.guarded(update)

    def _add_assessment(self) -> Workbook:
        label = " ".join(self.new_label.value.split())
        if not label:
            raise ValueError("assessment label must not be empty, e.g. 'after signing'")
        reg = self._register()
        if label in reg.assessments:
            raise ValueError(f"assessment {label!r} already exists")
        current = reg.assessments.get(self.assessment.value) or {
            r.name: Rating(self.likelihood[r.name].value, self.impact[r.name].value)
            for r in reg.risks
        }
        assessments = {k: dict(v) for k, v in reg.assessments.items()}
        assessments[label] = dict(current)
        wb = self.workbook.with_section(
            risk_register=RiskRegister(risks=reg.risks, assessments=assessments)
        )
        previous = self.assessment.value
        self.workbook = wb
        self.new_label.value = ""
        self.assessment.options = list(assessments)
        self.compare.options = [_NO_COMPARE, *assessments]
        self.assessment.value = label
        self.compare.value = previous if previous in assessments else _NO_COMPARE
        return wb

    def _remove_assessment(self) -> Workbook:
        reg = self._register()
        label = self.assessment.value
        if len(reg.assessments) <= 1:
            raise ValueError("the register must keep at least one assessment; add another first")
        assessments = {k: dict(v) for k, v in reg.assessments.items() if k != label}
        wb = self.workbook.with_section(
            risk_register=RiskRegister(risks=reg.risks, assessments=assessments)
        )
        self.workbook = wb
        labels = list(assessments)
        self.compare.options = [_NO_COMPARE, *labels]
        self.compare.value = labels[-2] if len(labels) > 1 else _NO_COMPARE
        self.assessment.options = labels
        self.assessment.value = labels[-1]
        return wb

    def _add_risk(self) -> Workbook:
        reg = self._register()
        risk = Risk(self.new_risk.value, self.new_class.value)
        if risk.name in {r.name for r in reg.risks}:
            raise ValueError(f"risk {risk.name!r} is already in the register")
        wb = self.workbook.with_section(
            risk_register=RiskRegister(risks=(*reg.risks, risk), assessments=reg.assessments)
        )
        self.workbook = wb
        self.new_risk.value = ""
        self._fill_rows()
        return wb

    def _remove_risk(self, name: str) -> Workbook:
        reg = self._register()
        if len(reg.risks) == 1:
            raise ValueError("the register must keep at least one risk; add another first")
        wb = self.workbook.with_section(risk_register=reg.without_risk(name))
        self.workbook = wb
        self._fill_rows()
        return wb

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

    def bench_step(self, i: int) -> None:
        """Move the first risk's likelihood through 1–5 (one change per call)."""
        first = next(iter(self.likelihood))
        self.likelihood[first].value = i % 5 + 1
