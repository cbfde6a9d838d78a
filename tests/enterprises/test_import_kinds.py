"""Every import kind from .xlsx and .csv, with Chinese headers and with English keys.

Each case writes a real file (openpyxl / csv) into tmp_path, imports it through ``import_run`` and
reads the stored rows back: values in the database, amounts in yuan.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from liandong.chains.models import EnterprisePosition, SupplyRelation
from liandong.enterprises.models import AnnualData, Enterprise, MonthlyIndicator, Park, Qualification
from liandong.stats.models import OfficialTotal
from tests.enterprises.imports_helpers import run_import, write_kind
from tests.factories import make_admin, make_enterprise, make_uscc, wan

pytestmark = pytest.mark.django_db

FORMATS = ["xlsx", "csv"]
STYLES = ["label", "key"]


def yes(fmt: str, value: bool = True):
    """A boolean cell: a real boolean in Excel, 是/否 in CSV."""
    return value if fmt == "xlsx" else ("是" if value else "否")


def day(fmt: str, value: dt.date):
    """A date cell: a real date in Excel, YYYY-MM-DD text in CSV."""
    return value if fmt == "xlsx" else value.isoformat()


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_enterprises(tmp_path, fmt, style):
    Park.objects.create(name="学府工业园区")
    code = make_uscc()
    path = write_kind(tmp_path / f"e.{fmt}", "enterprises", [{
        "uscc": code.lower(), "name": "天津芯动微电子有限公司", "established": day(fmt, dt.date(2015, 3, 18)),
        "registered_capital": 5000, "park": "学府工业园区", "industry_code": "C3973",
        "above_scale": yes(fmt), "employees": 120, "address": "天津市西青区学府工业区海泰大道1号",
        "main_products": "功率半导体器件", "business_scope": "集成电路设计；集成电路制造",
    }], style=style)
    result = run_import(make_admin(), "enterprises", path)
    assert result.ok, result.errors
    assert (result.rows, result.created, result.updated) == (1, 1, 0)
    e = Enterprise.objects.select_related("park").get(uscc=code)
    assert e.name == "天津芯动微电子有限公司"
    assert e.established == dt.date(2015, 3, 18)
    assert e.registered_capital == wan(5000)
    assert e.park.name == "学府工业园区"
    assert e.industry_id == "3973"
    assert e.above_scale is True
    assert e.employees == 120
    assert e.address == "天津市西青区学府工业区海泰大道1号"
    assert e.main_products == "功率半导体器件"
    assert e.business_scope == "集成电路设计；集成电路制造"
    assert e.version == 1


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_qualifications(tmp_path, fmt, style):
    e = make_enterprise()
    path = write_kind(tmp_path / f"q.{fmt}", "qualifications", [
        {"uscc": e.uscc, "qualification": "国家高新技术企业", "level": "国家级",
         "granted": day(fmt, dt.date(2023, 12, 8)), "expires": day(fmt, dt.date(2026, 12, 7)),
         "certificate_no": "GR202312000123"},
        {"uscc": e.uscc, "qualification": "雏鹰企业", "level": "市级", "granted": day(fmt, dt.date(2022, 5, 1))},
    ], style=style)
    result = run_import(make_admin(), "qualifications", path)
    assert result.ok, result.errors
    assert result.created == 2
    q = Qualification.objects.get(enterprise=e, type__code="high-tech")
    assert (q.level, q.granted, q.expires, q.certificate_no) == (
        "national", dt.date(2023, 12, 8), dt.date(2026, 12, 7), "GR202312000123")
    eaglet = Qualification.objects.get(enterprise=e, type__code="tj-eaglet")
    assert eaglet.level == "provincial"


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_chain_links(tmp_path, fmt, style):
    e = make_enterprise()
    path = write_kind(tmp_path / f"c.{fmt}", "chain-links", [
        {"uscc": e.uscc, "chain": "集成电路", "node": "芯片设计", "role": "核心", "products": "车规级MCU"},
        {"uscc": e.uscc, "chain": "auto", "node": "auto.up.elec", "role": "配套"},
    ], style=style)
    result = run_import(make_admin(), "chain-links", path)
    assert result.ok, result.errors
    assert result.created == 2
    stored = {(p.chain.code, p.node.code, p.role, p.products)
              for p in EnterprisePosition.objects.filter(enterprise=e).select_related("chain", "node")}
    assert stored == {("ic", "ic.mid.design", "core", "车规级MCU"), ("auto", "auto.up.elec", "supporting", "")}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_indicators(tmp_path, fmt, style):
    e = make_enterprise()
    path = write_kind(tmp_path / f"i.{fmt}", "indicators", [
        {"uscc": e.uscc, "period": "2024-06", "output_value": 1000, "value_added": 300.5,
         "value_added_comparable": 290, "revenue": 1100, "profit": -20.5, "rd_expense": 50, "employees": 120,
         "above_scale": yes(fmt)},
        {"uscc": e.uscc, "period": "2024-07", "value_added": 310, "above_scale": yes(fmt, False)},
    ], style=style)
    result = run_import(make_admin(), "indicators", path)
    assert result.ok, result.errors
    assert result.created == 2
    june = MonthlyIndicator.objects.get(enterprise=e, period="2024-06")
    assert june.output_value == wan(1000)
    assert june.value_added == wan("300.5")
    assert june.value_added_comparable == wan(290)
    assert june.revenue == wan(1100)
    assert june.profit == wan("-20.5")
    assert june.rd_expense == wan(50)
    assert june.employees == 120
    assert june.above_scale is True
    july = MonthlyIndicator.objects.get(enterprise=e, period="2024-07")
    assert (july.value_added, july.output_value, july.above_scale) == (wan(310), None, False)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_annual(tmp_path, fmt, style):
    e = make_enterprise()
    values = {"revenue": 12000, "main_revenue": 11000, "rd_expense": 800, "net_profit": 900,
              "total_assets": 20000, "total_liabilities": 8000, "equity_financing": 2000}
    counts = {"employees": 150, "rd_staff": 30, "ip_class1": 5, "ip_class2": 12, "years_in_niche": 6}
    path = write_kind(tmp_path / f"a.{fmt}", "annual", [{"uscc": e.uscc, "year": 2023, **values, **counts}],
                      style=style)
    result = run_import(make_admin(), "annual", path)
    assert result.ok, result.errors
    row = AnnualData.objects.get(enterprise=e, year=2023)
    for key, amount in values.items():
        assert getattr(row, key) == wan(amount), key
    for key, count in counts.items():
        assert getattr(row, key) == count, key


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_supply_relations(tmp_path, fmt, style):
    supplier, customer = make_enterprise(), make_enterprise()
    path = write_kind(tmp_path / f"s.{fmt}", "supply-relations", [
        {"supplier_uscc": supplier.uscc, "customer_uscc": customer.uscc, "year": 2023, "product": "车规级MCU",
         "amount": 1200},
        {"supplier_uscc": supplier.uscc, "customer_uscc": customer.uscc, "year": 2023, "product": "功率模块"},
    ], style=style)
    result = run_import(make_admin(), "supply-relations", path)
    assert result.ok, result.errors
    assert result.created == 2
    mcu = SupplyRelation.objects.get(supplier=supplier, customer=customer, year=2023, product="车规级MCU")
    assert mcu.amount == wan(1200)
    assert SupplyRelation.objects.get(product="功率模块").amount is None


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_official_totals(tmp_path, fmt, style):
    path = write_kind(tmp_path / f"o.{fmt}", "official-totals", [
        {"period": "2024-06", "indicator": "value_added", "cumulative": yes(fmt), "value": "123456.7",
         "growth_pct": "4.3"},
        {"period": "2024-06", "indicator": "value_added", "cumulative": yes(fmt, False), "value": 23456,
         "growth_pct": "-1.5"},
    ], style=style)
    result = run_import(make_admin(), "official-totals", path)
    assert result.ok, result.errors
    assert result.created == 2
    ytd = OfficialTotal.objects.get(period="2024-06", indicator="value_added", cumulative=True)
    assert ytd.value == wan("123456.7")
    assert ytd.growth_pct == Decimal("4.3")
    month = OfficialTotal.objects.get(period="2024-06", indicator="value_added", cumulative=False)
    assert (month.value, month.growth_pct) == (wan(23456), Decimal("-1.5"))


def test_headers_without_units_and_alias_headers(tmp_path):
    """注册资本 names 注册资本（万元）; 信用代码 names the USCC column; spaces in headers are ignored."""
    code = make_uscc()
    path = tmp_path / "e.csv"
    path.write_text("信用代码, 企业名称 ,注册资本\n" + f"{code},天津甲公司,12.5\n", encoding="utf-8")
    result = run_import(make_admin(), "enterprises", path)
    assert result.ok, result.errors
    assert Enterprise.objects.get(uscc=code).registered_capital == wan("12.5")


def test_gb18030_csv_as_saved_by_chinese_excel(tmp_path):
    code = make_uscc()
    path = tmp_path / "e.csv"
    path.write_bytes(f"统一社会信用代码,企业名称\n{code},天津乙科技有限公司\n".encode("gb18030"))
    result = run_import(make_admin(), "enterprises", path)
    assert result.ok, result.errors
    assert Enterprise.objects.get(uscc=code).name == "天津乙科技有限公司"


def test_excel_dates_and_periods_typed_as_dates(tmp_path):
    e = make_enterprise()
    path = write_kind(tmp_path / "i.xlsx", "indicators",
                      [{"uscc": e.uscc, "period": dt.datetime(2024, 3, 1), "value_added": 10}])
    result = run_import(make_admin(), "indicators", path)
    assert result.ok, result.errors
    assert MonthlyIndicator.objects.get(enterprise=e).period == "2024-03"
