"""Pooling the teams' workbooks: spreads, disagreements and damaged files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from alliancelab.pooling import main, pool_folder, risk_spread, score_spread
from alliancelab.workbook import example_workbook, load_workbook, save_workbook

TEAMS = Path(__file__).resolve().parents[1] / "book" / "instructors" / "data" / "teams"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "teams"
    shutil.copytree(TEAMS, target)
    return target


def test_damaged_file_is_named_and_the_others_are_pooled(folder):
    pooled = pool_folder(folder)
    assert pooled.teams == ("team-a", "team-b", "team-c", "team-d")
    assert [name for name, _ in pooled.skipped] == ["team-e.json"]
    assert "not valid JSON" in pooled.skipped[0][1]


def test_pooling_never_changes_the_teams_files(folder):
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    pool_folder(folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_most_disputed_score_comes_first_and_its_range_matches_the_files(folder):
    pooled = pool_folder(folder)
    spread = score_spread(pooled)
    top = spread.iloc[0]
    scores = [
        card.scores[top["criterion"]].value
        for team in pooled.teams
        for card in load_workbook(folder / f"{team}.json").scorecards
        if card.candidate == top["candidate"]
    ]
    assert top["range"] == max(scores) - min(scores)
    assert top["teams"] == len(pooled.teams)
    assert spread["std"].is_monotonic_decreasing


def test_items_all_teams_agree_on_have_zero_spread(tmp_path):
    for team in ("x", "y"):
        save_workbook(example_workbook(), tmp_path / f"{team}.json")
    pooled = pool_folder(tmp_path)
    assert (score_spread(pooled)["range"] == 0).all()
    assert (risk_spread(pooled)["std"] == 0).all()


def test_risk_spread_filters_by_assessment(folder):
    after = risk_spread(pool_folder(folder), "after signing")
    assert set(after["assessment"]) == {"after signing"}
    assert isinstance(after, pd.DataFrame) and len(after) > 0


def test_foreign_json_is_skipped_with_a_reason(tmp_path):
    save_workbook(example_workbook(), tmp_path / "good.json")
    (tmp_path / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    pooled = pool_folder(tmp_path)
    assert pooled.teams == ("good",)
    assert "not an Alliance Lab workbook" in dict(pooled.skipped)["notes.json"]


def test_missing_folder_is_refused_with_its_name(tmp_path):
    with pytest.raises(ValueError, match="folder must be an existing folder"):
        pool_folder(tmp_path / "nowhere")


def test_command_prints_teams_skipped_files_and_disputes(folder, capsys):
    assert main([str(folder), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "Pooled 4 team workbooks" in out
    assert "Skipped team-e.json" in out
    assert "most disputed first" in out
