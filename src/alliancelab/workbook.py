"""The learner's workbook: one alliance plan, carried across every exercise.

A workbook holds the plan an incubator tenant builds for their own venture: the
venture and its strategy, candidate partners and their scorecards, the resource
map, the risk register, the governance choice and time horizon, the alliance
charter (objectives, scope, governance, key deliverables, dispute resolution,
review cadence, after the charter advice of ``AlliancesOverview``), the exit
triggers negotiated up front (``HoangRothaermel2016``), the portfolio, the
capability profile, and the parts on working with the corporation: the pilot charter
(:mod:`alliancelab.pilot`), the steering committee (:mod:`alliancelab.steering`) and
the two-sided health check (:mod:`alliancelab.perception`). Those three are optional
sections of schema 1: a file without them reads as before.

It is saved as schema-versioned JSON. Saving is atomic (a temporary file in the
same folder, flushed to disk, then renamed over the old one), so a crash never
leaves half a file. Loading validates everything; a corrupt, foreign, hostile or
newer file raises :class:`WorkbookError` with a clear message and is left untouched.

Exercises save with :func:`save_merged`: each keeps the :class:`Snapshot` it
opened, and a save writes only the parts of the plan it changed into the file as
it is now, so moving between exercises (or two windows on one plan) never loses
work. :mod:`alliancelab.report` turns a workbook into the plan document.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import pandas as pd

from ._files import atomic_write, file_lock, read_limited, shown_name
from ._text import clip
from ._validate import check_choice, check_text
from .capability import CapabilityProfile
from .governance import GOVERNANCE_MODES, GovernanceFactors
from .lifecycle import ExitTrigger
from .perception import PerceptionSurvey
from .pilot import PilotCharter
from .portfolio import Alliance
from .resources import ALLIANCE_STAGES, ResourceMap
from .risks import RiskRegister
from .scorecard import Criterion, Scorecard, default_criteria
from .steering import SteeringCommittee

__all__ = [
    "CHARTER_FIELDS",
    "CHARTER_LABELS",
    "DEFAULT_FILENAME",
    "FORMAT",
    "MAX_WORKBOOK_BYTES",
    "SCHEMA_VERSION",
    "Charter",
    "HealthRecord",
    "Snapshot",
    "Venture",
    "Workbook",
    "WorkbookConflict",
    "WorkbookError",
    "example_workbook",
    "load_snapshot",
    "load_workbook",
    "merge_workbooks",
    "parse_workbook",
    "save_merged",
    "save_workbook",
    "workbook_json",
]

#: Identifies an Alliance Lab workbook file.
FORMAT = "alliancelab-workbook"
#: The schema version this release writes and reads.
SCHEMA_VERSION = 1
#: The file name used when none is given.
DEFAULT_FILENAME = "my-alliance.workbook.json"

#: Charter fields, in the order they appear in the exported plan.
CHARTER_FIELDS: tuple[str, ...] = (
    "objectives",
    "scope",
    "governance",
    "deliverables",
    "dispute_resolution",
    "review_cadence",
)

#: How each charter field is headed on a page and in the exported plan.
CHARTER_LABELS: Mapping[str, str] = {
    "objectives": "Objectives",
    "scope": "Scope",
    "governance": "Governance",
    "deliverables": "Key deliverables",
    "dispute_resolution": "Dispute resolution",
    "review_cadence": "Review cadence",
}

_MAX_TEXT = 4000

#: The largest workbook file read; a real plan is a few tens of kilobytes.
MAX_WORKBOOK_BYTES = 5_000_000


class WorkbookError(ValueError):
    """A workbook file cannot be read or a workbook is not valid."""


@dataclass(frozen=True)
class Venture:
    """The learner's venture and the alliance they are planning.

    Examples
    --------
    >>> Venture("Brightcell", "Battery diagnostics", strategy="Enter fleets")
    Venture(name='Brightcell', description='Battery diagnostics', strategy='Enter fleets', ...)
    """

    name: str
    description: str = ""
    strategy: str = ""
    alliance_goal: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_text("venture name", self.name, max_len=200))
        for f in ("description", "strategy", "alliance_goal"):
            value = check_text(
                f"venture {f}", getattr(self, f), allow_empty=True, max_len=_MAX_TEXT
            )
            object.__setattr__(self, f, value)

    def to_dict(self) -> dict[str, str]:
        """Return plain JSON-able data."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Venture:
        """Build from :meth:`to_dict` output, validating every field."""
        return cls(**_known(data, cls, "venture"))


@dataclass(frozen=True)
class Charter:
    """The alliance charter both partners sign, field by field (all text).

    Examples
    --------
    >>> Charter(objectives="Launch a pilot with two fleets").missing()[:2]
    ['scope', 'governance']
    """

    objectives: str = ""
    scope: str = ""
    governance: str = ""
    deliverables: str = ""
    dispute_resolution: str = ""
    review_cadence: str = ""

    def __post_init__(self) -> None:
        for f in CHARTER_FIELDS:
            value = check_text(
                f"charter {f}", getattr(self, f), allow_empty=True, max_len=_MAX_TEXT
            )
            object.__setattr__(self, f, value)

    def missing(self) -> list[str]:
        """Return the charter fields still empty, in charter order."""
        return [f for f in CHARTER_FIELDS if not getattr(self, f)]

    def to_dict(self) -> dict[str, str]:
        """Return plain JSON-able data."""
        return dataclasses.asdict(self)

    def to_frame(self) -> pd.DataFrame:
        """Return the charter as a table: one row per element, in charter order.

        Examples
        --------
        >>> Charter(scope="Candidate A only").to_frame().iloc[1].tolist()
        ['Scope', 'Candidate A only']
        """
        return pd.DataFrame(
            {
                "element": [CHARTER_LABELS[f] for f in CHARTER_FIELDS],
                "draft": [getattr(self, f) for f in CHARTER_FIELDS],
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Charter:
        """Build from :meth:`to_dict` output, validating every field."""
        return cls(**_known(data, cls, "charter"))


@dataclass(frozen=True)
class HealthRecord:
    """What the learner observed at an alliance health check (exercise 5).

    Parameters
    ----------
    observations : Mapping[str, float]
        Metric name (as used by the exit triggers) to the value observed; a value of
        None or NaN (no data) is left out.
    signals : tuple of str
        The exit signals present, from :data:`alliancelab.lifecycle.EXIT_SIGNALS` (kept
        in that order).
    mismatches : Mapping[str, int]
        Each of :data:`alliancelab.lifecycle.MISMATCH_DIMENSIONS` rated 1 (aligned) to
        5 (far apart).

    Validation follows :func:`alliancelab.lifecycle.health_check` and
    :func:`~alliancelab.lifecycle.check_triggers`, which read the record.

    Examples
    --------
    >>> HealthRecord({"months late": 2}, ("lack of reciprocity",), {"speed": 4}).signals
    ('lack of reciprocity',)
    >>> HealthRecord(signals=("boredom",))
    Traceback (most recent call last):
    ...
    ValueError: signal must be one of ...; got 'boredom'
    """

    observations: Mapping[str, float] = field(default_factory=dict)
    signals: tuple[str, ...] = ()
    mismatches: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # the health check's own rules (names as the triggers spell them, signals in
        # their order), so what is saved is what the check reads
        import math

        from .lifecycle import _coerce_mismatches, _coerce_observations, _coerce_signals

        observed = _coerce_observations(self.observations)
        # a metric without data (None, NaN) counts as not observed: it is left out
        obs = {m: v for m, v in observed.items() if not math.isnan(v)}
        object.__setattr__(self, "observations", obs)
        object.__setattr__(self, "signals", _coerce_signals(self.signals))
        object.__setattr__(self, "mismatches", _coerce_mismatches(self.mismatches))

    def __hash__(self) -> int:
        return hash(
            (tuple(self.observations.items()), self.signals, tuple(self.mismatches.items()))
        )

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON-able data."""
        return {
            "observations": dict(self.observations),
            "signals": list(self.signals),
            "mismatches": dict(self.mismatches),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HealthRecord:
        """Build from :meth:`to_dict` output, validating every field."""
        kwargs = _known(data, cls, "health")
        if "signals" in kwargs:
            if not isinstance(kwargs["signals"], list):
                raise WorkbookError("health signals must be a list")
            kwargs["signals"] = tuple(kwargs["signals"])
        return cls(**kwargs)


#: Optional sections held as one object each; a wrong type is refused when the plan is made.
_TYPED_SECTIONS: tuple[tuple[str, type], ...] = (
    ("pilot", PilotCharter),
    ("steering", SteeringCommittee),
    ("perception", PerceptionSurvey),
)


def _known(data: Any, cls: type, section: str) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise WorkbookError(f"{section} must be an object, got {type(data).__name__}")
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise WorkbookError(f"{section} has unknown fields {unknown}; allowed: {sorted(names)}")
    return dict(data)


@dataclass(frozen=True)
class Workbook:
    """The learner's whole alliance plan.

    Every section is optional so the plan can grow one exercise at a time; use
    :func:`dataclasses.replace` (or :meth:`with_section`) to make an updated copy.

    Examples
    --------
    >>> wb = Workbook(Venture("Brightcell"))
    >>> wb.completed_sections()
    ['venture']
    """

    venture: Venture
    criteria: tuple[Criterion, ...] = field(default_factory=lambda: tuple(default_criteria()))
    scorecards: tuple[Scorecard, ...] = ()
    resource_map: ResourceMap | None = None
    risk_register: RiskRegister | None = None
    governance_factors: GovernanceFactors | None = None
    governance_choice: str = ""
    time_horizon: str = ""
    charter: Charter = field(default_factory=Charter)
    exit_triggers: tuple[ExitTrigger, ...] = ()
    health: HealthRecord | None = None
    portfolio: tuple[Alliance, ...] = ()
    capability: CapabilityProfile | None = None
    pilot: PilotCharter | None = None
    steering: SteeringCommittee | None = None
    perception: PerceptionSurvey | None = None
    reflections: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.venture, Venture):
            raise TypeError(f"venture must be a Venture, got {type(self.venture).__name__}")
        for name in ("criteria", "scorecards", "exit_triggers", "portfolio"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for name, cls in _TYPED_SECTIONS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, cls):
                raise TypeError(
                    f"{name} must be a {cls.__name__} or None, got {type(value).__name__}"
                )
        choice = check_text("governance_choice", self.governance_choice, allow_empty=True)
        if choice:
            choice = check_choice("governance_choice", choice, [m.name for m in GOVERNANCE_MODES])
        object.__setattr__(self, "governance_choice", choice)
        object.__setattr__(
            self, "time_horizon", check_text("time_horizon", self.time_horizon, allow_empty=True)
        )
        refl = {
            check_text("reflection name", k, max_len=100): check_text(
                f"reflection {k!r}", v, allow_empty=True, max_len=_MAX_TEXT
            )
            for k, v in dict(self.reflections).items()
        }
        object.__setattr__(self, "reflections", refl)

    def __repr__(self) -> str:
        return f"Workbook(venture={self.venture.name!r}, sections={self.completed_sections()})"

    def with_section(self, **changes: Any) -> Workbook:
        """Return a copy with some sections replaced (validated like a new workbook)."""
        return dataclasses.replace(self, **changes)

    def with_venture(self, name: str, description: str | None = None) -> Workbook:
        """Return a copy with the venture renamed (and described); the resource map follows.

        The resource map names the venture as one of its two parties, so it is
        rebuilt under the new name with everything it holds.

        Examples
        --------
        >>> wb = example_workbook().with_venture("Brightcell", "Battery diagnostics")
        >>> wb.venture.name, wb.resource_map.venture
        ('Brightcell', 'Brightcell')
        """
        old = self.venture
        venture = dataclasses.replace(
            old, name=name, description=old.description if description is None else description
        )
        rmap = self.resource_map
        if rmap is not None and rmap.venture != venture.name:
            rmap = ResourceMap(
                venture.name,
                rmap.partner,
                brings={
                    venture.name: rmap.brought_by(rmap.venture),
                    rmap.partner: rmap.brought_by(rmap.partner),
                },
                needs={stage: rmap.needs_at(stage) for stage in ALLIANCE_STAGES},
            )
        return dataclasses.replace(self, venture=venture, resource_map=rmap)

    def completed_sections(self) -> list[str]:
        """Return the sections that hold something, in plan order."""
        done = []
        for name, _ in _SECTIONS:
            value = getattr(self, name)
            if name == "criteria":
                continue
            if name == "charter":
                if len(value.missing()) < len(CHARTER_FIELDS):
                    done.append(name)
            elif value:
                done.append(name)
        return done

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document for this workbook (with format and schema version)."""
        doc: dict[str, Any] = {"format": FORMAT, "schema_version": SCHEMA_VERSION}
        for name, (dump, _load) in _SECTIONS:
            doc[name] = dump(getattr(self, name))
        return doc

    @classmethod
    def from_dict(cls, doc: Any) -> Workbook:
        """Validate a JSON document and build the workbook.

        Raises
        ------
        WorkbookError
            When the document is not an Alliance Lab workbook, was written by a
            newer schema, or a section is invalid (the message names the section).
        """
        if not isinstance(doc, Mapping) or doc.get("format") != FORMAT:
            raise WorkbookError(
                'this is not an Alliance Lab workbook (no "format": '
                f'"{FORMAT}" field); it was left untouched'
            )
        version = doc.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise WorkbookError(f"schema_version must be a whole number >= 1, got {version!r}")
        if version > SCHEMA_VERSION:
            raise WorkbookError(
                f"this workbook was written by a newer Alliance Lab (schema {version}); "
                f"this version reads schema {SCHEMA_VERSION}. Update alliancelab to open it; "
                "the file was left untouched"
            )
        known = {name for name, _ in _SECTIONS} | {"format", "schema_version"}
        unknown = sorted(set(doc) - known)
        if unknown:
            raise WorkbookError(f"workbook has unknown sections {unknown}")
        if "venture" not in doc:
            raise WorkbookError("workbook has no venture section")
        kwargs = {}
        for name, (_dump, load) in _SECTIONS:
            if name not in doc:
                continue
            try:
                kwargs[name] = load(doc[name])
            except WorkbookError as exc:
                raise WorkbookError(f"section {name!r}: {exc}") from None
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                raise WorkbookError(f"section {name!r} is not valid: {exc}") from None
        try:
            return cls(**kwargs)
        except (ValueError, TypeError) as exc:
            raise WorkbookError(str(exc)) from None


def _seq(
    loader: Callable[[Any], Any],
) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    def dump(items):
        return [item.to_dict() for item in items]

    def load(data):
        if not isinstance(data, list):
            raise WorkbookError(f"must be a list, got {type(data).__name__}")
        return tuple(loader(item) for item in data)

    return dump, load


def _opt(
    loader: Callable[[Any], Any],
) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    def dump(item):
        return None if item is None else item.to_dict()

    def load(data):
        return None if data is None else loader(data)

    return dump, load


def _text() -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    def load(data):
        if not isinstance(data, str):
            raise WorkbookError(f"must be text, got {type(data).__name__}")
        return data

    return (lambda value: value), load


def _mapping() -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    def load(data):
        if not isinstance(data, Mapping):
            raise WorkbookError(f"must be an object, got {type(data).__name__}")
        return dict(data)

    return (lambda value: dict(value)), load


_SECTIONS: tuple[tuple[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]], ...] = (
    ("venture", ((lambda v: v.to_dict()), Venture.from_dict)),
    ("criteria", _seq(Criterion.from_dict)),
    ("scorecards", _seq(Scorecard.from_dict)),
    ("resource_map", _opt(ResourceMap.from_dict)),
    ("risk_register", _opt(RiskRegister.from_dict)),
    ("governance_factors", _opt(GovernanceFactors.from_dict)),
    ("governance_choice", _text()),
    ("time_horizon", _text()),
    ("charter", ((lambda v: v.to_dict()), Charter.from_dict)),
    ("exit_triggers", _seq(ExitTrigger.from_dict)),
    ("health", _opt(HealthRecord.from_dict)),
    ("portfolio", _seq(Alliance.from_dict)),
    ("capability", _opt(CapabilityProfile.from_dict)),
    ("pilot", _opt(PilotCharter.from_dict)),
    ("steering", _opt(SteeringCommittee.from_dict)),
    ("perception", _opt(PerceptionSurvey.from_dict)),
    ("reflections", _mapping()),
)


def workbook_json(workbook: Workbook) -> str:
    """Return the workbook as the JSON text :func:`save_workbook` writes.

    The text is checked by reading it back, so it is always a loadable workbook
    (used for the "download a copy" link of the exercises, too).

    Examples
    --------
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


class WorkbookConflict(WorkbookError):
    """Saving would overwrite a change made to the same part of the plan elsewhere."""


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


def example_workbook() -> Workbook:
    """Return the example plan of a fictional venture that ships with the package.

    Examples
    --------
    >>> wb = example_workbook()
    >>> "fictional" in wb.venture.description.lower()
    True
    """
    ref = importlib_resources.files("alliancelab") / "data" / "example_workbook.json"
    return Workbook.from_dict(json.loads(ref.read_text(encoding="utf-8")))
