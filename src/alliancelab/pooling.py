"""Pool the teams' workbooks for a workshop debrief.

Teams hand in their workbook files; :func:`pool_folder` loads every ``*.json``
file of a folder, skips (and names) any file that is damaged or not a workbook,
and returns the partner scores and risk ratings of all teams as long tables.
:func:`score_spread` and :func:`risk_spread` summarise the spread per item and
rank the items where teams disagree most: the best debrief material.

Run it as a command on a folder::

    python -m alliancelab.pooling path/to/workbooks
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._style import PALETTE, new_figure
from .risks import risk_table
from .workbook import Workbook, WorkbookError, load_workbook

__all__ = [
    "RISK_COLUMNS",
    "SCORE_COLUMNS",
    "PooledResults",
    "plot_score_spread",
    "pool_folder",
    "pool_workbooks",
    "risk_spread",
    "score_spread",
]

SCORE_COLUMNS = ("team", "candidate", "criterion", "score")
RISK_COLUMNS = ("team", "risk", "assessment", "likelihood", "impact", "severity")


@dataclass(frozen=True, eq=False)
class PooledResults:
    """What a folder of team workbooks holds, and which files were skipped."""

    teams: tuple[str, ...]
    scores: pd.DataFrame = field(repr=False)
    risks: pd.DataFrame = field(repr=False)
    skipped: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        return (
            f"PooledResults({len(self.teams)} teams, {len(self.scores)} scores, "
            f"{len(self.risks)} risk ratings, {len(self.skipped)} files skipped)"
        )


def pool_workbooks(workbooks: dict[str, Workbook]) -> PooledResults:
    """Pool workbooks given as ``{team name: Workbook}``.

    Examples
    --------
    >>> from alliancelab.workbook import example_workbook
    >>> pooled = pool_workbooks({"Team A": example_workbook(), "Team B": example_workbook()})
    >>> pooled.teams
    ('Team A', 'Team B')
    """
    score_rows: list[dict] = []
    risk_rows: list[dict] = []
    for team, wb in workbooks.items():
        for card in wb.scorecards:
            for criterion, score in card.scores.items():
                score_rows.append(
                    {
                        "team": team,
                        "candidate": card.candidate,
                        "criterion": criterion,
                        "score": score.value,
                    }
                )
        register = wb.risk_register
        if register is not None:
            for label in register.assessments:
                table = risk_table(register, assessment=label)
                for row in table.itertuples(index=False):
                    risk_rows.append(
                        {
                            "team": team,
                            "risk": row.name,
                            "assessment": label,
                            "likelihood": row.likelihood,
                            "impact": row.impact,
                            "severity": row.severity,
                        }
                    )
    scores = pd.DataFrame(score_rows, columns=list(SCORE_COLUMNS))
    risks = pd.DataFrame(risk_rows, columns=list(RISK_COLUMNS))
    return PooledResults(teams=tuple(workbooks), scores=scores, risks=risks)


def pool_folder(folder: str | Path) -> PooledResults:
    """Load every ``*.json`` workbook in ``folder`` and pool them.

    A file that cannot be read as a workbook is skipped and reported in
    ``skipped`` as ``(file name, reason)``; the others are pooled. Team names are
    the file names without their extension (``.workbook`` is dropped too).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"folder must be an existing folder, got {str(folder)!r}")
    books: dict[str, Workbook] = {}
    skipped: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.json")):
        team = path.name.removesuffix(".json").removesuffix(".workbook")
        try:
            books[team] = load_workbook(path)
        except WorkbookError as exc:
            skipped.append((path.name, str(exc)))
    pooled = pool_workbooks(books)
    return PooledResults(pooled.teams, pooled.scores, pooled.risks, tuple(skipped))


def _spread(df: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame(columns=[*keys, "teams", "mean", "min", "max", "range", "std"])
    grouped = df.groupby(keys, sort=True)[value]
    out = grouped.agg(teams="count", mean="mean", min="min", max="max").reset_index()
    out["range"] = out["max"] - out["min"]
    out["std"] = grouped.std(ddof=0).to_numpy()
    out["mean"] = out["mean"].round(2)
    out["std"] = out["std"].round(2)
    return out.sort_values(
        ["std", "range", *keys], ascending=[False, False] + [True] * len(keys), kind="mergesort"
    ).reset_index(drop=True)


def score_spread(pooled: PooledResults) -> pd.DataFrame:
    """Spread of the teams' scores per candidate and criterion, most disputed first.

    Examples
    --------
    >>> scores = pd.DataFrame({"team": ["A", "B"], "candidate": ["X", "X"],
    ...                        "criterion": ["stability", "stability"], "score": [1, 5]})
    >>> p = PooledResults(("A", "B"), scores, pd.DataFrame(columns=list(RISK_COLUMNS)))
    >>> score_spread(p)[["candidate", "criterion", "range"]].to_dict("records")
    [{'candidate': 'X', 'criterion': 'stability', 'range': 4}]
    """
    return _spread(pooled.scores, ["candidate", "criterion"], "score")


def risk_spread(pooled: PooledResults, assessment: str | None = None) -> pd.DataFrame:
    """Spread of the teams' risk severities (likelihood x impact), most disputed first."""
    risks = pooled.risks
    if assessment is not None:
        risks = risks[risks["assessment"] == assessment]
    return _spread(risks, ["risk", "assessment"], "severity")


def plot_score_spread(pooled: PooledResults, top: int = 8) -> Figure:
    """Dot plot of every team's score on the ``top`` most disputed items.

    Each dot is one team; the bar behind the dots spans the lowest to the highest
    score, and the item label says the range in words, so the spread reads without
    colour.
    """
    spread = score_spread(pooled).head(top)
    fig, ax = new_figure(7.5, 0.55 * max(len(spread), 2) + 1.4)
    if spread.empty:
        ax.text(0.5, 0.5, "No scores pooled yet", ha="center", va="center")
        ax.set_axis_off()
        return fig
    labels = []
    for i, row in enumerate(spread.itertuples(index=False)):
        y = len(spread) - 1 - i
        sel = pooled.scores[
            (pooled.scores["candidate"] == row.candidate)
            & (pooled.scores["criterion"] == row.criterion)
        ]
        ax.plot(
            [row.min, row.max],
            [y, y],
            color=PALETTE["grey"],
            lw=6,
            alpha=0.4,
            solid_capstyle="round",
        )
        counts: dict[int, int] = {}
        for s in sel["score"]:
            k = counts.get(int(s), 0)
            counts[int(s)] = k + 1
            ax.plot(s, y + 0.12 * (k - 0) - 0.0, "o", color=PALETTE["blue"], ms=7)
        labels.append(f"{row.candidate}: {row.criterion}  (range {row.range})")
    ax.set_yticks(np.arange(len(spread))[::-1], labels)
    ax.set_xticks(range(1, 6))
    ax.set_xlim(0.5, 5.5)
    ax.set_xlabel("Score given by each team (1 = poor, 5 = excellent)")
    ax.set_title(f"Where the {len(pooled.teams)} teams disagree most", loc="left")
    return fig


def main(argv: list[str] | None = None) -> int:
    """Command line: pool a folder of workbooks and print the spreads."""
    parser = argparse.ArgumentParser(
        prog="python -m alliancelab.pooling",
        description="Pool workshop teams' workbook files and show where teams disagree.",
    )
    parser.add_argument("folder", help="folder holding the teams' *.json workbook files")
    parser.add_argument("--top", type=int, default=10, help="how many items to list (10)")
    args = parser.parse_args(argv)
    try:
        pooled = pool_folder(args.folder)
    except ValueError as exc:
        parser.error(str(exc))
    print(f"Pooled {len(pooled.teams)} team workbooks: {', '.join(pooled.teams) or 'none'}")
    for name, reason in pooled.skipped:
        print(f"Skipped {name}: {reason}")
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        print("\nPartner scores, most disputed first:")
        print(score_spread(pooled).head(args.top).to_string(index=False))
        print("\nRisk severities (likelihood x impact), most disputed first:")
        print(risk_spread(pooled).head(args.top).to_string(index=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
