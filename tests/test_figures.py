"""Every figure the course draws keeps its text inside the picture, plain and bounded.

Each figure is drawn as the widgets and chapters draw it: from the example plan, from
each case, and with the longest names the package accepts. A title or a label that
runs off the edge is cut in the PNG the reader sees, so it is a bug.

Learners type the names the figures show, so every figure draws them as plain text:
a ``$`` is a dollar sign, never the start of a formula (``"Loss of $\\foo$ engineer"``
must neither raise nor come out in italics). And the figures that grow with the data
(risk matrix, resource map, portfolio) draw a bounded number of texts however many
rows there are, saying "and N more" for what they leave out.
"""

from __future__ import annotations

import importlib
import inspect
import io
import itertools
import pkgutil
import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

import alliancelab
from alliancelab import example_workbook
from alliancelab._style import DPI, CourseFigure, display_size, new_figure, png_bytes, text_width_in
from alliancelab.capability import CapabilityProfile, plot_capability_path
from alliancelab.cases import list_cases
from alliancelab.casework import case_workbook
from alliancelab.governance import plot_governance_continuum
from alliancelab.lifecycle import plot_life_cycle
from alliancelab.perception import PerceptionSurvey, SurveyRound
from alliancelab.perception_plots import plot_perception_gaps, plot_perception_trend
from alliancelab.pilot import PilotCharter, plot_pilot_timeline
from alliancelab.pooling import RISK_COLUMNS, PooledResults, plot_score_spread
from alliancelab.portfolio import (
    DIRECTIONS,
    GOVERNANCE_MODE_NAMES,
    PORTFOLIO_CATEGORIES_MAX,
    PORTFOLIO_PARTNERS_MAX,
    PURPOSES,
    Alliance,
    plot_experience_curve,
    plot_portfolio,
)
from alliancelab.resources import ALLIANCE_STAGES, MAP_ROWS_MAX, ResourceMap, plot_resource_map
from alliancelab.risks import (
    MATRIX_KEY_MAX,
    STANDARD_RISKS,
    Risk,
    RiskRegister,
    plot_risk_matrix,
)
from alliancelab.scorecard import (
    SELECTION_FACTORS,
    Criterion,
    Scorecard,
    plot_scorecards,
    rank_candidates,
)
from alliancelab.steering import Rung, SteeringCommittee
from alliancelab.steering_plots import plot_escalation_ladder
from alliancelab.timeline import plot_alliance_timeline

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


# --------------------------------------------------------------------- plain text

#: names a learner may type: mathtext that does not parse, dollar amounts, stray signs
HOSTILE = ("Loss of $\\foo$ engineer", "Pay $5 now, $10 later", "50% $$ \\")


def hostile_register() -> RiskRegister:
    risks = tuple(
        Risk(name, cls, owner=name, mitigation=name)
        for name, cls in zip(HOSTILE, ("relational", "performance", "both"), strict=True)
    )
    return RiskRegister(
        risks,
        {
            "before $x$": {name: (2, i + 1) for i, name in enumerate(HOSTILE)},
            "after $$": {name: (4, 5 - i) for i, name in enumerate(HOSTILE)},
        },
    )


def hostile_map() -> ResourceMap:
    return ResourceMap(
        HOSTILE[1],
        HOSTILE[0],
        brings={HOSTILE[1]: [HOSTILE[0], HOSTILE[2]], HOSTILE[0]: [HOSTILE[2]]},
        needs={"execution": [HOSTILE[0], HOSTILE[1]], "exit": [HOSTILE[2]]},
    )


def hostile_portfolio() -> list[Alliance]:
    return [
        Alliance(name, purpose, direction, "licensing", [HOSTILE[i], HOSTILE[(i + 1) % 3]])
        for i, (name, purpose, direction) in enumerate(
            zip(HOSTILE, PURPOSES * 2, DIRECTIONS, strict=False)
        )
    ]


def hostile_pooled() -> PooledResults:
    rows = [
        {"team": team, "candidate": candidate, "criterion": "stability", "score": score}
        for team, score in zip(HOSTILE, (1, 3, 5), strict=True)
        for candidate in HOSTILE
    ]
    return PooledResults(HOSTILE, pd.DataFrame(rows), pd.DataFrame(columns=list(RISK_COLUMNS)))


def hostile_cards() -> tuple[list[Scorecard], list[Criterion]]:
    criteria = [Criterion(HOSTILE[0], 2), *(Criterion(f) for f in SELECTION_FACTORS[:2])]
    cards = [
        Scorecard(name, {c.name: 1 + (i + j) % 5 for j, c in enumerate(criteria)})
        for i, name in enumerate(HOSTILE)
    ]
    return cards, criteria


def hostile_figures():
    """Every figure function of the package, fed the hostile names where it takes text."""
    cards, criteria = hostile_cards()
    return {
        "plot_risk_matrix": lambda: plot_risk_matrix(hostile_register(), compare_with="before $x$"),
        "plot_resource_map": lambda: plot_resource_map(hostile_map()),
        "plot_portfolio": lambda: plot_portfolio(hostile_portfolio(), needs=HOSTILE),
        "plot_scorecards": lambda: plot_scorecards(cards, criteria),
        "plot_score_spread": lambda: plot_score_spread(hostile_pooled()),
        "plot_governance_continuum": lambda: plot_governance_continuum("licensing"),
        "plot_capability_path": lambda: plot_capability_path(CapabilityProfile(2, {})),
        "plot_life_cycle": lambda: plot_life_cycle("exit"),
        "plot_perception_gaps": lambda: plot_perception_gaps(
            SurveyRound(HOSTILE[0], {"pace": 1, "trust": 5}, {"pace": 5}), HOSTILE[1], HOSTILE[2]
        ),
        "plot_perception_trend": lambda: plot_perception_trend(
            PerceptionSurvey(
                HOSTILE[1], HOSTILE[2], [SurveyRound(h, {"pace": 1}, {"pace": 5}) for h in HOSTILE]
            )
        ),
        "plot_pilot_timeline": lambda: plot_pilot_timeline(
            PilotCharter(
                next_step=HOSTILE[0],
                kill_criteria=(HOSTILE[1],),
                start_date="2027-01-04",
                decision_date="2027-06-30",
                payment_days=90,
            )
        ),
        "plot_escalation_ladder": lambda: plot_escalation_ladder(
            SteeringCommittee(ladder=[Rung(h, 10) for h in HOSTILE], deadlock_rule=HOSTILE[2])
        ),
        "plot_experience_curve": plot_experience_curve,
        "plot_alliance_timeline": lambda: plot_alliance_timeline(
            pd.DataFrame(
                {
                    "alliance_id": ["a", "b", "c"],
                    "partner": list(HOSTILE),
                    "year_start": [2019, 2020, None],
                    "year_end": [2021, None, None],
                    "purpose": ["exploration", "exploitation", ""],
                }
            )
        ),
    }


#: where each hostile name shows up in each figure (normalised categories are lowercase)
SHOWN = {
    "plot_risk_matrix": HOSTILE,
    "plot_resource_map": HOSTILE[:2] + tuple(h.lower() for h in HOSTILE),
    "plot_portfolio": HOSTILE + tuple(h.lower() for h in HOSTILE),
    "plot_scorecards": HOSTILE,
    "plot_score_spread": HOSTILE,
    "plot_alliance_timeline": HOSTILE,
    "plot_perception_gaps": HOSTILE[1:],
    "plot_escalation_ladder": HOSTILE,
}


def package_figure_functions() -> set[str]:
    """Names of the package's public ``plot_*`` functions, module by module."""
    names = set()
    for info in pkgutil.iter_modules(alliancelab.__path__):
        if info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"alliancelab.{info.name}")
        names |= {
            name
            for name, obj in inspect.getmembers(module, inspect.isfunction)
            if name.startswith("plot_") and obj.__module__ == module.__name__
        }
    return names


def drawn_texts(fig: Figure) -> list[Text]:
    """Every Text artist of ``fig`` after a draw (tick labels made while drawing included).

    ``artists`` walks what the figure holds; ``findobj`` would make an axis's ticks
    that drawing never made (an axes drawn without its axis), texts nobody draws.
    """
    from alliancelab._style import artists

    png_bytes(fig)
    return [t for t in artists(fig) if isinstance(t, Text) and t.get_visible()]


def test_the_hostile_names_test_covers_every_figure_function_of_the_package():
    assert package_figure_functions() == set(hostile_figures())


@pytest.mark.parametrize("name", sorted(hostile_figures()))
def test_every_figure_draws_dollar_signs_and_backslashes_as_plain_text(name):
    fig = hostile_figures()[name]()
    assert isinstance(fig, CourseFigure)
    texts = drawn_texts(fig)  # raised "Unknown symbol: \foo" before
    assert texts
    for text in texts:
        assert not text.get_parse_math(), text.get_text()
        assert text._preprocess_math(text.get_text()) == (text.get_text(), False)
    # wrapped names are cut at spaces: joined back, each name is there, literally
    shown = " ".join(" ".join(t.get_text().split()) for t in texts)
    for hostile in SHOWN.get(name, ()):
        assert hostile in shown, hostile
    assert texts_outside(fig) == []


def test_tick_labels_made_while_drawing_are_plain_text_too():
    fig, ax = new_figure(3, 2)
    ax.set_yticks([0, 1], ["Pay $5 now, $10 later", "Loss of $\\foo$ engineer"])
    ax.set_xlim(0, 1000)  # the x tick labels are made by the locator at draw time
    ax.xaxis.set_major_formatter("$\\foo$ {x:.0f}")  # as mathtext, this raises
    texts = drawn_texts(fig)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "$\\foo$ 1000" in labels
    assert all(not t.get_parse_math() for t in texts)


def test_measured_width_of_a_text_with_dollars_is_its_drawn_width():
    fig, _ = new_figure(4, 1, layout=None)
    label = "Pay $5 now, $10 later"
    text = fig.text(0.01, 0.5, label, fontsize=9)
    png_bytes(fig)
    drawn = text.get_window_extent().width / fig.dpi
    assert text_width_in(fig, [label], 9) == pytest.approx(drawn, abs=1.5 / fig.dpi)


def test_a_figure_that_drew_mathtext_before_now_measures_it_as_plain_text():
    fig, ax = new_figure(3, 2)  # constrained layout measures every text while drawing
    ax.set_title("Loss of $\\foo$ engineer")
    ax.set_ylabel("Pay $5 now, $10 later")
    png_bytes(fig)
    assert ax.title.get_text() == "Loss of $\\foo$ engineer"
    assert texts_outside(fig) == []


# --------------------------------------------------------------------- many rows

#: the most Text artists (tick labels included) a figure may have, whatever its rows
MAX_TEXTS = 250
MORE = re.compile(r"and ([\d,]+) more")


def big_register(n: int) -> RiskRegister:
    risks = tuple(
        Risk(f"{STANDARD_RISKS[i % 7].name} number {i}", STANDARD_RISKS[i % 7].risk_class)
        for i in range(n)
    )
    return RiskRegister(
        risks,
        {
            "before": {r.name: (1 + i % 5, 1 + (i // 5) % 5) for i, r in enumerate(risks)},
            "after": {r.name: (1 + (i * 3) % 5, 1 + (i * 7 // 5) % 5) for i, r in enumerate(risks)},
        },
    )


def big_map(n: int) -> ResourceMap:
    cats = [f"category {i:04d}" for i in range(n)]
    return ResourceMap(
        "Voltra",
        "BigAuto",
        brings={"Voltra": cats[::3], "BigAuto": cats[1::4]},
        # every category is needed at some stage, so all n are on the map
        needs={stage: cats[k :: len(ALLIANCE_STAGES)] for k, stage in enumerate(ALLIANCE_STAGES)},
    )


def big_portfolio(n: int) -> list[Alliance]:
    cats = [f"resource {i:02d}" for i in range(40)]
    return [
        Alliance(
            f"Partner {i:04d}",
            PURPOSES[i % 2],
            DIRECTIONS[i % 3],
            GOVERNANCE_MODE_NAMES[i % len(GOVERNANCE_MODE_NAMES)],
            [cats[(i * 7 + k) % 40] for k in range(3)],
        )
        for i in range(n)
    ]


def big_figures(n: int):
    """The three figures that grow with the data, each at ``n`` rows."""
    return {
        "risk matrix": lambda: plot_risk_matrix(big_register(n), "after"),
        "risk matrix, compared": lambda: plot_risk_matrix(
            big_register(n), "after", compare_with="before"
        ),
        "resource map": lambda: plot_resource_map(big_map(n)),
        "portfolio": lambda: plot_portfolio(
            big_portfolio(n), needs=[f"resource {i:02d}" for i in range(10)]
        ),
    }


#: how many rows each big figure leaves out of 1,000 (its "and N more")
LEFT_OUT = {
    "risk matrix": 1000 - MATRIX_KEY_MAX,
    "risk matrix, compared": 1000 - MATRIX_KEY_MAX,
    "resource map": 1000 - MAP_ROWS_MAX,
    "portfolio": 1000 - PORTFOLIO_PARTNERS_MAX,
}


@pytest.mark.parametrize("name", sorted(big_figures(0)))
def test_a_figure_of_a_thousand_rows_has_a_bounded_number_of_texts_and_says_what_it_left_out(
    name,
):
    fig = big_figures(1000)[name]()
    texts = drawn_texts(fig)
    assert len(texts) <= MAX_TEXTS
    more = [int(m.group(1).replace(",", "")) for t in texts for m in MORE.finditer(t.get_text())]
    assert LEFT_OUT[name] in more
    assert texts_outside(fig) == []
    width, height = fig.get_size_inches()
    assert width <= 14 and height <= 14  # one screen, not a scroll of 400 inches


@pytest.mark.parametrize("name", sorted(big_figures(0)))
def test_the_number_of_texts_does_not_grow_with_the_rows(name):
    counts = [len(drawn_texts(big_figures(n)[name]())) for n in (200, 2000)]
    assert counts[1] <= counts[0]


def test_the_portfolio_also_says_how_many_categories_it_left_out():
    fig = big_figures(1000)["portfolio"]()
    assert f"and {40 - PORTFOLIO_CATEGORIES_MAX} more categories" in fig.axes[0].get_xlabel()


@pytest.mark.parametrize("compare", [None, "before"])
def test_the_key_of_sixty_risks_is_legible_and_inside_the_figure(compare):
    reg = big_register(60)
    # the longest names the key shows (it clips them at 30 characters)
    reg = RiskRegister(
        tuple(Risk(f"{r.name} of the Gigantic Group", r.risk_class) for r in reg.risks),
        {
            label: {f"{k} of the Gigantic Group": v for k, v in ratings.items()}
            for label, ratings in reg.assessments.items()
        },
    )
    fig = plot_risk_matrix(reg, "after", compare_with=compare)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    key = [t for t in fig.texts if t.get_text().strip()]  # the key, under the matrix
    assert len(key) <= 2 * MATRIX_KEY_MAX + 2
    assert all(t.get_fontsize() >= 8 for t in key)
    assert any("and 40 more" in t.get_text() for t in key)
    box = fig.bbox
    for text in key:
        extent = text.get_window_extent(renderer)
        assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1, text.get_text()
        assert box.y0 - 1 <= extent.y0 and extent.y1 <= box.y1 + 1, text.get_text()
    lines = sorted(t.get_window_extent(renderer).y0 for t in key if t.get_position()[0] == 0)
    assert all(b - a > 8 for a, b in itertools.pairwise(lines))  # key lines never overlap
    assert texts_outside(fig) == []


def test_the_widgets_leave_the_garbage_collector_alone(tmp_path):
    import gc

    pytest.importorskip("ipywidgets")
    from alliancelab.widgets import EXERCISES
    from bench import steps  # the benchmark's adapter: open an exercise, change it

    thresholds = gc.get_threshold()
    for ex_id, cls in EXERCISES.items():
        widget = steps.demo(cls, tmp_path / f"{ex_id}.workbook.json")
        steps.step(widget, 0)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled() and gc.get_threshold() == thresholds


# --------------------------------------------------------------------------- legibility
# Every figure is shown at its size in CSS pixels (100 a figure inch), or shrunk to the
# content column when wider: 741 px of the chapters' column at a 1366-px desktop window
# (the exercises' is 753). Its smallest text, scaled to that displayed width, must be
# 9 pt or more; and it is drawn at two pixels per displayed pixel, sharp on
# high-density screens.

#: the chapters' content column at a 1366-px window, in CSS pixels (the narrower column)
COLUMN_PX = 741


def _diagrams():
    yield "capability path", plot_capability_path()
    yield "life cycle", plot_life_cycle()
    yield "life cycle, highlighted", plot_life_cycle("exit")
    yield "experience curves", plot_experience_curve()


def _every_figure():
    for name, wb in WORKBOOKS:
        for what, fig in figures_of(wb):
            yield f"{name}: {what}", fig
    yield from _diagrams()
    yield from ((f"1,000 rows: {k}", make()) for k, make in big_figures(1000).items())


def smallest_text_shown(fig: Figure, column_px: float = COLUMN_PX) -> tuple[float, str]:
    """Return the smallest text's size in points as shown in the column, and the text."""
    from alliancelab._style import display_size

    FigureCanvasAgg(fig).draw()
    scale = min(1.0, column_px / display_size(fig)[0])
    sizes = [
        (t.get_fontsize() * scale, t.get_text()[:40])
        for t in fig.findobj(Text)
        if t.get_visible()
        and str(t.get_text()).strip()
        and (t.axes is None or t.axes.get_visible())
    ]
    return min(sizes)


@pytest.mark.parametrize("name, fig", list(_every_figure()), ids=lambda v: str(v)[:40])
def test_every_figure_shows_its_text_at_9_pt_or_more_in_the_column(name, fig):
    size, text = smallest_text_shown(fig)
    assert size >= 9 - 1e-9, f"{name}: {text!r} shows at {size:.1f} pt"


def test_figures_are_drawn_at_twice_their_displayed_size():
    from PIL import Image

    from alliancelab._style import DENSITY, display_size

    assert DENSITY >= 2
    for _, fig in itertools.islice(_every_figure(), 12):
        shown = display_size(fig)
        png = Image.open(io.BytesIO(png_bytes(fig)))
        # (a height of a fractional CSS pixel rounds either way)
        assert all(abs(p - DENSITY * s) <= DENSITY for p, s in zip(png.size, shown, strict=True))
        data, meta = fig._repr_png_()  # notebooks and chapters: shown at the CSS size
        assert data[:4] == b"\x89PNG" and (meta["width"], meta["height"]) == shown


def test_a_widget_figure_is_a_vector_image_shown_at_its_css_size_with_its_text_as_text():
    # sharp at any screen density (an SVG), at most the column's width, and its words
    # are text (not outlines): the learner's names escaped, not read as markup or math
    import base64
    import xml.etree.ElementTree as ET

    pytest.importorskip("ipywidgets")
    from alliancelab.widgets import figure_html

    reg = example_workbook().risk_register
    reg = reg.with_risk(Risk("Loss of <b>$5</b> & more", "relational"))
    reg = reg.assess(list(reg.assessments)[-1], "Loss of <b>$5</b> & more", 2, 2)
    fig = plot_risk_matrix(reg)
    html = figure_html(fig, "a risk matrix")
    width = int(re.search(r'width="(\d+)"', html).group(1))
    assert (width, int(re.search(r'height="(\d+)"', html).group(1))) == display_size(fig)
    assert width <= COLUMN_PX
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    root = ET.fromstring(base64.b64decode(data))
    assert root.get("viewBox")
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any("Loss of <b>$5</b> & more" in t for t in texts)
    assert fig.dpi == DPI  # drawing the SVG left the figure as it was


# --------------------------------------------------------------------------- risk markers
# Risks sharing a cell are spread over a fixed pattern inside it: every marker apart from
# the others (up to six a cell, a marker's width apart) and inside its cell.


def _marker_offsets(fig: Figure) -> list[tuple[float, float]]:
    from matplotlib.collections import PathCollection

    return [
        (float(x), float(y))
        for c in fig.axes[0].collections
        if isinstance(c, PathCollection)
        for x, y in c.get_offsets()
    ]


@pytest.mark.parametrize("now, then", [(2, 0), (3, 0), (4, 0), (6, 0), (1, 1), (2, 1), (2, 2)])
def test_markers_sharing_a_cell_stay_apart_and_inside_it(now, then):
    from alliancelab.risks import MARKER_CELLS

    names = [f"risk {i}" for i in range(now + then)]
    # ``now`` risks rated (3, 4) at both assessments; ``then`` risks move there from (2, 4)
    before = {n: ((3, 4) if i < now else (2, 4)) for i, n in enumerate(names)}
    after = dict.fromkeys(names, (3, 4))
    # the earlier markers of the moved risks sit in (2, 4); add ``then`` more that leave
    # (3, 4) for (4, 4), so (3, 4) holds ``now`` current and ``then`` earlier markers
    movers = [f"mover {i}" for i in range(then)]
    before.update(dict.fromkeys(movers, (3, 4)))
    after.update(dict.fromkeys(movers, (4, 4)))
    risks = tuple(Risk(n, "relational") for n in [*names, *movers])
    reg = RiskRegister(risks, {"before": before, "after": after})
    fig = plot_risk_matrix(reg, "after", compare_with="before" if then else None)
    spots = [(x, y) for x, y in _marker_offsets(fig) if 2.5 < x < 3.5 and 3.5 < y < 4.5]
    expected = len(names) + then if then else len(names)
    assert len(spots) == expected
    assert len(set(spots)) == len(spots)
    half = MARKER_CELLS / 2
    for x, y in spots:  # the whole marker inside the cell, below the cell's label
        assert 2.5 + half <= x <= 3.5 - half and 3.5 + half <= y <= 4.25
    for (x0, y0), (x1, y1) in itertools.combinations(spots, 2):
        assert np.hypot(x1 - x0, y1 - y0) >= MARKER_CELLS - 1e-9


def test_a_full_cell_still_gives_every_marker_its_own_place_inside_it():
    names = [f"risk {i}" for i in range(15)]
    reg = RiskRegister(
        tuple(Risk(n, "performance") for n in names), {"q1": dict.fromkeys(names, (4, 4))}
    )
    spots = _marker_offsets(plot_risk_matrix(reg))
    assert len(spots) == 15 and len(set(spots)) == 15
    assert all(3.5 < x < 4.5 and 3.5 < y < 4.5 for x, y in spots)


def test_the_example_risk_matrix_keeps_its_markers_apart():
    from alliancelab.risks import MARKER_CELLS

    reg = example_workbook().risk_register
    labels = list(reg.assessments)
    fig = plot_risk_matrix(reg, labels[-1], compare_with=labels[0])
    spots = _marker_offsets(fig)
    assert len(spots) > len(reg.risks)  # current markers and earlier ones
    for (x0, y0), (x1, y1) in itertools.combinations(spots, 2):
        assert np.hypot(x1 - x0, y1 - y0) >= MARKER_CELLS - 1e-9
