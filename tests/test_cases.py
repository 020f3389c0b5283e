"""Behaviour of the case-data loader."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from alliancelab.cases import CASE_TABLES, cases_root, list_cases, load_case


def _write_case(root: Path, name: str = "demo", **tables: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "case.yaml").write_text(f"name: {name}\ntitle: Demo case\n", encoding="utf-8")
    for table, text in tables.items():
        (folder / f"{table}.csv").write_text(text, encoding="utf-8")
    return root


ALLIANCES = (
    "alliance_id,partner,year_start,year_end,governance_mode,purpose,direction,description,source\n"
    "a1,BigCo,2010,,licensing,exploitation,downstream,A deal,Key2010\n"
)


def test_load_case_reads_tables_and_casts_years_and_ratings(tmp_path):
    root = _write_case(
        tmp_path,
        alliances=ALLIANCES,
        risks="alliance_id,risk,risk_class,assessment,likelihood,impact,owner,mitigation,source\n"
        "a1,coordination,both,before signing,3,4,CEO,Weekly call,assumption\n",
    )
    case = load_case("demo", root=root)
    assert case.title == "Demo case"
    assert case.alliances.loc[0, "year_start"] == 2010
    assert case.alliances["year_end"].isna().all()
    assert case.risks["likelihood"].dtype.kind == "i"
    assert case.risks.loc[0, "impact"] * case.risks.loc[0, "likelihood"] == 12


def test_missing_tables_load_as_empty_frames_with_the_schema_columns(tmp_path):
    case = load_case("demo", root=_write_case(tmp_path, alliances=ALLIANCES))
    assert case.timeline.empty
    assert tuple(case.timeline.columns) == CASE_TABLES["timeline"]


def test_sources_lists_citation_keys_but_not_assumptions(tmp_path):
    root = _write_case(
        tmp_path,
        alliances=ALLIANCES,
        timeline="year,event,alliance_id,source\n2011,Signed,a1,Other2011\n2012,Guess,a1,assumption\n",
    )
    assert load_case("demo", root=root).sources == ["Key2010", "Other2011"]


def test_row_without_source_is_rejected_with_its_line_number(tmp_path):
    bad = ALLIANCES + "a2,Other,2012,,licensing,exploitation,downstream,No source,\n"
    with pytest.raises(ValueError, match="line 3 has no source"):
        load_case("demo", root=_write_case(tmp_path, alliances=bad))


def test_table_missing_a_column_names_the_columns(tmp_path):
    root = _write_case(tmp_path, alliances="alliance_id,partner,source\na1,BigCo,K\n")
    with pytest.raises(ValueError, match="lacks columns"):
        load_case("demo", root=root)


def test_unknown_case_names_the_cases_that_exist(tmp_path):
    root = _write_case(tmp_path, alliances=ALLIANCES)
    with pytest.raises(ValueError, match="demo"):
        load_case("nokia", root=root)


def test_unknown_alliance_id_names_the_allowed_ids(tmp_path):
    case = load_case("demo", root=_write_case(tmp_path, alliances=ALLIANCES))
    assert case.alliance("a1")["partner"] == "BigCo"
    with pytest.raises(ValueError, match="a1"):
        case.alliance("zz")


@pytest.mark.parametrize("name", ["biotech", "tesla", "lego"])
def test_every_shipped_case_loads_and_cites_every_row(name):
    if name not in list_cases():
        pytest.skip(f"case {name} has no data yet")
    case = load_case(name)
    assert not case.alliances.empty
    for table in CASE_TABLES:
        frame = getattr(case, table)
        assert (frame["source"].str.len() > 0).all(), table


def test_the_cases_are_read_from_the_installed_package_not_from_a_course_checkout():
    root = cases_root()
    assert "alliancelab" in str(root) and "data" in str(root)
    assert list_cases() == ["biotech", "lego", "tesla"]
    for name in list_cases():
        assert (root / name / "case.yaml").is_file()
        assert (root / name / "alliances.csv").is_file()


def test_a_case_loads_from_a_folder_inside_a_zip_archive(tmp_path):
    # importlib.resources may hand out such folders (a zipped install): no file paths needed
    archive = tmp_path / "cases.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (cases_root() / "tesla").iterdir():
            zf.writestr(f"cases/tesla/{path.name}", path.read_bytes())
    root = zipfile.Path(archive, "cases/")
    assert list_cases(root) == ["tesla"]
    from_zip, packaged = load_case("tesla", root=root), load_case("tesla")
    assert from_zip.title == packaged.title
    for table in CASE_TABLES:
        assert getattr(from_zip, table).equals(getattr(packaged, table)), table
