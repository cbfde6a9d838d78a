"""The member directory as Excel: a title row, then 序号, 单位名称, 统一社会信用代码, 类型, 角色,
所属产业链, 加入日期, 联系人, 联系电话 (the types and roles in the import's words, so the file
imports back as alliance-members)."""

from __future__ import annotations

from collections.abc import Iterable

from liandong.alliance.imports import ROLE_BY_ZH
from liandong.alliance.lookup import ZH_BY_TYPE
from liandong.alliance.models import Member
from liandong.core.xlsx import set_widths, titled_sheet, workbook_bytes

HEADER = ("序号", "单位名称", "统一社会信用代码", "类型", "角色", "所属产业链", "加入日期", "联系人", "联系电话")
ZH_BY_ROLE = {}
for _zh, _role in ROLE_BY_ZH.items():
    ZH_BY_ROLE.setdefault(_role, _zh)


def members_workbook(heading: str, members: Iterable[Member]) -> bytes:
    wb, ws = titled_sheet("成员单位", heading, HEADER)
    for n, m in enumerate(members, start=1):
        ws.append([n, m.name, m.uscc or "", ZH_BY_TYPE.get(m.type, m.type), ZH_BY_ROLE.get(m.role, m.role),
                   "、".join(c.name for c in m.chains.all()), m.joined, m.contact, m.phone])
        if m.joined:
            ws.cell(ws.max_row, 7).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "C3"
    set_widths(ws, (8, 40, 22, 12, 12, 30, 12, 12, 16))
    return workbook_bytes(wb)
