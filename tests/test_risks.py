import itertools
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from alliancelab._style import COLUMN_LABEL_GID, ROW_LABEL_GID
from alliancelab.cases import load_case
from alliancelab.risks import (
    COMPARE_COLUMNS,
    MATRIX_KEY_MAX,
    MATRIX_MARKED_MAX,
    RISK_CLASSES,
    RISK_TABLE_COLUMNS,
    SEVERITY_BANDS,
    STANDARD_RISKS,
    Rating,
    Risk,
    RiskRegister,
    compare_assessments,
    plot_risk_matrix,
    register_from_table,
    risk_matrix_counts,
    risk_table,
    severity_band,
    standard_register,
)
from alliancelab.risks_plots import ARROW_GID


def rated(*triples, label="before signing", register=None):
    """Standard register with (name, likelihood, impact) ratings at ``label``."""
    reg = register if register is not None else standard_register()
    for name, likelihood, impact in triples:
        reg = reg.assess(label, name, likelihood, impact)
    return reg


# --------------------------------------------------------------------- the starting list


def test_standard_risks_are_the_seven_of_the_review_with_their_classes():
    assert {r.name: r.risk_class for r in STANDARD_RISKS} == {
        "intellectual property": "relational",
        "misaligned incentives": "relational",
        "partnering lock-in": "relational",
        "coordination": "both",
        "innovation": "performance",
        "outside scope": "performance",
        "input supply": "both",
    }


def test_every_standard_risk_has_a_one_sentence_description():
    for risk in STANDARD_RISKS:
        assert risk.description.endswith(".")
        assert risk.description.count(". ") == 0, risk.name


def test_standard_register_gives_every_risk_the_owner_and_no_ratings():
    reg = standard_register(owner="CEO")
    assert reg.names == tuple(r.name for r in STANDARD_RISKS)
    assert {r.owner for r in reg.risks} == {"CEO"}
    assert reg.assessment_labels == ()


def test_risk_classes_are_relational_performance_both():
    assert RISK_CLASSES == ("relational", "performance", "both")


# --------------------------------------------------------------------- Risk and Rating


def test_risk_tidies_spaces_and_keeps_capitals():
    risk = Risk("  Key   engineer leaves ", " Performance ")
    assert (risk.name, risk.risk_class) == ("Key engineer leaves", "performance")


def test_risk_rejects_unknown_class_naming_the_risk():
    with pytest.raises(ValueError, match="risk_class of risk 'pilot' must be one of"):
        Risk("pilot", "legal")


def test_risk_rejects_empty_name():
    with pytest.raises(ValueError, match="risk name must not be empty"):
        Risk("  ", "both")


def test_risk_dict_round_trip():
    risk = Risk("pilot slips", "performance", "Late pilot", "CTO", "Weekly check")
    assert Risk.from_dict(json.loads(json.dumps(risk.to_dict()))) == risk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x"}, "Risk data needs the key\\(s\\) 'risk_class'"),
        ({"name": "x", "risk_class": "both", "colour": "red"}, "unknown key\\(s\\) 'colour'"),
        ({"name": 3, "risk_class": "both"}, "risk name must be text"),
        ("x", "Risk data must be a mapping"),
    ],
)
def test_risk_from_dict_raises_value_error_naming_the_field(data, message):
    with pytest.raises(ValueError, match=message):
        Risk.from_dict(data)


@pytest.mark.parametrize(
    ("likelihood", "impact", "error", "message"),
    [
        (True, 3, TypeError, "likelihood must be a whole number from 1 to 5, got bool"),
        (math.nan, 3, ValueError, "likelihood must be a whole number from 1 to 5, got nan"),
        (2.5, 3, ValueError, "likelihood must be a whole number from 1 to 5, got 2.5"),
        (3, 0, ValueError, "impact must be a whole number from 1 to 5, got 0"),
        (3, 6, ValueError, "impact must be a whole number from 1 to 5, got 6"),
        (3, "4", TypeError, "impact must be a whole number from 1 to 5, got str"),
    ],
)
def test_rating_rejects_values_off_the_1_to_5_scale(likelihood, impact, error, message):
    with pytest.raises(error, match=message):
        Rating(likelihood, impact)


def test_rating_accepts_whole_floats_and_numpy_integers_as_ints():
    rating = Rating(4.0, np.int64(2))
    assert (rating.likelihood, rating.impact) == (4, 2)
    assert type(rating.likelihood) is int and type(rating.impact) is int


def test_rating_severity_is_likelihood_times_impact_with_its_band():
    rating = Rating(4, 5)
    assert rating.severity == 20
    assert rating.band == "critical"


def test_rating_from_dict_accepts_mapping_and_pair():
    assert Rating.from_dict({"likelihood": 2, "impact": 3}) == Rating(2, 3)
    assert Rating.from_dict((2, 3)) == Rating(2, 3)
    with pytest.raises(ValueError, match="likelihood of rating must be a whole number"):
        Rating.from_dict({"likelihood": "high", "impact": 3})


# --------------------------------------------------------------------- the register


def test_register_rejects_duplicate_risk_names_regardless_of_case():
    with pytest.raises(ValueError, match="risk names must be unique; 'pilot' appears"):
        RiskRegister((Risk("Pilot", "both"), Risk("pilot", "performance")))


def test_register_rejects_a_rating_of_an_unknown_risk_and_lists_the_risks():
    with pytest.raises(ValueError, match=r"rates 'supply', which is not a risk.*'coordination'"):
        RiskRegister((Risk("coordination", "both"),), {"q1": {"supply": (2, 2)}})


def test_register_names_the_risk_and_assessment_of_a_bad_rating():
    with pytest.raises(
        ValueError,
        match="impact of 'coordination' in assessment 'q1' must be a whole number from 1 to 5",
    ):
        RiskRegister((Risk("coordination", "both"),), {"q1": {"coordination": (2, 9)}})


def test_register_maps_ratings_to_the_risk_name_in_any_case():
    reg = RiskRegister(
        (Risk("Key engineer leaves", "performance"),), {"q1": {"key ENGINEER leaves": (2, 2)}}
    )
    assert list(reg.assessments["q1"]) == ["Key engineer leaves"]


def test_register_refuses_non_risk_items():
    with pytest.raises(TypeError, match=r"risks\[0\] must be a Risk"):
        RiskRegister(("coordination",))


def test_assess_returns_a_new_register_and_leaves_the_old_one_unchanged():
    reg = standard_register()
    new = reg.assess("before signing", "coordination", 3, 3)
    assert reg.assessment_labels == ()
    assert new.assessments["before signing"]["coordination"] == Rating(3, 3)


def test_assess_adds_new_labels_after_existing_ones_and_replaces_a_rating():
    reg = rated(("coordination", 2, 2), label="before signing")
    reg = rated(("coordination", 4, 4), label="after signing", register=reg)
    reg = reg.assess("Before Signing", "Coordination", 3, 3)
    assert reg.assessment_labels == ("before signing", "after signing")
    assert reg.assessments["before signing"]["coordination"] == Rating(3, 3)


def test_assess_rejects_an_unknown_risk_listing_the_risks():
    with pytest.raises(ValueError, match="risk name must be one of 'intellectual property'"):
        standard_register().assess("q1", "weather", 2, 2)


def test_with_risk_refuses_a_name_in_use_unless_replacing_and_keeps_ratings():
    reg = rated(("coordination", 2, 3))
    with pytest.raises(ValueError, match="'Coordination' is already in the register"):
        reg.with_risk(Risk("Coordination", "performance"))
    new = reg.with_risk(Risk("Coordination", "performance", owner="COO"), replace=True)
    assert new.risk("coordination").owner == "COO"
    assert new.names.index("Coordination") == reg.names.index("coordination")
    assert new.assessments["before signing"]["Coordination"] == Rating(2, 3)


def test_without_risk_drops_the_risk_and_its_ratings():
    reg = rated(("coordination", 2, 3), ("innovation", 1, 1)).without_risk("coordination")
    assert "coordination" not in reg.names
    assert list(reg.assessments["before signing"]) == ["innovation"]


def test_without_risk_keeps_the_last_risk():
    reg = RiskRegister((Risk("innovation", "performance"),))
    with pytest.raises(ValueError, match="the register must keep at least one risk; add another"):
        reg.without_risk("innovation")


def test_with_assessment_adds_a_label_last_with_the_given_ratings():
    reg = rated(("coordination", 2, 3))
    new = reg.with_assessment("  after   signing ", reg.assessments["before signing"])
    assert new.assessment_labels == ("before signing", "after signing")
    assert new.assessments["after signing"] == reg.assessments["before signing"]
    assert reg.assessment_labels == ("before signing",)  # the old register is unchanged
    assert new.with_assessment("q3").assessments["q3"] == {}


@pytest.mark.parametrize(
    "label, message",
    [
        ("   ", "assessment label must not be empty, e.g. 'after signing'"),
        ("before signing", "assessment 'before signing' already exists"),
        ("Before  Signing", "assessment 'Before Signing' already exists"),
    ],
)
def test_with_assessment_refuses_an_empty_or_used_label(label, message):
    with pytest.raises(ValueError, match=message):
        rated(("coordination", 2, 3)).with_assessment(label)


def test_with_assessment_refuses_a_rating_of_an_unknown_risk():
    with pytest.raises(ValueError, match="rates 'weather', which is not a risk"):
        standard_register().with_assessment("q1", {"weather": (2, 2)})


def test_without_assessment_drops_the_label_and_keeps_the_last_one():
    reg = rated(("coordination", 2, 3))
    reg = rated(("coordination", 4, 4), label="after signing", register=reg)
    new = reg.without_assessment("Before Signing")
    assert new.assessment_labels == ("after signing",)
    with pytest.raises(ValueError, match="must keep at least one assessment; add another first"):
        new.without_assessment("after signing")
    with pytest.raises(ValueError, match="assessment label must be one of 'before signing'"):
        reg.without_assessment("q9")


def test_with_ratings_replaces_one_assessment_whole_or_adds_it_last():
    reg = rated(("coordination", 2, 3), ("innovation", 1, 1))
    new = reg.with_ratings("BEFORE signing", {"innovation": Rating(5, 5)})
    assert dict(new.assessments["before signing"]) == {"innovation": Rating(5, 5)}
    added = new.with_ratings("after signing", {"coordination": (1, 2)})
    assert added.assessment_labels == ("before signing", "after signing")
    with pytest.raises(ValueError, match="likelihood of 'coordination' in assessment 'q1'"):
        reg.with_ratings("q1", {"coordination": (0, 2)})


def test_with_owners_sets_owners_and_mitigations_by_name_and_keeps_ratings():
    reg = rated(("coordination", 2, 3))
    new = reg.with_owners({"Coordination": "COO"}, {"innovation": "a second lab"})
    assert new.risk("coordination").owner == "COO"
    assert new.risk("innovation").mitigation == "a second lab"
    assert new.assessments == reg.assessments
    assert reg.with_owners({}, {}) is reg  # nothing changed: the same register
    with pytest.raises(ValueError, match="risk name must be one of"):
        reg.with_owners({"weather": "nobody"})


def test_registers_with_the_same_content_are_equal_and_hash_alike():
    a = rated(("coordination", 2, 3), ("innovation", 1, 1))
    b = rated(("innovation", 1, 1), ("coordination", 2, 3))
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


def test_register_equality_depends_on_the_order_of_assessments():
    a = rated(("coordination", 2, 3), label="x")
    a = rated(("coordination", 2, 3), label="y", register=a)
    b = rated(("coordination", 2, 3), label="y")
    b = rated(("coordination", 2, 3), label="x", register=b)
    assert a != b


def test_register_repr_says_how_many_risks_and_which_assessments():
    assert repr(rated(("coordination", 2, 3))) == (
        "RiskRegister(7 risks, assessments=['before signing'])"
    )


def test_register_round_trips_through_json_exactly():
    reg = rated(("coordination", 2, 3), ("input supply", 4, 4))
    reg = rated(("coordination", 3, 3), label="after signing", register=reg)
    back = RiskRegister.from_dict(json.loads(json.dumps(reg.to_dict())))
    assert back == reg
    assert back.to_dict() == reg.to_dict()
    assert back.assessment_labels == ("before signing", "after signing")


def test_register_from_dict_accepts_assessments_as_a_mapping():
    data = {
        "risks": [{"name": "pilot", "risk_class": "performance"}],
        "assessments": {"q1": {"pilot": {"likelihood": 2, "impact": 2}}},
    }
    assert RiskRegister.from_dict(data).assessments["q1"]["pilot"] == Rating(2, 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "RiskRegister data needs the key\\(s\\) 'risks'"),
        ({"risks": "pilot"}, "risks must be a list"),
        ({"risks": [], "extra": 1}, "unknown key\\(s\\) 'extra'"),
        ({"risks": [{"name": "p"}]}, "Risk data needs the key\\(s\\) 'risk_class'"),
        ({"risks": [], "assessments": 3}, "assessments must be a list"),
        ({"risks": [], "assessments": [{"label": "q"}]}, "assessments\\[0\\] data needs"),
        (
            {"risks": [], "assessments": [{"label": 5, "ratings": {}}]},
            "assessments\\[0\\] label must be text",
        ),
        (
            {
                "risks": [{"name": "p", "risk_class": "both"}],
                "assessments": [{"label": "q", "ratings": {"p": {"likelihood": 9, "impact": 1}}}],
            },
            "likelihood of 'p' in assessment 'q' must be a whole number from 1 to 5, got 9",
        ),
        (
            {
                "risks": [{"name": "p", "risk_class": "both"}],
                "assessments": [
                    {"label": "q", "ratings": {"p": {"likelihood": True, "impact": 1}}}
                ],
            },
            "likelihood of 'p' in assessment 'q' must be a whole number",
        ),
        (
            {
                "risks": [],
                "assessments": [{"label": "q", "ratings": {}}, {"label": "q", "ratings": {}}],
            },
            "assessment labels must be unique",
        ),
    ],
)
def test_register_from_dict_raises_value_error_naming_the_field(data, message):
    with pytest.raises(ValueError, match=message):
        RiskRegister.from_dict(data)


names = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).filter(lambda s: s.strip())
ratings = st.tuples(st.integers(1, 5), st.integers(1, 5))


@st.composite
def registers(draw):
    raw = draw(st.lists(names, min_size=0, max_size=8, unique_by=lambda s: " ".join(s.split())))
    risks = tuple(Risk(n, draw(st.sampled_from(RISK_CLASSES))) for n in raw)
    labels = draw(st.lists(st.sampled_from(["before", "after", "q3", "2027"]), unique=True))
    assessments = {}
    for label in labels:
        chosen = draw(st.lists(st.sampled_from(risks), unique=True)) if risks else []
        assessments[label] = {r.name: draw(ratings) for r in chosen}
    return RiskRegister(risks, assessments)


@settings(deadline=None)
@given(registers())
def test_any_register_round_trips_through_to_dict_and_json(reg):
    assert RiskRegister.from_dict(json.loads(json.dumps(reg.to_dict()))) == reg


# --------------------------------------------------------------------- case tables


def test_register_from_case_table_keeps_risks_assessments_owner_and_ratings():
    case = load_case("biotech")
    reg = register_from_table(case.risks, alliance_id="aldermoor")
    rows = case.risks[case.risks["alliance_id"] == "aldermoor"]
    assert reg.names == tuple(dict.fromkeys(rows["risk"]))
    assert reg.assessment_labels == ("before signing", "after signing")
    for row in rows.itertuples(index=False):
        assert reg.assessments[row.assessment][row.risk] == Rating(row.likelihood, row.impact)
        assert reg.risk(row.risk).owner == row.owner
        assert reg.risk(row.risk).risk_class == row.risk_class


def test_register_from_table_with_several_alliances_needs_an_alliance_id():
    with pytest.raises(ValueError, match=r"holds several alliances .*pass alliance_id"):
        register_from_table(load_case("biotech").risks)


def test_register_from_table_lists_the_alliances_when_the_id_is_unknown():
    with pytest.raises(ValueError, match="alliance_id must be one of 'aldermoor'"):
        register_from_table(load_case("biotech").risks, alliance_id="acme")


def _table(**overrides):
    base = {
        "risk": ["pilot", "pilot"],
        "risk_class": ["performance", "performance"],
        "assessment": ["before", "after"],
        "likelihood": [2, 3],
        "impact": [3, 3],
        "owner": ["", "CTO"],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def test_register_from_table_takes_the_first_owner_given():
    assert register_from_table(_table()).risk("pilot").owner == "CTO"


def test_register_from_table_refuses_two_classes_for_one_risk():
    with pytest.raises(ValueError, match=r"risk 'pilot' has class 'performance'.*'both' in row 2"):
        register_from_table(_table(risk_class=["performance", "both"]))


def test_register_from_table_refuses_a_risk_rated_twice_in_one_assessment():
    with pytest.raises(ValueError, match="rated twice in assessment 'before' \\(row 2"):
        register_from_table(_table(assessment=["before", "before"]))


def test_register_from_table_names_the_row_of_a_bad_rating():
    with pytest.raises(ValueError, match="likelihood in row 2 of the risks table must be"):
        register_from_table(_table(likelihood=[2, 7]))


def test_register_from_table_lists_unrated_rows_and_refuses_partial_ones():
    table = _table(assessment=["before", None], likelihood=[2, np.nan], impact=[3, np.nan])
    reg = register_from_table(table)
    assert reg.assessment_labels == ("before",)
    with pytest.raises(ValueError, match=r"row 2 .*partial rating of 'pilot': likelihood missing"):
        register_from_table(_table(likelihood=[2, np.nan]))


def test_register_from_table_needs_the_rating_columns():
    with pytest.raises(ValueError, match="needs a 'impact' column"):
        register_from_table(_table().drop(columns="impact"))


# --------------------------------------------------------------------- the risk table


def test_risk_table_has_the_documented_columns_sorted_by_severity_then_name():
    reg = rated(("coordination", 2, 3), ("innovation", 3, 2), ("input supply", 4, 5))
    table = risk_table(reg)
    assert tuple(table.columns) == RISK_TABLE_COLUMNS
    assert list(table["name"]) == ["input supply", "coordination", "innovation"]
    assert list(table["severity"]) == [20, 6, 6]
    assert list(table["band"]) == ["critical", "medium", "medium"]
    assert set(table["assessment"]) == {"before signing"}


def test_risk_table_defaults_to_the_latest_assessment():
    reg = rated(("coordination", 2, 3))
    reg = rated(("coordination", 5, 5), label="after signing", register=reg)
    assert risk_table(reg)["severity"].tolist() == [25]
    assert risk_table(reg, "before signing")["severity"].tolist() == [6]


def test_risk_table_leaves_out_risks_not_rated_at_that_assessment():
    reg = rated(("coordination", 2, 3))
    assert risk_table(reg)["name"].tolist() == ["coordination"]


def test_risk_table_filters_both_class_into_relational_view():
    reg = rated(("coordination", 2, 3), ("innovation", 3, 2), ("partnering lock-in", 4, 4))
    assert set(risk_table(reg, risk_class="relational")["name"]) == {
        "coordination",
        "partnering lock-in",
    }
    assert set(risk_table(reg, risk_class="performance")["name"]) == {"coordination", "innovation"}
    assert set(risk_table(reg, risk_class="both")["name"]) == {"coordination"}


def test_risk_table_rejects_an_unknown_assessment_listing_the_labels():
    with pytest.raises(ValueError, match="assessment must be one of 'before signing'"):
        risk_table(rated(("coordination", 2, 3)), "later")


def test_risk_table_rejects_an_unknown_class():
    with pytest.raises(ValueError, match="risk_class must be one of"):
        risk_table(rated(("coordination", 2, 3)), risk_class="legal")


def test_risk_table_of_an_unrated_register_is_empty_with_the_columns():
    table = risk_table(standard_register())
    assert table.empty
    assert tuple(table.columns) == RISK_TABLE_COLUMNS


def test_risk_table_needs_a_register():
    with pytest.raises(TypeError, match="register must be a RiskRegister"):
        risk_table({"risks": []})


@settings(max_examples=50, deadline=None)
@given(st.lists(ratings, min_size=1, max_size=30))
def test_risk_table_severity_is_likelihood_times_impact_and_band_rises_with_it(pairs):
    risks = tuple(Risk(f"r{i}", RISK_CLASSES[i % 3]) for i in range(len(pairs)))
    reg = RiskRegister(risks, {"q": {f"r{i}": p for i, p in enumerate(pairs)}})
    table = risk_table(reg)
    assert (table["severity"] == table["likelihood"] * table["impact"]).all()
    assert table["severity"].is_monotonic_decreasing
    rank = {band: i for i, band in enumerate(SEVERITY_BANDS)}
    assert table["band"].map(rank).is_monotonic_decreasing


# --------------------------------------------------------------------- bands


@pytest.mark.parametrize(
    ("severity", "band"),
    [(1, "low"), (4, "low"), (5, "medium"), (9, "medium"), (10, "high"), (16, "high"),
     (17.5, "high"), (20, "critical"), (25, "critical")],
)  # fmt: skip
def test_severity_band_boundaries(severity, band):
    assert severity_band(severity) == band


def test_severity_bands_cover_1_to_25_without_gaps():
    edges = list(SEVERITY_BANDS.values())
    assert edges[0][0] == 1 and edges[-1][1] == 25
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(edges))


@pytest.mark.parametrize("bad", [0, 26, math.nan])
def test_severity_band_rejects_values_off_the_scale(bad):
    with pytest.raises(ValueError, match="severity must be from 1 to 25"):
        severity_band(bad)


@settings(deadline=None)
@given(st.floats(1, 25), st.floats(1, 25))
def test_severity_band_never_falls_as_severity_rises(a, b):
    order = list(SEVERITY_BANDS)
    low, high = sorted((a, b))
    assert order.index(severity_band(low)) <= order.index(severity_band(high))


# --------------------------------------------------------------------- matrix counts


def test_risk_matrix_counts_puts_each_risk_in_its_cell_impact_rows_top_down():
    table = pd.DataFrame({"likelihood": [1, 5, 5, 2], "impact": [5, 5, 5, 1]})
    counts = risk_matrix_counts(table)
    assert counts.index.tolist() == [5, 4, 3, 2, 1]
    assert counts.columns.tolist() == [1, 2, 3, 4, 5]
    assert counts.loc[5, 5] == 2 and counts.loc[5, 1] == 1 and counts.loc[1, 2] == 1
    assert counts.to_numpy().sum() == 4


def test_risk_matrix_counts_accepts_a_register():
    reg = rated(("coordination", 2, 3), ("innovation", 2, 3))
    assert risk_matrix_counts(reg).loc[3, 2] == 2


def test_risk_matrix_counts_handles_a_hundred_thousand_risks():
    rng = np.random.default_rng(1)
    table = pd.DataFrame(
        {"likelihood": rng.integers(1, 6, 100_000), "impact": rng.integers(1, 6, 100_000)}
    )
    counts = risk_matrix_counts(table)
    expected = table.groupby(["impact", "likelihood"]).size()
    for (imp, lik), n in expected.items():
        assert counts.loc[imp, lik] == n


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        ("likelihood", [1, 6], "likelihood must be a whole number from 1 to 5, got 6 in row 2"),
        ("impact", [2.5, 1], "impact must be a whole number from 1 to 5, got 2.5 in row 1"),
        ("impact", [np.nan, 1], "impact must be a whole number from 1 to 5, got nan in row 1"),
    ],
)
def test_risk_matrix_counts_names_the_column_and_row_of_a_bad_value(column, values, message):
    table = pd.DataFrame({"likelihood": [1, 1], "impact": [1, 1]})
    table[column] = values
    with pytest.raises(ValueError, match=message):
        risk_matrix_counts(table)


def test_risk_matrix_counts_needs_likelihood_and_impact_columns():
    with pytest.raises(ValueError, match="needs a 'impact' column"):
        risk_matrix_counts(pd.DataFrame({"likelihood": [1]}))


# --------------------------------------------------------------------- comparison


def test_compare_assessments_reports_change_and_direction_for_every_case():
    reg = rated(("coordination", 2, 3), ("innovation", 3, 3), ("input supply", 2, 2),
                ("outside scope", 4, 1))  # fmt: skip
    reg = rated(("coordination", 4, 3), ("innovation", 1, 3), ("input supply", 2, 2),
                ("partnering lock-in", 3, 4), label="after signing", register=reg)  # fmt: skip
    table = compare_assessments(reg, "before signing", "after signing")
    assert tuple(table.columns) == COMPARE_COLUMNS
    got = dict(zip(table["name"], table["direction"], strict=True))
    assert got == {
        "partnering lock-in": "new",
        "coordination": "up",
        "innovation": "down",
        "outside scope": "removed",
        "input supply": "unchanged",
    }
    row = table.set_index("name").loc["coordination"]
    assert row["change"] == row["severity_after"] - row["severity_before"] == 6
    assert pd.isna(table.set_index("name").loc["partnering lock-in", "change"])


def test_compare_assessments_keeps_register_order():
    reg = rated(("input supply", 2, 2), ("coordination", 2, 2))
    reg = rated(("input supply", 3, 3), ("coordination", 2, 2), label="after", register=reg)
    assert compare_assessments(reg, "before signing", "after")["name"].tolist() == [
        "coordination",
        "input supply",
    ]


def test_compare_assessments_rejects_an_unknown_label():
    with pytest.raises(ValueError, match="after must be one of 'before signing'"):
        compare_assessments(rated(("coordination", 2, 2)), "before signing", "later")


# --------------------------------------------------------------------- the figure


def _numbers(fig):
    """The markers' numbers (not the scales' numbers along the axes)."""
    scales = (ROW_LABEL_GID, COLUMN_LABEL_GID)
    return [
        t.get_text()
        for t in fig.axes[0].texts
        if t.get_text().isdigit() and t.get_gid() not in scales
    ]


def _arrows(fig):
    """The arrows from earlier cells: (start, end) of each shaft, in data units."""
    shafts = [c for c in fig.axes[0].collections if c.get_gid() == ARROW_GID]
    return [tuple(map(tuple, seg)) for c in shafts for seg in c.get_segments()]


def _key_lines(fig):
    """The key under the matrix: figure texts."""
    return [t.get_text() for t in fig.texts]


def test_risk_matrix_draws_one_numbered_point_per_rated_risk_with_a_key():
    reg = rated(("coordination", 2, 3), ("innovation", 2, 3), ("input supply", 5, 5))
    fig = plot_risk_matrix(reg)
    assert isinstance(fig, Figure)
    assert sorted(_numbers(fig)) == ["1", "2", "3"]
    key = " ".join(_key_lines(fig))
    assert "input supply: 5 × 5 = 25 critical" in key
    assert "coordination" in key and "innovation" in key


def test_risk_matrix_labels_axes_and_every_cell_with_severity_and_band():
    fig = plot_risk_matrix(rated(("coordination", 2, 3)))
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Likelihood (1 = rare, 5 = almost certain)"
    assert ax.get_ylabel().startswith("Impact (1 = negligible")
    cells = [t.get_text() for t in ax.texts if " " in t.get_text()]
    assert len(cells) == 25
    assert "25 critical" in cells and "1 low" in cells and "12 high" in cells


def test_risk_matrix_spreads_risks_sharing_a_cell():
    reg = rated(("coordination", 3, 3), ("innovation", 3, 3), ("input supply", 3, 3))
    fig = plot_risk_matrix(reg)
    spots = {
        t.get_position()
        for t in fig.axes[0].texts
        if t.get_text().isdigit() and t.get_gid() not in (ROW_LABEL_GID, COLUMN_LABEL_GID)
    }
    assert len(spots) == 3
    assert all(2.5 < x < 3.5 and 2.5 < y < 3.5 for x, y in spots)


def test_risk_matrix_uses_one_marker_shape_per_class_and_a_legend_for_them():
    reg = rated(("coordination", 2, 3), ("innovation", 2, 3), ("partnering lock-in", 4, 4))
    fig = plot_risk_matrix(reg)
    markers = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    paths = {c.get_paths()[0].vertices.tobytes() for c in markers}
    assert len(paths) == 3
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "relational risk" in legend and "performance risk" in legend
    assert any(label.startswith("critical") for label in legend)


def test_risk_matrix_draws_an_arrow_for_each_risk_that_moved_since_compare_with():
    reg = rated(("coordination", 2, 3), ("innovation", 2, 2), ("input supply", 1, 1))
    reg = rated(("coordination", 4, 3), ("innovation", 2, 2), ("outside scope", 3, 3),
                label="after signing", register=reg)  # fmt: skip
    fig = plot_risk_matrix(reg, compare_with="before signing")
    ((x0, y0), (x1, y1)) = _arrows(fig)[0]  # coordination: from (2, 3) before, to (4, 3)
    assert round(x0) == 2 and round(x1) == 4 and round(y0) == round(y1) == 3
    key = " ".join(_key_lines(fig))
    assert "(was 6)" in key and "(new)" in key
    assert fig.axes[0].get_title(loc="left").endswith("(arrows from before signing)")


def test_risk_matrix_filters_by_class():
    reg = rated(("coordination", 2, 3), ("innovation", 2, 3), ("partnering lock-in", 4, 4))
    assert len(_numbers(plot_risk_matrix(reg, risk_class="performance"))) == 2


def test_risk_matrix_stays_readable_with_twelve_risks():
    reg = standard_register()
    for i in range(5):
        reg = reg.with_risk(Risk(f"extra risk number {i}", "performance"))
    for i, name in enumerate(reg.names):
        reg = reg.assess("q1", name, 1 + i % 5, 1 + (i * 2) % 5)
    fig = plot_risk_matrix(reg, title="Twelve risks")
    assert sorted(map(int, _numbers(fig))) == list(range(1, 13))
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    key = [t.get_window_extent(renderer) for t in fig.texts if t.get_text().strip()]
    tops = sorted(box.y0 for box in key if box.x0 < key[0].x0 + 5)
    assert all(b - a > 8 for a, b in itertools.pairwise(tops))  # key lines never overlap
    assert fig.axes[0].get_title(loc="left") == "Twelve risks"


def _many(n, label="q1"):
    """A register of ``n`` numbered risks, rated over the cells at ``label``."""
    risks = tuple(Risk(f"risk number {i}", RISK_CLASSES[i % 3]) for i in range(n))
    ratings = {r.name: (1 + i % 5, 1 + (i // 5) % 5) for i, r in enumerate(risks)}
    return RiskRegister(risks, {label: ratings})


def _cell_counts(fig):
    """{cell: count} from the count written in each cell of a counted matrix."""
    out = {}
    for t in fig.axes[0].texts:
        first = t.get_text().split("\n")[0]
        if first.endswith((" risk", " risks")):
            x, y = t.get_position()
            out[round(x), round(y)] = int(first.split()[0].replace(",", ""))
    return out


def test_risk_matrix_of_many_risks_counts_them_per_cell_and_keys_the_most_severe():
    n = MATRIX_MARKED_MAX + 25
    reg = _many(n)
    fig = plot_risk_matrix(reg)
    assert _numbers(fig) == []  # no marker per risk: the cells say how many
    counts = _cell_counts(fig)
    assert sum(counts.values()) == n
    expected = risk_matrix_counts(reg)
    assert all(counts[lik, imp] == expected.loc[imp, lik] for lik, imp in counts)
    key = _key_lines(fig)
    assert key[0] == f"The {MATRIX_KEY_MAX} most severe of {n} risks"
    assert key[-1] == f"… and {n - MATRIX_KEY_MAX} more, counted in their cells"
    top = risk_table(reg).iloc[0]
    assert key[2].startswith(f"{top['name']}: {top['likelihood']} × {top['impact']}")
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "relational risk" not in legend  # no markers to explain


def test_risk_matrix_of_many_risks_compared_says_what_each_cell_held_before():
    reg = _many(40, "before")
    reg = RiskRegister(reg.risks, {**reg.assessments, "after": dict.fromkeys(reg.names, (5, 5))})
    fig = plot_risk_matrix(reg, "after", compare_with="before")
    texts = [t.get_text() for t in fig.axes[0].texts]
    then = risk_matrix_counts(reg, "before")
    assert f"40 risks\n(was {then.loc[5, 5]})" in texts
    assert f"0 risks\n(was {then.loc[1, 1]})" in texts
    assert _arrows(fig) == []
    assert fig.axes[0].get_title(loc="left").endswith("(counts compared with before)")
    assert any("(was " in line for line in _key_lines(fig))


def test_risk_matrix_at_the_marker_limit_still_numbers_every_risk():
    fig = plot_risk_matrix(_many(MATRIX_MARKED_MAX))
    assert sorted(map(int, _numbers(fig))) == list(range(1, MATRIX_MARKED_MAX + 1))
    assert not any("more" in line for line in _key_lines(fig))


def test_risk_matrix_key_clips_long_names_to_fit_beside_their_rating():
    name = "a risk with a name long enough to run off the page"
    reg = rated(("coordination", 2, 3))
    reg = reg.with_risk(Risk(name, "both")).assess("before signing", name, 4, 5)
    reg = reg.assess("after signing", name, 5, 4).assess("after signing", "coordination", 2, 3)
    fig = plot_risk_matrix(reg, compare_with="before signing")
    line = next(t for t in fig.texts if t.get_text().startswith("a risk"))
    assert line.get_text().endswith("…: 5 × 4 = 20 critical (was 4 × 5)")
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    assert line.get_window_extent(renderer).x1 <= fig.bbox.x1


def test_risk_matrix_of_an_unrated_register_says_so():
    fig = plot_risk_matrix(standard_register())
    assert _numbers(fig) == []
    assert "No risks rated yet" in " ".join(_key_lines(fig))


def test_risk_matrix_rejects_an_unknown_compare_with_label():
    with pytest.raises(ValueError, match="compare_with must be one of 'before signing'"):
        plot_risk_matrix(rated(("coordination", 2, 3)), compare_with="last year")
