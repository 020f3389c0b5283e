import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from alliancelab._style import BRINGS_GID, ROW_LABEL_GID
from alliancelab.resources import (
    ALLIANCE_STAGES,
    MAP_ROWS_MAX,
    RESOURCE_CATEGORIES,
    RESOURCE_STATUSES,
    ResourceMap,
    analyse,
    describe,
    plot_resource_map,
    summary,
)


def status_of(rmap):
    table = analyse(rmap)
    return dict(zip(table["category"], table["status"], strict=True))


def row(rmap, category):
    table = analyse(rmap).set_index("category")
    return table.loc[category]


def test_vocabulary_matches_the_shared_spec():
    assert RESOURCE_CATEGORIES[:3] == ("technology", "intellectual property", "manufacturing")
    assert len(RESOURCE_CATEGORIES) == 12
    assert ALLIANCE_STAGES == ("selection", "negotiation", "execution", "exit")
    assert RESOURCE_STATUSES == ("complementary", "gap", "redundant", "unused")


# --------------------------------------------------------------------- statuses


def test_resource_map_flags_gap_when_neither_partner_brings_it():
    rmap = ResourceMap("Voltra", "BigAuto", needs={"execution": ["distribution"]})
    entry = row(rmap, "distribution")
    assert entry["status"] == "gap"
    assert not entry["Voltra"] and not entry["BigAuto"]
    assert not entry["dependence"] and entry["depends_on"] == ""


def test_resource_map_marks_a_need_met_by_one_side_complementary_and_a_dependence():
    rmap = ResourceMap(
        "Voltra",
        "BigAuto",
        brings={"Voltra": ["technology"], "BigAuto": ["manufacturing"]},
        needs={"execution": ["technology", "manufacturing"]},
    )
    tech, plant = row(rmap, "technology"), row(rmap, "manufacturing")
    assert tech["status"] == plant["status"] == "complementary"
    assert tech["dependence"] and tech["depends_on"] == "Voltra"
    assert plant["dependence"] and plant["depends_on"] == "BigAuto"


def test_resource_map_marks_what_both_bring_redundant_whether_needed_or_not():
    rmap = ResourceMap(
        "Voltra",
        "BigAuto",
        brings={"Voltra": ["brand", "data"], "BigAuto": ["brand", "data"]},
        needs={"execution": ["brand"]},
    )
    assert status_of(rmap) == {"brand": "redundant", "data": "redundant"}
    assert row(rmap, "brand")["needed_at"] == "execution"
    assert row(rmap, "data")["needed_at"] == ""
    assert not analyse(rmap)["dependence"].any()


def test_resource_map_marks_what_one_side_brings_but_nobody_needs_unused():
    rmap = ResourceMap("Voltra", "BigAuto", brings={"BigAuto": ["capital"]})
    entry = row(rmap, "capital")
    assert entry["status"] == "unused"
    assert not entry["dependence"]


def test_analyse_lists_needed_stages_in_stage_order_whatever_the_input_order():
    rmap = ResourceMap(
        "Voltra",
        "BigAuto",
        needs={"exit": ["data"], "selection": ["data"], "execution": ["data"]},
    )
    assert row(rmap, "data")["needed_at"] == "selection, execution, exit"


def test_analyse_has_one_row_per_category_standard_order_then_custom_alphabetically():
    rmap = ResourceMap(
        "Voltra",
        "BigAuto",
        brings={"Voltra": ["zoning permits", "data", "technology"]},
        needs={"execution": ["capital", "a custom need"]},
    )
    table = analyse(rmap)
    assert table["category"].tolist() == [
        "technology",
        "capital",
        "data",
        "a custom need",
        "zoning permits",
    ]
    assert list(table.columns) == [
        "category",
        "Voltra",
        "BigAuto",
        "needed_at",
        "status",
        "dependence",
        "depends_on",
    ]
    assert table["Voltra"].dtype == bool and table["dependence"].dtype == bool


def test_analyse_of_an_empty_map_is_an_empty_table_with_the_columns():
    table = analyse(ResourceMap("Voltra", "BigAuto"))
    assert table.empty
    assert "status" in table.columns


def test_analyse_rejects_anything_but_a_resource_map():
    with pytest.raises(TypeError, match="resource_map must be a ResourceMap, got dict"):
        analyse({"venture": "Voltra"})


# --------------------------------------------------------------------- normalising, validation


def test_categories_are_normalised_and_custom_ones_accepted():
    rmap = ResourceMap(
        "Voltra", "BigAuto", brings={" voltra ": ["  Market   Access ", "Clinical Sites"]}
    )
    assert rmap.brought_by("VOLTRA") == {"market access": "", "clinical sites": ""}


def test_brings_and_needs_accept_details_per_category():
    rmap = ResourceMap(
        "Voltra",
        "BigAuto",
        brings={"BigAuto": {"Capital": "EUR 50m over three years"}},
        needs={"execution": {"capital": "pilot line"}},
    )
    assert rmap.brought_by("BigAuto") == {"capital": "EUR 50m over three years"}
    assert rmap.needs_at("Execution") == {"capital": "pilot line"}


def test_maps_are_equal_and_hashable_regardless_of_input_order():
    a = ResourceMap(
        "Voltra",
        "BigAuto",
        brings={"Voltra": ["data", "technology"], "BigAuto": ["capital"]},
        needs={"exit": ["data"], "execution": ["capital"]},
    )
    b = ResourceMap(
        "Voltra",
        "BigAuto",
        brings={"BigAuto": ["Capital"], "voltra": ["technology", "data"]},
        needs={"execution": ["capital"], "exit": ["data"]},
    )
    assert a == b
    assert hash(a) == hash(b)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.venture = "Other"


def test_dataclasses_replace_keeps_the_map_valid():
    a = ResourceMap("Voltra", "BigAuto", brings={"BigAuto": ["capital"]})
    b = dataclasses.replace(a, partner="Bigauto Group", brings={"Bigauto Group": ["capital"]})
    assert b.brought_by("Bigauto Group") == {"capital": ""}
    assert dataclasses.replace(a) == a


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"venture": ""}, ValueError, "venture must not be empty"),
        ({"partner": 3}, TypeError, r"partner must be text \(str\), got int"),
        ({"partner": "voltra"}, ValueError, "venture and partner must be different names"),
        ({"partner": "status"}, ValueError, "partner name 'status' is reserved"),
        (
            {"brings": {"Tesla": ["capital"]}},
            ValueError,
            "brings names party 'Tesla'; parties are 'Voltra' .* and 'BigAuto'",
        ),
        (
            {"brings": {"Voltra": ["data"], "voltra ": ["brand"]}},
            ValueError,
            "brings must name each party once; 'Voltra' appears more than once",
        ),
        (
            {"brings": {"Voltra": ["Data", "data "]}},
            ValueError,
            r"brings\['Voltra'\] must list each category once; 'data' appears",
        ),
        (
            {"brings": {"Voltra": "capital"}},
            TypeError,
            r"brings\['Voltra'\] must be a list of categories or a mapping",
        ),
        (
            {"brings": {"Voltra": [""]}},
            ValueError,
            r"category in brings\['Voltra'\] must not be empty",
        ),
        (
            {"brings": {"Voltra": {"data": 5}}},
            TypeError,
            r"detail of brings\['Voltra'\]\['data'\] must be text",
        ),
        ({"brings": ["capital"]}, TypeError, "brings must be a mapping of party name"),
        (
            {"needs": {"launch": ["capital"]}},
            ValueError,
            "stage in needs must be one of 'selection', 'negotiation', 'execution', 'exit'",
        ),
        (
            {"needs": {"Exit": ["data"], "exit": ["brand"]}},
            ValueError,
            "needs must name each stage once; 'exit' appears more than once",
        ),
    ],
)
def test_resource_map_rejects_bad_input_with_a_message_naming_the_field(kwargs, error, message):
    args = {"venture": "Voltra", "partner": "BigAuto", **kwargs}
    with pytest.raises(error, match=message):
        ResourceMap(**args)


def test_brought_by_rejects_a_stranger():
    with pytest.raises(ValueError, match="party must be 'Voltra' or 'BigAuto'; got 'Tesla'"):
        ResourceMap("Voltra", "BigAuto").brought_by("Tesla")


# --------------------------------------------------------------------- case tables


def case_tables():
    resources = pd.DataFrame(
        {
            "alliance_id": ["a1", "a1", "a1", "a1", "a2"],
            "party": ["focal", "focal", "partner", "partner", "partner"],
            "category": ["technology", "Technology", "capital", "brand", "data"],
            "detail": ["cell design", "pack design", "cash", np.nan, "fleet data"],
            "source": ["assumption"] * 5,
        }
    )
    needs = pd.DataFrame(
        {
            "alliance_id": ["a1", "a1", "a2"],
            "stage": ["execution", "Exit", "execution"],
            "category": ["capital", "technology", "data"],
            "detail": ["", "", ""],
            "source": ["assumption"] * 3,
        }
    )
    return resources, needs


def test_from_tables_maps_focal_to_venture_and_filters_one_alliance():
    resources, needs = case_tables()
    rmap = ResourceMap.from_tables(
        resources, needs, venture="Voltra", partner="BigAuto", alliance_id="a1"
    )
    assert rmap.brought_by("Voltra") == {"technology": "cell design; pack design"}
    assert rmap.brought_by("BigAuto") == {"capital": "cash", "brand": ""}
    assert status_of(rmap) == {
        "technology": "complementary",
        "capital": "complementary",
        "brand": "unused",
    }


def test_from_tables_rejects_a_table_without_the_needed_columns():
    resources, needs = case_tables()
    with pytest.raises(ValueError, match="resources needs a 'party' column"):
        ResourceMap.from_tables(resources.drop(columns="party"), venture="V", partner="P")
    with pytest.raises(ValueError, match="needs needs a 'alliance_id' column"):
        ResourceMap.from_tables(
            resources,
            needs.drop(columns="alliance_id"),
            venture="V",
            partner="P",
            alliance_id="a1",
        )


# --------------------------------------------------------------------- summary, describe


def mixed_map():
    return ResourceMap(
        "Voltra",
        "BigAuto",
        brings={"Voltra": ["technology", "brand"], "BigAuto": ["capital", "brand", "supply"]},
        needs={"execution": ["technology", "capital", "distribution"], "exit": ["data"]},
    )


def test_summary_counts_and_lists_each_status_and_dependence():
    facts = summary(mixed_map())
    assert facts["counts"] == {"complementary": 2, "gap": 2, "redundant": 1, "unused": 1}
    assert facts["gap"] == ["distribution", "data"]
    assert facts["redundant"] == ["brand"]
    assert facts["unused"] == ["supply"]
    assert facts["depends_on"] == {"Voltra": ["technology"], "BigAuto": ["capital"]}
    assert facts["needed"] == 4 and facts["categories"] == 6
    json.dumps(facts)


def test_describe_names_gaps_dependence_redundancy_and_unused_in_one_paragraph():
    text = describe(mixed_map())
    assert "\n" not in text
    assert "depends on Voltra for technology and on BigAuto for capital" in text
    assert "2 are gaps" in text and "distribution and data" in text
    assert "Both sides bring brand" in text
    assert "supply" in text


def test_describe_guides_the_founder_when_the_map_is_empty_or_has_no_needs():
    assert "map is empty" in describe(ResourceMap("Voltra", "BigAuto"))
    text = describe(ResourceMap("Voltra", "BigAuto", brings={"Voltra": ["data"]}))
    assert "no needs are entered yet" in text


# --------------------------------------------------------------------- round trips, figure


def test_to_dict_is_json_and_from_dict_restores_an_equal_map():
    rmap = ResourceMap(
        "Voltra",
        "BigAuto",
        brings={"BigAuto": {"capital": "EUR 50m"}, "Voltra": ["technology"]},
        needs={"execution": {"capital": "pilot line"}},
    )
    data = json.loads(json.dumps(rmap.to_dict()))
    assert ResourceMap.from_dict(data) == rmap


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ({"venture": "Voltra"}, ValueError, r"ResourceMap data needs the key\(s\) 'partner'"),
        (
            {"venture": "V", "partner": "P", "gaps": []},
            ValueError,
            r"ResourceMap data has unknown key\(s\) 'gaps'",
        ),
        ("Voltra", TypeError, "ResourceMap data must be a mapping"),
    ],
)
def test_from_dict_rejects_malformed_data(data, error, message):
    with pytest.raises(error, match=message):
        ResourceMap.from_dict(data)


def figure_texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def row_labels(fig):
    """The names down the map's left side (texts, where tick labels were)."""
    return [t.get_text() for t in fig.axes[0].texts if t.get_gid() == ROW_LABEL_GID]


def brought(fig) -> int:
    """How many "brings it" dots the figure's first panel marks."""
    dots = [c for c in fig.axes[0].collections if c.get_gid() == BRINGS_GID]
    return sum(len(c.get_offsets()) for c in dots)


def test_plot_resource_map_marks_cells_with_symbols_and_spells_out_statuses():
    fig = plot_resource_map(mixed_map())
    assert isinstance(fig, Figure)
    texts = figure_texts(fig)
    assert brought(fig) == 5  # technology, brand (Voltra); capital, brand, supply
    assert texts.count("need") == 4
    for status in RESOURCE_STATUSES:
        assert any(t.startswith(status) for t in texts)
    assert "complementary\nfrom Voltra" in texts
    labels = row_labels(fig)
    assert labels == analyse(mixed_map())["category"].tolist()
    assert fig.get_size_inches()[0] == 7.4  # shown at 740 CSS px: its text at its size


def test_plot_resource_map_of_an_empty_map_says_there_is_nothing_yet():
    fig = plot_resource_map(ResourceMap("Voltra", "BigAuto"))
    assert any("Nothing on the map yet" in t for t in figure_texts(fig))


def test_a_crowded_resource_map_draws_gaps_and_dependences_first_and_counts_the_rest():
    unused = [f"extra {i:02d}" for i in range(MAP_ROWS_MAX + 5)]
    rmap = ResourceMap(
        "Voltra",
        "BigAuto",
        brings={"Voltra": [*unused, "technology"], "BigAuto": ["capital"]},
        needs={"execution": ["technology", "capital", "distribution"], "exit": ["capital"]},
    )
    fig = plot_resource_map(rmap)
    labels = row_labels(fig)
    assert len(labels) == MAP_ROWS_MAX + 1
    # gaps and dependences are drawn; the drawn rows keep the order of analyse()
    assert {"technology", "capital", "distribution"} <= set(labels)
    order = analyse(rmap)["category"].tolist()
    assert labels[:-1] == [c for c in order if c in labels]
    assert labels[-1] == "… and 8 more"
    assert "not drawn: 8 unused" in figure_texts(fig)
    assert fig.get_size_inches()[1] <= 2.0 + 0.42 * (MAP_ROWS_MAX + 1)


# --------------------------------------------------------------------- properties

categories = st.sampled_from([*RESOURCE_CATEGORIES, "clinical sites", "zoning permits"])
category_sets = st.sets(categories, max_size=6)


@st.composite
def resource_maps(draw):
    return ResourceMap(
        "Voltra",
        "BigAuto",
        brings={"Voltra": draw(category_sets), "BigAuto": draw(category_sets)},
        needs=draw(st.dictionaries(st.sampled_from(ALLIANCE_STAGES), category_sets)),
    )


@given(resource_maps())
def test_every_category_gets_exactly_one_status_matching_its_definition(rmap):
    table = analyse(rmap)
    assert table["category"].is_unique
    assert set(table["status"]) <= set(RESOURCE_STATUSES)
    for record in table.to_dict("records"):
        sides = int(record["Voltra"]) + int(record["BigAuto"])
        needed = record["needed_at"] != ""
        expected = {
            (0, True): "gap",
            (1, True): "complementary",
            (1, False): "unused",
            (2, True): "redundant",
            (2, False): "redundant",
        }[(sides, needed)]
        assert record["status"] == expected
        assert record["dependence"] == (expected == "complementary")
        if record["dependence"]:
            assert record[record["depends_on"]]


@given(resource_maps())
def test_summary_counts_add_up_to_the_rows_of_the_analysis(rmap):
    facts = summary(rmap)
    assert sum(facts["counts"].values()) == len(analyse(rmap)) == facts["categories"]


@given(resource_maps())
def test_resource_map_round_trips_through_json(rmap):
    assert ResourceMap.from_dict(json.loads(json.dumps(rmap.to_dict()))) == rmap
