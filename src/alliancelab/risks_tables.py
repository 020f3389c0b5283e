"""Risk registers as tables (:mod:`alliancelab.risks`): read from a case, rated, compared.

- :func:`~alliancelab.risks.register_from_table` builds a register from a case's long
  ``risks`` table;
- :func:`~alliancelab.risks.risk_table` lists the risks rated at one assessment (columns
  :data:`~alliancelab.risks.RISK_TABLE_COLUMNS`), most severe first, filterable by class;
- :func:`~alliancelab.risks.compare_assessments` shows what changed between two
  assessments (columns :data:`~alliancelab.risks.COMPARE_COLUMNS`);
- :func:`~alliancelab.risks.risk_matrix_counts` counts the risks in each cell of the 5 x 5
  matrix, vectorised, for a register or any table with ``likelihood`` and ``impact``
  columns.

The figure drawn from them is in :mod:`alliancelab.risks_plots`. Every name here is also
importable from :mod:`alliancelab.risks`, and documented there.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._validate import check_choice, check_int_range, check_text
from .risks import (
    _MAX_TEXT,
    COMPARE_COLUMNS,
    RISK_CLASSES,
    RISK_TABLE_COLUMNS,
    Risk,
    RiskRegister,
    _norm_name,
    standard_register,  # noqa: F401 (the examples use it)
)
from .risks_rating import _BAND_NAMES, _BAND_STARTS

__all__ = [
    "compare_assessments",
    "register_from_table",
    "risk_matrix_counts",
    "risk_table",
]


def _blank(value: Any) -> bool:
    """Return True for a missing table cell (None, NaN, pandas NA or only spaces)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def register_from_table(table: pd.DataFrame, alliance_id: str | None = None) -> RiskRegister:
    """Build a register from a case's long ``risks`` table (one row per risk and assessment).

    Parameters
    ----------
    table : DataFrame
        Needs the columns ``risk``, ``risk_class``, ``assessment``, ``likelihood`` and
        ``impact``; ``owner``, ``mitigation``, ``description`` and ``alliance_id`` are used
        when present. Risks and assessments keep the order in which they first appear; a
        risk's owner and mitigation are taken from its first row that gives one. A row
        whose assessment, likelihood and impact are all blank lists an unrated risk.
    alliance_id : str, optional
        Keep only this alliance's rows. Without it, every row must belong to the same
        alliance (or the table must have no ``alliance_id`` column).

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "alliance_id": ["a", "a", "b"], "risk": ["coordination"] * 3,
    ...     "risk_class": ["both"] * 3, "assessment": ["before", "after", "before"],
    ...     "likelihood": [2, 4, 3], "impact": [3, 3, 3]})
    >>> reg = register_from_table(df, alliance_id="a")
    >>> reg.assessment_labels, reg.assessments["after"]["coordination"].likelihood
    (('before', 'after'), 4)
    >>> register_from_table(df)
    Traceback (most recent call last):
    ...
    ValueError: the risks table holds several alliances ('a', 'b'); pass alliance_id
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame, got {type(table).__name__}")
    for column in ("risk", "risk_class", "assessment", "likelihood", "impact"):
        if column not in table.columns:
            have = ", ".join(repr(str(c)) for c in table.columns)
            raise ValueError(f"the risks table needs a {column!r} column; it has {have}")
    if "alliance_id" in table.columns:
        ids = table["alliance_id"].astype(str).str.strip().str.lower()
        present = list(dict.fromkeys(ids))
        if alliance_id is None:
            if len(present) > 1:
                shown = ", ".join(repr(i) for i in present)
                raise ValueError(
                    f"the risks table holds several alliances ({shown}); pass alliance_id"
                )
        else:
            key = check_text("alliance_id", alliance_id).lower()
            if key not in present:
                shown = ", ".join(repr(i) for i in present) or "none"
                raise ValueError(f"alliance_id must be one of {shown}; got {alliance_id!r}")
            table = table[(ids == key).to_numpy()]
    elif alliance_id is not None:
        raise ValueError("alliance_id was given but the risks table has no 'alliance_id' column")

    risks: dict[str, dict[str, str]] = {}
    assessments: dict[str, dict[str, tuple[Any, Any]]] = {}
    for number, row in enumerate(table.to_dict("records"), start=1):
        where = f"row {number} of the risks table"
        name = _norm_name(f"risk in {where}", row["risk"])
        key = name.lower()
        risk_class = check_choice(f"risk_class in {where}", row["risk_class"], RISK_CLASSES)
        entry = risks.setdefault(key, {"name": name, "risk_class": risk_class})
        if entry["risk_class"] != risk_class:
            raise ValueError(
                f"risk {name!r} has class {entry['risk_class']!r} in one row and "
                f"{risk_class!r} in {where}; a risk has one class"
            )
        for column in ("owner", "mitigation", "description"):
            value = row.get(column)
            if not entry.get(column) and not _blank(value):
                entry[column] = check_text(f"{column} in {where}", str(value), max_len=_MAX_TEXT)
        blanks = [_blank(row[c]) for c in ("assessment", "likelihood", "impact")]
        if all(blanks):
            continue
        if any(blanks):
            missing = [
                c for c, b in zip(("assessment", "likelihood", "impact"), blanks, strict=True) if b
            ]
            raise ValueError(
                f"{where} gives a partial rating of {name!r}: {', '.join(missing)} missing"
            )
        label = " ".join(check_text(f"assessment in {where}", str(row["assessment"])).split())
        ratings = assessments.setdefault(label, {})
        if key in ratings:
            raise ValueError(f"risk {name!r} is rated twice in assessment {label!r} ({where})")
        likelihood = check_int_range(f"likelihood in {where}", row["likelihood"])
        impact = check_int_range(f"impact in {where}", row["impact"])
        ratings[key] = (likelihood, impact)
    built = tuple(Risk(**entry) for entry in risks.values())
    canonical = {r.name.lower(): r.name for r in built}
    return RiskRegister(
        built,
        {
            label: {canonical[k]: pair for k, pair in ratings.items()}
            for label, ratings in assessments.items()
        },
    )


# --------------------------------------------------------------------------- tables

# --------------------------------------------------------------------------- tables


def _bands(severity: np.ndarray) -> np.ndarray:
    """Vectorised :func:`severity_band` for an array already known to be in range."""
    return np.asarray(_BAND_NAMES, dtype=object)[
        np.searchsorted(_BAND_STARTS, severity, side="right")
    ]


def _check_register(register: Any) -> RiskRegister:
    if not isinstance(register, RiskRegister):
        raise TypeError(f"register must be a RiskRegister, got {type(register).__name__}")
    return register


def _label(register: RiskRegister, field_name: str, label: str | None) -> str | None:
    """Resolve an assessment label (any case); None means the latest, or None if none."""
    labels = register.assessment_labels
    if label is None:
        return labels[-1] if labels else None
    if not labels:
        raise ValueError(f"{field_name} {label!r} does not exist: the register has no assessments")
    return check_choice(field_name, label, labels)


def risk_table(
    register: RiskRegister, assessment: str | None = None, *, risk_class: str | None = None
) -> pd.DataFrame:
    """Return one row per risk rated at ``assessment``, most severe first.

    Parameters
    ----------
    register : RiskRegister
    assessment : str, optional
        The assessment label; defaults to the latest. Risks not rated at that assessment
        are left out (the table lists ratings, not the register).
    risk_class : {"relational", "performance", "both"}, optional
        Keep only risks of that class. Risks of class ``"both"`` are relational *and*
        performance risks, so they appear under either filter.

    Returns
    -------
    DataFrame
        Columns :data:`RISK_TABLE_COLUMNS`; ``severity`` is likelihood x impact and
        ``band`` its :func:`severity_band`. Sorted by severity (highest first), then name.
        Empty (with these columns) when nothing is rated.

    Examples
    --------
    >>> reg = (standard_register()
    ...        .assess("before", "coordination", 2, 3)
    ...        .assess("before", "partnering lock-in", 3, 4))
    >>> risk_table(reg)[["name", "risk_class", "severity", "band"]]
                     name  risk_class  severity    band
    0  partnering lock-in  relational        12    high
    1        coordination        both         6  medium
    >>> list(risk_table(reg, risk_class="performance")["name"])
    ['coordination']
    """
    reg = _check_register(register)
    label = _label(reg, "assessment", assessment)
    if risk_class is not None:
        risk_class = check_choice("risk_class", risk_class, RISK_CLASSES)
    ratings = reg.assessments[label] if label is not None else {}
    by_name = {r.name: r for r in reg.risks}
    names = list(ratings)
    risks = [by_name[n] for n in names]
    rated = list(ratings.values())
    if risk_class is not None:
        keep = (risk_class, "both") if risk_class != "both" else ("both",)
        picked = [i for i, r in enumerate(risks) if r.risk_class in keep]
        names = [names[i] for i in picked]
        risks = [risks[i] for i in picked]
        rated = [rated[i] for i in picked]
    n = len(names)
    likelihood = np.fromiter((x.likelihood for x in rated), dtype=np.int64, count=n)
    impact = np.fromiter((x.impact for x in rated), dtype=np.int64, count=n)
    severity = likelihood * impact
    order = np.lexsort((np.asarray(names, dtype=str), -severity)) if n else []
    frame = pd.DataFrame(
        {
            "name": names,
            "risk_class": [r.risk_class for r in risks],
            "likelihood": likelihood,
            "impact": impact,
            "severity": severity,
            "band": _bands(severity),
            "owner": [r.owner for r in risks],
            "mitigation": [r.mitigation for r in risks],
            "assessment": [label or ""] * n,
        },
        columns=list(RISK_TABLE_COLUMNS),
    )
    frame = frame.iloc[order].reset_index(drop=True)
    return frame.astype({"likelihood": "int64", "impact": "int64", "severity": "int64"})


def _int_column(table: pd.DataFrame, column: str) -> np.ndarray:
    """Return a likelihood/impact column as int64, checking every value is 1-5."""
    if column not in table.columns:
        have = ", ".join(repr(str(c)) for c in table.columns)
        raise ValueError(f"the table needs a {column!r} column; it has {have}")
    series = table[column]
    if series.dtype == bool or not (
        pd.api.types.is_numeric_dtype(series) or series.dtype == object
    ):
        raise TypeError(f"{column} must hold whole numbers from 1 to 5, got {series.dtype}")
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values) | (values != np.round(values)) | (values < 1) | (values > 5)
    if bad.any():
        at = int(np.argmax(bad))
        shown = series.iloc[at]
        shown = shown.item() if isinstance(shown, np.generic) else shown
        raise ValueError(
            f"{column} must be a whole number from 1 to 5, got {shown!r} in row {at + 1}"
        )
    return values.astype(np.int64)


def risk_matrix_counts(
    table: pd.DataFrame | RiskRegister, assessment: str | None = None
) -> pd.DataFrame:
    """Count the risks in each cell of the 5 x 5 likelihood x impact matrix.

    Vectorised (one :func:`numpy.bincount`), so it handles hundreds of thousands of rows.

    Parameters
    ----------
    table : DataFrame or RiskRegister
        Anything with ``likelihood`` and ``impact`` columns (a :func:`risk_table`, a
        case's risks table for one assessment, pooled ratings), or a register, in which
        case :func:`risk_table` of ``assessment`` is counted.
    assessment : str, optional
        Only used with a register.

    Returns
    -------
    DataFrame
        Index ``impact`` from 5 down to 1 (as the matrix reads, top to bottom), columns
        ``likelihood`` 1 to 5; each cell the number of risks rated there.

    Examples
    --------
    >>> df = pd.DataFrame({"likelihood": [1, 5, 5], "impact": [5, 5, 5]})
    >>> counts = risk_matrix_counts(df)
    >>> int(counts.loc[5, 5]), int(counts.loc[5, 1]), int(counts.to_numpy().sum())
    (2, 1, 3)
    """
    if isinstance(table, RiskRegister):
        table = risk_table(table, assessment)
    elif not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame or a RiskRegister, got {type(table).__name__}")
    likelihood = _int_column(table, "likelihood")
    impact = _int_column(table, "impact")
    cells = np.bincount((impact - 1) * 5 + (likelihood - 1), minlength=25).reshape(5, 5)
    scale = pd.Index(range(1, 6))
    return pd.DataFrame(
        cells[::-1],
        index=pd.Index(scale[::-1], name="impact"),
        columns=pd.Index(scale, name="likelihood"),
    )


def compare_assessments(register: RiskRegister, before: str, after: str) -> pd.DataFrame:
    """Show how each risk's rating changed from assessment ``before`` to ``after``.

    Parameters
    ----------
    register : RiskRegister
    before, after : str
        Assessment labels (any case).

    Returns
    -------
    DataFrame
        Columns :data:`COMPARE_COLUMNS`, one row per risk rated at either assessment, in
        register order. The rating columns and ``change`` (severity after minus before)
        are nullable integers: missing when the risk is not rated at that assessment.
        ``direction`` is ``"up"``, ``"down"``, ``"unchanged"``, ``"new"`` (rated only
        after) or ``"removed"`` (rated only before).

    Examples
    --------
    >>> reg = (standard_register()
    ...        .assess("before", "coordination", 2, 3).assess("after", "coordination", 4, 3)
    ...        .assess("after", "innovation", 2, 2))
    >>> compare_assessments(reg, "before", "after")[["name", "severity_before",
    ...                                              "severity_after", "change", "direction"]]
               name  severity_before  severity_after  change direction
    0  coordination                6              12       6        up
    1    innovation             <NA>               4    <NA>       new
    """
    reg = _check_register(register)
    first = _label(reg, "before", before)
    second = _label(reg, "after", after)
    a, b = reg.assessments[first], reg.assessments[second]
    rows = []
    for risk in reg.risks:
        x, y = a.get(risk.name), b.get(risk.name)
        if x is None and y is None:
            continue
        if x is None:
            direction = "new"
        elif y is None:
            direction = "removed"
        else:
            delta = y.severity - x.severity
            direction = "up" if delta > 0 else "down" if delta < 0 else "unchanged"
        rows.append(
            {
                "name": risk.name,
                "risk_class": risk.risk_class,
                "likelihood_before": x.likelihood if x else None,
                "impact_before": x.impact if x else None,
                "severity_before": x.severity if x else None,
                "likelihood_after": y.likelihood if y else None,
                "impact_after": y.impact if y else None,
                "severity_after": y.severity if y else None,
                "change": (y.severity - x.severity) if x and y else None,
                "direction": direction,
            }
        )
    frame = pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))
    numbers = [c for c in COMPARE_COLUMNS if c not in ("name", "risk_class", "direction")]
    return frame.astype(dict.fromkeys(numbers, "Int64"))
