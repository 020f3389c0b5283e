"""Saving, loading and merging workbooks (:mod:`alliancelab.workbook`): the JSON file.

The plan itself (:class:`~alliancelab.workbook.Workbook` and its sections) is in
:mod:`alliancelab.workbook`; this module holds what happens to its file:

- :func:`~alliancelab.workbook.workbook_json`, :func:`~alliancelab.workbook.save_workbook`
  (an atomic write under a file lock), :func:`~alliancelab.workbook.parse_workbook` and
  :func:`~alliancelab.workbook.load_workbook` (every problem a
  :class:`~alliancelab.workbook.WorkbookError`);
- the merged saves of the exercises: :class:`~alliancelab.workbook.Snapshot`,
  :func:`~alliancelab.workbook.load_snapshot`, :func:`~alliancelab.workbook.merge_workbooks`
  (a three-way merge by part of the plan) and :func:`~alliancelab.workbook.save_merged`.

Every name here is also importable from :mod:`alliancelab.workbook`, and documented there.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._files import atomic_write, file_lock, read_limited, shown_name
from ._text import clip
from .workbook import (
    _SECTIONS,
    MAX_WORKBOOK_BYTES,
    Workbook,
    WorkbookConflict,
    WorkbookError,
)

__all__ = [
    "Snapshot",
    "load_snapshot",
    "load_workbook",
    "merge_workbooks",
    "parse_workbook",
    "save_merged",
    "save_workbook",
    "workbook_json",
]


def workbook_json(workbook: Workbook) -> str:
    """Return the workbook as the JSON text :func:`save_workbook` writes.

    The text is checked by reading it back, so it is always a loadable workbook
    (used for the exercises' *Download my plan file* link, too).

    Examples
    --------
    >>> from alliancelab.workbook import Venture
    >>> text = workbook_json(Workbook(Venture("Brightcell")))
    >>> json.loads(text)["venture"]["name"]
    'Brightcell'
    """
    if not isinstance(workbook, Workbook):
        raise TypeError(f"workbook must be a Workbook, got {type(workbook).__name__}")
    text = json.dumps(workbook.to_dict(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    Workbook.from_dict(json.loads(text))  # never hand out something we could not read back
    return text


def save_workbook(workbook: Workbook, path: str | os.PathLike[str]) -> Path:
    """Write the workbook to ``path`` atomically and return the path.

    The document is checked by reading it back before anything touches the disk;
    it is then written to a temporary file in the same folder, flushed, and
    renamed over ``path``, so the old file survives any failure. This replaces the
    whole file: exercises save with :func:`save_merged`, which keeps what other
    exercises saved in the meantime.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from alliancelab.workbook import Venture
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> p = save_workbook(Workbook(Venture("Brightcell")), folder / "plan.json")
    >>> load_workbook(p).venture.name
    'Brightcell'
    """
    text = workbook_json(workbook)
    with file_lock(path):
        return atomic_write(path, text)


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def parse_workbook(data: bytes | str, name: str = "the workbook") -> Workbook:
    """Validate the bytes (or text) of a workbook file and return the workbook.

    Every problem raises :class:`WorkbookError` naming ``name`` and, for a bad
    entry, the section and field: text that is not UTF-8 (a leading byte-order mark
    is fine), invalid JSON, a key given twice, nesting or numbers no workbook has,
    and every invalid section.

    Examples
    --------
    >>> from alliancelab.workbook import Venture
    >>> parse_workbook(workbook_json(Workbook(Venture("Brightcell")))).venture.name
    'Brightcell'
    >>> parse_workbook(b'{"format": "alliancelab-workbook", "format": 1}', "plan.json")
    Traceback (most recent call last):
    ...
    alliancelab.workbook.WorkbookError: plan.json: the key 'format' appears twice in one object; ...
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise WorkbookError(
                f"{name} is not UTF-8 text (byte {exc.start + 1}); the file was left untouched"
            ) from None
    try:
        doc = json.loads(data, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise WorkbookError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}); "
            "the file was left untouched"
        ) from None
    except _DuplicateKey as exc:
        raise WorkbookError(
            f"{name}: the key {clip(str(exc), 60)!r} appears twice in one object; "
            "keep one of them (the file was left untouched)"
        ) from None
    except RecursionError:
        raise WorkbookError(
            f"{name} is nested far more deeply than a workbook; the file was left untouched"
        ) from None
    except ValueError as exc:  # e.g. a number with thousands of digits
        raise WorkbookError(
            f"{name} holds a value no workbook has ({clip(str(exc), 80)}); "
            "the file was left untouched"
        ) from None
    try:
        return Workbook.from_dict(doc)
    except WorkbookError as exc:
        raise WorkbookError(f"{name}: {exc}") from None
    except RecursionError:
        raise WorkbookError(f"{name} is nested far more deeply than a workbook") from None


def load_workbook(path: str | os.PathLike[str]) -> Workbook:
    """Read and validate a workbook file; never modifies the file.

    Raises
    ------
    WorkbookError
        With a message that names the file and the problem: missing, not a regular
        file, larger than :data:`MAX_WORKBOOK_BYTES`, not JSON, not a workbook, a
        newer schema, or an invalid section.

    Examples
    --------
    >>> load_workbook("no-such-plan.json")
    Traceback (most recent call last):
    ...
    alliancelab.workbook.WorkbookError: no workbook at no-such-plan.json
    """
    return load_snapshot(path).workbook


# ---------------------------------------------------------------- merged saves


@dataclass(frozen=True)
class Snapshot:
    """A workbook as its file held it when read or written, with the file's digest.

    An exercise keeps the snapshot it opened; :func:`save_merged` compares it with
    the file as it is now, to tell its own changes from other exercises' changes.
    ``digest`` is ``None`` when there was no file yet.
    """

    workbook: Workbook
    digest: str | None = None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_bytes(path: Path) -> bytes | None:
    """Return the file's bytes, ``None`` when there is no file; WorkbookError otherwise."""
    try:
        return read_limited(path, MAX_WORKBOOK_BYTES)
    except FileNotFoundError:
        return None
    except ValueError as exc:
        raise WorkbookError(f"{exc}; a workbook is a regular file of a few kilobytes") from None
    except OSError as exc:
        raise WorkbookError(f"cannot read {shown_name(path)}: {exc.strerror or exc}") from None


def load_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Read a workbook file as a :class:`Snapshot` (the workbook and the file's digest).

    Raises
    ------
    WorkbookError
        As :func:`load_workbook`.
    """
    path = Path(path)
    data = _read_bytes(path)
    if data is None:
        raise WorkbookError(f"no workbook at {path}")
    return Snapshot(parse_workbook(data, shown_name(path)), _digest(data))


#: Parts of the plan merged as one: the scorecards refer to the criteria by name.
_MERGE_UNITS: tuple[tuple[str, ...], ...] = (
    ("criteria", "scorecards"),
    *((name,) for name, _ in _SECTIONS if name not in {"criteria", "scorecards", "reflections"}),
)

_PART_NAMES = {
    "venture": "venture",
    "criteria": "partner scorecard",
    "resource_map": "resource map",
    "risk_register": "risk register",
    "governance_factors": "governance factors",
    "governance_choice": "governance choice",
    "time_horizon": "time horizon",
    "charter": "charter",
    "exit_triggers": "exit triggers",
    "health": "health check",
    "portfolio": "portfolio",
    "capability": "capability profile",
    "pilot": "pilot charter",
    "steering": "steering committee",
    "perception": "two-sided health check",
}


def _conflict(part: str) -> WorkbookConflict:
    return WorkbookConflict(
        f"the {part} of your plan was changed in another exercise or window since this one "
        "opened it, so this change was not saved (the other one is kept). Reload the plan "
        "here to continue from the saved version"
    )


def merge_workbooks(base: Workbook, ours: Workbook, theirs: Workbook) -> Workbook:
    """Return ``theirs`` with the parts ``ours`` changed since ``base`` (a three-way merge).

    ``base`` is the plan as this exercise opened it, ``ours`` the plan after the
    learner's changes here, ``theirs`` the plan as the file holds it now (other
    exercises may have saved meanwhile). Parts of the plan that only ``ours``
    changed are taken from it; everything else stays as in ``theirs``, so nothing
    another exercise saved is lost. Each reflection is its own part.

    Raises
    ------
    WorkbookConflict
        When both changed the same part differently; the message names the part.

    Examples
    --------
    >>> from alliancelab.workbook import Charter, Venture
    >>> base = Workbook(Venture("Brightcell"))
    >>> ours = base.with_section(time_horizon="3 years")
    >>> theirs = base.with_section(charter=Charter(scope="Fleet pilot"))
    >>> merged = merge_workbooks(base, ours, theirs)
    >>> merged.time_horizon, merged.charter.scope
    ('3 years', 'Fleet pilot')
    """
    for name, value in (("base", base), ("ours", ours), ("theirs", theirs)):
        if not isinstance(value, Workbook):
            raise TypeError(f"{name} must be a Workbook, got {type(value).__name__}")
    changes: dict[str, Any] = {}
    for unit in _MERGE_UNITS:
        b, o, t = ([getattr(wb, n) for n in unit] for wb in (base, ours, theirs))
        if o == b or o == t:
            continue
        if t != b:
            raise _conflict(_PART_NAMES[unit[0]])
        changes.update(zip(unit, o, strict=True))
    reflections = dict(theirs.reflections)
    for key in sorted(set(base.reflections) | set(ours.reflections)):
        b, o, t = (wb.reflections.get(key) for wb in (base, ours, theirs))
        if o == b or o == t:
            continue
        if t != b:
            raise _conflict(f"reflection {clip(key, 40)!r}")
        if o is None:
            reflections.pop(key, None)
        else:
            reflections[key] = o
    changes["reflections"] = reflections
    return theirs.with_section(**changes)


def _remove_leftovers(path: Path) -> None:
    """Delete temporary files a killed save left beside the workbook (under the lock)."""
    target = Path(os.path.realpath(path))
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def save_merged(path: str | os.PathLike[str], workbook: Workbook, base: Snapshot) -> Snapshot:
    """Save an exercise's changes without overwriting what other exercises saved.

    Under a lock on the file, re-read it; if it still is the file ``base`` was read
    from, write ``workbook``; otherwise merge (:func:`merge_workbooks`) the parts
    this exercise changed since ``base`` into the file's current plan and write
    that. Returns the snapshot of what was written: the exercise adopts it, and so
    sees the other exercises' changes too.

    Raises
    ------
    WorkbookConflict
        When another exercise changed a part this one changed too; nothing is written.
    WorkbookError
        When the file changed into something that is no longer a readable workbook.
    OSError
        When the file cannot be written (full disk, read-only folder).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from alliancelab.workbook import Charter, Venture
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.json"
    >>> first = Snapshot(Workbook(Venture("Brightcell")))  # no file yet
    >>> one = save_merged(path, first.workbook.with_section(time_horizon="3 years"), first)
    >>> two = save_merged(path, first.workbook.with_section(charter=Charter(scope="Pilot")), first)
    >>> two.workbook.time_horizon, two.workbook.charter.scope
    ('3 years', 'Pilot')
    """
    if not isinstance(base, Snapshot):
        raise TypeError(f"base must be a Snapshot, got {type(base).__name__}")
    path = Path(path)
    with file_lock(path):
        _remove_leftovers(path)
        current = _read_bytes(path)
        if current is None or _digest(current) == base.digest:
            merged = workbook
        else:
            theirs = parse_workbook(current, shown_name(path))
            merged = merge_workbooks(base.workbook, workbook, theirs)
        text = workbook_json(merged)
        atomic_write(path, text)
    return Snapshot(merged, _digest(text.encode("utf-8")))
