"""Write the example team workbooks used by the pooling page and its tests.

Four fictional workshop teams worked on the biotech case's partner choice and risk
register; their files differ in a few scores and ratings, as real teams' would. A
fifth file is damaged on purpose (cut off mid-way), to show that pooling names it
and carries on. The output goes to ``book/instructors/data/teams/``.

Usage: python scripts/make_team_workbooks.py
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from alliancelab.risks import Rating, RiskRegister
from alliancelab.scorecard import Score, Scorecard
from alliancelab.workbook import example_workbook, save_workbook

OUT = Path(__file__).resolve().parents[1] / "book" / "instructors" / "data" / "teams"

# team -> {(candidate prefix, criterion): score}, {risk: (likelihood, impact)} after signing
TEAMS = {
    "team-a": (
        {("Aldermoor", "cultural similarity"): 1, ("Brenvik", "stability"): 3},
        {"partnering lock-in": (5, 4), "coordination": (3, 3)},
    ),
    "team-b": (
        {("Aldermoor", "cultural similarity"): 4, ("Tarnwell", "complementarity"): 3},
        {"misaligned incentives": (2, 5), "input supply": (2, 3)},
    ),
    "team-c": (
        {("Brenvik", "stability"): 1, ("Stratalux", "complementarity"): 2},
        {"partnering lock-in": (2, 3), "intellectual property": (4, 4)},
    ),
    "team-d": (
        {("Aldermoor", "cultural similarity"): 2, ("Aldermoor", "stability"): 2},
        {"coordination": (5, 4)},
    ),
}


def team_workbook(changes_scores, changes_risks):
    """Return the example plan with one team's different scores and ratings."""
    wb = example_workbook()
    cards = []
    for card in wb.scorecards:
        scores = dict(card.scores)
        for (prefix, criterion), value in changes_scores.items():
            if card.candidate.startswith(prefix):
                scores[criterion] = Score(value, scores[criterion].rationale)
        cards.append(Scorecard(card.candidate, scores, card.notes))
    reg = wb.risk_register
    assessments = {k: dict(v) for k, v in reg.assessments.items()}
    for name, (likelihood, impact) in changes_risks.items():
        assessments["after signing"][name] = Rating(likelihood, impact)
    register = RiskRegister(risks=reg.risks, assessments=assessments)
    return replace(wb, scorecards=tuple(cards), risk_register=register)


def main() -> int:
    """Write the four team files and one damaged file."""
    OUT.mkdir(parents=True, exist_ok=True)
    for team, (scores, risks) in TEAMS.items():
        save_workbook(team_workbook(scores, risks), OUT / f"{team}.json")
    whole = (OUT / "team-a.json").read_text(encoding="utf-8")
    (OUT / "team-e.json").write_text(whole[: len(whole) // 3], encoding="utf-8")
    print(f"wrote {len(TEAMS) + 1} files to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
