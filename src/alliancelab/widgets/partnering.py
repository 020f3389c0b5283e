"""Working with the corporation: two-sided health check, pilot charter, steering committee.

Three thin front-ends over :mod:`alliancelab.perception`, :mod:`alliancelab.pilot` and
:mod:`alliancelab.steering`; each saves its own part of the plan (``perception``,
``pilot``, ``steering``).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .._findings import findings_frame
from ..perception import SCALE, SURVEY_ITEMS, PerceptionSurvey, SurveyRound, add_round, talk_first
from ..perception_plots import plot_perception_gaps, plot_perception_trend
from ..pilot import PILOT_LABELS, PilotCharter, check_pilot, pilot_verdict, plot_pilot_timeline
from ..steering import (
    SteeringCommittee,
    check_steering,
    ladder_from_text,
    members_from_text,
)
from ..steering_plots import plot_escalation_ladder
from ..workbook import Workbook
from ._base import ExerciseWidget, _esc, cached_figure_html, table_html
from ._layout import field, full_width, row

_SCALE_HELP = " · ".join(f"{i} {label}" for i, label in enumerate(SCALE, 1))


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _findings_html(findings: tuple, verdict: str) -> str:
    if not findings:
        return f'<p role="status">✓ <b>{_esc(verdict)}</b>: no gaps found.</p>'
    return f'<p role="status"><b>{_esc(verdict)}</b></p>' + table_html(
        findings_frame(findings), caption="What to fix"
    )


class TwoSidedHealthExercise(ExerciseWidget):
    """Record both partners' answers to one survey, and see the perception gaps.

    Examples
    --------
    >>> ex = TwoSidedHealthExercise.for_example()
    >>> ex.answers["corporate"]["pace"].value = 5
    >>> ex.workbook.perception.latest.corporate["pace"]
    5
    """

    title = "Two-sided health check"

    def build(self) -> w.Widget:
        survey = self._survey()
        self.startup_name = w.Text(
            value=survey.startup_name, description="Start-up", layout=field("16em")
        )
        self.corporate_name = w.Text(
            value=survey.corporate_name, description="Corporate", layout=field("16em")
        )
        for box in (self.startup_name, self.corporate_name):
            box.observe(self._on_change, names="value")
        self.round_label = w.Text(
            placeholder="e.g. Year 2 review", description="New review", layout=field("16em")
        )
        self.add_button = w.Button(description="Add this review", icon="plus")
        self.add_button.on_click(lambda _: self.guarded(self._add_round, then=self._clear_label))
        self.current = w.HTML()
        self.answers: dict[str, dict[str, w.IntSlider]] = {"startup": {}, "corporate": {}}
        rows = []
        latest = survey.latest
        for item in SURVEY_ITEMS:
            pair = []
            for side, label in (("startup", "start-up"), ("corporate", "corporate")):
                given = getattr(latest, side).get(item.key, 3) if latest else 3
                slider = w.IntSlider(
                    value=given,
                    min=1,
                    max=5,
                    description=label,
                    style={"description_width": "6em"},
                    layout=field("16em"),
                )
                slider.observe(self._on_change, names="value")
                self.answers[side][item.key] = slider
                pair.append(slider)
            rows.append(
                w.VBox([w.HTML(f"<b>{_esc(item.label)}.</b> {_esc(item.statement)}"), row(*pair)])
            )
        self.first = w.HTML()
        self.chart = w.HTML()
        self.trend = w.HTML()
        return w.VBox(
            [
                w.HTML("<h3>1. The two partners</h3>"),
                row(self.startup_name, self.corporate_name),
                w.HTML("<h3>2. The review</h3>"),
                self.current,
                row(self.round_label, self.add_button),
                w.HTML(f"<h3>3. Both sides' answers</h3><p><small>{_SCALE_HELP}</small></p>"),
                *rows,
                w.HTML("<h3>The gaps</h3>"),
                self.first,
                self.chart,
                self.trend,
                self.reflection(
                    "perception",
                    "Which gap surprised you most, and who on each side should discuss it?",
                ),
            ]
        )

    def _survey(self) -> PerceptionSurvey:
        survey = getattr(self.workbook, "perception", None)
        if survey is None:
            survey = PerceptionSurvey(
                self.workbook.venture.name, "Corporate partner", (SurveyRound("First review"),)
            )
        if not survey.rounds:
            survey = add_round(survey, SurveyRound("First review"))
        return survey

    def _survey_now(self) -> PerceptionSurvey:
        survey = self._survey()
        latest = SurveyRound(
            survey.latest.label,
            {k: s.value for k, s in self.answers["startup"].items()},
            {k: s.value for k, s in self.answers["corporate"].items()},
            survey.latest.note,
        )
        return PerceptionSurvey(
            self.startup_name.value, self.corporate_name.value, (*survey.rounds[:-1], latest)
        )

    def _on_change(self, _change: dict[str, Any]) -> None:
        self.guarded(lambda: self.workbook.with_section(perception=self._survey_now()))

    def _add_round(self) -> Workbook:
        survey = self._survey_now()
        new = SurveyRound(
            self.round_label.value, dict(survey.latest.startup), dict(survey.latest.corporate)
        )
        return self.workbook.with_section(perception=add_round(survey, new))

    def _clear_label(self) -> None:
        self.round_label.value = ""

    def refresh(self) -> None:
        survey = self._survey()
        latest = survey.latest
        self.current.value = (
            f"<p>Answers below are for <b>{_esc(latest.label)}</b> "
            f"(review {len(survey.rounds)} of {len(survey.rounds)}). A new review starts from "
            "these answers; move the sliders to what each side says now.</p>"
        )
        labels = {i.key: i.label for i in SURVEY_ITEMS}
        first = [labels[k] for k in talk_first(latest)]
        self.first.value = (
            "<p><b>Talk about these first:</b> " + _esc(", ".join(first)) + "</p>"
            if first
            else "<p>No item is 2 or more points apart: the two sides see the alliance alike.</p>"
        )
        key = ("perception", latest, survey.startup_name, survey.corporate_name)
        self.chart.value = cached_figure_html(
            key,
            lambda: plot_perception_gaps(latest, survey.startup_name, survey.corporate_name),
            f"Each side's answers and the gap per item, {latest.label}; talk first about: "
            + (", ".join(first) or "none"),
        )
        if len(survey.rounds) > 1:
            self.trend.value = cached_figure_html(
                ("perception trend", survey),
                lambda: plot_perception_trend(survey),
                "The average and the largest perception gap at each review.",
            )
        else:
            self.trend.value = ""


_PILOT_TEXT = ("question", "next_step", "decision_maker", "budget_owner", "reuse_rights", "fee")


class PilotCharterExercise(ExerciseWidget):
    """Draft the pilot charter and see what is still missing before the pilot starts.

    Examples
    --------
    >>> ex = PilotCharterExercise.for_example()
    >>> ex.boxes["payment_days"].value = "120"
    >>> ex.workbook.pilot.payment_days
    120
    """

    title = "Pilot charter"

    def build(self) -> w.Widget:
        charter = getattr(self.workbook, "pilot", None) or PilotCharter()
        self.boxes: dict[str, w.Widget] = {}
        parts = []
        for name in _PILOT_TEXT:
            label, hint = PILOT_LABELS[name]
            box = w.Text(value=getattr(charter, name), placeholder=hint, layout=full_width())
            self.boxes[name] = box
            parts.append(w.VBox([w.HTML(f"<b>{_esc(label)}</b>"), box]))
        for name, label in (
            ("success_criteria", "Success criteria, one per line"),
            ("kill_criteria", "Kill criteria, one per line"),
        ):
            box = w.Textarea(
                value="\n".join(getattr(charter, name)), layout=full_width(height="5em")
            )
            self.boxes[name] = box
            parts.insert(
                2 if name == "success_criteria" else 4,
                w.VBox([w.HTML(f"<b>{_esc(label)}</b>"), box]),
            )
        for name, label in (
            ("start_date", "Start (YYYY-MM-DD)"),
            ("decision_date", "Decision date"),
            ("payment_days", "Days to pay"),
        ):
            value = getattr(charter, name)
            box = w.Text(
                value="" if value is None else str(value),
                description=label,
                style={"description_width": "10em"},
                layout=field("18em"),
            )
            self.boxes[name] = box
        for box in self.boxes.values():
            box.observe(self._on_change, names="value")
        self.checks = w.HTML()
        self.chart = w.HTML()
        dates = row(
            self.boxes["start_date"], self.boxes["decision_date"], self.boxes["payment_days"]
        )
        return w.VBox(
            [
                *parts,
                dates,
                w.HTML("<h3>Before you start</h3>"),
                self.checks,
                self.chart,
                self.reflection(
                    "pilot",
                    "If the pilot succeeds, what exactly happens on the day "
                    "after the decision date, and who makes it happen?",
                ),
            ]
        )

    def _charter(self) -> PilotCharter:
        b = self.boxes
        days = b["payment_days"].value.strip()
        if days and not days.isdigit():
            raise ValueError(f"payment_days must be a whole number of days, got {days!r}")
        return PilotCharter(
            question=b["question"].value,
            success_criteria=_lines(b["success_criteria"].value),
            next_step=b["next_step"].value,
            kill_criteria=_lines(b["kill_criteria"].value),
            start_date=b["start_date"].value.strip(),
            decision_date=b["decision_date"].value.strip(),
            decision_maker=b["decision_maker"].value,
            budget_owner=b["budget_owner"].value,
            reuse_rights=b["reuse_rights"].value,
            payment_days=int(days) if days else None,
            fee=b["fee"].value,
        )

    def _on_change(self, _change: dict[str, Any]) -> None:
        self.guarded(lambda: self.workbook.with_section(pilot=self._charter()))

    def refresh(self) -> None:
        charter = getattr(self.workbook, "pilot", None) or PilotCharter()
        self.checks.value = _findings_html(check_pilot(charter), pilot_verdict(charter))
        if charter.duration_days is None:
            self.chart.value = "<p><small>Set both dates to see the timeline.</small></p>"
        else:
            self.chart.value = cached_figure_html(
                ("pilot", charter),
                lambda: plot_pilot_timeline(charter),
                f"The pilot runs {charter.duration_days} days to its decision on "
                f"{charter.decision_date}; payment may take {charter.payment_days} days more.",
            )


class SteeringCommitteeExercise(ExerciseWidget):
    """Set up the steering committee and the escalation ladder, and check them for gaps.

    Examples
    --------
    >>> ex = SteeringCommitteeExercise.for_example()
    >>> ex.boxes["deadlock_rule"].value = ""
    >>> [f.field for f in check_steering(ex.workbook.steering)][-1]
    'deadlock_rule'
    """

    title = "Steering committee and escalation"

    def build(self) -> w.Widget:
        sc = getattr(self.workbook, "steering", None) or SteeringCommittee()
        members = "\n".join("; ".join(x for x in (m.name, m.side, m.role) if x) for m in sc.members)
        ladder = "\n".join(
            r.who if r.deadline_days is None else f"{r.who}; {r.deadline_days}" for r in sc.ladder
        )
        self.boxes = {
            "members": w.Textarea(
                value=members,
                layout=full_width(height="6em"),
                placeholder="Ana Ruiz; start-up; head of business development",
            ),
            "decision_rights": w.Textarea(
                value="\n".join(sc.decision_rights),
                layout=full_width(height="5em"),
                placeholder="Approve the annual work plan",
            ),
            "meets_every_weeks": w.Text(
                value="" if sc.meets_every_weeks is None else str(sc.meets_every_weeks),
                description="Meets every (weeks)",
                style={"description_width": "11em"},
                layout=field("18em", grow=0),
            ),
            "ladder": w.Textarea(
                value=ladder,
                layout=full_width(height="5em"),
                placeholder="The two alliance managers; 14",
            ),
            "deadlock_rule": w.Textarea(
                value=sc.deadlock_rule,
                layout=full_width(height="4em"),
                placeholder="What happens if the top rung cannot agree",
            ),
        }
        for box in self.boxes.values():
            box.observe(self._on_change, names="value")
        self.checks = w.HTML()
        self.chart = w.HTML()

        def labelled(key: str, text: str) -> w.Widget:
            return w.VBox([w.HTML(f"<b>{_esc(text)}</b>"), self.boxes[key]])

        return w.VBox(
            [
                labelled("members", "Members, one per line: name; start-up or corporate; role"),
                labelled("decision_rights", "What the committee decides, one per line"),
                # in a row: a field's flex basis is a width there, not a height
                row(self.boxes["meets_every_weeks"]),
                labelled("ladder", "Escalation ladder, lowest rung first: who; days to resolve"),
                labelled("deadlock_rule", "If the top rung cannot agree either"),
                w.HTML("<h3>Gaps</h3>"),
                self.checks,
                self.chart,
                self.reflection(
                    "steering",
                    "Who, other than the chief executives, carries the "
                    "relationship between the two firms day to day?",
                ),
            ]
        )

    def _committee(self) -> SteeringCommittee:
        b = self.boxes
        weeks = b["meets_every_weeks"].value.strip()
        if weeks and not weeks.isdigit():
            raise ValueError(f"meets_every_weeks must be a whole number of weeks, got {weeks!r}")
        return SteeringCommittee(
            members_from_text(b["members"].value),
            _lines(b["decision_rights"].value),
            int(weeks) if weeks else None,
            ladder_from_text(b["ladder"].value),
            b["deadlock_rule"].value,
        )

    def _on_change(self, _change: dict[str, Any]) -> None:
        self.guarded(lambda: self.workbook.with_section(steering=self._committee()))

    def refresh(self) -> None:
        sc = getattr(self.workbook, "steering", None) or SteeringCommittee()
        findings = check_steering(sc)
        gaps = sum(f.severity == "gap" for f in findings)
        verdict = (
            f"{gaps} gap{'s' if gaps != 1 else ''} to fill"
            if gaps
            else ("no gaps; discuss the warnings" if findings else "complete")
        )
        self.checks.value = _findings_html(findings, verdict)
        if sc.ladder:
            self.chart.value = cached_figure_html(
                ("ladder", sc),
                lambda: plot_escalation_ladder(sc),
                "The escalation ladder: "
                + "; ".join(
                    f"{r.who}, {'no deadline' if r.deadline_days is None else r.deadline_days}"
                    f"{'' if r.deadline_days is None else ' days'}"
                    for r in sc.ladder
                ),
            )
        else:
            self.chart.value = ""
