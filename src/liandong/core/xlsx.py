"""One look for every Excel file Liandong writes (openpyxl): navy header row, column widths, bytes."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE_FONT = Font(bold=True, size=14)


def style_header(cells: Iterable) -> None:
    for cell in cells:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT


def set_widths(ws, widths: Sequence[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def titled_sheet(title: str, heading: str, header: Sequence[str], notes: Sequence[str] = ()):
    """A new workbook whose sheet ``title`` starts with ``heading`` in bold, a row per note, then the
    styled column ``header``: (workbook, sheet), rows to be appended."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append([heading])
    ws["A1"].font = TITLE_FONT
    for note in notes:
        ws.append([note])
    ws.append(list(header))
    style_header(ws[ws.max_row])
    return wb, ws


def workbook_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
