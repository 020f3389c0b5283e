"""Load the structured case data that ships with the course.

Each case lives in ``cases/<name>/`` with a ``case.yaml`` (title, focal firm,
summary, sources) and CSV tables under ``data/``: alliances, resources, needs,
timeline, risks and outcomes. Every row carries a ``source`` column holding a key
of ``book/references.bib`` (or ``assumption`` for a teaching judgement such as a
risk rating). This module is the one loader that chapters, notebooks and exercises
use; nothing else parses the files.

The facts come from the course's source articles, chiefly Hoang and Rothaermel,
"How to Manage Alliances Strategically" (``HoangRothaermel2016``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ._validate import check_choice, check_text

__all__ = [
    "CASE_TABLES",
    "Case",
    "cases_root",
    "list_cases",
    "load_case",
]

#: The tables of a case and the columns each must have.
CASE_TABLES: dict[str, tuple[str, ...]] = {
    "alliances": (
        "alliance_id",
        "partner",
        "year_start",
        "year_end",
        "governance_mode",
        "purpose",
        "direction",
        "description",
        "source",
    ),
    "resources": ("alliance_id", "party", "category", "detail", "source"),
    "needs": ("alliance_id", "stage", "category", "detail", "source"),
    "timeline": ("year", "event", "alliance_id", "source"),
    "risks": (
        "alliance_id",
        "risk",
        "risk_class",
        "assessment",
        "likelihood",
        "impact",
        "owner",
        "mitigation",
        "source",
    ),
    "outcomes": ("alliance_id", "outcome", "value", "unit", "year", "source"),
    "scorecards": ("alliance_id", "partner", "criterion", "score", "rationale", "source"),
}


def cases_root() -> Path:
    """Return the folder that holds the cases.

    It is ``$ALLIANCELAB_CASES`` when set, else the ``cases/`` folder of the
    course repository this package was installed from.

    Examples
    --------
    >>> cases_root().name
    'cases'
    """
    env = os.environ.get("ALLIANCELAB_CASES")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "cases"
        if (candidate / "index.md").exists():
            return candidate
    raise FileNotFoundError(
        "cannot find the course's cases/ folder; set ALLIANCELAB_CASES to its path"
    )


def list_cases(root: Path | None = None) -> list[str]:
    """Return the names of the cases that have data, sorted.

    Examples
    --------
    >>> "biotech" in list_cases()
    True
    """
    root = Path(root) if root is not None else cases_root()
    return sorted(p.parent.name for p in root.glob("*/case.yaml"))


@dataclass(frozen=True, eq=False)
class Case:
    """One case: its metadata and its tables as DataFrames."""

    name: str
    meta: dict
    alliances: pd.DataFrame = field(repr=False)
    resources: pd.DataFrame = field(repr=False)
    needs: pd.DataFrame = field(repr=False)
    timeline: pd.DataFrame = field(repr=False)
    risks: pd.DataFrame = field(repr=False)
    outcomes: pd.DataFrame = field(repr=False)
    scorecards: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"Case({self.name!r}, title={self.meta.get('title')!r}, "
            f"{len(self.alliances)} alliances, {len(self.timeline)} events)"
        )

    @property
    def title(self) -> str:
        """The case title."""
        return str(self.meta.get("title", self.name))

    @property
    def sources(self) -> list[str]:
        """Every citation key used by any row of the case, sorted."""
        keys: set[str] = set()
        for table in CASE_TABLES:
            keys.update(getattr(self, table)["source"].dropna().astype(str))
        keys.discard("assumption")
        return sorted(keys)

    def alliance(self, alliance_id: str) -> pd.Series:
        """Return one alliance's row.

        Raises ``ValueError`` naming the allowed ids when ``alliance_id`` is unknown.
        """
        ids = list(self.alliances["alliance_id"])
        check_choice("alliance_id", alliance_id, ids)
        return self.alliances.set_index("alliance_id").loc[alliance_id.strip().lower()]


def _read_table(folder: Path, table: str) -> pd.DataFrame:
    path = folder / "data" / f"{table}.csv"
    columns = CASE_TABLES[table]
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{path.name} of case {folder.name!r} lacks columns {missing}")
    df = df[list(columns)].apply(lambda s: s.str.strip())
    empty_source = df["source"] == ""
    if empty_source.any():
        row = int(empty_source.idxmax()) + 2  # header is line 1
        raise ValueError(f"{path.name} of case {folder.name!r}: line {row} has no source")
    for col in ("likelihood", "impact", "score"):
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="raise").astype("int64")
    for col in ("year", "year_start", "year_end"):
        if col in df:
            df[col] = pd.to_numeric(df[col].replace("", None), errors="coerce").astype("Int64")
    if "value" in df:
        df["value"] = pd.to_numeric(df["value"], errors="coerce")
    return df


def load_case(name: str, root: Path | None = None) -> Case:
    """Load one case by name.

    Parameters
    ----------
    name : str
        The case folder name, one of :func:`list_cases`.
    root : Path, optional
        The folder holding the cases; defaults to :func:`cases_root`.

    Examples
    --------
    >>> biotech = load_case("biotech")
    >>> "aldermoor" in set(biotech.alliances["alliance_id"])
    True
    >>> load_case("nokia")
    Traceback (most recent call last):
    ...
    ValueError: case must be one of ...; got 'nokia'
    """
    root = Path(root) if root is not None else cases_root()
    name = check_text("case", name).lower()
    check_choice("case", name, list_cases(root))
    folder = root / name
    meta = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8")) or {}
    tables = {t: _read_table(folder, t) for t in CASE_TABLES}
    return Case(name=name, meta=meta, **tables)
