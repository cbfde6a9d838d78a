"""Dry runs, re-imports and updates: re-importing the same rows never duplicates, changed cells
update (and raise Enterprise.version), empty cells keep what is stored."""

from __future__ import annotations

import datetime as dt

import pytest

from liandong.chains.models import SupplyRelation
from liandong.enterprises.models import Enterprise, MonthlyIndicator, Park, Qualification
from liandong.stats.models import OfficialTotal
from tests.enterprises.imports_helpers import run_import, write_kind
from tests.factories import make_admin, make_enterprise, make_uscc, wan

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    Park.objects.create(name="学府工业园区")  # parks are registered before files name them
    return make_admin()


def enterprise_rows(n: int) -> list[dict]:
    return [{"uscc": make_uscc(), "name": f"天津{i}号科技有限公司", "registered_capital": 100 + i,
             "park": "学府工业园区", "employees": 10 + i, "address": f"学府路{i}号"} for i in range(n)]


def test_dry_run_reports_counts_and_writes_nothing(tmp_path, admin):
    existing = make_enterprise(name="旧名称")
    rows = [*enterprise_rows(3), {"uscc": existing.uscc, "name": "新名称", "park": "海泰园区", "create_park": "是"}]
    result = run_import(admin, "enterprises", write_kind(tmp_path / "e.xlsx", "enterprises", rows), dry_run=True)
    assert result.ok and result.dry_run
    assert (result.created, result.updated, result.unchanged) == (3, 1, 0)
    assert Enterprise.objects.count() == 1
    assert not Park.objects.filter(name="海泰园区").exists()
    existing.refresh_from_db()
    assert (existing.name, existing.version) == ("旧名称", 1)


def test_dry_run_of_a_bad_file_reports_errors(tmp_path, admin):
    rows = [*enterprise_rows(2), {"uscc": make_uscc(), "name": "坏", "established": "昨天"}]
    result = run_import(admin, "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows), dry_run=True)
    assert not result.ok
    assert [(e["row"], e["column"]) for e in result.errors] == [(4, "established")]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_reimporting_the_same_file_changes_nothing(tmp_path, admin, fmt):
    path = write_kind(tmp_path / f"e.{fmt}", "enterprises", enterprise_rows(5))
    first = run_import(admin, "enterprises", path)
    assert (first.created, first.updated, first.unchanged) == (5, 0, 0)
    snapshot = list(Enterprise.objects.order_by("uscc").values_list("uscc", "version", "updated_at"))
    second = run_import(admin, "enterprises", path)
    assert second.ok
    assert (second.created, second.updated, second.unchanged) == (0, 0, 5)
    assert list(Enterprise.objects.order_by("uscc").values_list("uscc", "version", "updated_at")) == snapshot
    assert Park.objects.filter(name="学府工业园区").count() == 1


def test_changed_cells_update_and_raise_the_version(tmp_path, admin):
    rows = enterprise_rows(3)
    run_import(admin, "enterprises", write_kind(tmp_path / "a.csv", "enterprises", rows))
    rows[1] = {**rows[1], "name": "改名后的公司", "employees": 999, "registered_capital": "2500.5"}
    result = run_import(admin, "enterprises", write_kind(tmp_path / "b.csv", "enterprises", rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    changed = Enterprise.objects.get(uscc=rows[1]["uscc"])
    assert (changed.name, changed.employees, changed.registered_capital) == ("改名后的公司", 999, wan("2500.5"))
    assert changed.version == 2
    assert set(Enterprise.objects.exclude(pk=changed.pk).values_list("version", flat=True)) == {1}


def test_empty_cell_keeps_the_stored_value(tmp_path, admin):
    e = make_enterprise(address="学府路1号", employees=50, registered_capital=wan(300), above_scale=True)
    rows = [{"uscc": e.uscc, "name": e.name, "address": None, "employees": None, "registered_capital": None,
             "above_scale": None, "main_products": "传感器"}]
    result = run_import(admin, "enterprises", write_kind(tmp_path / "e.xlsx", "enterprises", rows))
    assert result.updated == 1
    e.refresh_from_db()
    assert (e.address, e.employees, e.registered_capital, e.above_scale) == ("学府路1号", 50, wan(300), True)
    assert e.main_products == "传感器"


def test_amounts_in_wan_are_stored_in_yuan(tmp_path, admin):
    e = make_enterprise()
    rows = [{"uscc": e.uscc, "period": "2024-01", "value_added": "1,234.5678", "profit": "-0.01",
             "revenue": "０.５"}]
    assert run_import(admin, "indicators", write_kind(tmp_path / "i.csv", "indicators", rows)).ok
    row = MonthlyIndicator.objects.get(enterprise=e)
    assert row.value_added == wan("1234.5678")
    assert row.profit == wan("-0.01")
    assert row.revenue == wan("0.5")


def test_indicators_reimport_updates_in_place(tmp_path, admin):
    e = make_enterprise()
    run_import(admin, "indicators", write_kind(tmp_path / "a.csv", "indicators",
                                               [{"uscc": e.uscc, "period": "2024-01", "value_added": 10}]))
    result = run_import(admin, "indicators", write_kind(tmp_path / "b.csv", "indicators",
                                                        [{"uscc": e.uscc, "period": "2024/1", "value_added": 12}]))
    assert (result.created, result.updated) == (0, 1)
    assert list(MonthlyIndicator.objects.values_list("period", "value_added")) == [("2024-01", wan(12))]


@pytest.mark.parametrize("granted, expected", [
    (dt.date(2023, 12, 8), dt.date(2026, 12, 7)),    # validity 3 years: the day before the anniversary
    (dt.date(2024, 1, 1), dt.date(2026, 12, 31)),
    (dt.date(2024, 2, 29), dt.date(2027, 2, 28)),    # leap day: the anniversary month's last day
])
def test_qualification_expiry_defaults_from_validity_years(tmp_path, admin, granted, expected):
    e = make_enterprise()
    rows = [{"uscc": e.uscc, "qualification": "高新技术企业", "granted": granted.isoformat()}]
    assert run_import(admin, "qualifications", write_kind(tmp_path / "q.csv", "qualifications", rows)).ok
    assert Qualification.objects.get(enterprise=e).expires == expected


def test_qualification_expiry_from_the_file_wins(tmp_path, admin):
    e = make_enterprise()
    rows = [{"uscc": e.uscc, "qualification": "雏鹰企业", "granted": "2023-06-01", "expires": "2024-05-31"}]
    assert run_import(admin, "qualifications", write_kind(tmp_path / "q.csv", "qualifications", rows)).ok
    assert Qualification.objects.get(enterprise=e).expires == dt.date(2024, 5, 31)


@pytest.mark.parametrize("name", ["专精特新“小巨人”企业", '专精特新"小巨人"企业', "小巨人", "little-giant"])
def test_qualification_names_and_aliases(tmp_path, admin, name):
    e = make_enterprise()
    rows = [{"uscc": e.uscc, "qualification": name}]
    result = run_import(admin, "qualifications", write_kind(tmp_path / "q.csv", "qualifications", rows))
    assert result.ok, result.errors
    assert Qualification.objects.get(enterprise=e).type.code == "little-giant"


def test_supply_relations_rejections(tmp_path, admin):
    a, b = make_enterprise(), make_enterprise()
    unknown = make_uscc()
    rows = [{"supplier_uscc": a.uscc, "customer_uscc": a.uscc, "year": 2023, "product": "芯片"},
            {"supplier_uscc": a.uscc, "customer_uscc": unknown, "year": 2023, "product": "芯片"},
            {"supplier_uscc": a.uscc, "customer_uscc": b.uscc, "year": "去年", "product": "芯片"},
            {"supplier_uscc": a.uscc, "customer_uscc": b.uscc, "year": 2023, "product": "芯片", "amount": 5}]
    result = run_import(admin, "supply-relations", write_kind(tmp_path / "s.csv", "supply-relations", rows))
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "customer_uscc"), (3, "customer_uscc"),
                                                                 (4, "year")]
    assert SupplyRelation.objects.count() == 0


def test_supply_relations_reimport_updates_the_amount(tmp_path, admin):
    a, b = make_enterprise(), make_enterprise()
    row = {"supplier_uscc": a.uscc, "customer_uscc": b.uscc, "year": 2023, "product": "芯片", "amount": 5}
    run_import(admin, "supply-relations", write_kind(tmp_path / "a.csv", "supply-relations", [row]))
    again = run_import(admin, "supply-relations", write_kind(tmp_path / "b.csv", "supply-relations", [row]))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = run_import(admin, "supply-relations", write_kind(tmp_path / "c.csv", "supply-relations",
                                                               [{**row, "amount": 7}]))
    assert (changed.created, changed.updated) == (0, 1)
    assert SupplyRelation.objects.get().amount == wan(7)


def test_official_totals_reimport_and_unknown_indicator(tmp_path, admin):
    rows = [{"period": "2024-06", "indicator": "value_added", "cumulative": "是", "value": 100, "growth_pct": "4.3"}]
    path = write_kind(tmp_path / "o.csv", "official-totals", rows)
    assert run_import(admin, "official-totals", path).created == 1
    again = run_import(admin, "official-totals", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    bad = run_import(admin, "official-totals", write_kind(tmp_path / "bad.csv", "official-totals", [
        {"period": "2024-07", "indicator": "happiness", "cumulative": "否"},
        {"period": "2024-13", "indicator": "value_added", "cumulative": "否"},
        {"period": "2024-08", "indicator": "value_added"}]))
    assert [(e["row"], e["column"]) for e in bad.errors] == [(2, "indicator"), (3, "period"), (4, "cumulative")]
    assert OfficialTotal.objects.count() == 1


def test_new_parks_are_created_once(tmp_path, admin):
    rows = [{"uscc": make_uscc(), "name": f"公司{i}", "park": "海泰园区" if i % 2 else "学府园区", "create_park": "是"}
            for i in range(6)]
    result = run_import(admin, "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows))
    assert result.notes.get("parks_created") == 2
    assert sorted(Park.objects.values_list("name", flat=True)) == ["学府园区", "学府工业园区", "海泰园区"]
    assert Enterprise.objects.filter(park__name="海泰园区").count() == 3


def test_qualification_reimport_with_empty_cells_keeps_level_and_expiry(tmp_path, admin):
    from tests.factories import make_qualification

    e = make_enterprise()
    make_qualification(e, "high-tech", level="district", granted=dt.date(2023, 12, 8), expires=dt.date(2026, 6, 30))
    rows = [{"uscc": e.uscc, "qualification": "国家高新技术企业", "granted": "2023-12-08", "certificate_no": "GR9"}]
    result = run_import(admin, "qualifications", write_kind(tmp_path / "q.csv", "qualifications", rows))
    assert (result.created, result.updated) == (0, 1)
    q = Qualification.objects.get(enterprise=e)
    assert (q.level, q.expires, q.certificate_no) == ("district", dt.date(2026, 6, 30), "GR9")


def test_qualification_regranted_gets_a_new_default_expiry(tmp_path, admin):
    from tests.factories import make_qualification

    e = make_enterprise()
    make_qualification(e, "high-tech", granted=dt.date(2020, 12, 1), expires=dt.date(2023, 11, 30))
    rows = [{"uscc": e.uscc, "qualification": "国家高新技术企业", "granted": "2023-12-08"}]
    assert run_import(admin, "qualifications", write_kind(tmp_path / "q.csv", "qualifications", rows)).updated == 1
    q = Qualification.objects.get(enterprise=e)
    assert (q.granted, q.expires, q.level) == (dt.date(2023, 12, 8), dt.date(2026, 12, 7), "national")
