"""Exercise 1: the partner scorecard, as a widget over :mod:`alliancelab.scorecard`."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .._text import number
from ..scorecard import (
    Score,
    Scorecard,
    add_candidate,
    add_criterion,
    plot_scorecards,
    rank_candidates,
    remove_candidate,
    remove_criterion,
    rescore,
    reweight,
)
from ..workbook import Workbook
from ._base import ExerciseWidget, _esc, cached_figure_html, slider_range, table_html
from ._layout import field, row

_RANK_COLUMNS = ("rank", "candidate", "weighted_total", "weak_link")


class ScorecardExercise(ExerciseWidget):
    """Score candidate partners on weighted criteria; see the ranking and weak links.

    Examples
    --------
    >>> ex = ScorecardExercise.for_example()
    >>> ex.sliders["reputation"].value = 1
    >>> ex.workbook.scorecards[0].scores["reputation"].value
    1
    """

    title = "Exercise 1: partner scorecard"

    # ------------------------------------------------------------ layout
    def build(self) -> w.Widget:
        names = [c.candidate for c in self.workbook.scorecards]
        self.candidate = w.Dropdown(
            options=names,
            value=names[0] if names else None,
            description="Candidate",
            layout=field("24em"),
        )
        self.new_candidate = w.Text(
            placeholder="Name of another candidate partner", layout=field("16em")
        )
        self.add_candidate = w.Button(description="Add candidate", icon="plus")
        self.remove_candidate = w.Button(description="Remove candidate", icon="trash")
        self.new_criterion = w.Text(
            placeholder="Your own criterion, e.g. speed of decisions", layout=field("16em")
        )
        self.add_criterion = w.Button(description="Add criterion", icon="plus")
        self.score_rows = w.VBox()
        self.weight_rows = w.VBox()
        self.table = w.HTML()
        self.warnings = w.HTML()
        self.chart = w.HTML()
        self.candidate.observe(lambda _: self._fill_scores(), names="value")
        self.add_candidate.on_click(
            lambda _: self.guarded(self._add_candidate, then=self._show_new_candidate)
        )
        self.remove_candidate.on_click(
            lambda _: self.guarded(self._remove_candidate, then=self._show_first_candidate)
        )
        self.add_criterion.on_click(
            lambda _: self.guarded(self._add_criterion, then=self._show_new_criterion)
        )
        self._fill_weights()
        self._fill_scores()
        controls = w.VBox(
            [
                w.HTML("<b>Score each candidate</b> from 1 (poor) to 5 (excellent) and say why."),
                row(self.candidate, self.remove_candidate),
                self.score_rows,
                row(self.new_candidate, self.add_candidate),
                w.HTML("<b>Weights.</b> How much each criterion counts (0 leaves it out)."),
                self.weight_rows,
                row(self.new_criterion, self.add_criterion),
            ]
        )
        return w.VBox(
            [
                controls,
                w.HTML("<h3>Ranking</h3>"),
                self.warnings,
                self.table,
                self.chart,
                self.reflection(
                    "scorecard",
                    "Which weakness of your top candidate would you test first in due "
                    "diligence, and how?",
                ),
            ]
        )

    def _fill_scores(self) -> None:
        self.sliders: dict[str, w.IntSlider] = {}
        self.rationales: dict[str, w.Text] = {}
        card = self._card()
        rows = []
        for crit in self.workbook.criteria:
            score = card.scores.get(crit.name) if card else None
            slider = w.IntSlider(
                value=score.value if score else 3,
                min=1,
                max=5,
                description=crit.name,
                style={"description_width": "11em"},
                disabled=card is None,
                layout=field("22em"),
            )
            why = w.Text(
                value=score.rationale if score else "",
                placeholder="Why this score?",
                disabled=card is None,
                layout=field("14em"),
            )
            slider.observe(self._on_score, names="value")
            why.observe(self._on_score, names="value")
            self.sliders[crit.name], self.rationales[crit.name] = slider, why
            rows.append(row(slider, why))
        self.score_rows.children = rows

    def _fill_weights(self) -> None:
        self.weights: dict[str, w.FloatSlider] = {}
        rows = []
        for crit in self.workbook.criteria:
            slider = w.FloatSlider(
                value=crit.weight,
                **slider_range(crit.weight, 0, 5),
                step=0.5,
                readout_format=".3",  # d3 format: "1", "1.5", no trailing zeros
                description=crit.name,
                style={"description_width": "11em"},
                layout=field("22em"),
            )
            slider.observe(self._on_weight, names="value")
            self.weights[crit.name] = slider
            remove = w.Button(
                description="Remove",
                icon="trash",
                tooltip=f"Remove the criterion {crit.name} from the scorecard",
                layout=w.Layout(width="auto"),
            )
            remove.on_click(
                lambda _, name=crit.name: self.guarded(
                    lambda: self._remove_criterion(name), then=self._fill_rows
                )
            )
            rows.append(row(slider, remove))
        self.weight_rows.children = rows

    # ------------------------------------------------------------ updates
    def _card(self) -> Scorecard | None:
        for card in self.workbook.scorecards:
            if card.candidate == self.candidate.value:
                return card
        return None

    def _on_score(self, _change: dict[str, Any]) -> None:
        def update() -> Workbook | None:
            card = self._card()
            if card is None:
                return None
            scores = {
                name: Score(self.sliders[name].value, self.rationales[name].value)
                for name in self.sliders
            }
            cards = rescore(self.workbook.scorecards, card.candidate, scores)
            return self.workbook.with_section(scorecards=cards)

        self.guarded(update)

    def _on_weight(self, _change: dict[str, Any]) -> None:
        def update() -> Workbook:
            weights = {name: slider.value for name, slider in self.weights.items()}
            return self.workbook.with_section(criteria=reweight(self.workbook.criteria, weights))

        self.guarded(update)

    # each edit returns the new plan; once it is adopted, ``then`` updates the controls
    def _add_candidate(self) -> Workbook:
        wb = self.workbook
        cards = add_candidate(wb.scorecards, self.new_candidate.value, wb.criteria)
        return wb.with_section(scorecards=cards)

    def _show_new_candidate(self) -> None:
        names = [c.candidate for c in self.workbook.scorecards]
        self.new_candidate.value = ""
        self.candidate.options = names
        self.candidate.value = names[-1]

    def _remove_candidate(self) -> Workbook | None:
        card = self._card()
        if card is None:
            return None
        return self.workbook.with_section(
            scorecards=remove_candidate(self.workbook.scorecards, card.candidate)
        )

    def _show_first_candidate(self) -> None:
        names = [c.candidate for c in self.workbook.scorecards]
        self.candidate.options = names
        self.candidate.value = names[0] if names else None

    def _add_criterion(self) -> Workbook:
        wb = self.workbook
        crit, cards = add_criterion(wb.criteria, wb.scorecards, self.new_criterion.value)
        return wb.with_section(criteria=crit, scorecards=cards)

    def _show_new_criterion(self) -> None:
        self.new_criterion.value = ""
        self._fill_rows()

    def _remove_criterion(self, name: str) -> Workbook:
        wb = self.workbook
        crit, cards = remove_criterion(wb.criteria, wb.scorecards, name)
        return wb.with_section(criteria=crit, scorecards=cards)

    def _fill_rows(self) -> None:
        self._fill_weights()
        self._fill_scores()

    # ------------------------------------------------------------ outputs
    def refresh(self) -> None:
        cards, crit = self.workbook.scorecards, self.workbook.criteria
        if not cards:
            self.table.value = "<p>Add a candidate partner to start.</p>"
            self.warnings.value = self.chart.value = ""
            return
        ranking = rank_candidates(cards, crit)
        factors = [c.name for c in crit]
        self.table.value = table_html(ranking[["rank", "candidate", *factors, *_RANK_COLUMNS[2:]]])
        weak = ranking[ranking["weak_link"]]
        self.warnings.value = "".join(
            f'<p role="status">⚠ <b>Weak link:</b> {_esc(r.candidate)} scores well overall but '
            f"low on {_esc(r.weakest_factor)}. Manage that weakness or walk away.</p>"
            for r in weak.itertuples()
        )
        top = ranking.iloc[0]
        alt = (
            f"Dot chart of {len(ranking)} candidates' scores by criterion; "
            f"{top['candidate']} ranks first with a weighted total of "
            f"{number(top['weighted_total'])}."
        )
        self.chart.value = cached_figure_html(
            ("scorecards", cards, crit), lambda: plot_scorecards(ranking, crit), alt
        )
