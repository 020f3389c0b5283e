import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from alliancelab._style import BRINGS_GID, COLUMN_LABEL_GID, ROW_LABEL_GID
from alliancelab.cases import load_case
from alliancelab.portfolio import (
    COVERAGE_STATUSES,
    DIRECTIONS,
    EXPERIENCE_KINDS,
    GOVERNANCE_MODE_NAMES,
    MANY_ALLIANCES,
    PORTFOLIO_CATEGORIES_MAX,
    PORTFOLIO_PARTNERS_MAX,
    PURPOSES,
    Alliance,
    PortfolioReview,
    add_alliance,
    alliances_from_case,
    edit_alliance,
    experience_curve,
    plot_experience_curve,
    plot_portfolio,
    portfolio_table,
    remove_alliance,
    review_portfolio,
)
from alliancelab.portfolio_plots import COUNT_GID
from alliancelab.resources import RESOURCE_CATEGORIES


def alliance(partner="Aldermoor", purpose="exploitation", direction="downstream",
             mode="licensing", resources=(), **kw):  # fmt: skip
    return Alliance(partner, purpose, direction, mode, tuple(resources), **kw)


def status_of(review):
    return dict(zip(review.coverage["category"], review.coverage["status"], strict=True))


# --------------------------------------------------------------------- vocabulary


def test_vocabulary_matches_the_shared_spec():
    assert PURPOSES == ("exploration", "exploitation")
    assert DIRECTIONS == ("upstream", "downstream", "horizontal")
    assert GOVERNANCE_MODE_NAMES == (
        "informal cooperation",
        "licensing",
        "consortium",
        "joint function",
        "joint venture",
    )
    assert COVERAGE_STATUSES == ("gap", "single partner", "redundant", "extra")
    assert EXPERIENCE_KINDS == ("general", "partner-specific")


def test_governance_modes_match_the_governance_module_when_it_exists():
    governance = pytest.importorskip("alliancelab.governance")
    names = getattr(governance, "GOVERNANCE_MODES", None)
    if names is None:
        pytest.skip("governance module has no GOVERNANCE_MODES")
    names = tuple(getattr(m, "name", m) for m in names)
    assert names == GOVERNANCE_MODE_NAMES


# --------------------------------------------------------------------- Alliance


def test_alliance_normalises_choices_and_resources():
    a = Alliance(
        " Aldermoor ",
        "Exploitation",
        "DOWNSTREAM",
        "Licensing",
        ["Capital", " market   access ", "capital"],
        year_start=2022,
    )
    assert a.partner == "Aldermoor"
    assert (a.purpose, a.direction, a.governance_mode) == (
        "exploitation",
        "downstream",
        "licensing",
    )
    assert a.resources == ("capital", "market access")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"partner": ""}, ValueError, "partner must not be empty"),
        ({"purpose": "profit"}, ValueError, "purpose must be one of 'exploration'"),
        ({"direction": "sideways"}, ValueError, "direction must be one of 'upstream'"),
        ({"governance_mode": "merger"}, ValueError, "governance_mode must be one of"),
        ({"resources": "capital"}, TypeError, "must be a list of categories"),
        ({"resources": ("capital", "")}, ValueError, "resource category .* must not be empty"),
        ({"year_start": 1500}, ValueError, "year_start must be a whole number from 1800"),
        ({"year_start": 2022, "year_end": 2020}, ValueError, "year_end must not be before"),
        ({"note": 3}, TypeError, "note must be text"),
    ],
)
def test_alliance_validation_names_the_field(kwargs, error, message):
    base = {
        "partner": "Aldermoor",
        "purpose": "exploitation",
        "direction": "downstream",
        "governance_mode": "licensing",
    }
    with pytest.raises(error, match=message):
        Alliance(**{**base, **kwargs})


def test_alliance_from_dict_refuses_unknown_and_missing_keys():
    with pytest.raises(ValueError, match="unknown key"):
        Alliance.from_dict(
            {
                "partner": "A",
                "purpose": "exploration",
                "direction": "upstream",
                "governance_mode": "licensing",
                "equity": 10,
            }
        )
    with pytest.raises(ValueError, match="needs the key"):
        Alliance.from_dict({"partner": "A"})


names = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12)
alliances_st = st.builds(
    Alliance,
    partner=names,
    purpose=st.sampled_from(PURPOSES),
    direction=st.sampled_from(DIRECTIONS),
    governance_mode=st.sampled_from(GOVERNANCE_MODE_NAMES),
    resources=st.lists(st.sampled_from(RESOURCE_CATEGORIES), max_size=5).map(tuple),
    year_start=st.none() | st.integers(1990, 2000),
    year_end=st.none() | st.integers(2000, 2030),
    note=st.text(max_size=30),
)


@given(alliances_st)
def test_alliance_round_trips_through_json(a):
    assert Alliance.from_dict(json.loads(json.dumps(a.to_dict()))) == a


# --------------------------------------------------------------------- editing the portfolio


def test_add_alliance_appends_a_numbered_placeholder_or_the_given_alliance():
    items = add_alliance((alliance(),))
    assert items[-1] == alliance("Partner 2")
    assert add_alliance((), alliance("Stratalux")) == (alliance("Stratalux"),)


def test_edit_alliance_changes_only_the_named_fields_and_checks_them():
    items = (alliance(year_start=2021, note="first"), alliance("Stratalux"))
    new = edit_alliance(items, 0, purpose="exploration", resources=("capital",))
    assert new[0] == alliance(purpose="exploration", resources=("capital",), year_start=2021,
                              note="first")  # fmt: skip
    assert new[1] is items[1]
    with pytest.raises(ValueError, match="purpose must be one of"):
        edit_alliance(items, 0, purpose="profit")


def test_remove_alliance_drops_one_by_its_place():
    items = (alliance(), alliance("Stratalux"))
    assert remove_alliance(items, 0) == (alliance("Stratalux"),)
    with pytest.raises(ValueError, match="there is no alliance number 3; there are 2"):
        remove_alliance(items, 2)


# --------------------------------------------------------------------- case loader


def test_alliances_from_biotech_case_have_one_alliance_per_row_with_partner_resources():
    case = load_case("biotech")
    items = alliances_from_case(case)
    assert len(items) == len(case.alliances)
    by_partner = {a.partner: a for a in items}
    aldermoor = next(a for p, a in by_partner.items() if p.startswith("Aldermoor"))
    assert aldermoor.purpose == "exploitation"
    assert aldermoor.direction == "downstream"
    assert aldermoor.governance_mode == "licensing"
    assert "capital" in aldermoor.resources
    # what the focal start-up brings is not counted as the partner's resource
    assert "intellectual property" not in aldermoor.resources
    tarnwell = next(a for p, a in by_partner.items() if p.startswith("Tarnwell"))
    assert (tarnwell.year_start, tarnwell.year_end) == (2021, 2023)
    assert all(a.note for a in items)


def test_alliances_from_case_refuses_something_that_is_not_a_case():
    with pytest.raises(TypeError, match="case must be a loaded Case"):
        alliances_from_case("biotech")


def test_biotech_portfolio_can_be_reviewed_and_plotted():
    items = alliances_from_case(load_case("biotech"))
    review = review_portfolio(items, needs=["capital", "regulatory know-how"])
    assert review.size == 3
    assert review.single_partner_dependence["capital"].startswith("Aldermoor")
    assert isinstance(plot_portfolio(items), Figure)


# --------------------------------------------------------------------- table


def test_portfolio_table_has_one_row_per_alliance_in_order():
    items = [alliance("B", resources=["capital", "brand"]), alliance("A", year_start=2020)]
    table = portfolio_table(items)
    assert list(table["partner"]) == ["B", "A"]
    assert table.loc[0, "resources"] == "capital, brand"
    assert table["year_start"].dtype == "Int64"
    assert pd.isna(table.loc[0, "year_start"])


def test_portfolio_table_of_nothing_is_empty_with_columns():
    table = portfolio_table([])
    assert table.empty and "governance_mode" in table.columns


# --------------------------------------------------------------------- review


def test_review_flags_gaps_when_nobody_brings_a_needed_category():
    review = review_portfolio([alliance(resources=["capital"])], needs=["capital", "data"])
    assert review.gaps == ("data",)
    assert status_of(review)["data"] == "gap"
    assert any("No partner brings data" in n for n in review.notes)


def test_review_flags_single_partner_dependence():
    items = [
        alliance("Aldermoor", resources=["capital", "distribution"]),
        alliance("Stratalux", "exploration", "upstream", "informal cooperation", ["technology"]),
    ]
    review = review_portfolio(items, needs=["capital", "technology"])
    assert review.single_partner_dependence == {"technology": "Stratalux", "capital": "Aldermoor"}
    assert status_of(review)["capital"] == "single partner"
    assert any(n.startswith("Only Aldermoor brings capital") for n in review.notes)


def test_review_flags_redundancy_when_two_partners_bring_the_same_category():
    items = [alliance("A", resources=["capital"]), alliance("B", resources=["capital"])]
    review = review_portfolio(items, needs=["capital"])
    assert review.redundancies == {"capital": ("A", "B")}
    assert review.single_partner_dependence == {}
    assert any("management attention" in n for n in review.notes)


def test_two_alliances_with_the_same_partner_are_not_redundant():
    items = [alliance("A", resources=["capital"]), alliance("A", resources=["capital"])]
    review = review_portfolio(items, needs=["capital"])
    row = review.coverage.set_index("category").loc["capital"]
    assert row["partners"] == 1 and row["alliances"] == 2
    assert review.redundancies == {}
    assert review.single_partner_dependence == {"capital": "A"}


def test_review_marks_what_nobody_needs_as_extra_and_orders_needed_first():
    items = [alliance(resources=["brand", "capital"])]
    review = review_portfolio(items, needs=["data", "capital"])
    assert list(review.coverage["category"]) == ["capital", "data", "brand"]
    assert status_of(review) == {"capital": "single partner", "data": "gap", "brand": "extra"}
    assert list(review.coverage["needed"]) == [True, True, False]


def test_review_flags_dependence_when_every_alliance_is_with_one_partner():
    items = [alliance("Aldermoor"), alliance("Aldermoor", "exploration", "upstream")]
    review = review_portfolio(items)
    assert review.partner_counts == {"Aldermoor": 2}
    assert any("Every alliance is with Aldermoor" in n for n in review.notes)


def test_review_flags_a_partner_holding_half_the_portfolio():
    items = [alliance("A"), alliance("A"), alliance("B"), alliance("C")]
    review = review_portfolio(items)
    assert any("A is the partner in 2 of 4 alliances" in n for n in review.notes)


def test_review_notes_that_an_all_exploitation_portfolio_does_not_renew():
    review = review_portfolio([alliance(), alliance("B")])
    assert review.exploration_share == 0.0
    assert any("none explores" in n for n in review.notes)


def test_review_notes_that_an_all_exploration_portfolio_lacks_commercial_resources():
    items = [alliance("A", "exploration", "upstream"), alliance("B", "exploration", "upstream")]
    review = review_portfolio(items)
    assert review.exploration_share == 1.0
    assert any("Every alliance is exploratory" in n for n in review.notes)
    assert any("no downstream alliance" in n for n in review.notes)


def test_review_counts_directions_for_every_direction():
    items = [alliance("A"), alliance("B", direction="horizontal")]
    review = review_portfolio(items)
    assert review.direction_mix == {"upstream": 0, "downstream": 1, "horizontal": 1}
    assert any("learning races" in n for n in review.notes)


def test_review_cites_the_23_percent_finding_for_consortia():
    review = review_portfolio([alliance(mode="consortium")])
    assert any("23%" in n and "Hoffmann and Schlosser 2001" in n for n in review.notes)


def test_review_notes_diminishing_returns_beyond_about_six_alliances():
    few = review_portfolio([alliance(f"P{i}") for i in range(MANY_ALLIANCES)])
    many = review_portfolio([alliance(f"P{i}") for i in range(MANY_ALLIANCES + 1)])
    assert not any("Deeds and Hill" in n for n in few.notes)
    assert any("Deeds and Hill 1996" in n and "six" in n for n in many.notes)


def test_review_without_needs_says_gaps_cannot_be_judged():
    review = review_portfolio([alliance(resources=["capital"])])
    assert review.gaps == () and review.single_partner_dependence == {}
    assert status_of(review) == {"capital": "extra"}
    assert any("No needs are listed" in n for n in review.notes)


def test_review_of_an_empty_portfolio():
    review = review_portfolio([], needs=["capital"])
    assert review.size == 0
    assert math.isnan(review.exploration_share)
    assert review.gaps == ("capital",)
    assert "empty" in review.notes[0]
    assert review.warnings == review.notes


def test_review_validates_its_inputs():
    with pytest.raises(TypeError, match="needs must be a list"):
        review_portfolio([], needs="capital")
    with pytest.raises(TypeError, match="each alliance must be an Alliance"):
        review_portfolio([42])
    with pytest.raises(ValueError, match="category in needs must not be empty"):
        review_portfolio([], needs=[" "])


@given(st.lists(alliances_st, max_size=12), st.lists(st.sampled_from(RESOURCE_CATEGORIES)))
def test_review_statuses_agree_with_who_brings_what(items, needs):
    review = review_portfolio(items, needs)
    assert isinstance(review, PortfolioReview)
    for row in review.coverage.to_dict("records"):
        bringers = {a.partner for a in items if row["category"] in a.resources}
        assert row["partners"] == len(bringers)
        needed = row["category"] in needs
        assert row["needed"] == needed
        if len(bringers) >= 2:
            assert row["status"] == "redundant"
        elif needed:
            assert row["status"] == ("gap" if not bringers else "single partner")
        else:
            assert row["status"] == "extra"
    assert set(review.gaps) == {c for c in needs if not any(c in a.resources for a in items)}
    assert sum(review.direction_mix.values()) == len(items)


def test_review_of_ten_thousand_alliances_counts_every_one():
    # speed (and its growth with size) is measured by `make bench` (scaling), not here
    rng = np.random.default_rng(1)
    items = [
        Alliance(
            f"Partner {rng.integers(500)}",
            PURPOSES[i % 2],
            DIRECTIONS[i % 3],
            GOVERNANCE_MODE_NAMES[i % 5],
            tuple(rng.choice(RESOURCE_CATEGORIES, size=3, replace=False)),
        )
        for i in range(10_000)
    ]
    review = review_portfolio(items, needs=RESOURCE_CATEGORIES[:6])
    assert review.size == 10_000
    assert sum(review.direction_mix.values()) == 10_000
    assert sum(review.partner_counts.values()) == 10_000


# --------------------------------------------------------------------- figures


def all_texts(fig):
    out = []
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts]  # the row and column names among them
        out.append(ax.get_title(loc="left"))
    return [*out, fig.get_suptitle()]


def labels(fig, gid=ROW_LABEL_GID, panel=0):
    """The names of a panel's rows (or columns), texts where tick labels were."""
    return [t.get_text() for t in fig.axes[panel].texts if t.get_gid() == gid]


def brought(fig) -> int:
    """How many "brings it" dots the figure's first panel marks."""
    dots = [c for c in fig.axes[0].collections if c.get_gid() == BRINGS_GID]
    return sum(len(c.get_offsets()) for c in dots)


def test_plot_portfolio_marks_what_each_partner_brings_and_spells_out_statuses():
    items = [
        alliance("Aldermoor", resources=["capital", "brand"]),
        alliance("Stratalux", "exploration", "upstream", "informal cooperation", ["brand"]),
    ]
    fig = plot_portfolio(items, needs=["capital", "data"])
    texts = all_texts(fig)
    assert brought(fig) == 3
    assert "gap" in texts and "redundant" in texts and "single\npartner" in texts
    assert any(t.startswith("* capital") for t in texts)
    assert "Aldermoor" in texts and "Stratalux" in texts
    assert "exploration" in texts and "downstream" in texts
    assert any(t.startswith("Alliance portfolio: 2 alliances") for t in texts)


def test_plot_portfolio_of_nothing_says_so():
    fig = plot_portfolio([])
    assert any("No alliances yet" in t for t in all_texts(fig))


def test_plot_portfolio_stays_readable_for_ten_alliances():
    items = [
        alliance(f"Partner number {i}", resources=RESOURCE_CATEGORIES[i : i + 3]) for i in range(10)
    ]
    fig = plot_portfolio(items, needs=RESOURCE_CATEGORIES[:4])
    width, height = fig.get_size_inches()
    assert width >= 7 and height >= 7


def test_a_crowded_portfolio_draws_the_partners_the_venture_depends_on():
    n = PORTFOLIO_PARTNERS_MAX + 10
    items = [alliance(f"Partner {i:02d}", resources=["brand"]) for i in range(n)]
    items.append(alliance("Sole Source", resources=["regulatory know-how"]))
    fig = plot_portfolio(items, needs=["regulatory know-how", "brand"])
    rows = labels(fig)
    assert len(rows) == PORTFOLIO_PARTNERS_MAX + 2
    assert "Sole Source" in rows  # the only one bringing a need, though listed last
    assert rows[-2:] == ["… and 11 more partners", "status"]
    assert rows[:3] == ["Partner 00", "Partner 01", "Partner 02"]  # in the given order
    assert fig.get_suptitle() == "Alliance portfolio: 31 alliances, 31 partners"
    counts = {
        t.get_text(): int(t.get_text()) for t in fig.axes[1].texts if t.get_gid() == COUNT_GID
    }
    assert sum(counts.values()) == n + 1  # the bars count every alliance


def test_a_portfolio_of_many_categories_draws_the_needed_ones_first():
    cats = [f"resource {i:02d}" for i in range(PORTFOLIO_CATEGORIES_MAX + 4)]
    items = [alliance("Aldermoor", resources=cats)]
    fig = plot_portfolio(items, needs=["resource 19"])
    columns = labels(fig, COLUMN_LABEL_GID)
    assert len(columns) == PORTFOLIO_CATEGORIES_MAX
    assert columns[0] == "* resource 19"
    assert fig.axes[0].get_xlabel().endswith("… and 4 more categories, not drawn")
    assert brought(fig) == PORTFOLIO_CATEGORIES_MAX


# --------------------------------------------------------------------- experience curves


def test_general_experience_rises_with_diminishing_returns():
    curve = experience_curve(10, "general")
    effect = curve["effect"].to_numpy()
    steps = np.diff(effect)
    assert effect[0] == 0
    assert (steps > 0).all()
    assert (np.diff(steps) < 0).all()
    # nearly flat after about six alliances
    assert steps[6:].sum() < 0.1 * (effect[6] - effect[0])


def test_partner_specific_experience_has_a_negative_effect():
    curve = experience_curve(8, "partner-specific")
    effect = curve["effect"].to_numpy()
    assert effect[0] == 0
    assert (effect[1:] < 0).all()
    assert (np.diff(effect) < 0).all()


def test_experience_curve_validates_its_inputs():
    with pytest.raises(ValueError, match="kind must be one of 'general', 'partner-specific'"):
        experience_curve(5, "specific")
    with pytest.raises(ValueError, match="n_alliances must be a whole number from 1 to 100"):
        experience_curve(0)


def test_plot_experience_curve_says_it_is_a_teaching_illustration():
    fig = plot_experience_curve()
    texts = all_texts(fig)
    assert "Teaching illustration, not fitted data" in texts
    assert any("Hoang and Rothaermel (2016)" in t for t in texts)
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert any("general" in label for label in labels)
    assert any("partner-specific" in label for label in labels)
    # two series differ by marker and line style, not only colour
    lines = [ln for ln in fig.axes[0].get_lines() if "experience" in ln.get_label()]
    assert len(lines) == 2
    assert len({ln.get_marker() for ln in lines}) == 2
    assert len({ln.get_linestyle() for ln in lines}) == 2
