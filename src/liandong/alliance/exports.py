"""The alliance as Excel. The member directory: a title row, then 序号, 单位名称, 统一社会信用代码, 类型,
角色, 所属产业链, 加入日期, 联系人, 联系电话 (the types and roles in the import's words, so the file
imports back as alliance-members); the pairings and the activities likewise with their import's
columns, then what each did."""

from __future__ import annotations

from collections.abc import Iterable

from liandong.alliance.imports import KIND_BY_ZH, ROLE_BY_ZH
from liandong.alliance.lookup import ZH_BY_TYPE
from liandong.alliance.models import Activity, Member, Pairing
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


PAIRING_HEADER = ("序号", "结对单位A", "结对单位B", "结对类型", "结对日期", "结对目标", "开展记录（条）", "最近开展")
ZH_BY_KIND = {kind: zh for zh, kind in KIND_BY_ZH.items()}


def pairings_workbook(heading: str, pairings: Iterable[Pairing]) -> bytes:
    """结对台账: the columns of the pairings import first (A, B, type, date, goals), so the file imports
    back; then how many log entries each pairing has and the latest date."""
    wb, ws = titled_sheet("结对共建", heading, PAIRING_HEADER)
    for n, p in enumerate(pairings, start=1):
        logs = [lg.on for lg in p.logs.all()]
        ws.append([n, p.a.name, p.b.name, ZH_BY_KIND.get(p.kind, p.kind), p.since, p.goals, len(logs),
                   max(logs) if logs else None])
        for column in (5, 8):
            ws.cell(ws.max_row, column).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "D3"
    set_widths(ws, (8, 36, 36, 12, 12, 50, 14, 12))
    return workbook_bytes(wb)


ACTIVITY_HEADER = ("序号", "活动编号", "活动名称", "产业链", "日期", "承办单位", "参与单位", "书记轮值", "活动成效",
                   "合作意向（项）", "转为供需对接（项）")


def activities_workbook(heading: str, activities: Iterable[Activity]) -> bytes:
    """联建活动台账: the columns of the alliance-activities import (code … summary), so the file imports
    back; then the cooperation intentions recorded and how many became matchmaking introductions."""
    wb, ws = titled_sheet("联建活动", heading, ACTIVITY_HEADER)
    for n, a in enumerate(activities, start=1):
        outcomes = list(a.outcomes.all())
        ws.append([n, a.code, a.title, a.chain.name if a.chain else "", a.date, a.host.name if a.host else "",
                   "、".join(m.name for m in a.participants.all()), "是" if a.rota else "否", a.summary,
                   len(outcomes), sum(1 for o in outcomes if o.match_id)])
        ws.cell(ws.max_row, 5).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "D3"
    set_widths(ws, (8, 14, 40, 16, 12, 30, 60, 10, 60, 14, 16))
    return workbook_bytes(wb)
