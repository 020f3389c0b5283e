import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from alliancelab._style import png_bytes
from alliancelab.perception import (
    FLAG_GAP,
    SCALE,
    SIDES,
    SURVEY_ITEMS,
    PerceptionSurvey,
    SurveyRound,
    add_round,
    perception_gaps,
    perception_trend,
    remove_round,
    talk_first,
    trend_summary,
)
from alliancelab.perception_plots import plot_perception_gaps, plot_perception_trend

KEYS = [item.key for item in SURVEY_ITEMS]

ratings = st.dictionaries(st.sampled_from(KEYS), st.integers(1, 5), max_size=len(KEYS))


def full(**overrides):
    answers = dict.fromkeys(KEYS, 3)
    answers.update(overrides)
    return answers


# --------------------------------------------------------------------- vocabulary


def test_items_cover_the_issue_and_the_three_mismatches():
    assert KEYS == ["trust", "goals", "decisions", "value", "priorities", "expectations", "pace"]
    assert all(item.statement.endswith(".") for item in SURVEY_ITEMS)
    assert SIDES == ("start-up", "corporate")
    assert len(SCALE) == 5 and FLAG_GAP == 2


# --------------------------------------------------------------------- model


def test_round_normalises_item_names_and_keeps_survey_order():
    r = SurveyRound(" Q1 ", {"Pace": 2, " trust ": 4}, {"pace": 5})
    assert r.label == "Q1"
    assert list(r.startup) == ["trust", "pace"]
    assert dict(r.corporate) == {"pace": 5}


def test_round_treats_none_as_unanswered():
    assert dict(SurveyRound("Q1", {"trust": None}).startup) == {}


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"label": ""}, ValueError, "round label must not be empty"),
        ({"startup": {"trust": 0}}, ValueError, "start-up rating of trust must be a whole number"),
        ({"corporate": {"pace": 2.5}}, ValueError, "corporate rating of pace must be a whole"),
        ({"corporate": {"pace": True}}, TypeError, "corporate rating of pace must be a whole"),
        ({"startup": {"loyalty": 3}}, ValueError, "survey item must be one of 'trust'"),
        ({"startup": [3, 4]}, TypeError, "start-up answers must be a mapping of survey item"),
        ({"note": "x" * 2001}, ValueError, "round note must be at most 2000 characters"),
    ],
)
def test_round_rejects_bad_input_with_a_message_naming_the_field(kwargs, error, message):
    args = {"label": "Q1", **kwargs}
    with pytest.raises(error, match=message):
        SurveyRound(**args)


def test_survey_round_trips_through_json():
    s = PerceptionSurvey(
        "Corvanth",
        "Aldermoor",
        [SurveyRound("Q1", full(pace=1), full(pace=4), note="after the reorganisation")],
    )
    back = PerceptionSurvey.from_dict(json.loads(json.dumps(s.to_dict())))
    assert back == s
    assert hash(back) == hash(s)


def test_survey_from_dict_names_unknown_keys():
    with pytest.raises(ValueError, match=r"PerceptionSurvey data has unknown key\(s\) 'teams'"):
        PerceptionSurvey.from_dict({"teams": []})
    with pytest.raises(ValueError, match=r"SurveyRound data needs the key\(s\) 'label'"):
        PerceptionSurvey.from_dict({"rounds": [{"startup": {}}]})


def test_survey_rejects_duplicate_labels_and_bad_rounds():
    with pytest.raises(ValueError, match="round labels must be unique; 'q1' appears"):
        PerceptionSurvey("A", "B", [SurveyRound("Q1"), SurveyRound("q1")])
    with pytest.raises(TypeError, match="each round must be a SurveyRound, got str"):
        PerceptionSurvey("A", "B", ["Q1"])
    with pytest.raises(ValueError, match="startup name must not be empty"):
        PerceptionSurvey("", "B")


# --------------------------------------------------------------------- editing


def test_add_and_remove_rounds_return_new_surveys():
    s = PerceptionSurvey("A", "B")
    s1 = add_round(s, SurveyRound("Q1"))
    s2 = add_round(s1, SurveyRound("Q2"))
    assert s.labels == () and s1.labels == ("Q1",) and s2.labels == ("Q1", "Q2")
    assert s2.latest.label == "Q2"
    assert remove_round(s2, "Q1").labels == ("Q2",)


def test_add_round_refuses_a_used_label_and_remove_names_the_rounds():
    s = add_round(PerceptionSurvey("A", "B"), SurveyRound("Q1"))
    with pytest.raises(ValueError, match="round label 'q1' is already used"):
        add_round(s, SurveyRound("q1"))
    with pytest.raises(TypeError, match="new round must be a SurveyRound, got dict"):
        add_round(s, {"label": "Q2"})
    with pytest.raises(ValueError, match="no round is labelled 'Q7'; rounds: 'Q1'"):
        remove_round(s, "Q7")


# --------------------------------------------------------------------- analysis


def test_gaps_are_startup_minus_corporate_with_flags():
    r = SurveyRound(
        "Q1",
        full(trust=5, decisions=1, value=2, goals=4),
        full(trust=2, decisions=4, value=1, goals=2, pace=None),
    )
    gaps = perception_gaps(r).set_index("item")
    assert gaps.loc["trust", "gap"] == 3 and gaps.loc["decisions", "gap"] == -3
    assert gaps.loc["trust", "flag"] == "talk first"
    assert gaps.loc["value", "flag"] == "shared concern"
    assert gaps.loc["pace", "flag"] == "not answered" and np.isnan(gaps.loc["pace", "gap"])
    assert gaps.loc["priorities", "flag"] == ""


def test_talk_first_ranks_by_gap_then_by_the_lower_rating_and_keeps_three():
    r = SurveyRound(
        "Q1",
        full(trust=5, goals=5, decisions=1, value=4, pace=5),
        full(trust=2, goals=3, decisions=3, value=1, pace=1),
    )
    # pace (4 apart) first; trust and value 3 apart, value rated lower; goals/decisions 2
    assert talk_first(r) == ("pace", "value", "trust")
    gaps = perception_gaps(r).set_index("item")
    assert gaps.loc["decisions", "flag"] == "disagree"
    assert gaps.loc["goals", "flag"] == "disagree"
    with pytest.raises(ValueError, match="n must be a whole number from 1 to 7, got 0"):
        talk_first(r, n=0)


@settings(max_examples=60, deadline=None)
@given(ratings, ratings)
def test_swapping_the_sides_flips_every_gap_and_keeps_the_flags(startup, corporate):
    r = SurveyRound("Q1", startup, corporate)
    swapped = SurveyRound("Q1", corporate, startup)
    a, b = perception_gaps(r), perception_gaps(swapped)
    assert np.allclose(a["gap"].fillna(0), -b["gap"].fillna(0))
    assert set(talk_first(r)) == set(talk_first(swapped))
    assert len(talk_first(r)) <= 3
    flagged = set(a.loc[a["abs_gap"] >= FLAG_GAP, "item"])
    assert set(talk_first(r)) <= flagged


def test_trend_and_summary_follow_the_rounds():
    s = PerceptionSurvey(
        "A",
        "B",
        [SurveyRound("Q1", full(), full()), SurveyRound("Q2", full(pace=1), full(pace=4))],
    )
    trend = perception_trend(s)
    assert list(trend["round"].unique()) == ["Q1", "Q2"]
    assert len(trend) == 2 * len(KEYS)
    summary = trend_summary(s).set_index("round")
    assert summary.loc["Q1", "mean_abs_gap"] == 0 and summary.loc["Q1", "flagged"] == 0
    assert summary.loc["Q2", "largest_item"] == "Compatible pace"
    assert summary.loc["Q2", "largest_gap"] == 3


def test_items_tied_for_the_largest_gap_are_all_named_and_the_figure_counts_them():
    s = PerceptionSurvey(
        "A",
        "B",
        [
            SurveyRound("Q1", full(), full()),
            SurveyRound("Q2", full(pace=1, trust=2), full(pace=3, trust=4)),
        ],
    )
    row = trend_summary(s).set_index("round").loc["Q2"]
    assert (row["largest_item"], row["tied"], row["largest_gap"]) == (
        "Trust, Compatible pace",
        2,
        2,
    )
    texts = [t.get_text() for t in plot_perception_trend(s).axes[0].texts]
    assert "Trust and 1\nmore" in texts
    # the figure splits the joined labels on ", ": no survey label may hold one
    assert not any(", " in item.label for item in SURVEY_ITEMS)


def test_trend_of_an_empty_survey_and_an_unanswered_round():
    assert perception_trend(PerceptionSurvey("A", "B")).empty
    summary = trend_summary(PerceptionSurvey("A", "B", [SurveyRound("Q1")]))
    assert summary.iloc[0]["answered"] == 0 and np.isnan(summary.iloc[0]["largest_gap"])


# --------------------------------------------------------------------- figures


def test_gap_figure_marks_talk_first_items_in_words_and_keeps_text_plain():
    r = SurveyRound("$Q1$", full(pace=1), full(pace=4))
    fig = plot_perception_gaps(r, "Pay $5", "Big $Co")
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "gap -3 ▶ talk first" in texts
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["Pay $5 (start-up)", "Big $Co (corporate)"]
    assert png_bytes(fig)[:4] == b"\x89PNG"


def test_trend_figure_needs_a_round():
    with pytest.raises(ValueError, match="survey has no rounds yet"):
        plot_perception_trend(PerceptionSurvey("A", "B"))
    with pytest.raises(TypeError, match="survey must be a PerceptionSurvey, got list"):
        plot_perception_trend([])
