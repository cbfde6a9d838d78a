"""All-or-nothing: a file with any bad row writes nothing and reports every bad cell with its
spreadsheet row number (header = row 1), column key, the cell's text and a message."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from liandong.chains.models import EnterprisePosition
from liandong.core.errors import ApplicationError
from liandong.engines.uscc import CHARSET
from liandong.enterprises.models import Enterprise, Park, Qualification
from tests.enterprises.imports_helpers import errors_by_row, run_import, write_kind
from tests.factories import make_admin, make_enterprise, make_uscc

pytestmark = pytest.mark.django_db


def wrong_check(code: str) -> tuple[str, str]:
    """The code with a wrong check character, and the right one."""
    other = CHARSET[(CHARSET.index(code[-1]) + 1) % len(CHARSET)]
    return code[:-1] + other, code[-1]


BAD_CHARSET = "911201110O0000000X"  # O at position 10 is outside the GB 32100 character set


def db_state() -> dict[str, int]:
    return {"enterprises": Enterprise.objects.count(), "parks": Park.objects.count(),
            "log": LogEntry.objects.count(), "qualifications": Qualification.objects.count(),
            "positions": EnterprisePosition.objects.count()}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_wrong_check_character_is_reported_and_nothing_written(tmp_path, fmt):
    bad, expected = wrong_check(make_uscc())
    rows = [{"uscc": make_uscc(), "name": "甲公司", "park": "新园区", "create_park": "是"},
            {"uscc": bad, "name": "乙公司"},
            {"uscc": make_uscc(), "name": "丙公司"}]
    admin = make_admin()
    before = db_state()
    result = run_import(admin, "enterprises", write_kind(tmp_path / f"e.{fmt}", "enterprises", rows))
    assert not result.ok
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error["row"], error["column"], error["value"]) == (3, "uscc", bad)
    assert expected in error["message"]
    assert db_state() == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_bad_last_row_after_many_good_rows_writes_nothing(tmp_path, fmt):
    rows = [{"uscc": make_uscc(), "name": f"好公司{i}", "registered_capital": i, "park": f"园区{i % 3}",
             "create_park": "是"} for i in range(60)]
    rows.append({"uscc": make_uscc(), "name": "坏公司", "employees": "一百"})
    admin = make_admin()
    before = db_state()
    result = run_import(admin, "enterprises", write_kind(tmp_path / f"e.{fmt}", "enterprises", rows))
    assert not result.ok
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [(62, "employees", "一百")]
    assert result.created == 0
    assert db_state() == before


def test_every_bad_row_and_cell_is_reported(tmp_path):
    rows = [
        {"uscc": make_uscc(), "name": "好公司甲"},                                   # row 2 fine
        {"uscc": make_uscc(), "name": "公司乙", "established": "2015-13-40"},        # row 3 bad date
        {"uscc": make_uscc(), "name": "好公司丙"},                                   # row 4 fine
        {"uscc": make_uscc(), "name": "公司丁", "above_scale": "也许", "employees": "-5"},  # row 5: two bad cells
        {"uscc": make_uscc()},                                                       # row 6 name missing
        {"uscc": BAD_CHARSET, "name": "公司己"},                                     # row 7 charset
        {"uscc": "9112011", "name": "公司庚"},                                       # row 8 length
        {"uscc": make_uscc(), "name": "公司辛", "industry_code": "9999"},            # row 9 unknown industry
    ]
    admin = make_admin()
    before = db_state()
    result = run_import(admin, "enterprises", write_kind(tmp_path / "e.xlsx", "enterprises", rows))
    assert not result.ok
    found = {(e["row"], e["column"]) for e in result.errors}
    assert found == {(3, "established"), (5, "above_scale"), (5, "employees"), (6, "name"), (7, "uscc"),
                     (8, "uscc"), (9, "industry_code")}
    assert [e["row"] for e in result.errors] == sorted(e["row"] for e in result.errors)
    by_row = errors_by_row(result)
    assert by_row[3][0]["value"] == "2015-13-40"
    assert by_row[7][0]["value"] == BAD_CHARSET
    assert "10" in by_row[7][0]["message"]  # names the position of the bad character (O)
    assert all(e["message"] for e in result.errors)
    assert db_state() == before


def test_blank_rows_in_excel_keep_row_numbers(tmp_path):
    rows = [{"uscc": make_uscc(), "name": "甲"}, {}, {}, {"uscc": make_uscc(), "name": "乙", "employees": "x"}]
    result = run_import(make_admin(), "enterprises", write_kind(tmp_path / "e.xlsx", "enterprises", rows))
    assert [(e["row"], e["column"]) for e in result.errors] == [(5, "employees")]
    assert result.rows == 2


def test_missing_required_column_is_reported_on_the_header_row(tmp_path):
    path = write_kind(tmp_path / "q.csv", "qualifications", [{"uscc": make_enterprise().uscc, "level": "国家级"}])
    result = run_import(make_admin(), "qualifications", path)
    assert not result.ok
    assert [(e["row"], e["column"]) for e in result.errors] == [(1, "qualification")]
    assert "资质名称" in result.errors[0]["message"]
    assert Qualification.objects.count() == 0


def test_duplicate_key_within_a_file_is_reported_on_the_later_row(tmp_path):
    code = make_uscc()
    rows = [{"uscc": code, "name": "甲"}, {"uscc": make_uscc(), "name": "乙"},
            {"uscc": code.lower(), "name": "甲（重复）"}]
    admin = make_admin()
    before = db_state()
    result = run_import(admin, "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows))
    assert not result.ok
    assert [(e["row"], e["column"]) for e in result.errors] == [(4, "uscc")]
    assert "2" in result.errors[0]["message"]  # names the first row with that key
    assert db_state() == before


def test_duplicate_resolved_key_written_two_ways_is_reported(tmp_path):
    """集成电路/芯片设计 and ic/ic.mid.design are the same position: a duplicate, not a crash."""
    e = make_enterprise()
    rows = [{"uscc": e.uscc, "chain": "集成电路", "node": "芯片设计"},
            {"uscc": e.uscc, "chain": "ic", "node": "ic.mid.design", "role": "核心"}]
    result = run_import(make_admin(), "chain-links", write_kind(tmp_path / "c.csv", "chain-links", rows))
    assert not result.ok
    assert [e["row"] for e in result.errors] == [3]
    assert EnterprisePosition.objects.count() == 0


def test_duplicate_qualification_by_alias_is_reported(tmp_path):
    e = make_enterprise()
    rows = [{"uscc": e.uscc, "qualification": "国家高新技术企业"}, {"uscc": e.uscc, "qualification": "高企"}]
    result = run_import(make_admin(), "qualifications", write_kind(tmp_path / "q.csv", "qualifications", rows))
    assert not result.ok
    assert [e["row"] for e in result.errors] == [3]
    assert Qualification.objects.count() == 0


def test_unknown_kind_and_file_type_are_refused(tmp_path):
    admin = make_admin()
    with pytest.raises(ApplicationError):
        run_import(admin, "people", write_kind(tmp_path / "e.csv", "enterprises", [{"uscc": make_uscc()}]))
    txt = tmp_path / "e.txt"
    txt.write_text("uscc,name\n")
    with pytest.raises(ApplicationError) as info:
        run_import(admin, "enterprises", txt)
    assert ".txt" in info.value.message


def test_unknown_enterprise_in_dependent_kinds(tmp_path):
    missing = make_uscc()
    result = run_import(make_admin(), "qualifications", write_kind(
        tmp_path / "q.csv", "qualifications", [{"uscc": missing, "qualification": "雏鹰企业"}]))
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [(2, "uscc", missing)]


def test_qualification_not_in_catalogue_and_bad_level(tmp_path):
    e = make_enterprise()
    rows = [{"uscc": e.uscc, "qualification": "五星企业"},
            {"uscc": e.uscc, "qualification": "雏鹰企业", "level": "宇宙级"},
            {"uscc": e.uscc, "qualification": "瞪羚企业", "granted": "2024-05-01", "expires": "2023-05-01"}]
    result = run_import(make_admin(), "qualifications", write_kind(tmp_path / "q.csv", "qualifications", rows))
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "qualification"), (3, "level"), (4, "expires")]
    assert Qualification.objects.count() == 0


def test_text_longer_than_the_field_is_a_row_error(tmp_path):
    """SQLite would store it, PostgreSQL would fail at write time: both must report the row."""
    rows = [{"uscc": make_uscc(), "name": "甲" * 201}, {"uscc": make_uscc(), "name": "乙"},
            {"uscc": make_uscc(), "name": "丙", "park": "园" * 101}]
    admin = make_admin()
    before = db_state()
    result = run_import(admin, "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows))
    assert not result.ok
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "name"), (4, "park")]
    assert db_state() == before


def test_long_text_in_dependent_kinds_is_a_row_error(tmp_path):
    e = make_enterprise()
    result = run_import(make_admin(), "qualifications", write_kind(tmp_path / "q.csv", "qualifications", [
        {"uscc": e.uscc, "qualification": "雏鹰企业", "certificate_no": "G" * 61}]))
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "certificate_no")]
    result = run_import(make_admin(), "chain-links", write_kind(tmp_path / "c.csv", "chain-links", [
        {"uscc": e.uscc, "chain": "ic", "products": "品" * 301}]))
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "products")]
    assert Qualification.objects.count() == EnterprisePosition.objects.count() == 0


@pytest.mark.parametrize("column, value", [("employees", "99999999999"), ("registered_capital", "1e20")])
def test_numbers_too_large_for_the_database_are_row_errors(tmp_path, column, value):
    rows = [{"uscc": make_uscc(), "name": "甲", column: value}]
    result = run_import(make_admin(), "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows))
    assert not result.ok
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [(2, column, value)]
    assert Enterprise.objects.count() == 0


# --- parks: never created from a typo (#13 item 16) ------------------------------------------------
def test_unknown_park_is_refused_and_the_registered_name_suggested(tmp_path):
    Park.objects.create(name="学府工业园区")
    rows = [{"uscc": make_uscc(), "name": "甲", "park": "学府工业园"}, {"uscc": make_uscc(), "name": "乙", "park": "火星园区"}]
    admin = make_admin()
    before = db_state()
    result = run_import(admin, "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows))
    assert not result.ok
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [(2, "park", "学府工业园"), (3, "park", "火星园区")]
    assert "学府工业园区" in result.errors[0]["message"]  # did you mean …
    assert all("新建园区" in e["message"] for e in result.errors)  # … or say so explicitly
    assert db_state() == before


def test_a_new_park_is_created_only_when_the_file_says_so(tmp_path):
    Park.objects.create(name="学府工业园区", short_name="学府园")
    rows = [{"uscc": make_uscc(), "name": "甲", "park": "海泰园区", "create_park": "是"},
            {"uscc": make_uscc(), "name": "乙", "park": "学府园", "create_park": "是"},  # registered: used as is
            {"uscc": make_uscc(), "name": "丙", "park": "学府工业园区"}]
    result = run_import(make_admin(), "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows))
    assert result.ok, result.errors
    assert result.notes.get("parks_created") == 1
    assert sorted(Park.objects.values_list("name", flat=True)) == ["学府工业园区", "海泰园区"]
    assert Enterprise.objects.filter(park__name="学府工业园区").count() == 2


def test_only_the_district_admin_creates_parks(tmp_path):
    from tests.factories import make_chain_officer

    rows = [{"uscc": make_uscc(), "name": "甲", "park": "海泰园区", "create_park": "是"}]
    result = run_import(make_chain_officer(), "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows))
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "create_park")]
    assert not Park.objects.exists()


# --- every error of every row (#13 item 16) ---------------------------------------------------------
def test_cross_row_and_reference_errors_are_reported_on_rows_with_other_errors(tmp_path):
    Park.objects.create(name="学府工业园区")
    code = make_uscc()
    rows = [
        {"uscc": code, "name": "甲", "employees": "一百", "industry_code": "9999"},           # row 2: cell + reference
        {"uscc": code, "name": "甲（重复）", "established": "2015-13-40"},                    # row 3: cell + duplicate
        {"uscc": make_uscc(), "name": "丙", "industry_code": "0000", "park": "火星园区"},      # row 4: two references
        {"uscc": make_uscc(), "above_scale": "也许", "park": "学府工业园"},                   # row 5: required + cell + park
    ]
    admin = make_admin()
    before = db_state()
    result = run_import(admin, "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows))
    assert not result.ok
    assert sorted((e["row"], e["column"]) for e in result.errors) == [
        (2, "employees"), (2, "industry_code"), (3, "established"), (3, "uscc"), (4, "industry_code"), (4, "park"),
        (5, "above_scale"), (5, "name"), (5, "park")]
    assert db_state() == before


def test_every_error_of_a_dependent_row_is_reported(tmp_path):
    e = make_enterprise()
    missing = make_uscc()
    rows = [{"uscc": missing, "qualification": "五星企业", "level": "宇宙级", "granted": "2024-13-01"},
            {"uscc": e.uscc, "qualification": "雏鹰企业", "level": "宇宙级", "granted": "2024-05-01",
             "expires": "2023-05-01"}]
    result = run_import(make_admin(), "qualifications", write_kind(tmp_path / "q.csv", "qualifications", rows))
    assert sorted((e["row"], e["column"]) for e in result.errors) == [
        (2, "granted"), (2, "level"), (2, "qualification"), (2, "uscc"), (3, "expires"), (3, "level")]
    links = [{"uscc": missing, "chain": "ic", "node": "没有这个环节", "role": "老大"},
             {"uscc": e.uscc, "chain": "火星链", "role": "老大"}]
    result = run_import(make_admin(), "chain-links", write_kind(tmp_path / "c.csv", "chain-links", links))
    assert sorted((e["row"], e["column"]) for e in result.errors) == [
        (2, "node"), (2, "role"), (2, "uscc"), (3, "chain"), (3, "role")]
    supply = [{"supplier_uscc": missing, "customer_uscc": make_uscc(), "year": "二〇二三", "product": "芯片"}]
    result = run_import(make_admin(), "supply-relations", write_kind(tmp_path / "s.csv", "supply-relations", supply))
    assert sorted((e["row"], e["column"]) for e in result.errors) == [
        (2, "customer_uscc"), (2, "supplier_uscc"), (2, "year")]
    assert Qualification.objects.count() == EnterprisePosition.objects.count() == 0
