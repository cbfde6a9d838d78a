"""The appeal metrics as a workbook for the monthly report (诉求办理情况统计表)."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook

from liandong.core.xlsx import TITLE_FONT, set_widths, style_header, workbook_bytes

RATE_HEADERS = ("诉求数（件）", "按时响应率（%）", "按时对接率（%）", "按时解决率（%）", "解决率（%）", "满意率（%）", "已评价（件）")
RATE_KEYS = ("appeals", "response_rate", "dock_rate", "resolve_on_time_rate", "resolution_rate", "satisfaction_rate",
             "rated")


def metrics_workbook(m: dict[str, Any]) -> bytes:
    wb = Workbook()
    first = True
    for title, key, label in (("按部门", "by_department", "承办部门"), ("按类别", "by_category", "诉求类别"),
                              ("按月份", "by_month", "受理月份")):
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = title
        ws.append([f"企业诉求办理情况统计（{title}，近{m['since_months']}个月）"])
        ws["A1"].font = TITLE_FONT
        ws.append([label, *RATE_HEADERS])
        style_header(ws[2])
        field = {"by_department": "department", "by_category": "category", "by_month": "month"}[key]
        for row in m[key]:
            ws.append([row[field], *(row[k] for k in RATE_KEYS)])
        if m["overall"]:
            ws.append(["合计", *(m["overall"][k] for k in RATE_KEYS)])
        ws.append([])
        ws.append([f"注：满意率 =（满意 + {m['basic_weight']} × 基本满意）÷ 已评价；按时率的分母为时限已届满或已办理的诉求。"])
        set_widths(ws, (24, 12, 14, 14, 14, 12, 12, 12))
    ws = wb.create_sheet("堵点")
    ws.append(["产业链", "诉求类别", "诉求数（件）"])
    style_header(ws[1])
    for row in m["problems"]:
        ws.append([row["chain"], row["category"], row["appeals"]])
    ws = wb.create_sheet("占用工时")
    ws.append(["承办方", "占用工时（小时）"])
    style_header(ws[1])
    for holder, hours in m["held_hours"].items():
        ws.append([holder, hours])
    set_widths(ws, (24, 16))
    return workbook_bytes(wb)
