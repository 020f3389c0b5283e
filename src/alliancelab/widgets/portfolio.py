"""Exercise 6: the portfolio review, as a widget over :mod:`alliancelab.portfolio`."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..portfolio import (
    DIRECTIONS,
    GOVERNANCE_MODE_NAMES,
    PURPOSES,
    add_alliance,
    edit_alliance,
    plot_portfolio,
    portfolio_table,
    remove_alliance,
    review_portfolio,
)
from ..resources import RESOURCE_CATEGORIES
from ..workbook import Workbook
from ._base import ExerciseWidget, _esc, cached_figure_html, table_html
from ._layout import field, full_width, row


class PortfolioExercise(ExerciseWidget):
    """List the venture's alliances and review them as a portfolio.

    Examples
    --------
    >>> ex = PortfolioExercise.for_example()
    >>> ex.purpose.value = "exploration" if ex.purpose.value == "exploitation" else "exploitation"
    >>> ex.workbook.portfolio[0].purpose == ex.purpose.value
    True
    """

    title = "Exercise 6: portfolio review"

    def build(self) -> w.Widget:
        self.pick = w.Dropdown(description="Alliance", layout=field("24em"))
        self.partner = w.Text(description="Partner", layout=full_width())
        self.purpose = w.Dropdown(options=PURPOSES, description="Purpose", layout=field("18em"))
        self.direction = w.Dropdown(
            options=DIRECTIONS, description="Direction", layout=field("18em")
        )
        self.mode = w.Dropdown(
            options=GOVERNANCE_MODE_NAMES, description="Governance", layout=full_width()
        )
        self.resources = w.SelectMultiple(
            options=self._categories(),
            description="Partner brings",
            rows=8,
            layout=w.Layout(width="28em", max_width="100%"),
        )
        self.add = w.Button(description="Add alliance", icon="plus")
        self.remove = w.Button(description="Remove alliance", icon="trash")
        self._loading = False
        self._sync_pick(0)
        self.pick.observe(lambda _: self._load_fields(), names="value")
        for ctrl in (self.partner, self.purpose, self.direction, self.mode, self.resources):
            ctrl.observe(self._on_edit, names="value")
        self.add.on_click(lambda _: self.guarded(self._add, then=self._pick_last))
        self.remove.on_click(lambda _: self.guarded(self._remove, then=lambda: self._sync_pick(0)))
        self.table = w.HTML()
        self.notes = w.HTML()
        self.chart = w.HTML()
        return w.VBox(
            [
                w.HTML(
                    "<b>List every alliance</b> the venture has or plans. The needs come from "
                    "your resource map (exercise 2)."
                ),
                row(self.pick, self.add, self.remove),
                self.partner,
                row(self.purpose, self.direction),
                self.mode,
                self.resources,
                w.HTML("<h3>Your portfolio</h3>"),
                self.notes,
                self.chart,
                self.table,
                self.reflection(
                    "portfolio",
                    "Which alliance would you end, and which one is missing, if you had to "
                    "rebalance the portfolio this year?",
                ),
            ]
        )

    def _categories(self) -> list[str]:
        cats = list(RESOURCE_CATEGORIES)
        for a in self.workbook.portfolio:
            cats += [c for c in a.resources if c not in cats]
        return cats

    def _needs(self) -> list[str]:
        rmap = self.workbook.resource_map
        if rmap is None:
            return []
        return rmap.needed_categories()

    def _sync_pick(self, index: int) -> None:
        labels = [(f"{i + 1}. {a.partner}", i) for i, a in enumerate(self.workbook.portfolio)]
        self._loading = True
        self.pick.options = labels
        self.pick.value = index if labels else None
        self._loading = False
        self._load_fields()

    def _load_fields(self) -> None:
        i = self.pick.value
        self._loading = True
        try:
            if i is None:
                self.partner.value = ""
                return
            a = self.workbook.portfolio[i]
            self.partner.value = a.partner
            self.purpose.value = a.purpose
            self.direction.value = a.direction
            self.mode.value = a.governance_mode
            self.resources.options = self._categories()
            self.resources.value = tuple(a.resources)
        finally:
            self._loading = False

    def _on_edit(self, _change: dict[str, Any]) -> None:
        if self._loading or self.pick.value is None:
            return

        def update() -> Workbook:
            items = edit_alliance(
                self.workbook.portfolio,
                self.pick.value,
                partner=self.partner.value,
                purpose=self.purpose.value,
                direction=self.direction.value,
                governance_mode=self.mode.value,
                resources=tuple(self.resources.value),
            )
            return self.workbook.with_section(portfolio=items)

        if self.guarded(update):
            options = list(self.pick.options)
            i = self.pick.value
            options[i] = (f"{i + 1}. {self.workbook.portfolio[i].partner}", i)
            self._loading = True
            self.pick.options = options
            self.pick.value = i
            self._loading = False

    # each edit returns the new plan; once it is adopted, ``then`` updates the pick list
    def _add(self) -> Workbook:
        return self.workbook.with_section(portfolio=add_alliance(self.workbook.portfolio))

    def _pick_last(self) -> None:
        self._sync_pick(len(self.workbook.portfolio) - 1)

    def _remove(self) -> Workbook | None:
        if self.pick.value is None:
            return None
        items = remove_alliance(self.workbook.portfolio, self.pick.value)
        return self.workbook.with_section(portfolio=items)

    def refresh(self) -> None:
        alliances = self.workbook.portfolio
        if not alliances:
            self.table.value = "<p>Add your first alliance to see the review.</p>"
            self.notes.value = self.chart.value = ""
            return
        needs = self._needs()
        review = review_portfolio(alliances, needs)
        self.table.value = table_html(portfolio_table(alliances))
        items = "".join(f"<li>{_esc(n)}</li>" for n in review.notes)
        self.notes.value = f"<ul>{items}</ul>" if items else ""
        alt = (
            f"Portfolio of {len(alliances)} alliances by resource category; "
            f"{len(review.gaps)} needed categories have no partner and "
            f"{len(review.single_partner_dependence)} depend on a single partner."
        )
        self.chart.value = cached_figure_html(
            ("portfolio", alliances, tuple(needs)),
            lambda: plot_portfolio(alliances, needs, review=review),
            alt,
        )
