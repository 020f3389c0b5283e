"""The learner's workbook: one alliance plan, carried across every exercise.

A workbook holds the plan an incubator tenant builds for their own venture: the
venture and its strategy, candidate partners and their scorecards, the resource
map, the risk register, the governance choice and time horizon, the alliance
charter (objectives, scope, governance, key deliverables, dispute resolution,
review cadence, after the charter advice of ``AlliancesOverview``), the exit
triggers negotiated up front (``HoangRothaermel2016``), the portfolio and the
capability profile.

It is saved as schema-versioned JSON. Saving is atomic (a temporary file in the
same folder, flushed to disk, then renamed over the old one), so a crash never
leaves half a file. Loading validates everything; a corrupt, foreign or newer
file raises :class:`WorkbookError` with a clear message and is left untouched.
The plan exports as a Markdown or HTML document with every piece of the learner's
text escaped.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from ._validate import check_text
from .capability import CapabilityProfile, assess_capability
from .governance import GovernanceFactors, recommend_governance
from .lifecycle import EXIT_SIGNALS, MISMATCH_DIMENSIONS, ExitTrigger, check_triggers, health_check
from .portfolio import Alliance
from .resources import ResourceMap, analyse
from .risks import RISK_TABLE_COLUMNS, RiskRegister, risk_table
from .scorecard import Criterion, Scorecard, default_criteria, rank_candidates

__all__ = [
    "CHARTER_FIELDS",
    "DEFAULT_FILENAME",
    "FORMAT",
    "SCHEMA_VERSION",
    "Charter",
    "HealthRecord",
    "Venture",
    "Workbook",
    "WorkbookError",
    "example_workbook",
    "export_plan",
    "load_workbook",
    "save_workbook",
    "to_html",
    "to_markdown",
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

_MAX_TEXT = 4000


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
        Metric name (as used by the exit triggers) to the value observed.
    signals : tuple of str
        The exit signals present, from :data:`alliancelab.lifecycle.EXIT_SIGNALS`.
    mismatches : Mapping[str, int]
        Each of :data:`alliancelab.lifecycle.MISMATCH_DIMENSIONS` rated 1 (aligned) to
        5 (far apart).

    Examples
    --------
    >>> HealthRecord({"months late": 2}, ("lack of reciprocity",), {"speed": 4}).signals
    ('lack of reciprocity',)
    >>> HealthRecord(signals=("boredom",))
    Traceback (most recent call last):
    ...
    ValueError: exit signal must be one of ...; got 'boredom'
    """

    observations: Mapping[str, float] = field(default_factory=dict)
    signals: tuple[str, ...] = ()
    mismatches: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from ._validate import check_choice, check_int_range, check_number

        obs = {
            check_text("observed metric", k, max_len=200): check_number(f"observed {k!r}", v)
            for k, v in dict(self.observations).items()
        }
        names = [s.name for s in EXIT_SIGNALS]
        signals = tuple(dict.fromkeys(check_choice("exit signal", s, names) for s in self.signals))
        mism = {
            check_choice("mismatch", k, list(MISMATCH_DIMENSIONS)): check_int_range(
                f"mismatch of {k}", v
            )
            for k, v in dict(self.mismatches).items()
        }
        object.__setattr__(self, "observations", obs)
        object.__setattr__(self, "signals", signals)
        object.__setattr__(self, "mismatches", mism)

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
    reflections: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.venture, Venture):
            raise TypeError(f"venture must be a Venture, got {type(self.venture).__name__}")
        for name in ("criteria", "scorecards", "exit_triggers", "portfolio"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(
            self,
            "governance_choice",
            check_text("governance_choice", self.governance_choice, allow_empty=True),
        )
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
        return cls(**kwargs)


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
    renamed over ``path``, so the old file survives any failure.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> p = save_workbook(Workbook(Venture("Brightcell")), folder / "plan.json")
    >>> load_workbook(p).venture.name
    'Brightcell'
    """
    text = workbook_json(workbook)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_workbook(path: str | os.PathLike[str]) -> Workbook:
    """Read and validate a workbook file; never modifies the file.

    Raises
    ------
    WorkbookError
        With a message that names the file and the problem: missing, not JSON,
        not a workbook, a newer schema, or an invalid section.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorkbookError(f"no workbook at {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookError(f"cannot read {path.name}: {exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkbookError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}); "
            "the file was left untouched"
        ) from None
    try:
        return Workbook.from_dict(doc)
    except WorkbookError as exc:
        raise WorkbookError(f"{path.name}: {exc}") from None


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


# ---------------------------------------------------------------- export

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def _md(text: str) -> str:
    """Escape learner text for Markdown: HTML first, then Markdown punctuation."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def _plan_blocks(wb: Workbook) -> list[tuple[str, list[Any]]]:
    """Return the plan as (heading, blocks); a block is text or a table (headers, rows)."""
    sections: list[tuple[str, list[Any]]] = []
    v = wb.venture
    sections.append(
        (
            "Venture",
            [
                (
                    "kv",
                    [
                        ("Venture", v.name),
                        ("What it does", v.description),
                        ("Strategy", v.strategy),
                        ("Goal of the alliance", v.alliance_goal),
                    ],
                )
            ],
        )
    )
    blocks: list[Any] = []
    if wb.scorecards:
        ranking = rank_candidates(list(wb.scorecards), list(wb.criteria))
        cols = [c.name for c in wb.criteria]
        headers = ["Rank", "Candidate", *cols, "Weighted total", "Weak link"]
        rows = [
            [
                str(r["rank"]),
                str(r["candidate"]),
                *[str(r[c]) for c in cols],
                f"{r['weighted_total']:.2f}",
                "yes" if r["weak_link"] else "no",
            ]
            for _, r in ranking.iterrows()
        ]
        blocks.append(("table", headers, rows))
        for sc in wb.scorecards:
            notes = [f"{name}: {s.rationale}" for name, s in sc.scores.items() if s.rationale]
            if notes:
                blocks.append(("list", f"Why {sc.candidate} scored as it did", notes))
    else:
        blocks.append(("text", "Not filled in yet (exercise 1)."))
    sections.append(("Partner scorecard", blocks))

    if wb.resource_map is not None:
        table = analyse(wb.resource_map)
        headers = [str(c) for c in table.columns]
        rows = [[_cell(x) for x in row] for row in table.itertuples(index=False)]
        sections.append(("Resource map", [("table", headers, rows)]))
    else:
        sections.append(("Resource map", [("text", "Not filled in yet (exercise 2).")]))

    if wb.risk_register is not None:
        table = risk_table(wb.risk_register)
        keep = [c for c in RISK_TABLE_COLUMNS if c != "assessment" and c in table.columns]
        rows = [[_cell(x) for x in row] for row in table[keep].itertuples(index=False)]
        sections.append(("Risk register", [("table", keep, rows)]))
    else:
        sections.append(("Risk register", [("text", "Not filled in yet (exercise 3).")]))

    gov: list[Any] = []
    if wb.governance_factors is not None:
        rec = recommend_governance(wb.governance_factors)
        gov.append(("text", f"Recommended mode: {rec.mode.name}."))
        gov.append(("list", "Why", list(rec.reasons)))
    gov.append(
        (
            "kv",
            [("Chosen governance mode", wb.governance_choice), ("Time horizon", wb.time_horizon)],
        )
    )
    sections.append(("Governance and time horizon", gov))

    c = wb.charter
    sections.append(
        (
            "Alliance charter",
            [
                (
                    "kv",
                    [
                        ("Objectives", c.objectives),
                        ("Scope", c.scope),
                        ("Governance", c.governance),
                        ("Key deliverables", c.deliverables),
                        ("Dispute resolution", c.dispute_resolution),
                        ("Review cadence", c.review_cadence),
                    ],
                )
            ],
        )
    )
    if wb.exit_triggers:
        headers = ["Trigger", "Metric", "Condition", "Action"]
        rows = [
            [t.name, t.metric, f"{t.comparison} {t.threshold:g}", t.action]
            for t in wb.exit_triggers
        ]
        sections.append(("Exit triggers", [("table", headers, rows)]))
    else:
        sections.append(("Exit triggers", [("text", "Not filled in yet (exercise 4).")]))

    if wb.health is not None:
        check = health_check(
            wb.health.signals,
            wb.health.mismatches,
            fired_triggers=_fired(wb.exit_triggers, wb.health.observations),
        )
        blocks = [("kv", [("Verdict", check.verdict)]), ("list", "Why", list(check.reasons))]
        blocks.append(("list", "Next steps", list(check.next_steps)))
        sections.append(("Health check", blocks))
    else:
        sections.append(("Health check", [("text", "Not filled in yet (exercise 5).")]))

    if wb.portfolio:
        headers = ["Partner", "Purpose", "Direction", "Governance", "Brings"]
        rows = [
            [a.partner, a.purpose, a.direction, a.governance_mode, ", ".join(a.resources)]
            for a in wb.portfolio
        ]
        sections.append(("Alliance portfolio", [("table", headers, rows)]))
    else:
        sections.append(("Alliance portfolio", [("text", "Not filled in yet (exercise 6).")]))

    if wb.capability is not None:
        cap = assess_capability(wb.capability)
        sections.append(
            (
                "Alliance capability",
                [("kv", [("Where you stand", cap.stage), ("Next step", cap.next_step)])],
            )
        )
    else:
        sections.append(("Alliance capability", [("text", "Not filled in yet (exercise 7).")]))
    if wb.reflections:
        sections.append(("Reflections", [("kv", list(wb.reflections.items()))]))
    return sections


def _fired(triggers: tuple[ExitTrigger, ...], observations: Mapping[str, float]) -> int:
    if not triggers:
        return 0
    return int(check_triggers(triggers, observations)["fired"].sum())


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_markdown(workbook: Workbook) -> str:
    """Return the plan as a Markdown document; the learner's text is escaped.

    Examples
    --------
    >>> md = to_markdown(Workbook(Venture("<b>Bold</b> Co")))
    >>> "&lt;b&gt;" in md and "<b>" not in md
    True
    """
    out = [f"# Alliance plan: {_md(workbook.venture.name)}", ""]
    for heading, blocks in _plan_blocks(workbook):
        out += [f"## {heading}", ""]
        for block in blocks:
            kind = block[0]
            if kind == "text":
                out += [_md(block[1]), ""]
            elif kind == "kv":
                for key, value in block[1]:
                    out.append(f"- **{_md(key)}:** {_md(value) if value else '_(empty)_'}")
                out.append("")
            elif kind == "list":
                out += [f"**{_md(block[1])}**", ""] + [f"- {_md(x)}" for x in block[2]] + [""]
            elif kind == "table":
                headers, rows = block[1], block[2]
                out.append("| " + " | ".join(_md(h) for h in headers) + " |")
                out.append("|" + "---|" * len(headers))
                out += ["| " + " | ".join(_md(x) for x in row) + " |" for row in rows]
                out.append("")
    return "\n".join(out).rstrip() + "\n"


_HTML_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1a1a1a}
table{border-collapse:collapse;margin:0.5rem 0 1rem}
th,td{border:1px solid #999;padding:0.3rem 0.6rem;text-align:left;vertical-align:top}
th{background:#eef3f8}
dt{font-weight:bold}dd{margin:0 0 0.5rem 1rem;white-space:pre-wrap}
@media print{body{margin:0}h2{page-break-after:avoid}}
"""


def to_html(workbook: Workbook) -> str:
    """Return the plan as a self-contained HTML page; the learner's text is escaped.

    Examples
    --------
    >>> page = to_html(Workbook(Venture("<script>alert(1)</script>")))
    >>> "<script>" in page
    False
    """
    e = html.escape
    title = f"Alliance plan: {e(workbook.venture.name)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{_HTML_STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
    ]
    for heading, blocks in _plan_blocks(workbook):
        out.append(f"<h2>{e(heading)}</h2>")
        for block in blocks:
            kind = block[0]
            if kind == "text":
                out.append(f"<p>{e(block[1])}</p>")
            elif kind == "kv":
                out.append("<dl>")
                for key, value in block[1]:
                    shown = e(value) if value else "<em>(empty)</em>"
                    out.append(f"<dt>{e(key)}</dt><dd>{shown}</dd>")
                out.append("</dl>")
            elif kind == "list":
                items = "".join(f"<li>{e(x)}</li>" for x in block[2])
                out.append(f"<p><strong>{e(block[1])}</strong></p><ul>{items}</ul>")
            elif kind == "table":
                head = "".join(f'<th scope="col">{e(h)}</th>' for h in block[1])
                body = "".join(
                    "<tr>" + "".join(f"<td>{e(x)}</td>" for x in row) + "</tr>" for row in block[2]
                )
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def export_plan(workbook: Workbook, stem: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write the plan as ``<stem>.md`` and ``<stem>.html`` (atomically) and return both paths."""
    stem = Path(stem)
    written = []
    for suffix, text in ((".md", to_markdown(workbook)), (".html", to_html(workbook))):
        path = stem.with_name(stem.name + suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
        written.append(path)
    return written[0], written[1]
