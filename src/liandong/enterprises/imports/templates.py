"""Empty import templates with Chinese headers (``liandong template KIND -o FILE`` and the UI)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from liandong.enterprises.imports.columns import KINDS

TYPE_HINTS = {
    "text": "文本", "uscc": "18位统一社会信用代码（文本格式）", "date": "日期 YYYY-MM-DD", "period": "期别 YYYY-MM",
    "year": "年度 YYYY", "wan": "金额，单位万元", "int": "整数", "bool": "是/否", "decimal": "数值", "pct": "百分数",
}


def template_xlsx(kind: str) -> bytes:
    columns = KINDS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = kind
    header_fill = PatternFill("solid", fgColor="1F4E79")
    required_fill = PatternFill("solid", fgColor="C00000")
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=col.label)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = required_fill if col.required else header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(f"{col.key}\n{TYPE_HINTS[col.type]}" + ("\n必填" if col.required else ""), "链动")
        ws.column_dimensions[get_column_letter(i)].width = max(14, len(col.label) * 2 + 4)
        if col.type in {"uscc", "text", "period"}:
            # Text format for the whole column, so Excel keeps codes such as 0111 or all-digit USCCs intact.
            ws.column_dimensions[get_column_letter(i)].number_format = "@"
    ws.freeze_panes = "A2"
    notes = wb.create_sheet(_("Instructions"))
    notes.append(["列名", "英文键", "必填", "格式", "示例"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for col in columns:
        notes.append([col.label, col.key, "是" if col.required else "否", TYPE_HINTS[col.type], col.example])
    notes.append([])
    notes.append(["表头为第1行；红色表头为必填列。整个文件无误才会写入，任何一行有错都不写入并列出行号、列名和原因。"])
    notes.append(["重复导入相同的行会更新已有记录，不会重复；空白单元格保留原有数据。"])
    if any(col.key == "create_park" for col in columns):
        notes.append(["“所属园区”须为已登记的园区（全称或简称）；新园区请先在后台添加，或由区级管理员在“新建园区”列填写“是”。"])
    for letter, width in zip("ABCDE", (28, 24, 8, 30, 30), strict=True):
        notes.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_csv(kind: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow([c.label for c in KINDS[kind]])
    return out.getvalue().encode("utf-8-sig")
