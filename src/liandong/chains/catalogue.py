"""The 招商目录 (investment-attraction catalogue): a chain's 补链/强链/延链 lists as an Excel file, with
the GB/T 4754-2017 classes to search for target companies."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

from liandong.chains.models import ChainNode
from liandong.core.xlsx import TITLE_FONT, set_widths, style_header, workbook_bytes
from liandong.enterprises.models import IndustryCode

KINDS = (("fill", "补链"), ("strengthen", "强链"), ("extend", "延链"))
HEADERS = ("类型", "排名", "环节", "环节代码", "所属阶段", "原因", "评分", "本地下游需求（万元）", "行业代码", "行业名称",
           "检索关键词")
WIDTHS = (8, 6, 20, 26, 10, 60, 10, 18, 16, 40, 40)
STAGES = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}


def catalogue_workbook(analysis: dict[str, Any]) -> bytes:
    nodes = {n.code: n for n in ChainNode.objects.all()}
    industries = dict(IndustryCode.objects.filter(level=4).values_list("code", "name"))
    figures = {n["code"]: n for n in analysis["nodes"]}
    wb = Workbook()
    ws = wb.active
    ws.title = "招商目录"
    ws.append([f"{analysis['chain']['name']} 招商目录（补链·强链·延链）"])
    ws["A1"].font = TITLE_FONT
    ws.append(list(HEADERS))
    style_header(ws[2])
    for key, label in KINDS:
        for rank, row in enumerate(analysis[key], start=1):
            node = nodes.get(row["node"])
            codes = list(node.industry_codes) if node else []
            demand = figures.get(row["node"], {}).get("local_demand")
            ws.append([
                label, rank, node.name if node else row["node"], row["node"],
                STAGES.get(node.stage, "") if node else "", row["reason"], round(float(row["score"]), 4),
                round(demand / 10000, 1) if demand else None, "、".join(codes),
                "、".join(f"{c} {industries.get(c, '')}".strip() for c in codes),
                "、".join(node.keywords) if node else "",
            ])
    set_widths(ws, WIDTHS)
    for row in ws.iter_rows(min_row=3):
        row[5].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:K{ws.max_row}"
    return workbook_bytes(wb)
