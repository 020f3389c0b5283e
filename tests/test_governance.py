import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from alliancelab.governance import (
    FACTOR_LABELS,
    FACTOR_QUESTIONS,
    FACTOR_WEIGHTS,
    FACTORS,
    GOVERNANCE_MODES,
    GovernanceFactors,
    GovernanceMode,
    GovernanceRecommendation,
    governance_table,
    horizon_level,
    mode,
    plot_governance_continuum,
    recommend_governance,
)

MODE_NAMES = (
    "informal cooperation",
    "licensing",
    "consortium",
    "joint function",
    "joint venture",
)


def middle(**changes):
    values = {
        "opportunism_hazard": 3,
        "knowledge_tacitness": 3,
        "commitment_required": 3,
        "flexibility_need": 3,
        "time_horizon_years": 3.0,
    }
    values.update(changes)
    return GovernanceFactors(**values)


# --------------------------------------------------------------------- the continuum


def test_modes_run_from_informal_cooperation_to_joint_venture_in_order():
    assert tuple(m.name for m in GOVERNANCE_MODES) == MODE_NAMES
    assert [m.position for m in GOVERNANCE_MODES] == [0, 1, 2, 3, 4]


def test_only_the_joint_venture_involves_equity():
    assert [m.name for m in GOVERNANCE_MODES if m.equity] == ["joint venture"]


def test_every_mode_is_described_with_fit_and_example():
    for m in GOVERNANCE_MODES:
        assert m.description and m.when_it_fits and m.example, m.name


def test_mode_lookup_ignores_case_and_accepts_a_mode():
    assert mode(" Joint Venture ").name == "joint venture"
    assert mode(GOVERNANCE_MODES[1]) is GOVERNANCE_MODES[1]


def test_mode_lookup_lists_the_allowed_names():
    with pytest.raises(ValueError, match="governance mode must be one of 'informal cooperation'"):
        mode("merger")


def test_mode_repr_says_position_and_equity():
    assert repr(mode("licensing")) == "GovernanceMode('licensing', position=1, non-equity)"


def test_governance_table_has_one_row_per_mode_in_continuum_order():
    table = governance_table()
    assert table["name"].tolist() == list(MODE_NAMES)
    assert {"position", "equity", "description", "when_it_fits", "example"} <= set(table)
    assert table["equity"].tolist() == [False, False, False, False, True]


# --------------------------------------------------------------------- factors


def test_every_factor_has_a_plain_question_a_label_and_a_weight():
    assert set(FACTOR_QUESTIONS) == set(FACTOR_LABELS) == set(FACTOR_WEIGHTS) == set(FACTORS)
    assert all("?" in q for q in FACTOR_QUESTIONS.values())


@pytest.mark.parametrize("factor", FACTORS[:4])
@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (0, ValueError, "must be a whole number from 1 to 5, got 0"),
        (6, ValueError, "must be a whole number from 1 to 5, got 6"),
        (2.5, ValueError, "must be a whole number from 1 to 5, got 2.5"),
        (True, TypeError, "must be a whole number from 1 to 5, got bool"),
        (math.nan, ValueError, "must be a whole number from 1 to 5, got nan"),
    ],
)
def test_factors_reject_values_off_the_scale_naming_the_factor(factor, value, error, message):
    with pytest.raises(error, match=f"{factor} {message}"):
        middle(**{factor: value})


@pytest.mark.parametrize(
    ("years", "message"),
    [
        (0, "time_horizon_years must be > 0, got 0"),
        (-1, "time_horizon_years must be >= 0"),
        (31, "time_horizon_years must be <= 30, got 31"),
        (math.inf, "time_horizon_years must be a finite number"),
    ],
)
def test_factors_reject_a_time_horizon_outside_0_to_30_years(years, message):
    with pytest.raises(ValueError, match=message):
        middle(time_horizon_years=years)


def test_factors_round_trip_through_json():
    factors = GovernanceFactors(4, 2, 5, 1, 7.5)
    assert GovernanceFactors.from_dict(json.loads(json.dumps(factors.to_dict()))) == factors


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "GovernanceFactors data must be a mapping"),
        ({"opportunism_hazard": 3}, "needs the key\\(s\\) 'commitment_required'"),
        ({**middle().to_dict(), "trust": 4}, "unknown key\\(s\\) 'trust'"),
        ({**middle().to_dict(), "flexibility_need": "4"}, "flexibility_need must be a whole"),
    ],
)
def test_factors_from_dict_raises_value_error_naming_the_field(data, message):
    with pytest.raises(ValueError, match=message):
        GovernanceFactors.from_dict(data)


@pytest.mark.parametrize(
    ("years", "level"),
    [(0.25, 1), (0.99, 1), (1, 2), (1.9, 2), (2, 3), (4.9, 3), (5, 4), (9.9, 4), (10, 5), (30, 5)],
)
def test_horizon_level_bands_years_into_five_levels(years, level):
    assert horizon_level(years) == level


# --------------------------------------------------------------------- the recommender


def test_a_middling_profile_points_to_the_middle_of_the_continuum():
    rec = recommend_governance(middle())
    assert isinstance(rec, GovernanceRecommendation)
    assert rec.target == 2.0
    assert rec.mode.name == "consortium"


def test_extreme_profiles_point_to_the_ends_of_the_continuum():
    loose = recommend_governance(GovernanceFactors(1, 1, 1, 5, 0.5))
    tight = recommend_governance(GovernanceFactors(5, 5, 5, 1, 20))
    assert (loose.mode.name, loose.target) == ("informal cooperation", 0.0)
    assert (tight.mode.name, tight.target) == ("joint venture", 4.0)
    assert "capped" in tight.reasons[0]


def test_recommendation_moves_towards_equity_when_hazard_rises():
    low = recommend_governance(middle(opportunism_hazard=1))
    high = recommend_governance(middle(opportunism_hazard=5))
    assert low.mode.position < high.mode.position
    assert high.mode.name == "joint function"


def test_recommendation_moves_towards_non_equity_when_flexibility_matters_more():
    assert recommend_governance(middle(flexibility_need=5)).mode.name == "licensing"
    assert recommend_governance(middle(flexibility_need=1)).mode.name == "joint function"


def test_target_is_the_documented_weighted_sum_of_the_factor_levels():
    factors = GovernanceFactors(4, 2, 5, 3, 12)
    rec = recommend_governance(factors)
    expected = 2 + 0.4 * (4 - 3) + 0.4 * (2 - 3) + 0.4 * (5 - 3) - 0.4 * 0 + 0.2 * (5 - 3)
    assert rec.target == pytest.approx(expected)
    assert rec.contributions["push"].sum() == pytest.approx(expected - 2)
    assert rec.contributions["factor"].tolist() == list(FACTORS)


def test_runner_up_of_a_target_on_a_mode_is_the_looser_neighbour():
    rec = recommend_governance(GovernanceFactors(5, 4, 3, 3, 1.5))  # 2 + .8 + .4 - .2 = 3.0
    assert rec.target == pytest.approx(3.0)
    assert rec.mode.name == "joint function"
    assert rec.runner_up.name == "consortium"


@settings(deadline=None)
@given(st.builds(GovernanceFactors, *[st.integers(1, 5)] * 4, st.floats(0.1, 30)))
def test_target_moves_in_steps_of_a_fifth_so_it_never_lies_halfway_between_modes(profile):
    tenths = round(recommend_governance(profile).target * 10)
    assert tenths % 2 == 0


def test_recommendation_runner_up_is_the_next_nearest_mode():
    rec = recommend_governance(GovernanceFactors(4, 4, 3, 2, 6))  # target 3.4
    assert (rec.mode.name, rec.runner_up.name) == ("joint function", "joint venture")


def test_scores_have_one_row_per_mode_and_the_recommended_mode_fits_best():
    rec = recommend_governance(GovernanceFactors(4, 4, 3, 2, 6))
    scores = rec.scores
    assert scores["mode"].tolist() == list(MODE_NAMES)
    assert scores.loc[scores["fit"].idxmax(), "mode"] == rec.mode.name
    assert scores["recommended"].sum() == 1
    assert ((scores["fit"] >= 0) & (scores["fit"] <= 1)).all()


def test_reasons_give_a_summary_then_one_sentence_per_factor_with_direction():
    rec = recommend_governance(GovernanceFactors(5, 1, 3, 4, 12))
    assert len(rec.reasons) == 1 + len(FACTORS)
    summary, hazard, tacit, commitment, flexibility, horizon = rec.reasons
    assert summary.startswith(f"Recommended: {rec.mode.name}")
    assert "hazard of opportunism is very high" in hazard
    assert "strongly towards equity (+0.8 positions)" in hazard
    assert "strongly towards non-equity (-0.8 positions)" in tacit
    assert "pushes neither way" in commitment
    assert "moderately towards non-equity" in flexibility
    assert "12 years counts as very long" in horizon and "towards equity" in horizon


def test_recommendation_needs_governance_factors():
    with pytest.raises(TypeError, match="factors must be GovernanceFactors"):
        recommend_governance({"opportunism_hazard": 3})


levels = st.integers(1, 5)
years = st.floats(0.1, 30, allow_nan=False)
profiles = st.builds(GovernanceFactors, levels, levels, levels, levels, years)


@pytest.mark.parametrize(
    ("factor", "sign"),
    [
        ("opportunism_hazard", 1),
        ("knowledge_tacitness", 1),
        ("commitment_required", 1),
        ("flexibility_need", -1),
    ],
)
@settings(deadline=None)
@given(profile=profiles, a=levels, b=levels)
def test_raising_a_factor_never_moves_the_recommendation_against_its_direction(
    factor, sign, profile, a, b
):
    low, high = sorted((a, b))
    values = profile.to_dict()
    before = recommend_governance(GovernanceFactors(**{**values, factor: low}))
    after = recommend_governance(GovernanceFactors(**{**values, factor: high}))
    assert sign * (after.mode.position - before.mode.position) >= 0
    assert sign * (after.target - before.target) >= 0


@settings(deadline=None)
@given(profile=profiles, a=years, b=years)
def test_a_longer_horizon_never_moves_the_recommendation_towards_less_equity(profile, a, b):
    short, long = sorted((a, b))
    values = profile.to_dict()
    before = recommend_governance(GovernanceFactors(**{**values, "time_horizon_years": short}))
    after = recommend_governance(GovernanceFactors(**{**values, "time_horizon_years": long}))
    assert after.mode.position >= before.mode.position


@settings(deadline=None)
@given(profiles)
def test_recommended_mode_is_nearest_the_target_and_runner_up_next(profile):
    rec = recommend_governance(profile)
    distances = sorted(abs(m.position - rec.target) for m in GOVERNANCE_MODES)
    assert abs(rec.mode.position - rec.target) == pytest.approx(distances[0])
    assert abs(rec.runner_up.position - rec.target) == pytest.approx(distances[1])
    assert rec.mode != rec.runner_up
    assert 0 <= rec.target <= 4


# --------------------------------------------------------------------- the figure


def _texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_continuum_figure_labels_all_five_modes_and_the_two_groups():
    fig = plot_governance_continuum()
    assert isinstance(fig, Figure)
    flat = [t.replace("\n", " ") for t in _texts(fig)]
    for name in MODE_NAMES:
        assert name in flat
    assert "non-equity agreements" in flat and "equity" in flat
    assert not any(t in flat for t in ("recommended", "your choice", "runner-up"))
    assert fig.get_size_inches()[0] == pytest.approx(7.4)  # shown at 740 CSS px


def test_continuum_figure_marks_recommendation_runner_up_and_choice_in_words():
    rec = recommend_governance(GovernanceFactors(4, 4, 3, 2, 6))
    fig = plot_governance_continuum("licensing", recommendation=rec)
    texts = _texts(fig)
    assert "recommended" in texts and "runner-up" in texts and "your choice" in texts
    assert any("target position 3.4" in t for t in texts)
    shapes = {c.get_paths()[0].vertices.tobytes() for c in fig.axes[0].collections}
    assert len(shapes) >= 3  # star, square and circle differ in shape, not only in colour


def test_continuum_figure_says_when_the_choice_is_the_recommendation():
    rec = recommend_governance(GovernanceFactors(5, 5, 5, 1, 20))
    fig = plot_governance_continuum(rec.mode, recommendation=rec)
    assert "recommended and\nyour choice" in _texts(fig)


def test_continuum_figure_rejects_unknown_mode_and_wrong_recommendation():
    with pytest.raises(ValueError, match="governance mode must be one of"):
        plot_governance_continuum("merger")
    with pytest.raises(TypeError, match="recommendation must be a GovernanceRecommendation"):
        plot_governance_continuum(recommendation="joint venture")


def test_governance_mode_is_a_frozen_value():
    m = mode("consortium")
    with pytest.raises(AttributeError):
        m.position = 3  # type: ignore[misc]
    assert isinstance(m, GovernanceMode)
