"""The enterprise facts rule packs speak about: a catalogue with Chinese labels and units (officials
pick from it in the policy form), and ``derive`` that turns raw data into them with Polars.

Raw columns (``RAW``) come from the registry, the latest annual report before the screening date
(``y_``: year Y, ``p_``: Y−1, ``pp_``: Y−2; amounts in 万元), qualifications in force (``q_<code>``),
chain positions and the facts enterprises declare. A fact the platform does not hold stays null —
*unknown*, never zero. Whether the main product belongs to the 战略性新兴产业分类（2018） is declared:
the classification maps products to GB/T 4754 classes only in part (many classes marked as partly
in it), so an industry code cannot decide it, and a key chain's membership says nothing about it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    unit: str = ""          # "%" for ratios shown as percentages, "万元", "年", "人", "项"
    kind: str = "number"    # number, ratio, int, bool
    ratio_of: tuple[str, str] | None = None  # numerator, denominator (万元 fields) for "…再增加X万元"
    source: str = "annual"  # annual, registry, qualification, declared


FIELDS: dict[str, Field] = {f.name: f for f in (
    Field("years_registered", "成立年限", "年", source="registry"),
    Field("tianjin_registered", "注册地在天津", kind="bool", source="registry"),
    Field("above_scale", "规模以上企业", kind="bool", source="registry"),
    Field("on_chain", "位于重点产业链", kind="bool", source="registry"),
    Field("employees", "从业人员", "人", "int"),
    Field("revenue", "上年营业收入", "万元"),
    Field("main_revenue", "上年主营业务收入", "万元"),
    Field("rd_expense", "上年研发费用", "万元"),
    Field("net_profit", "上年净利润", "万元"),
    Field("rd_ratio", "上年研发费用占营业收入比重", "%", "ratio", ("rd_expense", "revenue")),
    Field("rd_ratio_3y", "近三年研发费用占销售收入比重", "%", "ratio", ("rd_expense_3y", "revenue_3y")),
    Field("rd_expense_3y", "近三年研发费用合计", "万元"),
    Field("revenue_3y", "近三年营业收入合计", "万元"),
    Field("rd_expense_2y_avg", "近两年研发费用均值", "万元"),
    Field("revenue_growth", "上年营业收入增长率", "%", "ratio"),
    Field("main_revenue_growth", "上年主营业务收入增长率", "%", "ratio"),
    Field("main_revenue_growth_2y", "近两年主营业务收入平均增长率", "%", "ratio"),
    Field("debt_ratio", "上年资产负债率", "%", "ratio"),
    Field("main_business_share", "主营业务收入占营业收入比重", "%", "ratio", ("main_revenue", "revenue")),
    Field("net_margin", "上年净利润率", "%", "ratio", ("net_profit", "revenue")),
    Field("rd_staff_share", "研发人员占职工总数比重", "%", "ratio"),
    Field("ip_class1", "Ⅰ类知识产权", "项", "int"),
    Field("ip_class2", "Ⅱ类知识产权", "项", "int"),
    Field("ip_high_value", "Ⅰ类高价值知识产权", "项", "int", source="declared"),
    Field("ip_self_developed", "自主研发Ⅰ类知识产权", "项", "int", source="declared"),
    Field("years_in_niche", "从事特定细分市场年限", "年"),
    Field("equity_financing_2y", "近两年新增股权融资", "万元"),
    Field("equity_financing_3y", "近三年新增股权融资", "万元"),
    Field("high_tech_revenue_share", "高新技术产品（服务）收入占比", "%", "ratio", source="declared"),
    Field("innovation_score", "创新能力评价得分", "分", source="declared"),
    Field("digital_level", "数字化水平等级", "级", "int", source="declared"),
    Field("quality_certified", "通过质量管理体系认证", kind="bool", source="declared"),
    Field("rd_institution_level", "研发机构级别（4国家级 3省级 2市级 1市级以下）", "级", "int", source="declared"),
    Field("key_tech_field", "主要产品属于《国家重点支持的高新技术领域》", kind="bool", source="declared"),
    Field("expert_judged", "专家评审得分", kind="bool", source="declared"),
    Field("market_share", "主导产品全国细分市场占有率", "%", "ratio", source="declared"),
    Field("net_assets_growth", "上年净资产增长率", "%", "ratio"),
    Field("strategic_emerging", "主导产品属于《战略性新兴产业分类（2018）》", kind="bool", source="declared"),
    Field("award_3y", "近三年获省级以上科技奖励", kind="bool", source="qualification"),
    Field("rd_institution", "拥有省部级以上研发机构", kind="bool", source="qualification"),
    Field("tech_honour", "技术创新示范或知识产权优势/示范企业", kind="bool", source="qualification"),
    Field("maker_top500_3y", "近三年进入“创客中国”全国500强", kind="bool", source="qualification"),
)}

QUALIFICATION_NAMES = {
    "high-tech": "国家高新技术企业", "tech-sme": "科技型中小企业", "innovative-sme": "创新型中小企业",
    "specialized-sme": "专精特新中小企业", "little-giant": "专精特新“小巨人”企业", "single-champion": "制造业单项冠军企业",
    "tj-eaglet": "雏鹰企业", "tj-gazelle": "瞪羚企业", "tj-leader": "领军企业",
}
"""The qualification types a pack may test, with their names in the catalogue (data/qualifications.yaml;
a test keeps them equal): ``has_<code>`` bool facts, known — the registry is authoritative."""
QUALIFICATIONS = tuple(QUALIFICATION_NAMES)

for _code, _name in QUALIFICATION_NAMES.items():
    FIELDS[f"has_{_code}"] = Field(f"has_{_code}", f"持有{_name}资质", kind="bool", source="qualification")

SOURCES = {"registry": "登记信息", "annual": "年报统计数据", "qualification": "资质记录", "declared": "企业自报"}
"""Where a fact comes from, as an official names it (a 免申即享 row says what it rests on)."""

DECLARED = tuple(name for name, f in FIELDS.items() if f.source == "declared")
"""Facts no register holds: the enterprise declares them (自报), and 免申即享 never rests on them."""

RAW: dict[str, pl.DataType] = {
    "enterprise": pl.Int64, "uscc": pl.String, "established": pl.Date, "above_scale": pl.Boolean,
    "on_chain": pl.Boolean, "employees": pl.Int64,
    **{f"{p}_{c}": pl.Float64 for p in ("y", "p", "pp")
       for c in ("revenue", "main_revenue", "rd_expense", "net_profit", "total_assets", "total_liabilities",
                 "employees", "rd_staff", "ip_class1", "ip_class2", "equity_financing", "years_in_niche")},
    **{f"q_{code}": pl.Boolean for code in QUALIFICATIONS},
    "award_3y": pl.Boolean, "rd_institution": pl.Boolean, "tech_honour": pl.Boolean, "maker_top500_3y": pl.Boolean,
    "ip_high_value": pl.Float64, "ip_self_developed": pl.Float64, "high_tech_revenue_share": pl.Float64,
    "innovation_score": pl.Float64, "digital_level": pl.Float64, "quality_certified": pl.Boolean,
    "rd_institution_level": pl.Float64, "key_tech_field": pl.Boolean, "expert_judged": pl.Boolean,
    "market_share": pl.Float64, "strategic_emerging": pl.Boolean,
}


RATIO_DIGITS = 9
"""Derived ratios are rounded to 1e-9 so that 300/10000 tests as exactly 3% at a threshold."""


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then((numerator / denominator).round(RATIO_DIGITS)).otherwise(None)


def _growth(now: pl.Expr, before: pl.Expr) -> pl.Expr:
    return pl.when(before > 0).then((now / before - 1).round(RATIO_DIGITS)).otherwise(None)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _anniversary(start: dt.date, year: int) -> dt.date:
    """``start``'s anniversary in ``year``: the same day, or the month's last day when there is none
    (29 February → 28 February; 民法典 第二百零三条)."""
    day = 28 if (start.month, start.day) == (2, 29) and not _is_leap(year) else start.day
    return dt.date(year, start.month, day)


def calendar_years(start: dt.date, on: dt.date) -> float:
    """Years from ``start`` to ``on`` counted in calendar years (成立满N年): the whole years to the last
    anniversary on or before ``on`` — an anniversary counts — plus the share of the year to the next
    one already gone. So an enterprise registered 2025-10-31 is exactly 1 year old on 2026-10-31, and 8
    years and a day is more than 8 (“不超过8年” fails). The reference for ``derive``'s vector form."""
    whole = on.year - start.year - (_anniversary(start, on.year) > on)
    last, following = _anniversary(start, start.year + whole), _anniversary(start, start.year + whole + 1)
    return whole + (on - last).days / (following - last).days


def _calendar_years_expr(start: pl.Expr, on: dt.date) -> pl.Expr:
    """``calendar_years`` for a date column: the last anniversary is in ``on``'s year or the year before
    and the next in its year or the one after, so the leap years to mind are known scalars."""
    leap_day = (start.dt.month() == 2) & (start.dt.day() == 29)

    def anniversary(year: int) -> pl.Expr:
        day = pl.when(leap_day).then(28).otherwise(start.dt.day()) if not _is_leap(year) else start.dt.day()
        return pl.date(year, start.dt.month(), day)

    this_year = anniversary(on.year)
    before = this_year > pl.lit(on)
    last = pl.when(before).then(anniversary(on.year - 1)).otherwise(this_year)
    following = pl.when(before).then(this_year).otherwise(anniversary(on.year + 1))
    whole = (pl.lit(on.year) - start.dt.year().cast(pl.Int64) - before.cast(pl.Int64)).cast(pl.Float64)
    return whole + (pl.lit(on) - last).dt.total_days() / (following - last).dt.total_days()


def derive(raw: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """The catalogue's facts for every enterprise of ``raw`` (missing raw columns count as unknown)."""
    missing = {c: t for c, t in RAW.items() if c not in raw.columns}
    if missing:
        raw = raw.with_columns([pl.lit(None, dtype=t).alias(c) for c, t in missing.items()])
    y, p, pp = (lambda c: pl.col(f"y_{c}")), (lambda c: pl.col(f"p_{c}")), (lambda c: pl.col(f"pp_{c}"))
    return raw.select(
        "enterprise",
        _calendar_years_expr(pl.col("established"), as_of).alias("years_registered"),
        pl.col("uscc").str.slice(2, 2).eq("12").alias("tianjin_registered"),
        "above_scale", "on_chain",
        pl.coalesce(y("employees"), pl.col("employees").cast(pl.Float64)).alias("employees"),
        y("revenue").alias("revenue"), y("main_revenue").alias("main_revenue"), y("rd_expense").alias("rd_expense"),
        y("net_profit").alias("net_profit"),
        _ratio(y("rd_expense"), y("revenue")).alias("rd_ratio"),
        (y("rd_expense") + p("rd_expense") + pp("rd_expense")).alias("rd_expense_3y"),
        (y("revenue") + p("revenue") + pp("revenue")).alias("revenue_3y"),
        _ratio(y("rd_expense") + p("rd_expense") + pp("rd_expense"),
               y("revenue") + p("revenue") + pp("revenue")).alias("rd_ratio_3y"),
        ((y("rd_expense") + p("rd_expense")) / 2).alias("rd_expense_2y_avg"),
        _growth(y("revenue"), p("revenue")).alias("revenue_growth"),
        _growth(y("main_revenue"), p("main_revenue")).alias("main_revenue_growth"),
        ((_growth(y("main_revenue"), p("main_revenue")) + _growth(p("main_revenue"), pp("main_revenue"))) / 2)
        .alias("main_revenue_growth_2y"),
        _ratio(y("total_liabilities"), y("total_assets")).alias("debt_ratio"),
        _ratio(y("main_revenue"), y("revenue")).alias("main_business_share"),
        _ratio(y("net_profit"), y("revenue")).alias("net_margin"),
        _ratio(y("rd_staff"), y("employees")).alias("rd_staff_share"),
        y("ip_class1").alias("ip_class1"), y("ip_class2").alias("ip_class2"),
        "ip_high_value", "ip_self_developed",
        y("years_in_niche").alias("years_in_niche"),
        (y("equity_financing") + p("equity_financing")).alias("equity_financing_2y"),
        (y("equity_financing") + p("equity_financing") + pp("equity_financing")).alias("equity_financing_3y"),
        "high_tech_revenue_share", "innovation_score", "digital_level", "quality_certified", "rd_institution_level",
        "key_tech_field", "expert_judged", "market_share",
        _growth(y("total_assets") - y("total_liabilities"), p("total_assets") - p("total_liabilities"))
        .alias("net_assets_growth"),
        "strategic_emerging",  # declared: a key chain's links (车身, 轮胎 …) are no strategic emerging industry
        "award_3y", "rd_institution", "tech_honour", "maker_top500_3y",
        *[pl.col(f"q_{code}").fill_null(False).alias(f"has_{code}") for code in QUALIFICATIONS],
    )
