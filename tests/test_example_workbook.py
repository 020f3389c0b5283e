"""The shipped example plan agrees with the biotech case it comes from."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from alliancelab.casework import case_workbook
from alliancelab.governance import recommend_governance
from alliancelab.lifecycle import check_triggers
from alliancelab.workbook import FORMAT, SCHEMA_VERSION, Workbook, example_workbook


@pytest.fixture(scope="module")
def example():
    return example_workbook()


@pytest.fixture(scope="module")
def case():
    return case_workbook("biotech", "aldermoor")


@pytest.mark.parametrize("section", ["scorecards", "resource_map", "risk_register", "portfolio"])
def test_example_sections_that_come_from_case_data_match_the_case(example, case, section):
    assert getattr(example, section) == getattr(case, section)


def test_example_is_labelled_fictional_and_fills_every_section(example):
    assert "fictional" in example.venture.name.lower()
    assert "fictional" in example.venture.description.lower()
    assert example.charter.missing() == []
    sections = set(example.completed_sections())
    assert {"governance_factors", "exit_triggers", "health", "capability"} <= sections


def test_example_choice_agrees_with_the_recommender(example):
    assert recommend_governance(example.governance_factors).mode.name == example.governance_choice


def test_example_health_check_observes_every_trigger_metric(example):
    table = check_triggers(example.exit_triggers, example.health.observations)
    assert (table["status"] != "no data").all()


def test_shipped_file_is_current_schema_and_round_trips(example):
    text = (resources.files("alliancelab") / "data" / "example_workbook.json").read_text("utf-8")
    doc = json.loads(text)
    assert doc["format"] == FORMAT and doc["schema_version"] == SCHEMA_VERSION
    assert Workbook.from_dict(doc) == example
