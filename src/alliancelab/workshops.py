"""Workshop formats for instructors: timed agendas kept as data.

The agendas live in one YAML file (``book/instructors/data/agendas.yaml``); the
instructors' pages render their tables from it, so changing a timing in one
place changes every table. Each block has a length in minutes, an activity, a
mode (plenary, teams, solo or break) and the course page it uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ._validate import check_choice, check_int_range, check_text

__all__ = [
    "BLOCK_MODES",
    "Agenda",
    "AgendaBlock",
    "agenda_markdown",
    "agenda_table",
    "load_agendas",
]

#: How a block is run.
BLOCK_MODES: tuple[str, ...] = ("plenary", "teams", "solo", "break")


@dataclass(frozen=True)
class AgendaBlock:
    """One timed block of a workshop.

    Examples
    --------
    >>> AgendaBlock(15, "Tesla case discussion", "plenary").minutes
    15
    >>> AgendaBlock(0, "Nothing", "plenary")
    Traceback (most recent call last):
    ...
    ValueError: minutes must be a whole number from 1 to 480, got 0
    """

    minutes: int
    activity: str
    mode: str
    material: str = ""
    notes: str = ""
    day: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "minutes", check_int_range("minutes", self.minutes, 1, 480))
        object.__setattr__(self, "day", check_int_range("day", self.day, 1, 5))
        object.__setattr__(self, "activity", check_text("activity", self.activity))
        object.__setattr__(self, "mode", check_choice("mode", self.mode, BLOCK_MODES))
        object.__setattr__(
            self, "material", check_text("material", self.material or "", allow_empty=True)
        )
        object.__setattr__(self, "notes", check_text("notes", self.notes or "", allow_empty=True))


@dataclass(frozen=True)
class Agenda:
    """A workshop format: who it is for, what it achieves, and its timed blocks."""

    id: str
    title: str
    blocks: tuple[AgendaBlock, ...]
    audience: str = ""
    outcomes: tuple[str, ...] = ()
    prepare: tuple[str, ...] = ()
    room: str = ""
    case: str = ""
    exercises: tuple[str, ...] = ()
    remote: str = ""
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def total_minutes(self) -> int:
        """Total length, breaks included."""
        return sum(b.minutes for b in self.blocks)

    def __repr__(self) -> str:
        return f"Agenda({self.id!r}, {len(self.blocks)} blocks, {self.total_minutes} min)"


def load_agendas(path: str | Path) -> dict[str, Agenda]:
    """Read the agendas YAML file and return the formats by id, validated.

    Errors name the format and the block, e.g.
    ``agenda 'half-day', block 3: minutes must be a whole number from 1 to 480``.
    """
    data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("formats"), list):
        raise ValueError(f"{Path(path).name} must have a 'formats' list")
    agendas: dict[str, Agenda] = {}
    for item in data["formats"]:
        fid = check_text("format id", item.get("id", ""))
        blocks = []
        for i, raw in enumerate(item.get("blocks") or [], 1):
            try:
                blocks.append(AgendaBlock(**raw))
            except (TypeError, ValueError) as exc:
                raise ValueError(f"agenda {fid!r}, block {i}: {exc}") from None
        if not blocks:
            raise ValueError(f"agenda {fid!r} has no blocks")
        if fid in agendas:
            raise ValueError(f"format ids must be unique; {fid!r} appears twice")
        agendas[fid] = Agenda(
            id=fid,
            title=check_text(f"agenda {fid!r} title", item.get("title", "")),
            blocks=tuple(blocks),
            audience=item.get("audience", ""),
            outcomes=tuple(item.get("outcomes", ())),
            prepare=tuple(item.get("prepare", ())),
            room=item.get("room", ""),
            case=item.get("case", ""),
            exercises=tuple(item.get("exercises", ())),
            remote=item.get("remote", ""),
        )
    return agendas


def agenda_table(agenda: Agenda, start: str = "09:00") -> pd.DataFrame:
    """Return the agenda as a table with clock times, from ``start`` (HH:MM).

    Examples
    --------
    >>> a = Agenda("t", "Taster", (AgendaBlock(10, "Welcome", "plenary"),
    ...                            AgendaBlock(20, "Exercise 1", "teams")))
    >>> list(agenda_table(a, start="14:00")["time"])
    ['14:00–14:10', '14:10–14:30']
    """
    try:
        clock = datetime.strptime(check_text("start", start), "%H:%M")
    except ValueError:
        raise ValueError(f"start must be a time as HH:MM, got {start!r}") from None
    rows = []
    day_start, day = clock, agenda.blocks[0].day if agenda.blocks else 1
    for block in agenda.blocks:
        if block.day != day:
            if block.day < day:
                raise ValueError(f"agenda {agenda.id!r}: days must not go backwards")
            clock, day = day_start, block.day
        end = clock + timedelta(minutes=block.minutes)
        rows.append(
            {
                "day": block.day,
                "time": f"{clock:%H:%M}–{end:%H:%M}",
                "minutes": block.minutes,
                "activity": block.activity,
                "mode": block.mode,
                "material": block.material,
                "notes": block.notes,
            }
        )
        clock = end
    return pd.DataFrame(rows)


def _link(material: str) -> str:
    if not material:
        return ""
    return f"{{doc}}`/{material}`"


def agenda_markdown(agenda: Agenda, start: str = "09:00") -> str:
    """Return a format's whole section (outcomes, preparation, timed agenda) as MyST Markdown.

    Materials become links to the course pages, so the rendered table is a working
    facilitator's sheet.

    Examples
    --------
    >>> a = Agenda("t", "Taster", (AgendaBlock(10, "Welcome", "plenary"),))
    >>> print(agenda_markdown(a).splitlines()[0])
    ## Taster
    """
    table = agenda_table(agenda, start)
    lines = [f"## {agenda.title}", ""]
    facts = [
        ("Length", f"{agenda.total_minutes} minutes including breaks"),
        ("For", agenda.audience),
        ("Room", agenda.room),
        ("Main case", _link(f"cases/{agenda.case}/{agenda.case}") if agenda.case else ""),
        ("Exercises", ", ".join(_link(f"exercises/{e}") for e in agenda.exercises)),
    ]
    lines += [f"- **{k}:** {v}" for k, v in facts if v] + [""]
    if agenda.outcomes:
        lines += ["**Participants will be able to:**", ""]
        lines += [f"1. {o}" for o in agenda.outcomes] + [""]
    if agenda.prepare:
        lines += ["**Prepare:**", ""] + [f"- {p}" for p in agenda.prepare] + [""]
    days = sorted(set(table["day"]))
    for day in days:
        if len(days) > 1:
            lines += [f"**Day {day}**", ""]
        lines += [
            "| Time | Min | Activity | Mode | Material |",
            "|---|---:|---|---|---|",
        ]
        for row in table[table["day"] == day].itertuples(index=False):
            activity = row.activity + (f" *({row.notes})*" if row.notes else "")
            lines.append(
                f"| {row.time} | {row.minutes} | {activity} | {row.mode} | {_link(row.material)} |"
            )
        lines.append("")
    if agenda.remote:
        lines += [f"**Running it remotely:** {agenda.remote}", ""]
    return "\n".join(lines)
