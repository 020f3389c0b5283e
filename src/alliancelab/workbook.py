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

This module holds the model (the :class:`Workbook` and its sections, their validation
and their JSON-ready dictionaries); the file (saving, loading, merged saves) is in
``alliancelab.workbook_io``, whose names are all importable from here too.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from typing import Any

import pandas as pd

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

    Notes
    -----
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


# ---------------------------------------------------------------- saving


class WorkbookConflict(WorkbookError):
    """Saving would overwrite a change made to the same part of the plan elsewhere."""


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


# Saving, loading and merging (the file) are in workbook_io.py, which imports the model
# above; they are imported here, at the end, so that its own imports find this module
# complete. Every name stays importable from here.
from .workbook_io import (  # noqa: E402
    Snapshot,
    load_snapshot,
    load_workbook,
    merge_workbooks,
    parse_workbook,
    save_merged,
    save_workbook,
    workbook_json,
)
