"""The 公示 list of a program-year as the office publishes it: a title row, then 序号, 企业名称,
统一社会信用代码, 项目名称, 资金名称, 金额（万元）; amounts written from the exact Decimal 万元 (no float on
the way, so a cell read back is the amount on record)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from liandong.core.xlsx import set_widths, titled_sheet, workbook_bytes

HEADER = ("序号", "企业名称", "统一社会信用代码", "项目名称", "资金名称", "金额（万元）")
AMOUNT_FORMAT = "#,##0.00####"


def publicity_workbook(program: str, year: int, rows: Sequence[Sequence[Any]]) -> bytes:
    wb, ws = titled_sheet("公示名单", f"{program}{year}年度支持项目公示名单", HEADER)
    total = 0
    for row in rows:
        ws.append(list(row))
        ws.cell(ws.max_row, len(HEADER)).number_format = AMOUNT_FORMAT
        total += row[-1]
    ws.append(["合计", None, None, None, None, total])
    ws.cell(ws.max_row, len(HEADER)).number_format = AMOUNT_FORMAT
    ws.freeze_panes = "B3"
    set_widths(ws, (8, 36, 22, 36, 28, 16))
    return workbook_bytes(wb)
