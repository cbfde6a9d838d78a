"""The projects list as an Excel file: the ``projects`` import's columns first (Chinese headers, amounts
in 万元, dates as dates), so the file can be edited and imported again; the header in the first row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from liandong.core.xlsx import set_widths, style_header, workbook_bytes

WIDTHS = (14, 30, 26, 20, 16, 8, 12, 12, 22, 14, 14, 18, 18, 10, 14, 28, 10)


def projects_workbook(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "招商项目"
    ws.append(list(header))
    style_header(ws[1])
    for row in rows:
        ws.append(list(row))
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            if cell.is_date:
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "C2"
    set_widths(ws, WIDTHS[:len(header)])
    return workbook_bytes(wb)
