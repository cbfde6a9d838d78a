"""Three enterprises with annual reports for 2023–2025, screened on 2026-06-30 (so 2025 is the
latest year): a chain enterprise that meets the example R&D subsidy and 创新型, one short of the
subsidy's R&D ratio, and one without any annual report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from liandong.enterprises.models import AnnualData
from tests.factories import make_enterprise, make_position, make_qualification

AS_OF = dt.date(2026, 6, 30)


def annual(enterprise, year: int, *, revenue: float, rd: float, main: float | None = None, **extra) -> AnnualData:
    wan = Decimal(10_000)
    return AnnualData.objects.create(
        enterprise=enterprise, year=year, revenue=Decimal(str(revenue)) * wan, rd_expense=Decimal(str(rd)) * wan,
        main_revenue=Decimal(str(main if main is not None else revenue * 0.9)) * wan,
        total_assets=Decimal(str(revenue)) * wan, total_liabilities=Decimal(str(revenue * 0.4)) * wan,
        net_profit=Decimal(str(revenue * 0.08)) * wan, employees=extra.get("employees", 200),
        rd_staff=extra.get("rd_staff", 40), ip_class1=extra.get("ip_class1", 2), ip_class2=extra.get("ip_class2", 5),
        equity_financing=Decimal(str(extra.get("equity", 0))) * wan, years_in_niche=extra.get("niche", 6))


@dataclass
class District:
    leader: object
    short: object
    blank: object


@pytest.fixture
def district(db) -> District:
    leader = make_enterprise(name="天津研发领先科技有限公司", above_scale=True, established=dt.date(2015, 3, 1))
    make_position(leader, "ic.up.mat.wafer")
    for year, revenue, rd in ((2023, 8000, 400), (2024, 9000, 450), (2025, 10000, 600)):
        annual(leader, year, revenue=revenue, rd=rd)
    make_qualification(leader, "innovative-sme", granted=dt.date(2024, 1, 1), expires=dt.date(2026, 12, 1))
    make_qualification(leader, "sci-award", granted=dt.date(2024, 5, 1))
    short = make_enterprise(name="天津研发追赶科技有限公司", above_scale=True, established=dt.date(2018, 3, 1))
    make_position(short, "ic.mid.fab")
    for year, revenue, rd in ((2024, 4000, 100), (2025, 5000, 125)):
        annual(short, year, revenue=revenue, rd=rd)
    make_qualification(short, "sci-award", granted=dt.date(2022, 5, 1))  # more than three years before
    blank = make_enterprise(name="天津空白数据有限公司")
    return District(leader, short, blank)
