import json

import pytest

from alliancelab._style import png_bytes
from alliancelab.steering import (
    MEMBER_SIDES,
    Member,
    Rung,
    SteeringCommittee,
    add_member,
    add_rung,
    check_steering,
    ladder_days,
)
from alliancelab.steering_plots import plot_escalation_ladder


def sound(**changes):
    parts = {
        "members": (
            Member("Ana Ruiz", "start-up", "Head of business development"),
            Member("Tom Okafor", "start-up", "CSO"),
            Member("Li Wen", "corporate", "Programme head"),
        ),
        "decision_rights": ("Approve the annual work plan", "Accept each milestone"),
        "meets_every_weeks": 13,
        "ladder": (
            Rung("Alliance managers", 10),
            Rung("Steering committee", 20),
            Rung("The two CEOs", 30),
        ),
        "deadlock_rule": "Mediation within 30 days; the corporate decides trial design",
    }
    parts.update(changes)
    return SteeringCommittee(**parts)


def found(committee):
    return [(f.field, f.severity) for f in check_steering(committee)]


def test_a_sound_committee_has_no_findings():
    assert check_steering(sound()) == ()
    assert ladder_days(sound()) == 60
    assert MEMBER_SIDES == ("start-up", "corporate")


def test_an_empty_committee_lists_its_gaps():
    assert found(SteeringCommittee()) == [
        ("members", "gap"),
        ("decision_rights", "gap"),
        ("meets_every_weeks", "gap"),
        ("ladder", "gap"),
        ("deadlock_rule", "gap"),
    ]


def test_a_rung_without_deadline_is_a_gap_and_the_total_is_unknown():
    c = sound(ladder=(Rung("Alliance managers", 10), Rung("The two CEOs")))
    assert found(c) == [("ladder", "gap")]
    assert "'The two CEOs' has no deadline" in check_steering(c)[0].message
    assert ladder_days(c) is None


def test_members_from_one_side_only():
    c = sound(members=(Member("Ana", "start-up", "CTO"), Member("Tom", "start-up", "CSO")))
    (finding,) = check_steering(c)
    assert finding.message == "All members are from the start-up; add the corporate's."


@pytest.mark.parametrize("role", ["CEO", "Founder and chief executive", "Managing Director"])
def test_only_the_ceo_as_bridge_is_a_gap(role):
    c = sound(members=(Member("Ana", "start-up", role), Member("Li", "corporate", "VP")))
    assert found(c) == [("members", "gap")]
    assert "Only the start-up's chief executive (Ana)" in check_steering(c)[0].message


def test_a_ladder_of_only_the_ceos_is_a_gap_and_starting_there_a_warning():
    assert found(sound(ladder=(Rung("CEOs", 30),))) == [("ladder", "gap")]
    starts_high = sound(ladder=(Rung("The two CEOs", 10), Rung("Mediator", 30)))
    assert found(starts_high) == [("ladder", "warning")]


def test_sparse_meetings_and_a_slow_ladder_are_warnings():
    assert found(sound(meets_every_weeks=26)) == [("meets_every_weeks", "warning")]
    slow = sound(ladder=(Rung("Alliance managers", 30), Rung("Committee", 61)))
    assert found(slow) == [("ladder", "warning")]
    assert "91 days" in check_steering(slow)[0].message


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Member("", "start-up"), ValueError, "member name must not be empty"),
        (lambda: Member("Ana", "board"), ValueError, "member side must be one of 'start-up'"),
        (lambda: Rung("CEOs", 400), ValueError, "deadline_days of 'CEOs' must be a whole number"),
        (lambda: Rung("CEOs", 1.5), ValueError, "deadline_days of 'CEOs' must be a whole number"),
        (lambda: sound(meets_every_weeks=0), ValueError, "meets_every_weeks must be a whole"),
        (lambda: sound(decision_rights="all"), TypeError, "decision_rights must be a list"),
        (lambda: sound(ladder=(Rung("CEOs"), Rung("ceos"))), ValueError, "rungs must be unique"),
        (lambda: sound(members=("Ana",)), TypeError, "each member must be a Member, got str"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_round_trip_through_json():
    c = sound()
    back = SteeringCommittee.from_dict(json.loads(json.dumps(c.to_dict())))
    assert back == c and hash(back) == hash(c)
    assert SteeringCommittee.from_dict({}) == SteeringCommittee()
    with pytest.raises(ValueError, match=r"Rung data needs the key\(s\) 'who'"):
        SteeringCommittee.from_dict({"ladder": [{"deadline_days": 3}]})


def test_editing_adds_members_and_rungs():
    c = add_member(SteeringCommittee(), Member("Ana", "start-up"))
    c = add_rung(c, Rung("Committee", 20))
    c = add_rung(c, Rung("Alliance managers", 10), position=0)
    assert [r.who for r in c.ladder] == ["Alliance managers", "Committee"]
    with pytest.raises(ValueError, match="member names must be unique; 'ana' appears"):
        add_member(c, Member("ANA", "corporate"))
    with pytest.raises(TypeError, match="rung must be a Rung, got str"):
        add_rung(c, "CEOs")


def test_ladder_figure_shows_deadlines_running_days_and_the_deadlock_rule():
    fig = plot_escalation_ladder(sound(deadlock_rule="Pay $5 to a $mediator$"))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "within 10 days" in texts and "day 60" in texts
    assert any(t.startswith("Deadlock: Pay $5") for t in texts)
    assert png_bytes(fig)[:4] == b"\x89PNG"
    gappy = plot_escalation_ladder(sound(ladder=(Rung("CEOs"),), deadlock_rule=""))
    texts = [t.get_text() for t in gappy.axes[0].texts]
    assert "⚠ no deadline" in texts and "⚠ no deadlock rule" in texts and "day ?" in texts
