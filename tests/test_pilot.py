import json

import pytest

from alliancelab._findings import Finding, findings_frame
from alliancelab._style import png_bytes
from alliancelab.pilot import (
    PAYMENT_DAYS_WARN,
    PILOT_FIELDS,
    PILOT_VERDICTS,
    PilotCharter,
    add_kill_criterion,
    add_success_criterion,
    check_pilot,
    pilot_verdict,
    plot_pilot_timeline,
)


def complete(**changes):
    fields = {
        "question": "Can the platform design a binder that meets the partner's assay spec?",
        "success_criteria": ("At least 3 candidates bind below 10 nM by week 20",),
        "next_step": "Sign the option-to-licence agreement within 30 days",
        "kill_criteria": ("No candidate below 100 nM by week 16",),
        "start_date": "2027-01-04",
        "decision_date": "2027-06-04",
        "decision_maker": "Head of R&D",
        "budget_owner": "Head of R&D",
        "reuse_rights": "All platform code and anonymised assay data stay with the start-up",
        "payment_days": 30,
        "fee": "90,000 euros, half up front",
    }
    fields.update(changes)
    return PilotCharter(**fields)


def fields(charter):
    return [(f.field, f.severity) for f in check_pilot(charter)]


def test_a_complete_charter_is_ready():
    assert check_pilot(complete()) == ()
    assert pilot_verdict(complete()) == "ready"
    assert PILOT_VERDICTS == ("ready", "discuss warnings", "not ready")


def test_an_empty_draft_lists_every_gap_in_field_order():
    found = fields(PilotCharter())
    gaps = [f for f, s in found if s == "gap"]
    assert gaps == [
        "question",
        "success_criteria",
        "next_step",
        "kill_criteria",
        "decision_date",
        "decision_maker",
        "budget_owner",
        "reuse_rights",
        "payment_days",
    ]
    assert ("fee", "warning") in found
    assert pilot_verdict(PilotCharter()) == "not ready"
    assert [f for f in gaps if f not in PILOT_FIELDS] == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"success_criteria": ("Users are happy",)}, ("success_criteria", "warning")),
        ({"payment_days": PAYMENT_DAYS_WARN + 1}, ("payment_days", "warning")),
        ({"decision_date": "2028-03-01"}, ("decision_date", "warning")),
        ({"fee": ""}, ("fee", "warning")),
    ],
)
def test_warnings(changes, expected):
    assert fields(complete(**changes)) == [expected]
    assert pilot_verdict(complete(**changes)) == "discuss warnings"


def test_payment_at_the_limit_is_no_warning_and_zero_days_is_allowed():
    assert check_pilot(complete(payment_days=PAYMENT_DAYS_WARN)) == ()
    assert check_pilot(complete(payment_days=0)) == ()


def test_the_payment_warning_says_what_to_do():
    (finding,) = check_pilot(complete(payment_days=120))
    assert "120 days, more than 60" in finding.message
    assert "payment at the start" in finding.message


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"start_date": "04/01/2027"}, ValueError, "start_date must be a date written YYYY-MM-DD"),
        ({"decision_date": "2027-02-30"}, ValueError, "decision_date must be a date written"),
        ({"decision_date": "next spring"}, ValueError, "decision_date must be a date written"),
        ({"decision_date": "2026-12-01"}, ValueError, "decision_date must not be before start"),
        ({"payment_days": -1}, ValueError, "payment_days must be a whole number from 0 to 365"),
        ({"payment_days": "30"}, TypeError, "payment_days must be a whole number"),
        ({"success_criteria": "Yield"}, TypeError, "success_criteria must be a list of texts"),
        ({"kill_criteria": ("",)}, ValueError, "each of kill_criteria must not be empty"),
        ({"question": "x" * 2001}, ValueError, "question must be at most 2000 characters"),
        ({"success_criteria": ("a",) * 21}, ValueError, "at most 20 items, got 21"),
    ],
)
def test_bad_fields_are_refused_with_a_message_naming_them(changes, error, message):
    with pytest.raises(error, match=message):
        complete(**changes)


def test_round_trip_through_json():
    charter = complete(payment_days=None)
    back = PilotCharter.from_dict(json.loads(json.dumps(charter.to_dict())))
    assert back == charter and hash(back) == hash(charter)
    assert PilotCharter.from_dict({}) == PilotCharter()
    with pytest.raises(ValueError, match=r"PilotCharter data has unknown key\(s\) 'cost'"):
        PilotCharter.from_dict({"cost": 1})


def test_editing_adds_criteria_and_refuses_repeats():
    c = add_success_criterion(PilotCharter(), "Yield above 60%")
    c = add_kill_criterion(c, "No yield above 20% by week 8")
    assert c.success_criteria == ("Yield above 60%",)
    assert c.kill_criteria == ("No yield above 20% by week 8",)
    with pytest.raises(ValueError, match="kill criterion 'no yield above 20% by week 8' is"):
        add_kill_criterion(c, "no yield above 20% by week 8")
    with pytest.raises(TypeError, match="charter must be a PilotCharter, got dict"):
        add_kill_criterion({}, "x")


def test_duration_needs_both_dates():
    assert complete().duration_days == 151
    assert PilotCharter(start_date="2027-01-01").duration_days is None


def test_timeline_figure_shows_pilot_wait_and_decision_in_words():
    fig = plot_pilot_timeline(complete(payment_days=90))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "pilot: 151 days" in texts and "waiting for payment: 90 days" in texts
    assert "decision 2027-06-04" in texts
    assert any(t.startswith("go: Sign the option") for t in texts)
    assert png_bytes(fig)[:4] == b"\x89PNG"
    no_terms = plot_pilot_timeline(complete(payment_days=None, next_step="Pay $5 now"))
    texts = [t.get_text() for t in no_terms.axes[0].texts]
    assert "payment terms not agreed yet" in texts and "go: Pay $5 now" in texts
    with pytest.raises(ValueError, match="the timeline needs start_date and decision_date"):
        plot_pilot_timeline(PilotCharter(decision_date="2027-01-01"))


def test_findings_table_puts_gaps_first():
    frame = findings_frame(check_pilot(complete(fee="", question="")))
    assert frame["how serious"].tolist() == ["gap", "warning"]
    assert "_" not in " ".join(frame["part"])  # fields read as words, never raw names
    with pytest.raises(ValueError, match="severity must be one of 'gap', 'warning'"):
        Finding("x", "minor", "y")
