import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from alliancelab.lifecycle import (
    COMPARISONS,
    EXIT_SIGNALS,
    LIFE_CYCLE_STEPS,
    MISMATCH_DIMENSIONS,
    VERDICTS,
    ExitTrigger,
    HealthCheck,
    add_trigger,
    check_triggers,
    example_triggers,
    health_check,
    plot_life_cycle,
    remove_trigger,
    review_health,
)
from alliancelab.workbook import HealthRecord

# --------------------------------------------------------------------- vocabulary


def test_life_cycle_has_the_five_steps_of_the_spec_in_order():
    assert [s.name for s in LIFE_CYCLE_STEPS] == [
        "partner selection",
        "negotiation",
        "execution",
        "exit",
        "portfolio management",
    ]


def test_each_step_has_a_question_key_questions_and_a_book_chapter():
    for step in LIFE_CYCLE_STEPS:
        assert step.question.endswith("?")
        assert len(step.key_questions) >= 3
        assert all(q.endswith("?") for q in step.key_questions)
        assert step.chapter.startswith("book/part2/")


def test_step_chapters_exist_in_the_book():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for step in LIFE_CYCLE_STEPS:
        assert (root / f"{step.chapter}.md").exists(), step.chapter


def test_exit_question_names_missed_milestones_cost_overruns_and_goal_achieved():
    exit_step = LIFE_CYCLE_STEPS[3]
    text = " ".join(exit_step.key_questions).lower()
    assert "milestone" in text and "cost overrun" in text and "goal" in text


def test_exit_signals_are_the_seven_of_the_spec():
    assert [s.name for s in EXIT_SIGNALS] == [
        "strategic misalignment",
        "governance dysfunction",
        "repeated performance failures",
        "cultural incompatibility",
        "lack of reciprocity",
        "reputational risk",
        "organisational fatigue",
    ]
    assert all(s.description for s in EXIT_SIGNALS)


def test_vocabulary_constants():
    assert MISMATCH_DIMENSIONS == ("priorities", "expectations", "speed")
    assert VERDICTS == ("healthy", "watch", "renegotiate", "prepare exit")
    assert COMPARISONS == (">", ">=", "<", "<=", "==")


# --------------------------------------------------------------------- exit triggers


def test_exit_trigger_fires_when_milestone_slips_past_threshold():
    late = ExitTrigger("Milestone slips", "months late", ">", 6, "review")
    assert not late.fires(5)
    assert not late.fires(6)
    assert late.fires(6.5)
    assert late.fires(12)


def test_exit_trigger_with_at_least_fires_on_the_threshold_itself():
    trigger = ExitTrigger("Overrun", "cost overrun %", ">=", 25)
    assert trigger.fires(25) and not trigger.fires(24.9)


def test_exit_trigger_below_threshold_fires_for_shortfalls():
    trigger = ExitTrigger("Funding", "payments received %", "<", 50)
    assert trigger.fires(40) and not trigger.fires(50)
    at_most = ExitTrigger("Funding", "payments received %", "<=", 50)
    assert at_most.fires(50) and not at_most.fires(50.1)


def test_goal_achieved_trigger_fires_only_when_goal_is_met():
    goal = ExitTrigger("Goal achieved", "goal achieved", "==", 1)
    assert goal.fires(1) and goal.fires(1.0)
    assert not goal.fires(0)
    assert goal.fires(0.1 + 0.9)  # float noise does not stop it firing


def test_exit_trigger_never_fires_without_data():
    trigger = ExitTrigger("Late", "months late", ">", 6)
    assert trigger.fires(None) is False
    assert trigger.fires(float("nan")) is False


def test_exit_trigger_refuses_text_as_an_observed_value():
    with pytest.raises(TypeError, match="observed value of 'months late' must be a number"):
        ExitTrigger("Late", "months late", ">", 6).fires("seven")


def test_exit_trigger_normalises_metric_and_keeps_condition_readable():
    trigger = ExitTrigger("  Late ", "  Months   LATE ", " >= ", 3)
    assert trigger.name == "Late"
    assert trigger.metric == "months late"
    assert trigger.comparison == ">="
    assert trigger.condition == ">= 3"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": ""}, "trigger name must not be empty"),
        ({"metric": " "}, "metric must not be empty"),
        ({"comparison": "about"}, "comparison must be one of"),
        ({"comparison": None}, "comparison must be one of"),
        ({"threshold": float("nan")}, "threshold must be a finite number"),
        ({"threshold": "six"}, "threshold must be a number"),
    ],
)
def test_exit_trigger_validation_names_the_field(kwargs, message):
    base = {"name": "Late", "metric": "months late", "comparison": ">", "threshold": 6}
    with pytest.raises((ValueError, TypeError), match=message):
        ExitTrigger(**{**base, **kwargs})


def test_exit_trigger_from_dict_refuses_unknown_and_missing_keys():
    with pytest.raises(ValueError, match="unknown key"):
        ExitTrigger.from_dict(
            {"name": "x", "metric": "m", "comparison": ">", "threshold": 1, "colour": "red"}
        )
    with pytest.raises(ValueError, match="needs the key"):
        ExitTrigger.from_dict({"name": "x"})
    with pytest.raises(TypeError, match="must be a mapping"):
        ExitTrigger.from_dict(["x"])


triggers = st.builds(
    ExitTrigger,
    name=st.text(min_size=1, max_size=20).filter(str.strip),
    metric=st.text(min_size=1, max_size=20).filter(str.strip),
    comparison=st.sampled_from(COMPARISONS),
    threshold=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
    action=st.text(max_size=40),
)


@given(triggers)
def test_exit_trigger_round_trips_through_json(trigger):
    data = json.loads(json.dumps(trigger.to_dict()))
    assert ExitTrigger.from_dict(data) == trigger


@given(
    st.sampled_from([">", ">="]),
    st.floats(-1e6, 1e6),
    st.floats(-1e6, 1e6),
    st.floats(0, 1e6),
)
def test_upper_triggers_are_monotone_a_worse_value_never_unfires(comparison, threshold, x, d):
    trigger = ExitTrigger("t", "m", comparison, threshold)
    if trigger.fires(x):
        assert trigger.fires(x + d)


@given(
    st.sampled_from(["<", "<="]),
    st.floats(-1e6, 1e6),
    st.floats(-1e6, 1e6),
    st.floats(0, 1e6),
)
def test_lower_triggers_are_monotone_a_worse_value_never_unfires(comparison, threshold, x, d):
    trigger = ExitTrigger("t", "m", comparison, threshold)
    if trigger.fires(x):
        assert trigger.fires(x - d)


def test_example_triggers_cover_milestones_costs_and_goal():
    metrics = {t.metric for t in example_triggers()}
    assert {"months late", "cost overrun %", "goal achieved"} <= metrics
    assert all(t.action for t in example_triggers())


# --------------------------------------------------------------------- monitor


def test_check_triggers_reports_fired_clear_and_no_data():
    table = check_triggers(
        example_triggers(), {"Months late": 8, "cost overrun %": 10, "goal achieved": None}
    )
    assert list(table.columns) == [
        "trigger",
        "metric",
        "observed",
        "condition",
        "fired",
        "status",
        "action",
    ]
    rows = table.set_index("metric")
    assert rows.loc["months late", "status"] == "fired" and rows.loc["months late", "fired"]
    assert rows.loc["cost overrun %", "status"] == "clear"
    assert not rows.loc["cost overrun %", "fired"]
    assert rows.loc["goal achieved", "status"] == "no data"
    assert math.isnan(rows.loc["goal achieved", "observed"])
    assert not rows.loc["goal achieved", "fired"]
    assert table["fired"].dtype == bool


def test_check_triggers_agrees_with_fires_for_each_trigger():
    items = [
        ExitTrigger("a", "x", ">", 1),
        ExitTrigger("b", "x", "<=", 1),
        ExitTrigger("c", "y", "==", 0),
        ExitTrigger("d", "z", "<", -3),
    ]
    obs = {"x": 1.0, "y": 0.0, "z": -3.0}
    table = check_triggers(items, obs)
    assert list(table["fired"]) == [t.fires(obs[t.metric]) for t in items]


def test_check_triggers_keeps_order_and_accepts_dicts():
    data = [t.to_dict() for t in example_triggers()]
    table = check_triggers(data, {})
    assert list(table["trigger"]) == [t.name for t in example_triggers()]
    assert set(table["status"]) == {"no data"}


def test_check_triggers_names_a_bad_observation():
    with pytest.raises(TypeError, match=r"observations\['months late'\] must be a number"):
        check_triggers(example_triggers(), {"months late": "eight"})
    with pytest.raises(ValueError, match="must be a finite number"):
        check_triggers(example_triggers(), {"months late": float("inf")})
    with pytest.raises(TypeError, match="observations must be a mapping"):
        check_triggers(example_triggers(), [8])
    with pytest.raises(TypeError, match="triggers must be a list"):
        check_triggers("late", {})


def test_check_triggers_handles_many_triggers_vectorised():
    items = [ExitTrigger(f"t{i}", f"m{i % 7}", COMPARISONS[i % 5], i % 11) for i in range(2000)]
    obs = {f"m{k}": float(k) for k in range(7)}
    table = check_triggers(items, obs)
    expected = np.array([t.fires(obs[t.metric]) for t in items])
    assert (table["fired"].to_numpy() == expected).all()


# --------------------------------------------------------------------- health check


def test_health_check_is_healthy_when_nothing_is_wrong():
    result = health_check([], {"priorities": 1, "expectations": 2, "speed": 2})
    assert result.verdict == "healthy"
    assert result.signals == ()
    assert any("No exit signal" in r for r in result.reasons)
    assert result.next_steps


def test_health_check_watches_a_single_signal():
    assert health_check(["cultural incompatibility"]).verdict == "watch"


def test_health_check_watches_a_noticeable_mismatch():
    assert health_check([], {"speed": 3}).verdict == "watch"


def test_health_check_renegotiates_on_a_severe_mismatch_of_speed():
    result = health_check([], {"speed": 4})
    assert result.verdict == "renegotiate"
    assert any("speed" in r and "4 of 5" in r for r in result.reasons)
    assert any("escalation" in s for s in result.next_steps)


def test_health_check_renegotiates_on_two_signals_or_one_signal_with_a_mismatch():
    assert health_check(["lack of reciprocity", "reputational risk"]).verdict == "renegotiate"
    assert health_check(["lack of reciprocity"], {"priorities": 3}).verdict == "renegotiate"


def test_health_check_prepares_exit_on_three_signals():
    result = health_check(
        ["strategic misalignment", "governance dysfunction", "organisational fatigue"]
    )
    assert result.verdict == "prepare exit"
    assert "3 of the 7" in result.reasons[0]


def test_health_check_prepares_exit_when_a_trigger_fired():
    result = health_check([], {"priorities": 1}, fired_triggers=1)
    assert result.verdict == "prepare exit"
    assert "exit trigger fired" in result.reasons[0]
    assert "exit process" in result.next_steps[0]


def test_health_check_accepts_a_mapping_of_signals_and_counts_only_true_ones():
    result = health_check({"lack of reciprocity": True, "reputational risk": False})
    assert result.signals == ("lack of reciprocity",)


def test_health_check_gives_a_step_for_each_signal_and_mismatch():
    result = health_check(["lack of reciprocity"], {"expectations": 5, "speed": 1})
    text = " ".join(result.next_steps)
    assert "what each side has put in" in text  # reciprocity
    assert "expects to deliver" in text  # expectations
    assert "escalation route" not in text  # speed is fine


def test_health_check_says_which_dimensions_were_not_rated():
    result = health_check([], {"speed": 1})
    assert any("Not rated: priorities and expectations" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((["boredom"],), ValueError, "signal must be one of"),
        (("lack of reciprocity",), TypeError, "not a single text"),
        (({"reputational risk": "yes"},), TypeError, r"signals\['reputational risk'\]"),
        (([], {"budget": 3}), ValueError, "mismatch dimension must be one of"),
        (([], {"speed": 6}), ValueError, "speed mismatch must be a whole number from 1 to 5"),
        (([], None, -1), ValueError, "fired_triggers must be a whole number from 0"),
    ],
)
def test_health_check_validation_names_the_field(args, error, message):
    with pytest.raises(error, match=message):
        health_check(*args)


signal_sets = st.sets(st.sampled_from([s.name for s in EXIT_SIGNALS]))
ratings = st.dictionaries(st.sampled_from(MISMATCH_DIMENSIONS), st.integers(1, 5))


@given(signal_sets, ratings, st.integers(0, 3), st.data())
def test_health_check_never_improves_when_things_get_worse(signals, mismatches, fired, data):
    before = health_check(signals, mismatches, fired)
    more_signals = signals | data.draw(signal_sets)
    worse = {d: min(5, r + data.draw(st.integers(0, 4), label=d)) for d, r in mismatches.items()}
    more_fired = fired + data.draw(st.integers(0, 3))
    after = health_check(more_signals, worse, more_fired)
    assert VERDICTS.index(after.verdict) >= VERDICTS.index(before.verdict)


@given(signal_sets, ratings, st.integers(0, 3))
def test_health_check_always_gives_reasons_and_next_steps(signals, mismatches, fired):
    result = health_check(signals, mismatches, fired)
    assert result.verdict in VERDICTS
    assert result.reasons and result.next_steps
    assert isinstance(result, HealthCheck)
    json.dumps(result.to_dict())


# --------------------------------------------------------------------- a plan's triggers


def test_add_trigger_appends_a_placeholder_or_the_given_trigger():
    triggers = add_trigger(example_triggers())
    assert triggers[:-1] == example_triggers()
    assert triggers[-1] == ExitTrigger(
        "new trigger", "metric to watch", ">", 0.0, "what happens then"
    )
    late = ExitTrigger("Late", "months late", ">", 3, "Review")
    assert add_trigger((), late) == (late,)


def test_remove_trigger_drops_one_by_its_place():
    triggers = example_triggers()
    assert remove_trigger(triggers, 1) == (triggers[0], *triggers[2:])
    with pytest.raises(ValueError, match="there is no exit trigger number 5; there are 4"):
        remove_trigger(triggers, 4)
    with pytest.raises(ValueError, match="trigger index must be a whole number"):
        remove_trigger(triggers, -1)


def test_review_health_counts_the_fired_triggers_into_the_verdict():
    check, table = review_health(
        example_triggers(), {"months late": 8, "cost overrun %": 10}, ["lack of reciprocity"]
    )
    assert list(table["status"]) == ["fired", "clear", "no data", "no data"]
    assert check == health_check(["lack of reciprocity"], fired_triggers=1)
    check, table = review_health((), {}, (), {"speed": 3})
    assert table.empty and check == health_check([], {"speed": 3})


def test_a_health_record_is_validated_by_the_health_check_rules():
    record = HealthRecord(
        {"Months  Late": 4, "cost overrun %": None},
        ("reputational risk", "lack of reciprocity"),
        {"speed": 4, "priorities": None},
    )
    assert record.observations == {"months late": 4.0}  # named as triggers name metrics
    assert record.signals == ("lack of reciprocity", "reputational risk")
    assert record.mismatches == {"speed": 4}
    with pytest.raises(ValueError, match=r"signal must be one of .*; got 'boredom'"):
        HealthRecord(signals=("boredom",))
    with pytest.raises(ValueError, match="speed mismatch must be a whole number from 1 to 5"):
        HealthRecord(mismatches={"speed": 6})
    with pytest.raises(TypeError, match=r"observations\['months late'\] must be a number"):
        HealthRecord({"months late": "four"})


# --------------------------------------------------------------------- figure


def texts_of(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_plot_life_cycle_shows_all_five_steps_numbered():
    fig = plot_life_cycle()
    assert isinstance(fig, Figure)
    texts = texts_of(fig)
    for i, step in enumerate(LIFE_CYCLE_STEPS, start=1):
        assert any(t.lower().startswith(f"{i}. {step.name}") for t in texts)
    assert not any("you are here" in t for t in texts)
    assert any("Hoang and Rothaermel" in t for t in texts)


def test_plot_life_cycle_marks_the_highlight_with_outline_and_text():
    plain = plot_life_cycle()
    fig = plot_life_cycle(highlight="Negotiation")
    assert "▲ you are here" in texts_of(fig)
    widths = [p.get_linewidth() for p in fig.axes[0].patches]
    assert max(widths) > max(p.get_linewidth() for p in plain.axes[0].patches)
    assert sum(1 for p in fig.axes[0].patches if p.get_linewidth() > 2) == 1


def test_plot_life_cycle_draws_an_arrow_between_each_pair_of_steps():
    from matplotlib.patches import FancyArrowPatch

    fig = plot_life_cycle()
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == len(LIFE_CYCLE_STEPS)


def test_plot_life_cycle_refuses_an_unknown_step():
    with pytest.raises(ValueError, match="highlight must be one of"):
        plot_life_cycle(highlight="launch")
