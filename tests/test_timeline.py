"""The case timeline: one bar per dated alliance, its years and purpose in the labels."""

from __future__ import annotations

import pandas as pd
import pytest

from alliancelab._style import CourseFigure, png_bytes
from alliancelab.cases import list_cases, load_case
from alliancelab.timeline import (
    TIMELINE_BAR_GID,
    TIMELINE_EVENT_GID,
    TIMELINE_LABEL_GID,
    plot_alliance_timeline,
)


def bars(fig):
    return [p for p in fig.axes[0].patches if p.get_gid() == TIMELINE_BAR_GID]


def labels(fig):
    return [t.get_text() for t in fig.axes[0].texts if t.get_gid() == TIMELINE_LABEL_GID]


def table(**columns):
    base = {
        "alliance_id": ["a"],
        "partner": ["Acme"],
        "year_start": [2019],
        "year_end": [2021],
        "purpose": ["exploration"],
    }
    base.update(columns)
    return pd.DataFrame(base)


@pytest.mark.parametrize("name", list_cases())
def test_every_case_has_one_bar_per_dated_alliance_and_a_row_per_alliance(name):
    case = load_case(name)
    fig = plot_alliance_timeline(case)
    assert isinstance(fig, CourseFigure)
    dated = case.alliances["year_start"].notna().sum()
    assert len(bars(fig)) == dated
    shown = labels(fig)
    assert len(shown) == len(case.alliances)
    for partner in case.alliances["partner"]:
        assert any(label.replace("\n", " ").startswith(partner) for label in shown), partner
    png_bytes(fig)  # draws


def test_tesla_rows_run_in_start_order_with_years_and_purpose():
    fig = plot_alliance_timeline(load_case("tesla"))
    assert labels(fig) == [
        "Daimler AG\nfrom 2009, end not given; exploitation",
        "Toyota Motor Corp.\nfrom 2010, end not given; exploitation",
        "Panasonic Corp.\nfrom 2014, end not given; exploitation",
    ]
    starts = [b.get_x() for b in bars(fig)]
    assert starts == [2009, 2010, 2014]
    # open-ended bars run to the latest year of the case (2016 in the timeline)
    assert {b.get_x() + b.get_width() for b in bars(fig)} == {2016}


def test_an_ended_alliance_bar_stops_at_its_end_year():
    fig = plot_alliance_timeline(load_case("biotech"))
    (tarnwell,) = [b for b in bars(fig) if b.get_x() == 2021]
    assert tarnwell.get_x() + tarnwell.get_width() == 2023
    assert "Tarnwell Biologics (fictional)\n2021 to 2023; exploration" in labels(fig)


def test_undated_alliances_are_written_out_last_without_a_bar():
    fig = plot_alliance_timeline(load_case("lego"))
    shown = labels(fig)
    assert shown[-2:] == [
        "Brand owners (licensors)\nyears not given; exploitation",
        "MIT Media Lab\nyears not given; exploration",
    ]
    assert len(bars(fig)) == 2


def test_dated_events_of_an_alliance_are_dots_on_its_row():
    fig = plot_alliance_timeline(load_case("lego"))
    dots = [c for c in fig.axes[0].collections if c.get_gid() == TIMELINE_EVENT_GID]
    years = sorted(float(x) for d in dots for x, _ in d.get_offsets())
    assert years == [2011, 2014, 2016]  # Warner: start, release, sequel (duplicates merged)


def test_until_extends_open_bars_and_must_not_precede_a_start():
    fig = plot_alliance_timeline(table(year_end=[None]), until=2025)
    (bar,) = bars(fig)
    assert bar.get_x() + bar.get_width() == 2025
    with pytest.raises(ValueError, match="until must be >= the latest start year 2019, got 2018"):
        plot_alliance_timeline(table(), until=2018)


def test_partner_names_are_plain_text():
    fig = plot_alliance_timeline(table(partner=["Pay $5 now, $10 later"]))
    png_bytes(fig)
    (label,) = [t for t in fig.axes[0].texts if t.get_gid() == TIMELINE_LABEL_GID]
    assert label.get_text().startswith("Pay $5 now, $10 later")
    assert not label.get_parse_math()


def test_bad_input_names_the_problem():
    with pytest.raises(ValueError, match=r"lacks columns \['purpose'\]"):
        plot_alliance_timeline(table().drop(columns="purpose"))
    with pytest.raises(TypeError, match="case must be a Case or a DataFrame, got str"):
        plot_alliance_timeline("tesla")


def test_an_empty_table_draws_an_empty_timeline():
    fig = plot_alliance_timeline(table().iloc[0:0])
    assert bars(fig) == [] and labels(fig) == ["(no alliances)"]
    png_bytes(fig)
