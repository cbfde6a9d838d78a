"""The 招商目录 (investment-attraction catalogue): a chain's 补链/强链/延链 lists as an Excel file, with
the GB/T 4754-2017 classes to search for target companies.

Written for officials (#13 item 13): nodes by name with their chain and parent segment, never their
codes; instead of the engine's bare score, the figure each list is ranked by, named, in 万元 rounded to
one decimal (补链 by downstream local demand, 强链 by purchases from outside the district, 延链 by the
local output upstream of the missing link — engines/graph/analysis.py)."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

from liandong.chains.models import Chain, ChainNode
from liandong.core.xlsx import TITLE_FONT, set_widths, style_header, workbook_bytes
from liandong.enterprises.models import IndustryCode

KINDS = (("fill", "补链", "下游本地需求"), ("strengthen", "强链", "区外采购额"), ("extend", "延链", "上游本地产值"))
HEADERS = ("类型", "排名", "环节", "所属产业链", "上级环节", "所属阶段", "原因", "排序依据", "金额（万元）",
           "国民经济行业分类", "检索关键词")
WIDTHS = (8, 6, 20, 12, 18, 10, 60, 14, 14, 40, 40)
AMOUNT_COLUMN = HEADERS.index("金额（万元）")
STAGES = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}


def catalogue_workbook(analysis: dict[str, Any]) -> bytes:
    nodes = {n.code: n for n in ChainNode.objects.all()}
    by_id = {n.id: n for n in nodes.values()}
    chains = dict(Chain.objects.values_list("id", "name"))
    industries = dict(IndustryCode.objects.filter(level=4).values_list("code", "name"))
    wb = Workbook()
    ws = wb.active
    ws.title = "招商目录"
    ws.append([f"{analysis['chain']['name']} 招商目录（补链·强链·延链）"])
    ws["A1"].font = TITLE_FONT
    ws.append(list(HEADERS))
    style_header(ws[2])
    for key, label, basis in KINDS:
        for rank, row in enumerate(analysis[key], start=1):
            node = nodes.get(row["node"])
            parent = by_id.get(node.parent_id) if node else None
            codes = list(node.industry_codes) if node else []
            ws.append([
                label, rank, node.name if node else row.get("name", ""), chains.get(node.chain_id, "") if node else "",
                parent.name if parent is not None and parent.level >= 2 else "",
                STAGES.get(node.stage, "") if node else "", row["reason"], basis,
                round(float(row["score"]), 1) if row.get("score") is not None else None,
                "、".join(f"{c} {industries.get(c, '')}".strip() for c in codes),
                "、".join(node.keywords) if node else "",
            ])
    set_widths(ws, WIDTHS)
    for row in ws.iter_rows(min_row=3):
        row[HEADERS.index("原因")].alignment = Alignment(wrap_text=True, vertical="top")
        row[AMOUNT_COLUMN].number_format = "#,##0.0"
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{chr(ord('A') + len(HEADERS) - 1)}{ws.max_row}"
    return workbook_bytes(wb)

