"""Exercise 2: the resource map, as a widget over :mod:`alliancelab.resources`."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_string import LabelStyle

from ..resources import (
    ALLIANCE_STAGES,
    RESOURCE_CATEGORIES,
    ResourceMap,
    analyse,
    describe,
    plot_resource_map,
)
from ..workbook import Workbook
from ._base import ExerciseWidget, _esc, cached_figure_html, table_html
from ._layout import field, row


class ResourceMapExercise(ExerciseWidget):
    """Tick what each side brings and when the alliance needs it; see gaps and dependence.

    Examples
    --------
    >>> ex = ResourceMapExercise.for_example()
    >>> ex.brings["venture"]["capital"].value = True
    >>> "capital" in ex.workbook.resource_map.brought_by(ex.workbook.resource_map.venture)
    True
    """

    title = "Exercise 2: resource map"

    def build(self) -> w.Widget:
        rmap = self.workbook.resource_map
        self.partner = w.Text(
            value=rmap.partner if rmap else "",
            description="Partner",
            placeholder="Name of the partner you are mapping",
        )
        self.partner.observe(self._on_change, names="value")
        self.new_category = w.Text(placeholder="Another resource category", layout=field("16em"))
        self.add_category = w.Button(description="Add category", icon="plus")
        self.add_category.on_click(lambda _: self.guarded(self._add_category))
        self.removable = w.Dropdown(
            description="Your category",
            style={"description_width": "8em"},
            layout=field("16em"),
        )
        self.remove_category = w.Button(
            description="Remove category",
            icon="trash",
            tooltip="Remove the category you added, with its ticks",
            layout=w.Layout(width="auto"),
        )
        self.remove_category.on_click(
            lambda _: self.guarded(self._remove_category, then=self._forget_category)
        )
        self.grid = w.GridBox(layout=w.Layout(grid_gap="2px 6px"))
        self.extra: list[str] = []
        self._fill_grid()
        self.reading = w.HTML()
        self.table = w.HTML()
        self.chart = w.HTML()
        return w.VBox(
            [
                self.partner,
                w.HTML(
                    "<b>Tick</b> what each side brings and the stages at which the alliance "
                    "needs each resource."
                ),
                self.grid,
                row(self.new_category, self.add_category),
                row(self.removable, self.remove_category),
                w.HTML("<h3>What the map says</h3>"),
                self.reading,
                self.chart,
                self.table,
                self.reflection(
                    "resource_map",
                    "Which gap will you close before signing, and who depends on whom once "
                    "the alliance runs?",
                ),
            ]
        )

    def _categories(self) -> list[str]:
        rmap = self.workbook.resource_map
        cats = list(RESOURCE_CATEGORIES)
        if rmap is not None:
            cats += [c for c in analyse(rmap)["category"] if c not in cats]
        return cats + [c for c in self.extra if c not in cats]

    def _fill_grid(self) -> None:
        rmap = self.workbook.resource_map
        venture = self.workbook.venture.name
        ven_has = rmap.brought_by(rmap.venture) if rmap else {}
        par_has = rmap.brought_by(rmap.partner) if rmap else {}
        needs = {s: rmap.needs_at(s) if rmap else {} for s in ALLIANCE_STAGES}
        # short heads: the long names are in the map's title, and the tick boxes' own
        # names (their tooltips) say in full which party or stage each one is
        headers = ["Category", "Venture brings", "Partner brings"]
        headers += [f"Needed: {s}" for s in ALLIANCE_STAGES]
        cells: list[w.Widget] = []
        for i, h in enumerate(headers):
            head = w.HTML(f"<span style='font-weight:600;font-size:14px'>{_esc(h)}</span>")
            if i:  # the tick columns: their heads turn sideways on a narrow screen
                head.add_class("alliancelab-colhead")
            cells.append(head)
        # one shared layout and style for the many grid cells keeps the stored state small
        lay, box_style, label_style = w.Layout(), CheckboxStyle(), LabelStyle()
        self.brings: dict[str, dict[str, w.Checkbox]] = {"venture": {}, "partner": {}}
        self.needs: dict[str, dict[str, w.Checkbox]] = {s: {} for s in ALLIANCE_STAGES}

        def tick(value: bool, tooltip: str) -> w.Checkbox:
            box = w.Checkbox(
                value=value, indent=False, layout=lay, style=box_style, tooltip=tooltip
            )
            box.observe(self._on_change, names="value")
            cells.append(box)
            return box

        for cat in self._categories():
            cells.append(w.Label(cat, layout=lay, style=label_style))
            for key, have in (("venture", ven_has), ("partner", par_has)):
                who = venture if key == "venture" else "the partner"
                self.brings[key][cat] = tick(cat in have, f"{who} brings {cat}")
            for stage in ALLIANCE_STAGES:
                self.needs[stage][cat] = tick(cat in needs[stage], f"{cat} needed at {stage}")
        self.grid.children = cells
        own = [c for c in self._categories() if c not in RESOURCE_CATEGORIES]
        self.removable.options = own
        self.removable.value = own[0] if own else None
        self.removable.disabled = self.remove_category.disabled = not own
        # fluid columns: the category takes what the six tick columns leave
        self.grid.layout.grid_template_columns = "minmax(6em, 2fr) repeat(6, minmax(2.2em, 1fr))"
        self.grid.layout.width = "100%"

    def venture_changed(self) -> None:
        self._fill_grid()

    def _build_map(self, without: str | None = None) -> ResourceMap:
        """Return the map the ticks show (leaving out the category ``without``)."""
        old = self.workbook.resource_map
        partner = self.partner.value.strip()
        if not partner:
            raise ValueError("partner must be named: type the partner's name above the grid")

        def details(ticked: dict[str, w.Checkbox], existing: dict[str, str]) -> dict[str, str]:
            return {
                c: existing.get(c, "") for c, box in ticked.items() if box.value and c != without
            }

        venture = self.workbook.venture.name
        brings = {
            venture: details(self.brings["venture"], old.brought_by(old.venture) if old else {}),
            partner: details(self.brings["partner"], old.brought_by(old.partner) if old else {}),
        }
        needs = {s: details(self.needs[s], old.needs_at(s) if old else {}) for s in ALLIANCE_STAGES}
        return ResourceMap(venture, partner, brings=brings, needs=needs)

    def _on_change(self, _change: dict[str, Any]) -> None:
        self.guarded(lambda: self.workbook.with_section(resource_map=self._build_map()))

    def _add_category(self) -> Workbook | None:
        name = " ".join(self.new_category.value.split()).lower()
        if not name:
            raise ValueError("category must not be empty")
        if name in self._categories():
            raise ValueError(f"category {name!r} is already on the map")
        self.extra.append(name)
        self.new_category.value = ""
        self._fill_grid()
        return None

    def _remove_category(self) -> Workbook:
        name = self.removable.value
        if not name:
            raise ValueError("there is no category of your own to remove")
        return self.workbook.with_section(resource_map=self._build_map(without=name))

    def _forget_category(self) -> None:
        """Drop the removed category from the grid (the plan no longer holds it)."""
        self.extra = [c for c in self.extra if c != self.removable.value]
        self._fill_grid()

    def refresh(self) -> None:
        rmap = self.workbook.resource_map
        if rmap is None:
            self.reading.value = "<p>Name the partner and tick the boxes to draw your map.</p>"
            self.table.value = self.chart.value = ""
            return
        table = analyse(rmap)
        self.reading.value = f"<p>{_esc(describe(rmap))}</p>"
        self.table.value = table_html(table)
        counts = table["status"].value_counts()
        alt = (
            f"Resource map of {rmap.venture} and {rmap.partner}: "
            + ", ".join(f"{n} {status}" for status, n in counts.items())
            + " categories."
        )
        self.chart.value = cached_figure_html(("rmap", rmap), lambda: plot_resource_map(rmap), alt)
