"""Import kinds and their columns (docs/imports.md#kinds).

A header may be the Chinese label, the label without its unit (注册资本 for 注册资本（万元）) or the
English key. Amounts are in 万元 in files and stored in yuan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    label: str          # Chinese header, as in the template
    type: str           # text | uscc | date | period | year | wan | int | bool | pct | decimal
    required: bool = False
    example: str = ""


KINDS: dict[str, tuple[Column, ...]] = {
    "enterprises": (
        Column("uscc", "统一社会信用代码", "uscc", True, "91120111MA05KXXXXX"),
        Column("name", "企业名称", "text", True, "天津示例科技有限公司"),
        Column("established", "成立日期", "date", example="2015-03-18"),
        Column("registered_capital", "注册资本（万元）", "wan", example="5000"),
        Column("park", "所属园区", "text", example="学府工业园区"),
        Column("create_park", "新建园区", "bool", example="否"),
        Column("industry_code", "行业代码", "text", example="3973"),
        Column("above_scale", "规上企业", "bool", example="是"),
        Column("employees", "从业人员", "int", example="120"),
        Column("address", "注册地址", "text", example="天津市西青区学府工业区"),
        Column("main_products", "主营产品", "text", example="功率半导体器件"),
        Column("business_scope", "经营范围", "text", example="集成电路设计；集成电路制造"),
    ),
    "qualifications": (
        Column("uscc", "统一社会信用代码", "uscc", True),
        Column("qualification", "资质名称", "text", True, "国家高新技术企业"),
        Column("level", "级别", "text", example="国家级"),
        Column("granted", "认定日期", "date", example="2023-12-08"),
        Column("expires", "有效期至", "date", example="2026-12-07"),
        Column("certificate_no", "证书编号", "text", example="GR202312000123"),
    ),
    "chain-links": (
        Column("uscc", "统一社会信用代码", "uscc", True),
        Column("chain", "产业链", "text", True, "集成电路"),
        Column("node", "环节", "text", example="功率半导体"),
        Column("role", "角色", "text", example="配套"),
        Column("products", "主要产品", "text", example="IGBT模块"),
    ),
    "indicators": (
        Column("uscc", "统一社会信用代码", "uscc", True),
        Column("period", "期别", "period", True, "2024-06"),
        Column("output_value", "工业总产值（万元）", "wan"),
        Column("value_added", "工业增加值（现价，万元）", "wan"),
        Column("value_added_comparable", "工业增加值（可比价，万元）", "wan"),
        Column("revenue", "营业收入（万元）", "wan"),
        Column("profit", "利润总额（万元）", "wan"),
        Column("rd_expense", "研发费用（万元）", "wan"),
        Column("employees", "从业人员（人）", "int"),
        Column("above_scale", "规上企业", "bool", example="是"),
    ),
    "annual": (
        Column("uscc", "统一社会信用代码", "uscc", True),
        Column("year", "年度", "year", True, "2023"),
        Column("revenue", "营业收入（万元）", "wan"),
        Column("main_revenue", "主营业务收入（万元）", "wan"),
        Column("rd_expense", "研发费用（万元）", "wan"),
        Column("net_profit", "净利润（万元）", "wan"),
        Column("total_assets", "资产总额（万元）", "wan"),
        Column("total_liabilities", "负债总额（万元）", "wan"),
        Column("employees", "从业人员", "int"),
        Column("rd_staff", "研发人员", "int"),
        Column("ip_class1", "Ⅰ类知识产权数", "int"),
        Column("ip_class2", "Ⅱ类知识产权数", "int"),
        Column("equity_financing", "新增股权融资（万元）", "wan"),
        Column("years_in_niche", "从事细分市场年限", "int"),
    ),
    "supply-relations": (
        Column("supplier_uscc", "供应方统一社会信用代码", "uscc", True),
        Column("customer_uscc", "采购方统一社会信用代码", "uscc", True),
        Column("year", "年度", "year", True, "2023"),
        Column("product", "产品", "text", True, "车规级MCU"),
        Column("amount", "金额（万元）", "wan", example="1200"),
    ),
    "official-totals": (
        Column("period", "期别", "period", True, "2024-06"),
        Column("indicator", "指标", "text", True, "value_added"),
        Column("cumulative", "累计", "bool", True, "是"),
        Column("value", "数值（万元）", "wan"),
        Column("growth_pct", "增速（%）", "decimal", example="4.3"),
    ),
}

_UNIT = re.compile(r"[（(][^）)]*[）)]\s*$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def header_aliases(column: Column) -> set[str]:
    """Every header text that names this column."""
    names = {column.key, column.label, _UNIT.sub("", column.label)}
    if column.key == "uscc":
        names |= {"信用代码", "社会信用代码", "统一代码"}
    if column.key == "name":
        names |= {"企业", "单位名称"}
    return {_squash(n) for n in names}


def match_headers(kind: str, headers: list[str]) -> tuple[dict[int, Column], list[str]]:
    """Map file column positions to columns. Returns (mapping, unknown headers)."""
    lookup: dict[str, Column] = {}
    for col in KINDS[kind]:
        for alias in header_aliases(col):
            lookup[alias] = col
    mapping: dict[int, Column] = {}
    unknown = []
    for i, header in enumerate(headers):
        col = lookup.get(_squash(header or ""))
        if col is None:
            if (header or "").strip():
                unknown.append(header)
            continue
        mapping[i] = col
    return mapping, unknown
