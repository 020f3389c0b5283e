"""Load the structured case data that ships with the course.

The data travel inside the package, so the loader works wherever ``alliancelab`` is
installed: a copy of the course, a virtual environment with only the wheel, or the
browser's Python (JupyterLite). Each case is a folder ``data/cases/<name>/`` of the
package, read with :mod:`importlib.resources`: a ``case.yaml`` (title, focal firm,
summary, sources) and one CSV file per table: alliances, resources, needs, timeline,
risks, outcomes and scorecards. Every row carries a ``source`` column holding a key of
``book/references.bib`` (or ``assumption`` for a teaching judgement such as a risk
rating). This module is the one loader that chapters, notebooks and exercises use;
nothing else parses the files. The narratives and analysis notebooks of the cases stay
in the course's ``cases/`` folder, for the book.

The facts come from the course's source articles, chiefly Hoang and Rothaermel,
"How to Manage Alliances Strategically" (``HoangRothaermel2016``).

Examples
--------
>>> list_cases()
['biotech', 'lego', 'tesla']
>>> load_case("tesla").title
'Tesla: allying with incumbents'
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
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


#: Where a folder of cases may come from: the packaged one, or a folder on disk (tests).
CasesFolder = Traversable | os.PathLike[str] | str


def cases_root() -> Traversable:
    """Return the folder of case data inside the installed package.

    Examples
    --------
    >>> root = cases_root()
    >>> root.name
    'cases'
    >>> (root / "tesla" / "case.yaml").is_file()
    True
    """
    return resources.files("alliancelab") / "data" / "cases"


def _folder(root: CasesFolder | None) -> Traversable:
    if root is None:
        return cases_root()
    if isinstance(root, Traversable):
        return root
    return Path(root)


def list_cases(root: CasesFolder | None = None) -> list[str]:
    """Return the names of the cases that have data, sorted.

    Parameters
    ----------
    root : Traversable or path, optional
        A folder holding one sub-folder per case; defaults to :func:`cases_root`.

    Examples
    --------
    >>> "biotech" in list_cases()
    True
    """
    folder = _folder(root)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "case.yaml").is_file())


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


def _read_table(folder: Traversable, table: str) -> pd.DataFrame:
    path = folder / f"{table}.csv"
    columns = CASE_TABLES[table]
    if not path.is_file():
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    text = path.read_text(encoding="utf-8")
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
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


def load_case(name: str, root: CasesFolder | None = None) -> Case:
    """Load one case by name.

    Parameters
    ----------
    name : str
        The case folder name, one of :func:`list_cases`.
    root : Traversable or path, optional
        The folder holding the cases (one sub-folder each, with ``case.yaml`` and the
        CSV tables); defaults to :func:`cases_root`, the data shipped in the package.

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
    cases = _folder(root)
    name = check_text("case", name).lower()
    check_choice("case", name, list_cases(cases))
    folder = cases / name
    meta = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8")) or {}
    tables = {t: _read_table(folder, t) for t in CASE_TABLES}
    return Case(name=name, meta=meta, **tables)
