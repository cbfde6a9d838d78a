"""Personal agendas and the table plan as Excel files (openpyxl)."""

from __future__ import annotations

from django.utils import timezone

from liandong.core.xlsx import set_widths, titled_sheet, workbook_bytes


def _time(moment) -> str:
    return f"{timezone.localtime(moment):%H:%M}" if moment else ""


def agenda_workbook(event, registration, rows) -> bytes:
    wb, ws = titled_sheet(
        "个人日程", f"{event.title} · {registration.enterprise.name} 一对一洽谈日程",
        ["时段", "开始", "结束", "桌号", "洽谈对象", "对方代表", "对方供需"],
        [f"地点：{event.venue}　代表：{registration.representatives}　签到码：{registration.code}"])
    for r in rows:
        ws.append([r["slot"], _time(r["start"]), _time(r["end"]), r["table"], r["with"], r["representatives"],
                   r["offer"]])
    set_widths(ws, (8, 8, 8, 8, 36, 20, 40))
    return workbook_bytes(wb)


def table_plan_workbook(event, slots, tables, cells, times) -> bytes:
    wb, ws = titled_sheet("桌位安排", f"{event.title} 一对一洽谈桌位安排", ["时段", "时间", *[f"{t}号桌" for t in tables]])
    for s in slots:
        start, end = times.get(s, (None, None))
        row = [s, f"{_time(start)}–{_time(end)}"]
        for t in tables:
            m = cells.get((s, t))
            row.append(f"{m.requester.enterprise.name} × {m.target.enterprise.name}" if m else "")
        ws.append(row)
    set_widths(ws, (6, 14, *([34] * len(tables))))
    return workbook_bytes(wb)
