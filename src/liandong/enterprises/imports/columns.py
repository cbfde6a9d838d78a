"""Import kinds and their columns (docs/imports.md#kinds).

Each app owns its kinds (``ImportKind``: key, label, columns, handler) and declares them in its
``apps.py`` (``import_kinds``, core.registry); ``KINDS`` and ``kinds.HANDLERS`` read them all, so the
import page, the CLI and the API offer every installed app's kinds and this package writes no other
app's tables.

A header may be the Chinese label, the label without its unit (注册资本 for 注册资本（万元）) or the
English key. Amounts are in 万元 in files and stored in yuan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Column:
    key: str
    label: str          # Chinese header, as in the template
    type: str           # text | uscc | date | period | year | wan | int | bool | pct | decimal
    required: bool = False
    example: str = ""


REGISTRY_COLUMNS: dict[str, tuple[Column, ...]] = {
    # the registry's own kinds; chains and stats declare theirs (chains/imports.py, stats/imports.py)
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
}

@dataclass(frozen=True)
class ImportKind:
    key: str
    label: Any  # a lazy translation: the import page's name for the kind
    columns: tuple[Column, ...]
    handler: Any  # kinds.Handler
    order: int  # place on the import page
    file_key: tuple[str, ...]  # the columns that identify a row within a file


@cache
def all_kinds() -> dict[str, ImportKind]:
    """Every installed app's import kinds by key, in page order (after the app registry is ready)."""
    from liandong.core.registry import import_kinds

    return {kind.key: kind for kind in sorted(import_kinds(), key=lambda k: k.order)}


def kind_label(key: str) -> Any:
    kind = all_kinds().get(key)
    return kind.label if kind else key


class _ColumnsByKind(Mapping):
    """``KINDS[key]`` → the kind's columns, read from the registered kinds when first used."""

    def __getitem__(self, key: str) -> tuple[Column, ...]:
        return all_kinds()[key].columns

    def __iter__(self) -> Iterator[str]:
        return iter(all_kinds())

    def __len__(self) -> int:
        return len(all_kinds())


KINDS: Mapping[str, tuple[Column, ...]] = _ColumnsByKind()

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
