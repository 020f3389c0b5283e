import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from alliancelab.capability import (
    CAPABILITY_PRACTICES,
    CAPABILITY_STAGES,
    EXPERIENCE_PLATEAU,
    PRACTICE_LEVELS,
    CapabilityAssessment,
    CapabilityProfile,
    assess_capability,
    plot_capability_path,
)

PRACTICES = [p.name for p in CAPABILITY_PRACTICES]


def profile(done=0, **levels):
    return CapabilityProfile(done, {k.replace("_", " "): v for k, v in levels.items()})


# --------------------------------------------------------------------- vocabulary


def test_practices_follow_the_path_order_of_the_spec():
    assert PRACTICES == ["training", "evaluation", "specialist", "tool set"]
    for practice in CAPABILITY_PRACTICES:
        assert practice.description and practice.evidence


def test_training_evidence_cites_the_ten_percent_finding_faithfully():
    training = CAPABILITY_PRACTICES[0]
    assert "10%" in training.evidence
    assert "Draulans" in training.evidence


def test_levels_and_stages():
    assert PRACTICE_LEVELS == ("none", "ad hoc", "repeatable", "embedded")
    assert CAPABILITY_STAGES[0] == "learning by doing"
    assert len(CAPABILITY_STAGES) == len(PRACTICES) + 1
    assert EXPERIENCE_PLATEAU == 6


# --------------------------------------------------------------------- profile


def test_profile_defaults_every_practice_to_none():
    p = CapabilityProfile()
    assert p.alliances_done == 0
    assert dict(p.practices) == dict.fromkeys(PRACTICES, 0)
    assert p.level_name("tool set") == "none"


def test_profile_normalises_practice_names_and_keeps_path_order():
    p = CapabilityProfile(3, {"Tool Set": 1, " training ": 2})
    assert list(p.practices) == PRACTICES
    assert p.practices["training"] == 2 and p.practices["tool set"] == 1


def test_profile_is_hashable_and_compares_by_value():
    assert profile(1, training=2) == profile(1, training=2)
    assert hash(profile(1, training=2)) == hash(profile(1, training=2))
    assert profile(1, training=2) != profile(1, training=1)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((-1,), ValueError, "alliances_done must be a whole number from 0 to 1000"),
        ((1.5,), ValueError, "alliances_done must be a whole number"),
        ((1, {"training": 4}), ValueError, "training level must be a whole number from 0 to 3"),
        ((1, {"training": True}), TypeError, "training level must be a whole number"),
        ((1, {"networking": 1}), ValueError, "practice must be one of 'training'"),
        ((1, {"training": 1, "Training": 2}), ValueError, "'training' repeats"),
        ((1, [("training", 1)]), TypeError, "practices must be a mapping"),
    ],
)
def test_profile_validation_names_the_field(args, error, message):
    with pytest.raises(error, match=message):
        CapabilityProfile(*args)


def test_profile_from_dict_refuses_unknown_keys_and_non_mappings():
    with pytest.raises(ValueError, match="unknown key"):
        CapabilityProfile.from_dict({"alliances": 2})
    with pytest.raises(TypeError, match="must be a mapping"):
        CapabilityProfile.from_dict([2])


profiles = st.builds(
    CapabilityProfile,
    alliances_done=st.integers(0, 1000),
    practices=st.dictionaries(st.sampled_from(PRACTICES), st.integers(0, 3)),
)


@given(profiles)
def test_profile_round_trips_through_json(p):
    assert CapabilityProfile.from_dict(json.loads(json.dumps(p.to_dict()))) == p


# --------------------------------------------------------------------- assessment


def test_start_up_with_nothing_in_place_starts_with_training():
    result = assess_capability(CapabilityProfile())
    assert result.stage == "learning by doing"
    assert "course" in result.next_step
    assert any("No alliance yet" in r for r in result.reasons)
    assert result.table.loc[result.table["next"], "practice"].tolist() == ["training"]


def test_start_up_with_one_alliance_and_training_should_write_down_lessons():
    result = assess_capability(profile(1, training=2))
    assert result.stage == "trained"
    assert "write down what went well" in result.next_step
    assert "evaluation" in result.reasons[-1]


def test_ad_hoc_practice_gets_a_make_it_routine_action():
    result = assess_capability(profile(2, training=2, evaluation=1))
    assert result.stage == "trained"
    assert result.next_step.startswith("Make the review a habit")


def test_stage_counts_repeatable_practices_in_path_order_only():
    # a tool set does not skip missing training
    result = assess_capability(profile(3, tool_set=3, specialist=2))
    assert result.stage == "learning by doing"
    assert any("further along than training" in r for r in result.reasons)


def test_specialist_is_next_after_training_and_evaluation():
    result = assess_capability(profile(4, training=2, evaluation=3))
    assert result.stage == "evaluating"
    assert "Name one person" in result.next_step


def test_complete_path_moves_on_to_embedding_then_comparing_alliances():
    result = assess_capability(profile(5, training=3, evaluation=2, specialist=2, tool_set=2))
    assert result.stage == "systematic"
    assert result.next_step.startswith("Embed evaluation")
    top = assess_capability(profile(9, training=3, evaluation=3, specialist=3, tool_set=3))
    assert "Compare alliances" in top.next_step
    assert not top.table["next"].any()


def test_many_alliances_note_says_experience_alone_stops_helping_after_about_six():
    few = assess_capability(profile(EXPERIENCE_PLATEAU))
    many = assess_capability(profile(EXPERIENCE_PLATEAU + 1))
    assert not any("six alliances" in r for r in few.reasons)
    note = next(r for r in many.reasons if "six alliances" in r)
    assert "Draulans et al. 2003" in note and "Comi and Eppler 2009" in note


def test_assessment_table_lists_each_practice_with_its_level():
    result = assess_capability(profile(1, training=2, evaluation=1))
    table = result.table
    assert list(table["practice"]) == PRACTICES
    assert list(table["level_name"]) == ["repeatable", "ad hoc", "none", "none"]
    assert list(table["repeatable"]) == [True, False, False, False]


def test_assess_capability_refuses_a_plain_dict():
    with pytest.raises(TypeError, match="profile must be a CapabilityProfile"):
        assess_capability({"alliances_done": 1})


@given(profiles, st.sampled_from(PRACTICES))
def test_raising_a_practice_never_moves_the_stage_back(p, practice):
    before = assess_capability(p)
    raised = dict(p.practices)
    raised[practice] = min(3, raised[practice] + 1)
    after = assess_capability(CapabilityProfile(p.alliances_done, raised))
    assert CAPABILITY_STAGES.index(after.stage) >= CAPABILITY_STAGES.index(before.stage)


@given(profiles)
def test_every_assessment_has_a_stage_a_next_step_and_reasons(p):
    result = assess_capability(p)
    assert isinstance(result, CapabilityAssessment)
    assert result.stage in CAPABILITY_STAGES
    assert result.next_step.endswith(".")
    assert result.reasons
    assert result.table["next"].sum() <= 1


# --------------------------------------------------------------------- figures


def texts_of(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_plot_capability_path_without_profile_shows_the_four_practices():
    fig = plot_capability_path()
    assert isinstance(fig, Figure)
    texts = texts_of(fig)
    for i, name in enumerate(PRACTICES, start=1):
        assert any(t.lower() == f"{i}. {name}" for t in texts)
    assert "The path of alliance capability" in texts
    assert not any("next step" in t for t in texts)
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == 3


def test_plot_capability_path_marks_levels_and_the_next_step_in_text():
    fig = plot_capability_path(profile(1, training=2, evaluation=1))
    texts = texts_of(fig)
    assert "level 2: repeatable" in texts and "level 1: ad hoc" in texts
    assert texts.count("level 0: none") == 2
    assert "▲ next step" in texts
    assert any(t.startswith("Your alliance capability: trained") for t in texts)


# The success-factor cycle is a static picture of the chapter, not a figure function.
ROOT = Path(__file__).resolve().parents[1]
CYCLE_SVG = ROOT / "book" / "_static" / "visuals" / "part3-success-cycle.svg"
SVG = "{http://www.w3.org/2000/svg}"


def test_success_cycle_picture_names_the_five_steps_in_order_and_the_chapter_shows_it():
    root = ElementTree.parse(CYCLE_SVG).getroot()
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and "success-factor cycle" in title.text
    assert desc is not None and len(desc.text.strip()) > 100
    texts = " ".join(" ".join(" ".join(t.itertext()).split()) for t in root.iter(f"{SVG}text"))
    steps = [
        "1. Alliance training",
        "2. Alliance strategy",
        "3. Alliance management",
        "4. Assessment",
        "5. Capability building",
    ]
    positions = [texts.find(step) for step in steps]
    assert -1 not in positions, dict(zip(steps, positions, strict=True))
    assert positions == sorted(positions)
    assert "START" in texts and "Resource constraints" in texts
    assert "Comi and Eppler (2009)" in texts
    chapter = (ROOT / "book" / "part3" / "building-capability.md").read_text(encoding="utf-8")
    figure = chapter.split("```{figure} ../_static/visuals/part3-success-cycle.svg\n", 1)
    assert len(figure) == 2, "the chapter does not show the cycle as a figure"
    assert ":name: fig-success-cycle" in figure[1].split("```", 1)[0]
    assert "{numref}`fig-success-cycle`" in chapter
