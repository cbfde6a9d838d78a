"""Excel export of an enterprise list, as officials file it (openpyxl, write-only for speed)."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from liandong.chains.models import EnterprisePosition
from liandong.core.models import WAN
from liandong.core.xlsx import set_widths, style_header, workbook_bytes
from liandong.enterprises.models import Enterprise, Qualification
from liandong.enterprises.selectors import today

MAX_ROWS = 20_000
HEADERS = ("统一社会信用代码", "企业名称", "所属园区", "行业代码", "所属行业", "规上企业", "从业人员", "成立日期",
           "注册资本（万元）", "所属产业链", "环节", "有效资质", "主营产品")
WIDTHS = (22, 36, 16, 10, 24, 10, 10, 12, 16, 24, 30, 36, 30)


def _wan(ws, value: Decimal | None) -> WriteOnlyCell | None:
    """Yuan → 万元 to the fen (six decimals), shown with two or more: the file imported again
    (the ``enterprises`` kind reads this column) stores the same yuan."""
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=float((value / WAN).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)))
    cell.number_format = "#,##0.00####"
    return cell


def enterprise_workbook(qs: QuerySet[Enterprise]) -> bytes:
    """The enterprises of ``qs`` (already filtered and scoped), at most MAX_ROWS, as an .xlsx file."""
    ids = list(qs.values_list("id", flat=True)[:MAX_ROWS])
    positions: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for ent, chain, node in (EnterprisePosition.objects.filter(enterprise_id__in=ids)
                             .values_list("enterprise_id", "chain__name", "node__name")
                             .order_by("chain__order", "node__order")):
        positions[ent].append((chain, node))
    on = today()
    grants: dict[int, list[str]] = defaultdict(list)
    for ent, name in (Qualification.objects.filter(enterprise_id__in=ids).current(on)
                      .values_list("enterprise_id", "type__name").order_by("type__order")):
        grants[ent].append(name)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业名录")
    set_widths(ws, WIDTHS)
    ws.freeze_panes = "A2"
    header = [WriteOnlyCell(ws, value=text) for text in HEADERS]
    style_header(header)
    ws.append(header)
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        found = {e.id: e for e in Enterprise.objects.filter(id__in=chunk).select_related("park", "industry")}
        for pk in chunk:
            e = found[pk]
            chains = positions.get(e.id, [])
            ws.append([
                e.uscc, e.name, e.park.name if e.park_id else None, e.industry_id,
                e.industry.name if e.industry_id else None, "是" if e.above_scale else "否", e.employees,
                e.established, _wan(ws, e.registered_capital),
                "、".join(dict.fromkeys(c for c, _n in chains)) or None,
                "、".join(f"{c}/{n}" for c, n in chains) or None,
                "、".join(grants.get(e.id, [])) or None, e.main_products or None,
            ])
    return workbook_bytes(wb)
