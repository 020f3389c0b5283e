"""Every figure the course draws keeps its text inside the picture.

Each figure is drawn as the widgets and chapters draw it: from the example plan, from
each case, and with the longest names the package accepts. A title or a label that
runs off the edge is cut in the PNG the reader sees, so it is a bug.
"""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from alliancelab import example_workbook
from alliancelab.capability import plot_capability_path
from alliancelab.cases import list_cases
from alliancelab.casework import case_workbook
from alliancelab.governance import plot_governance_continuum
from alliancelab.portfolio import Alliance, plot_portfolio
from alliancelab.resources import ResourceMap, plot_resource_map
from alliancelab.risks import plot_risk_matrix
from alliancelab.scorecard import Scorecard, plot_scorecards, rank_candidates

LONG = "Brightcell Advanced Materials and Energy Storage Systems International (fictional)"
LONGER = "Gigantic Automotive Manufacturing and Mobility Services Group of Europe (fictional)"


def texts_outside(fig: Figure) -> list[str]:
    """Return what is drawn outside the figure (1 px tolerance), naming the texts there.

    The figure's tight box covers every artist that is drawn (hidden axes and
    invisible labels excluded); when it leaves the figure, the texts responsible are
    listed.
    """
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    tight = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)
    if tight.x0 >= -1 and tight.y0 >= -1 and tight.x1 <= width + 1 and tight.y1 <= height + 1:
        return []
    outside = []
    for text in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_window_extent")):
        if not text.get_visible() or not str(text.get_text()).strip():
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            outside.append(f"{text.get_text()[:60]!r} at {[round(v) for v in box.bounds]}")
    return outside or [f"something at {[round(v) for v in tight.bounds]}"]


def workbooks():
    yield "example", example_workbook()
    for name in list_cases():
        yield name, case_workbook(name)


WORKBOOKS = list(workbooks())


def figures_of(wb):
    if wb.scorecards:
        yield "scorecards", plot_scorecards(rank_candidates(wb.scorecards, wb.criteria))
    if wb.resource_map is not None:
        yield "resource map", plot_resource_map(wb.resource_map)
        if wb.portfolio:
            yield "portfolio", plot_portfolio(wb.portfolio, wb.resource_map.needed_categories())
    if wb.risk_register is not None:
        labels = list(wb.risk_register.assessments)
        if labels:
            yield (
                "risk matrix",
                plot_risk_matrix(
                    wb.risk_register,
                    labels[-1],
                    compare_with=labels[0] if len(labels) > 1 else None,
                ),
            )
    yield "governance", plot_governance_continuum(wb.governance_choice or None)
    yield "capability", plot_capability_path(wb.capability)


@pytest.mark.parametrize("name, wb", WORKBOOKS, ids=[n for n, _ in WORKBOOKS])
def test_figures_of_the_example_and_every_case_keep_their_text_inside(name, wb):
    problems = {what: texts_outside(fig) for what, fig in figures_of(wb)}
    assert {k: v for k, v in problems.items() if v} == {}


def test_resource_map_with_the_longest_names_keeps_its_title_inside():
    rmap = ResourceMap(
        LONG,
        LONGER,
        brings={LONG: ["technology"], LONGER: ["capital"]},
        needs={"execution": ["technology", "capital", "market access"]},
    )
    assert texts_outside(plot_resource_map(rmap)) == []


def test_portfolio_with_long_partner_names_keeps_its_text_inside():
    items = [
        Alliance(LONG, "exploration", "upstream", "joint venture", ["technology", "data"]),
        Alliance(LONGER, "exploitation", "downstream", "licensing", ["capital", "brand"]),
    ]
    assert texts_outside(plot_portfolio(items, needs=["capital", "regulatory know-how"])) == []


def test_scorecards_with_long_candidate_names_keep_their_text_inside():
    cards = [
        Scorecard(
            LONG, {"reputation": 4, "stability": 3, "complementarity": 5, "cultural similarity": 2}
        ),
        Scorecard(
            LONGER,
            {"reputation": 5, "stability": 5, "complementarity": 2, "cultural similarity": 4},
        ),
    ]
    assert texts_outside(plot_scorecards(rank_candidates(cards))) == []
