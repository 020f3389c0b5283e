import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from alliancelab.scorecard import (
    RANKING_COLUMNS,
    SELECTION_FACTORS,
    Criterion,
    Score,
    Scorecard,
    ScreenResult,
    add_candidate,
    add_criterion,
    default_criteria,
    plot_scorecards,
    rank_candidates,
    remove_candidate,
    remove_criterion,
    rescore,
    reweight,
    scorecards_from_table,
    screen_candidate,
    weak_links,
    weighted_total,
)


def card(name, reputation, stability, complementarity, culture, notes=""):
    return Scorecard(
        name,
        {
            "reputation": reputation,
            "stability": stability,
            "complementarity": complementarity,
            "cultural similarity": culture,
        },
        notes,
    )


# --------------------------------------------------------------------- criteria and cards


def test_default_criteria_are_the_four_selection_factors_with_equal_weights():
    crit = default_criteria()
    assert tuple(c.name for c in crit) == SELECTION_FACTORS
    assert {c.weight for c in crit} == {1.0}
    assert all(c.description and "\n" not in c.description for c in crit)


def test_criterion_accepts_user_defined_name_and_normalises_it():
    assert Criterion("  Regulatory   Track Record ").name == "regulatory track record"


@pytest.mark.parametrize("name", ["", "   "])
def test_criterion_rejects_empty_name(name):
    with pytest.raises(ValueError, match="criterion name must not be empty"):
        Criterion(name)


def test_criterion_rejects_names_reserved_for_ranking_columns():
    with pytest.raises(ValueError, match="'rank' is reserved"):
        Criterion("Rank")


@pytest.mark.parametrize(
    ("weight", "error", "message"),
    [
        (-1, ValueError, "weight of criterion 'stability' must be >= 0, got -1"),
        (math.nan, ValueError, "weight of criterion 'stability' must be a finite number"),
        (True, TypeError, "weight of criterion 'stability' must be a number"),
        ("2", TypeError, "weight of criterion 'stability' must be a number"),
    ],
)
def test_criterion_rejects_bad_weight(weight, error, message):
    with pytest.raises(error, match=message):
        Criterion("stability", weight)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (0, ValueError, r"score must be a whole number from 1 to 5, got 0"),
        (6, ValueError, r"score must be a whole number from 1 to 5, got 6"),
        (3.5, ValueError, r"score must be a whole number from 1 to 5, got 3.5"),
        (math.nan, ValueError, r"score must be a whole number from 1 to 5, got nan"),
        (True, TypeError, r"score must be a whole number from 1 to 5, got bool"),
        ("4", TypeError, r"score must be a whole number from 1 to 5, got str"),
    ],
)
def test_score_rejects_values_outside_whole_1_to_5(value, error, message):
    with pytest.raises(error, match=message):
        Score(value)


def test_score_accepts_whole_floats_and_numpy_integers_as_int():
    assert Score(4.0).value == 4
    assert type(Score(np.int64(2)).value) is int


def test_scorecard_error_names_candidate_and_criterion():
    with pytest.raises(ValueError, match=r"score of 'Acme' on 'stability' .* got 9"):
        card("Acme", 4, 9, 3, 3)


def test_scorecard_rejects_the_same_criterion_twice_after_normalising():
    with pytest.raises(ValueError, match="'stability' appears more than once"):
        Scorecard("Acme", {"Stability": 3, "stability ": 4})


def test_scorecard_rejects_empty_or_non_mapping_scores():
    with pytest.raises(ValueError, match="at least one criterion"):
        Scorecard("Acme", {})
    with pytest.raises(TypeError, match="scores of 'Acme' must be a mapping"):
        Scorecard("Acme", [3, 4])


def test_scorecard_accepts_score_objects_and_dicts_with_rationale():
    acme = Scorecard("Acme", {"reputation": Score(4, "good refs"), "stability": {"value": 2}})
    assert acme.scores["reputation"].rationale == "good refs"
    assert acme.scores["stability"] == Score(2)


def test_scorecards_are_hashable_and_equal_regardless_of_score_order():
    a = Scorecard("Acme", {"reputation": 4, "stability": 2})
    b = Scorecard("Acme", {"stability": 2, "reputation": 4})
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


def test_scorecard_scores_cannot_be_changed_after_creation():
    acme = card("Acme", 4, 4, 4, 4)
    with pytest.raises(TypeError):
        acme.scores["reputation"] = Score(1)


# --------------------------------------------------------------------- editing a plan's cards


def test_add_candidate_scores_every_criterion_at_three_and_refuses_a_name_in_use():
    cards = add_candidate((), " Acme ", default_criteria())
    assert [c.candidate for c in cards] == ["Acme"]
    assert {n: s.value for n, s in cards[0].scores.items()} == dict.fromkeys(SELECTION_FACTORS, 3)
    with pytest.raises(ValueError, match="candidate 'acme' is already on the list"):
        add_candidate(cards, "acme", default_criteria())
    with pytest.raises(ValueError, match="candidate name must not be empty"):
        add_candidate(cards, "   ", default_criteria())


def test_remove_candidate_and_rescore_find_the_card_by_name():
    cards = (card("Acme", 4, 4, 4, 4, notes="met in May"), card("Bolt", 3, 3, 3, 3))
    assert [c.candidate for c in remove_candidate(cards, "ACME")] == ["Bolt"]
    new = rescore(cards, "Acme", {f: Score(2, "why") for f in SELECTION_FACTORS})
    assert new[0].scores["stability"] == Score(2, "why") and new[0].notes == "met in May"
    assert new[1] is cards[1]
    with pytest.raises(ValueError, match="candidate must be one of 'Acme', 'Bolt'; got 'Cyan'"):
        remove_candidate(cards, "Cyan")


def test_reweight_changes_only_the_named_weights_and_refuses_all_zero():
    crit = reweight(default_criteria(), {"stability": 2.5})
    assert [c.weight for c in crit] == [1.0, 2.5, 1.0, 1.0]
    with pytest.raises(ValueError, match="criteria weights must not all be zero"):
        reweight(default_criteria(), dict.fromkeys(SELECTION_FACTORS, 0))


def test_add_criterion_adds_it_to_the_criteria_and_every_card():
    cards = (card("Acme", 4, 4, 4, 4), card("Bolt", 3, 3, 3, 3))
    crit, new = add_criterion(default_criteria(), cards, " Speed of  Decisions")
    assert crit[-1] == Criterion("speed of decisions")
    assert all(c.scores["speed of decisions"] == Score(3) for c in new)
    with pytest.raises(ValueError, match="criterion 'speed of decisions' is already on the"):
        add_criterion(crit, new, "speed of decisions")


def test_remove_criterion_drops_its_scores_and_keeps_one_that_counts():
    cards = (card("Acme", 4, 4, 4, 4),)
    crit, new = remove_criterion(default_criteria(), cards, "reputation")
    assert [c.name for c in crit] == list(SELECTION_FACTORS[1:])
    assert "reputation" not in new[0].scores
    with pytest.raises(ValueError, match="the scorecard must keep at least one criterion"):
        remove_criterion([Criterion("stability")], (), "stability")
    weighted = [Criterion("reputation", 1), Criterion("stability", 0)]
    with pytest.raises(ValueError, match="criteria weights must not all be zero"):
        remove_criterion(weighted, (), "reputation")
    with pytest.raises(ValueError, match="criterion must be one of 'reputation', 'stability'"):
        remove_criterion(weighted, (), "speed")


# --------------------------------------------------------------------- totals, weak links


def test_weighted_total_with_equal_weights_is_the_mean():
    assert weighted_total(card("Acme", 5, 2, 4, 3)) == 3.5


def test_weighted_total_uses_weight_ratios():
    acme = card("Acme", 5, 1, 5, 5)
    heavy = [Criterion(n, 3 if n == "stability" else 1) for n in SELECTION_FACTORS]
    assert weighted_total(acme, heavy) == pytest.approx((5 + 3 + 5 + 5) / 6)
    assert weighted_total(acme, {n: 2 for n in SELECTION_FACTORS}) == weighted_total(acme)


def test_weighted_total_ignores_zero_weight_criteria():
    acme = card("Acme", 5, 1, 5, 5)
    crit = {"reputation": 1, "stability": 0, "complementarity": 1, "cultural similarity": 1}
    assert weighted_total(acme, crit) == 5.0


def test_weighted_total_rejects_all_zero_weights():
    with pytest.raises(ValueError, match="criteria weights must not all be zero"):
        weighted_total(card("Acme", 3, 3, 3, 3), {n: 0 for n in SELECTION_FACTORS})


def test_weighted_total_rejects_unknown_criterion_naming_it_and_listing_allowed():
    acme = Scorecard("Acme", {"reputation": 4, "stabilty": 3})
    with pytest.raises(
        ValueError,
        match=r"unknown criterion 'stabilty'; allowed: 'reputation', 'stability'",
    ):
        weighted_total(acme, ["reputation", "stability"])


def test_weighted_total_rejects_missing_score():
    acme = Scorecard("Acme", {"reputation": 4})
    with pytest.raises(ValueError, match="'Acme' has no score for 'stability'"):
        weighted_total(acme, ["reputation", "stability"])


def test_weighted_total_rejects_duplicate_criteria():
    with pytest.raises(ValueError, match="criterion names must be unique"):
        weighted_total(card("Acme", 3, 3, 3, 3), ["reputation", "Reputation"])


def test_weighted_total_rejects_non_scorecard():
    with pytest.raises(TypeError, match="scorecard must be a Scorecard, got dict"):
        weighted_total({"reputation": 3})


def test_weak_links_lists_factors_at_or_below_floor_weakest_first():
    acme = card("Acme", 5, 2, 5, 1)
    assert weak_links(acme) == ["cultural similarity", "stability"]
    assert weak_links(acme, floor=1) == ["cultural similarity"]
    assert weak_links(card("Bolt", 3, 3, 4, 5)) == []


def test_weak_links_with_strong_total_only_reports_weakness_hidden_by_a_strong_total():
    strong = card("Acme", 5, 2, 5, 5)  # total 4.25
    weak = card("Bolt", 2, 2, 3, 3)  # total 2.5
    assert weak_links(strong, strong_total=3.5) == ["stability"]
    assert weak_links(weak, strong_total=3.5) == []


def test_weak_links_skip_zero_weight_criteria():
    crit = {"reputation": 1, "stability": 0, "complementarity": 1, "cultural similarity": 1}
    assert weak_links(card("Acme", 5, 1, 5, 5), crit) == []


def test_weak_links_rejects_floor_outside_1_to_5():
    with pytest.raises(ValueError, match="floor must be a whole number from 1 to 5, got 0"):
        weak_links(card("Acme", 3, 3, 3, 3), floor=0)


# --------------------------------------------------------------------- ranking


def test_rank_candidates_orders_best_first_with_one_row_per_candidate():
    cards = [card("Core", 2, 2, 3, 2), card("Acme", 5, 2, 5, 4), card("Bolt", 3, 4, 3, 4)]
    ranking = rank_candidates(cards)
    assert ranking["candidate"].tolist() == ["Acme", "Bolt", "Core"]
    assert ranking.index.tolist() == [0, 1, 2]
    assert ranking["rank"].tolist() == [1, 2, 3]
    assert list(ranking.columns) == [
        "candidate",
        *SELECTION_FACTORS,
        "weighted_total",
        "rank",
        "weakest_factor",
        "weak_link",
        "verdict",
    ]
    assert ranking["weak_link"].dtype == bool


def test_rank_candidates_ties_share_the_best_rank_and_sort_alphabetically():
    cards = [card("bolt", 4, 4, 4, 4), card("Acme", 4, 4, 4, 4), card("Core", 5, 5, 5, 5)]
    ranking = rank_candidates(cards)
    assert ranking["candidate"].tolist() == ["Core", "Acme", "bolt"]
    assert ranking["rank"].tolist() == [1, 2, 2]


def test_rank_candidates_flags_strong_total_hiding_a_weak_factor():
    ranking = rank_candidates([card("Acme", 5, 1, 5, 5), card("Bolt", 2, 2, 2, 2)])
    ranking = ranking.set_index("candidate")
    assert ranking.loc["Acme", "weak_link"]
    assert ranking.loc["Acme", "weakest_factor"] == "stability"
    assert "stability" in ranking.loc["Acme", "verdict"]
    # a weak candidate is weak, not a hidden weak link
    assert not ranking.loc["Bolt", "weak_link"]
    assert ranking.loc["Bolt", "verdict"].startswith("Weak candidate")


def test_rank_candidates_thresholds_change_the_flag():
    cards = [card("Acme", 4, 3, 4, 4)]
    assert not rank_candidates(cards)["weak_link"].iloc[0]
    assert rank_candidates(cards, floor=3)["weak_link"].iloc[0]
    assert not rank_candidates(cards, floor=3, strong_total=4)["weak_link"].iloc[0]


def test_rank_candidates_accepts_a_wide_dataframe_with_candidate_index_or_column():
    cards = [card("Acme", 5, 2, 5, 4), card("Bolt", 3, 4, 3, 4), card("Core", 1, 5, 2, 3)]
    wide = pd.DataFrame(
        [[c.scores[f].value for f in SELECTION_FACTORS] for c in cards],
        columns=[f.title() for f in SELECTION_FACTORS],  # names are normalised
        index=[c.candidate for c in cards],
    )
    expected = rank_candidates(cards)
    pd.testing.assert_frame_equal(rank_candidates(wide), expected)
    as_column = wide.reset_index(names="candidate")
    pd.testing.assert_frame_equal(rank_candidates(as_column), expected)


def test_rank_candidates_can_rank_its_own_output_again():
    ranking = rank_candidates([card("Acme", 5, 2, 5, 4), card("Bolt", 3, 4, 3, 4)])
    pd.testing.assert_frame_equal(rank_candidates(ranking), ranking)


def test_rank_candidates_with_user_defined_criteria():
    crit = [Criterion("speed of decision", 2), Criterion("ip protection")]
    cards = [
        Scorecard("Acme", {"Speed of decision": 2, "IP protection": 5}),
        Scorecard("Bolt", {"speed of decision": 4, "ip protection": 2}),
    ]
    ranking = rank_candidates(cards, crit).set_index("candidate")
    assert list(ranking.columns[:2]) == ["speed of decision", "ip protection"]
    assert ranking.loc["Bolt", "weighted_total"] == pytest.approx(10 / 3)
    assert ranking.loc["Acme", "weighted_total"] == 3.0


def test_rank_candidates_rejects_duplicate_candidate_names_ignoring_case():
    with pytest.raises(ValueError, match="candidate names must be unique; 'acme' appears"):
        rank_candidates([card("Acme", 3, 3, 3, 3), card(" acme", 4, 4, 4, 4)])


def test_rank_candidates_rejects_unknown_criterion_in_a_scorecard():
    odd = Scorecard("Acme", {"reputation": 3, "stability": 3, "price": 2})
    with pytest.raises(ValueError, match=r"unknown criterion 'price'; allowed: 'reputation'"):
        rank_candidates([odd], ["reputation", "stability"])


def wide_frame(**changes):
    data = {
        "reputation": [5, 3],
        "stability": [2, 4],
        "complementarity": [5, 3],
        "cultural similarity": [4, 4],
    }
    data.update(changes)
    return pd.DataFrame(data, index=pd.Index(["Acme", "Bolt"], name="candidate"))


@pytest.mark.parametrize(
    ("frame", "error", "message"),
    [
        (
            wide_frame(stability=[2.0, np.nan]),
            ValueError,
            r"score of 'Bolt' on 'stability' is missing \(NaN\)",
        ),
        (
            wide_frame(stability=[2, 7]),
            ValueError,
            r"score of 'Bolt' on 'stability' must be a whole number from 1 to 5, got 7",
        ),
        (
            wide_frame(stability=[2.5, 3]),
            ValueError,
            r"score of 'Acme' on 'stability' must be a whole number from 1 to 5, got 2.5",
        ),
        (
            wide_frame(stability=[True, False]),
            TypeError,
            r"scores on 'stability' must be whole numbers from 1 to 5, got True/False",
        ),
        (
            wide_frame(stability=["high", 3]),
            TypeError,
            r"scores on 'stability' .* got str 'high' for 'Acme'",
        ),
        (
            wide_frame(stabilty=[3, 3]).drop(columns="stability"),
            ValueError,
            r"column 'stabilty' is not a criterion; allowed: 'reputation', 'stability'",
        ),
        (
            wide_frame().drop(columns="stability"),
            ValueError,
            r"missing scores: no column for criterion 'stability'",
        ),
        (
            wide_frame().rename(index={"Bolt": "ACME"}),
            ValueError,
            r"candidate names must be unique; 'acme' appears more than once",
        ),
        (
            wide_frame().reset_index(drop=True),
            TypeError,
            r"candidate names must be text .* got int 0",
        ),
        (
            wide_frame().rename(index={"Bolt": "  "}),
            ValueError,
            r"candidate names must not be empty \(position 1\)",
        ),
        (
            wide_frame().iloc[:0],
            ValueError,
            r"rank_candidates needs at least one candidate",
        ),
    ],
    ids=[
        "nan",
        "out-of-range",
        "fraction",
        "bool",
        "text",
        "unknown-column",
        "missing-column",
        "duplicate-name",
        "no-names",
        "empty-name",
        "empty",
    ],
)
def test_rank_candidates_rejects_bad_dataframe_input(frame, error, message):
    with pytest.raises(error, match=message):
        rank_candidates(frame)


def test_rank_candidates_rejects_input_that_is_not_cards_or_a_frame():
    with pytest.raises(TypeError, match="scorecards must be a list of Scorecard or a DataFrame"):
        rank_candidates({"Acme": 3})
    with pytest.raises(TypeError, match="scorecard must be a Scorecard, got int"):
        rank_candidates([card("Acme", 3, 3, 3, 3), 3])


def test_rank_candidates_accepts_nullable_integer_columns():
    frame = wide_frame().astype("Int64")
    assert rank_candidates(frame)["candidate"].tolist() == ["Acme", "Bolt"]


def test_rank_candidates_handles_many_candidates_vectorised():
    rng = np.random.default_rng(7)
    n = 20_000
    frame = pd.DataFrame(rng.integers(1, 6, (n, 4)), columns=list(SELECTION_FACTORS))
    frame.insert(0, "candidate", [f"C{i}" for i in range(n)])
    ranking = rank_candidates(frame)
    assert len(ranking) == n
    assert ranking["weighted_total"].is_monotonic_decreasing
    means = frame.set_index("candidate").mean(axis=1)
    np.testing.assert_allclose(ranking["weighted_total"], means.loc[ranking["candidate"]])


# --------------------------------------------------------------------- screening


def test_screen_candidate_passes_with_good_fit_and_no_weak_links():
    result = screen_candidate(card("Acme", 4, 4, 4, 4), None, 4, 2)
    assert result.passed
    assert len(result.reasons) == 2
    assert "meets the minimum of 3" in result.reasons[0]


def test_screen_candidate_fails_when_strategic_fit_is_below_minimum():
    result = screen_candidate(card("Acme", 5, 5, 5, 5), None, strategic_fit=2, risk_tolerance=5)
    assert not result.passed
    assert "below the minimum of 3" in result.reasons[0]


def test_screen_candidate_fails_when_a_weak_link_exceeds_risk_tolerance():
    acme = card("Acme", 5, 2, 5, 5)  # stability 2 is a risk of 4
    cautious = screen_candidate(acme, None, strategic_fit=5, risk_tolerance=3)
    bold = screen_candidate(acme, None, strategic_fit=5, risk_tolerance=4)
    assert not cautious.passed
    assert any("stability (score 2, risk 4) exceeds" in r for r in cautious.reasons)
    assert bold.passed
    assert any("within the risk tolerance of 4" in r for r in bold.reasons)


def test_screen_candidate_min_fit_and_floor_are_adjustable():
    acme = card("Acme", 5, 3, 5, 5)
    assert not screen_candidate(acme, None, 3, 2, min_fit=4).passed
    assert not screen_candidate(acme, None, 5, 2, floor=3).passed
    assert screen_candidate(acme, None, 5, 3, floor=3).passed


@pytest.mark.parametrize(
    ("fit", "tolerance", "message"),
    [
        (0, 3, "strategic_fit must be a whole number from 1 to 5, got 0"),
        (3, 6, "risk_tolerance must be a whole number from 1 to 5, got 6"),
    ],
)
def test_screen_candidate_rejects_fit_or_tolerance_outside_1_to_5(fit, tolerance, message):
    with pytest.raises(ValueError, match=message):
        screen_candidate(card("Acme", 3, 3, 3, 3), None, fit, tolerance)


def test_screen_result_is_frozen_and_round_trips():
    result = screen_candidate(card("Acme", 5, 2, 5, 5), None, 4, 3)
    with pytest.raises(AttributeError):
        result.passed = True
    assert ScreenResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result


# --------------------------------------------------------------------- round trips


def test_to_dict_is_json_and_from_dict_restores_equal_objects():
    crit = Criterion("stability", 2.5, "steady cash")
    acme = Scorecard("Acme", {"reputation": Score(4, "refs"), "stability": 2}, notes="met twice")
    for obj in (crit, Score(3, "ok"), acme):
        data = json.loads(json.dumps(obj.to_dict()))
        assert type(obj).from_dict(data) == obj


@pytest.mark.parametrize(
    ("cls", "data", "message"),
    [
        (Criterion, {"weight": 1}, r"Criterion data needs the key\(s\) 'name'"),
        (Criterion, {"name": "x", "wieght": 2}, r"unknown key\(s\) 'wieght'"),
        (Score, {"value": 3, "why": "x"}, r"Score data has unknown key\(s\) 'why'"),
        (Scorecard, {"candidate": "Acme"}, r"Scorecard data needs the key\(s\) 'scores'"),
    ],
)
def test_from_dict_rejects_missing_or_unknown_keys(cls, data, message):
    with pytest.raises(ValueError, match=message):
        cls.from_dict(data)


def test_from_dict_rejects_non_mapping():
    with pytest.raises(TypeError, match="Scorecard data must be a mapping"):
        Scorecard.from_dict(["Acme"])


# --------------------------------------------------------------------- long tables


def long_table():
    return pd.DataFrame(
        {
            "alliance_id": ["a1"] * 4 + ["a2"] * 4,
            "partner": ["Daimler"] * 4 + ["Toyota"] * 4,
            "criterion": list(SELECTION_FACTORS) * 2,
            "score": [5, 4, 5, 2, 5, 4, 5, 3],
            "rationale": ["old name", np.nan, "", "", "", "", "", "pace differs"],
            "source": ["assumption"] * 8,
        }
    )


def test_scorecards_from_table_builds_one_card_per_partner_in_order():
    cards = scorecards_from_table(long_table())
    assert [c.candidate for c in cards] == ["Daimler", "Toyota"]
    assert cards[0].scores["reputation"] == Score(5, "old name")
    assert cards[0].scores["stability"].rationale == ""  # a blank cell becomes ""
    ranking = rank_candidates(cards)
    assert ranking["candidate"].tolist() == ["Toyota", "Daimler"]
    assert ranking["weak_link"].tolist() == [False, True]


def test_scorecards_from_table_rejects_missing_column_and_repeated_score():
    with pytest.raises(ValueError, match="table needs a 'score' column"):
        scorecards_from_table(long_table().drop(columns="score"))
    doubled = pd.concat([long_table(), long_table().iloc[:1]])
    with pytest.raises(ValueError, match="table scores 'Daimler' on 'reputation' more than once"):
        scorecards_from_table(doubled)
    bad = long_table().assign(score=[5, 4, 5, 2, 5, 4, 5, 9])
    with pytest.raises(ValueError, match="score of 'Toyota' on 'cultural similarity'"):
        scorecards_from_table(bad)


# --------------------------------------------------------------------- figure


def tick_labels(fig):
    """The candidates' names down the chart (texts, where tick labels were)."""
    from alliancelab._style import ROW_LABEL_GID

    return [t.get_text() for t in fig.axes[0].texts if t.get_gid() == ROW_LABEL_GID]


def test_plot_scorecards_labels_candidates_by_rank_and_spells_out_weak_links():
    fig = plot_scorecards([card("Acme", 5, 1, 5, 5), card("Bolt", 3, 4, 3, 4)])
    assert isinstance(fig, Figure)
    labels = tick_labels(fig)
    assert labels[0].startswith("1. Acme")
    assert "weak link: stability" in labels[0]
    assert "weak link" not in labels[1]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert {*SELECTION_FACTORS, "weighted total", "weak score (≤ 2)"} <= set(legend)


def test_plot_scorecards_shows_at_most_twelve_and_says_so_in_title():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        rng.integers(1, 6, (20, 4)),
        columns=list(SELECTION_FACTORS),
        index=[f"C{i:02d}" for i in range(20)],
    )
    fig = plot_scorecards(frame)
    assert len(tick_labels(fig)) == 12
    assert "top 12 of 20 candidates shown" in fig.axes[0].get_title(loc="left")


def test_plot_scorecards_draws_a_ranking_as_given():
    crit = [Criterion("speed"), Criterion("trust", 3)]
    ranking = rank_candidates(
        [Scorecard("Acme", {"speed": 1, "trust": 5}), Scorecard("Bolt", {"speed": 4, "trust": 3})],
        crit,
    )
    fig = plot_scorecards(ranking)  # criteria come from the ranking's columns
    assert tick_labels(fig)[0].startswith("1. Acme (4.00)")
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "speed" in legend and "trust" in legend


def test_core_module_imports_neither_pyplot_nor_ipywidgets():
    code = (
        "import sys, alliancelab.scorecard, alliancelab.resources;"
        "bad = {'matplotlib.pyplot', 'ipywidgets'} & set(sys.modules);"
        "print(', '.join(sorted(bad)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


# --------------------------------------------------------------------- properties

scores = st.integers(min_value=1, max_value=5)
weights = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


@st.composite
def weighted_cards(draw):
    values = draw(st.lists(scores, min_size=4, max_size=4))
    ws = draw(st.lists(weights, min_size=4, max_size=4).filter(lambda w: any(x > 0 for x in w)))
    crit = [Criterion(n, w) for n, w in zip(SELECTION_FACTORS, ws, strict=True)]
    return card("Acme", *values), crit


@given(weighted_cards())
def test_weighted_total_stays_within_lowest_and_highest_score(pair):
    acme, crit = pair
    values = [s.value for s in acme.scores.values()]
    assert min(values) <= weighted_total(acme, crit) <= max(values)


@given(weighted_cards(), st.sampled_from(SELECTION_FACTORS))
def test_raising_one_score_never_lowers_the_total(pair, factor):
    acme, crit = pair
    if acme.scores[factor].value == 5:
        return
    raised = dict(acme.scores)
    raised[factor] = Score(acme.scores[factor].value + 1)
    assert weighted_total(Scorecard("Acme", raised), crit) >= weighted_total(acme, crit)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.lists(scores, min_size=4, max_size=4), min_size=1, max_size=25),
    st.lists(weights, min_size=4, max_size=4).filter(lambda w: any(x > 0 for x in w)),
)
def test_ranking_order_and_ranks_agree_with_weighted_totals(rows, ws):
    crit = [Criterion(n, w) for n, w in zip(SELECTION_FACTORS, ws, strict=True)]
    cards = [card(f"C{i}", *row) for i, row in enumerate(rows)]
    ranking = rank_candidates(cards, crit)
    totals = ranking["weighted_total"].to_numpy()
    assert (np.diff(totals) <= 0).all()
    by_name = ranking.set_index("candidate")
    for c in cards:
        assert by_name.loc[c.candidate, "weighted_total"] == weighted_total(c, crit)
    expected_rank = [1 + int((totals > t).sum()) for t in totals]
    assert ranking["rank"].tolist() == expected_rank


# names as long as the domain allows and no longer: criterion names are limited to 100
# characters, candidate names to 200
names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=100
)


@given(
    names.filter(str.strip),
    st.dictionaries(
        st.sampled_from(["reputation", "stability", "speed", "ip protection"]),
        st.builds(Score, scores, st.text(max_size=30)),
        min_size=1,
    ),
    st.text(max_size=50),
)
def test_scorecard_round_trips_through_json(candidate, card_scores, notes):
    acme = Scorecard(candidate, card_scores, notes)
    assert Scorecard.from_dict(json.loads(json.dumps(acme.to_dict()))) == acme


@given(names.filter(str.strip), weights, st.text(max_size=50))
def test_criterion_round_trips_through_json(name, weight, description):
    if " ".join(name.split()).lower() in {"candidate", "notes", *RANKING_COLUMNS}:
        return
    crit = Criterion(name, weight, description)
    assert Criterion.from_dict(json.loads(json.dumps(crit.to_dict()))) == crit
