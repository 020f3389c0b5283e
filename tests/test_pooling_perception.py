"""Pooling the teams' two-sided health checks for the debrief."""

import json

import pandas as pd

from alliancelab.perception import SURVEY_ITEMS, PerceptionSurvey, SurveyRound
from alliancelab.pooling import (
    PERCEPTION_COLUMNS,
    main,
    perception_spread,
    pool_folder,
    pool_workbooks,
)
from alliancelab.workbook import Venture, Workbook, example_workbook, save_workbook


def team(pace_startup, pace_corporate, label="Q1"):
    survey = PerceptionSurvey(
        "S", "C", [SurveyRound(label, {"pace": pace_startup}, {"pace": pace_corporate})]
    )
    return Workbook(Venture("Team venture"), perception=survey)


def test_each_team_contributes_its_latest_review_item_by_item():
    pooled = pool_workbooks({"A": example_workbook(), "B": Workbook(Venture("No review"))})
    assert list(pooled.perceptions.columns) == list(PERCEPTION_COLUMNS)
    assert set(pooled.perceptions["team"]) == {"A"}
    assert set(pooled.perceptions["round"]) == {example_workbook().perception.latest.label}
    assert len(pooled.perceptions) == len(SURVEY_ITEMS)


def test_spread_ranks_items_by_the_average_gap_and_counts_flagged_teams():
    pooled = pool_workbooks({"A": team(1, 5), "B": team(2, 4), "C": team(3, 3)})
    top = perception_spread(pooled).iloc[0]
    assert top["item"] == "pace" and top["teams"] == 3
    assert top["mean_gap"] == -2.0 and top["max_abs_gap"] == 4.0 and top["flagged"] == 2
    assert len(perception_spread(pooled)) == 1  # only pace was answered


def test_no_reviews_give_empty_tables():
    pooled = pool_workbooks({"A": Workbook(Venture("No review"))})
    assert pooled.perceptions.empty and perception_spread(pooled).empty
    assert isinstance(perception_spread(pooled), pd.DataFrame)


def test_pool_folder_and_the_command_line_include_the_reviews(tmp_path, capsys):
    save_workbook(team(1, 5), tmp_path / "team-a.json")
    save_workbook(team(4, 4), tmp_path / "team-b.json")
    (tmp_path / "broken.json").write_text(json.dumps({"format": "x"}))
    pooled = pool_folder(tmp_path)
    assert pooled.teams == ("team-a", "team-b") and len(pooled.skipped) == 1
    assert sorted(set(pooled.perceptions["team"])) == ["team-a", "team-b"]
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Two-sided health checks, the largest perception gaps first:" in out
    assert "Compatible pace" in out
