"""Pool the teams' workbooks for a workshop debrief.

Teams hand in their workbook files; :func:`pool_folder` loads every ``*.json``
file of a folder, skips (and names) any file that is damaged, not a workbook, not a
regular file or larger than :data:`MAX_FILE_BYTES`, and returns the partner scores
and risk ratings of all teams as long tables. :func:`score_spread` and
:func:`risk_spread` summarise the spread per item and rank the items where teams
disagree most: the best debrief material. The two-sided health checks pool too: the
latest review of each team that held one (``PERCEPTION_COLUMNS``), summarised by
:func:`perception_spread` as the survey items whose perception gaps are largest across
the teams. :func:`summary_markdown` says which files
were pooled, renamed or skipped, with every name escaped for a page.

The folder is handed in by others and may hold anything: a FIFO or a link to a
device is never opened for reading, a huge file is never read whole, a file name
that is not UTF-8 or holds control characters is shown with backslash escapes, and
one bad file never stops the others from being pooled.

Run it as a command on a folder::

    python -m alliancelab.pooling path/to/workbooks
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._files import NotReadable, read_limited
from ._style import PALETTE, new_figure
from ._text import clip
from .perception import perception_gaps
from .risks import risk_table
from .workbook import Workbook, WorkbookError, parse_workbook

__all__ = [
    "MAX_FILE_BYTES",
    "PERCEPTION_COLUMNS",
    "RISK_COLUMNS",
    "SCORE_COLUMNS",
    "PooledResults",
    "perception_spread",
    "plot_score_spread",
    "pool_folder",
    "pool_workbooks",
    "risk_spread",
    "score_spread",
    "summary_markdown",
]

SCORE_COLUMNS = ("team", "candidate", "criterion", "score")
RISK_COLUMNS = ("team", "risk", "assessment", "likelihood", "impact", "severity")
PERCEPTION_COLUMNS = ("team", "round", "item", "label", "startup", "corporate", "gap", "flag")

#: The largest team file :func:`pool_folder` reads; a real workbook is a few tens of kilobytes.
MAX_FILE_BYTES = 5_000_000

#: Longest skip reason kept (a hostile file can make a validation message very long).
_MAX_REASON = 300


@dataclass(frozen=True, eq=False)
class PooledResults:
    """What a folder of team workbooks holds, and which files were skipped or renamed.

    ``skipped`` lists ``(file name, reason)`` for every file not pooled, and
    ``renamed`` lists ``(file name, team name)`` for every file pooled under a name
    other than its own stem because another file gave the same team name. File
    names here are printable (see :func:`pool_folder`).
    """

    teams: tuple[str, ...]
    scores: pd.DataFrame = field(repr=False)
    risks: pd.DataFrame = field(repr=False)
    skipped: tuple[tuple[str, str], ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()
    perceptions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(PERCEPTION_COLUMNS)), repr=False
    )

    def __repr__(self) -> str:
        return (
            f"PooledResults({len(self.teams)} teams, {len(self.scores)} scores, "
            f"{len(self.risks)} risk ratings, {len(self.skipped)} files skipped)"
        )


_Rows = tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]


def _perception_rows(wb: Workbook) -> list[dict[str, Any]]:
    """Return the gaps of the team's latest two-sided review (none without a review)."""
    survey = wb.perception
    if survey is None or survey.latest is None:
        return []
    gaps = perception_gaps(survey.latest)
    return [
        {"round": survey.latest.label, **{c: row[c] for c in PERCEPTION_COLUMNS[2:]}}
        for _, row in gaps.iterrows()
    ]


def _team_rows(wb: Workbook) -> _Rows:
    """Return one team's score, risk and perception rows, without the team column."""
    score_rows: list[dict[str, Any]] = []
    risk_rows: list[dict[str, Any]] = []
    for card in wb.scorecards:
        for criterion, score in card.scores.items():
            score_rows.append(
                {"candidate": card.candidate, "criterion": criterion, "score": score.value}
            )
    register = wb.risk_register
    if register is not None:
        for label in register.assessments:
            table = risk_table(register, assessment=label)
            for row in table.itertuples(index=False):
                risk_rows.append(
                    {
                        "risk": row.name,
                        "assessment": label,
                        "likelihood": row.likelihood,
                        "impact": row.impact,
                        "severity": row.severity,
                    }
                )
    return score_rows, risk_rows, _perception_rows(wb)


def _pooled(rows: list[tuple[str, _Rows]]) -> PooledResults:
    scores = [{"team": team, **row} for team, (team_scores, _, _) in rows for row in team_scores]
    risks = [{"team": team, **row} for team, (_, team_risks, _) in rows for row in team_risks]
    gaps = [{"team": team, **row} for team, (_, _, team_gaps) in rows for row in team_gaps]
    return PooledResults(
        teams=tuple(team for team, _ in rows),
        scores=pd.DataFrame(scores, columns=list(SCORE_COLUMNS)),
        risks=pd.DataFrame(risks, columns=list(RISK_COLUMNS)),
        perceptions=pd.DataFrame(gaps, columns=list(PERCEPTION_COLUMNS)).astype(
            {"startup": float, "corporate": float, "gap": float}
        ),
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
    return _pooled([(team, _team_rows(wb)) for team, wb in workbooks.items()])


def _printable(text: str) -> str:
    r"""Return ``text`` with every character that would not print shown as an escape.

    Bytes of a file name that are not UTF-8 (Python keeps them as lone surrogates)
    become ``\xNN``; control, format and other unprintable characters (a newline, a
    terminal escape, a right-to-left override) become their Python escape.

    Examples
    --------
    >>> import os
    >>> print(_printable(os.fsdecode(b"team-\xff.json")), _printable("a\nb\x1b[2J"))
    team-\xff.json a\nb\x1b[2J
    >>> _printable("équipe A")
    'équipe A'
    """
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


class _Skip(Exception):
    """A team file is not pooled; the message is the reason shown to the instructor."""


def _read_team_file(path: Path, limit: int) -> bytes:
    """Return the bytes of a team file (:func:`~alliancelab._files.read_limited`) or skip it."""
    try:
        return read_limited(path, limit)
    except NotReadable as exc:
        raise _Skip(exc.reason) from None
    except FileNotFoundError:
        raise _Skip("cannot be read: a broken link, or the file was removed") from None
    except OSError as exc:
        raise _Skip(f"cannot be read ({exc.strerror or exc})") from None


def _parse(data: bytes) -> Workbook:
    """Validate a team file's bytes as a workbook; every problem raises :class:`_Skip`."""
    try:
        return parse_workbook(data, "this file")
    except WorkbookError as exc:
        raise _Skip(str(exc)) from None


def _load_team_file(path: Path) -> _Rows:
    """Return one team file's score, risk and perception rows; :class:`_Skip` says why not."""
    wb = _parse(_read_team_file(path, MAX_FILE_BYTES))
    try:
        return _team_rows(wb)
    except Exception as exc:  # a workbook that validates but cannot be tabled
        raise _Skip(f"could not be pooled ({type(exc).__name__}: {exc})") from None


def _stem(name: str) -> str:
    return name.removesuffix(".json").removesuffix(".workbook")


def _team_names(files: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Return a distinct team name per (printable) file name, and the files renamed.

    A team is named after its file without ``.json`` and ``.workbook``. Files that
    would give the same name (``team-b.json`` and ``team-b.workbook.json``), or an
    empty one, keep their whole file name; should even that clash, a number is added.

    Examples
    --------
    >>> names, renamed = _team_names(["a.json", "b.json", "b.workbook.json"])
    >>> names
    ['a', 'b.json', 'b.workbook.json']
    >>> renamed
    [('b.json', 'b.json'), ('b.workbook.json', 'b.workbook.json')]
    """
    stems = [_stem(name) for name in files]
    counts = Counter(stems)
    names: list[str] = []
    used: set[str] = set()
    renamed: list[tuple[str, str]] = []
    for name, stem in zip(files, stems, strict=True):
        base = stem if stem and counts[stem] == 1 else name
        team, n = base, 2
        while team in used:
            team, n = f"{base} ({n})", n + 1
        names.append(team)
        used.add(team)
        if team != stem:
            renamed.append((name, team))
    return names, renamed


def pool_folder(folder: str | Path) -> PooledResults:
    """Load every ``*.json`` workbook in ``folder`` and pool them.

    Parameters
    ----------
    folder : str or path-like
        The folder the teams' files were collected in; it is only read.

    Returns
    -------
    PooledResults
        The pooled teams, in file name order. A file that is not pooled is listed
        in ``skipped`` as ``(file name, reason)``: it is not a regular file (a
        folder, a FIFO, a link to a device or to nothing), it is larger than
        :data:`MAX_FILE_BYTES`, or it is not a valid workbook. One bad file never
        stops the others. Team names are the file names without their extension
        (``.workbook`` is dropped too); files that would give the same team name
        are pooled under their whole file names and listed in ``renamed``. Names
        are printable: bytes that are not UTF-8 and control characters are shown
        as backslash escapes. A symbolic link to a regular file is read, wherever
        the file is.

    Raises
    ------
    ValueError
        When ``folder`` is not an existing folder or cannot be listed.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"folder must be an existing folder, got {str(folder)!r}")
    try:
        paths = sorted(folder.glob("*.json"))
    except OSError as exc:
        raise ValueError(f"cannot list the folder {str(folder)!r}: {exc}") from None
    loaded: list[tuple[str, _Rows]] = []
    skipped: list[tuple[str, str]] = []
    for path in paths:
        shown = _printable(path.name)
        try:
            loaded.append((shown, _load_team_file(path)))
        except _Skip as exc:
            skipped.append((shown, clip(_printable(str(exc)), _MAX_REASON)))
        except Exception as exc:  # never let one file stop the pooling; name it and why
            reason = f"could not be loaded ({type(exc).__name__}: {exc})"
            skipped.append((shown, clip(_printable(reason), _MAX_REASON)))
    teams, renamed = _team_names([shown for shown, _ in loaded])
    pooled = _pooled([(team, rows) for team, (_, rows) in zip(teams, loaded, strict=True)])
    return dataclasses.replace(pooled, skipped=tuple(skipped), renamed=tuple(renamed))


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


def perception_spread(pooled: PooledResults) -> pd.DataFrame:
    """Summarise the teams' two-sided reviews per item, the largest average gap first.

    Columns: ``item``, ``label``, ``teams`` (teams that answered it on both sides),
    ``mean_gap`` (start-up minus corporate; negative when corporates see it more
    favourably), ``mean_abs_gap``, ``max_abs_gap`` and ``flagged`` (teams whose two sides
    are two or more points apart on it). The debrief question: on which items do
    start-ups and corporates see the alliance differently, across the room?

    Examples
    --------
    >>> gaps = pd.DataFrame({"team": ["A", "B"], "round": ["Q1", "Q1"],
    ...     "item": ["pace", "pace"], "label": ["Compatible pace"] * 2,
    ...     "startup": [1.0, 3.0], "corporate": [4.0, 3.0], "gap": [-3.0, 0.0],
    ...     "flag": ["talk first", ""]})
    >>> empty = pd.DataFrame()
    >>> perception_spread(PooledResults(("A", "B"), empty, empty, perceptions=gaps)
    ...                   ).iloc[0].to_dict()
    {'item': 'pace', 'label': 'Compatible pace', 'teams': 2, 'mean_gap': -1.5,
     'mean_abs_gap': 1.5, 'max_abs_gap': 3.0, 'flagged': 1}
    """
    columns = ["item", "label", "teams", "mean_gap", "mean_abs_gap", "max_abs_gap", "flagged"]
    df = pooled.perceptions.dropna(subset=["gap"])
    if df.empty:
        return pd.DataFrame(columns=columns)
    df = df.assign(abs_gap=df["gap"].abs())
    grouped = df.groupby(["item", "label"], sort=False)
    out = grouped.agg(
        teams=("gap", "count"),
        mean_gap=("gap", "mean"),
        mean_abs_gap=("abs_gap", "mean"),
        max_abs_gap=("abs_gap", "max"),
        flagged=("abs_gap", lambda s: int((s >= 2).sum())),
    ).reset_index()
    out["mean_gap"] = out["mean_gap"].round(2)
    out["mean_abs_gap"] = out["mean_abs_gap"].round(2)
    out = out.sort_values(
        ["mean_abs_gap", "flagged", "item"], ascending=[False, False, True], kind="mergesort"
    )
    return out.reset_index(drop=True)[columns]


# Markdown and MyST punctuation (``$`` starts maths, ``{`` a role or attributes): escaped
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~$:^%=])")


def _md(text: str) -> str:
    """Escape text for a Markdown page: HTML first, then Markdown and MyST punctuation."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def summary_markdown(pooled: PooledResults) -> str:
    r"""Say in Markdown which teams were pooled and which files were renamed or skipped.

    Every team name, file name and reason is escaped (HTML, then Markdown and MyST
    punctuation), so a file named ``<img src=x onerror=alert(1)>.json`` reads as
    text on the page and never becomes live HTML, a link or maths.

    Examples
    --------
    >>> empty = pd.DataFrame()
    >>> pooled = PooledResults(("<b>A</b>",), empty, empty, (("x_y.json", "not a regular file"),))
    >>> print(summary_markdown(pooled))
    Pooled **1** team file: &lt;b&gt;A&lt;/b&gt;.
    <BLANKLINE>
    Skipped x\_y\.json: not a regular file.
    """
    teams = ", ".join(_md(team) for team in pooled.teams) or "none"
    files = "file" if len(pooled.teams) == 1 else "files"
    lines = [f"Pooled **{len(pooled.teams)}** team {files}: {teams}."]
    lines += [
        f"Pooled {_md(name)} as team {_md(team)}: another file gives the same team name."
        for name, team in pooled.renamed
    ]
    lines += [f"Skipped {_md(name)}: {_md(reason)}." for name, reason in pooled.skipped]
    return "\n\n".join(lines)


def plot_score_spread(pooled: PooledResults, top: int = 8) -> Figure:
    """Dot plot of every team's score on the ``top`` most disputed items.

    Each dot is one team; the bar behind the dots spans the lowest to the highest
    score, and the item label says the range in words, so the spread reads without
    colour.
    """
    spread = score_spread(pooled).head(top)
    fig, ax = new_figure(7.4, 0.55 * max(len(spread), 2) + 1.4)
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


def _say(text: str = "") -> None:
    """Print ``text``; what the terminal's encoding cannot show is backslash-escaped."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    print(text.encode(encoding, "backslashreplace").decode(encoding))


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
    _say(f"Pooled {len(pooled.teams)} team workbooks: {', '.join(pooled.teams) or 'none'}")
    for name, team in pooled.renamed:
        _say(f"Pooled {name} as team {team}: another file gives the same team name")
    for name, reason in pooled.skipped:
        _say(f"Skipped {name}: {reason}")
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        _say("\nPartner scores, most disputed first:")
        _say(score_spread(pooled).head(args.top).to_string(index=False))
        _say("\nRisk severities (likelihood x impact), most disputed first:")
        _say(risk_spread(pooled).head(args.top).to_string(index=False))
        spread = perception_spread(pooled)
        if not spread.empty:
            _say("\nTwo-sided health checks, the largest perception gaps first:")
            _say(spread.head(args.top).to_string(index=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
