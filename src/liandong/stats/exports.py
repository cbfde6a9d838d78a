"""The statistics report as a bureau table (统计报表样式): title, unit line, the paragraph, one row per
group with Chinese headers, the published totals, and footnotes stating the definitions."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from liandong.core.xlsx import TITLE_FONT, set_widths, style_header, workbook_bytes

FOOTNOTES = (
    "注：1. 统计范围为本期规模以上工业企业；上年同期数为同一批企业上年同期数据（同口径），缺报按0计。",
    "2. 增加值增速按可比价计算：本期可比价增加值 ÷ 上年同期现价增加值 − 1；其他指标按现价计算。",
    "3. 拉动（百分点）= 分组本期增量 ÷ 规上工业上年同期总量 × 100；贡献率 = 拉动 ÷ 规上工业增速 × 100%。",
    "4. 占比按现价计算；增长面为分组内本期较上年同期增长的企业所占比重。",
    "5. 重点产业链合计中，同时属于多条产业链的企业只计一次；各产业链之间有交叉，分项之和可大于合计。",
    "6. 表中数据四舍五入保留一位小数，增速、拉动、占比等均由未修约数据计算。",
    "7. 平台汇总数据来自企业月报；全区数据以统计局公布数为准。",
)
KIND_TITLES = (("chain", "按产业链"), ("park", "按园区"), ("tier", "按梯度培育资质"))
WIDTHS = (26, 10, 16, 16, 12, 14, 12, 12, 10, 10)


def _headers(label: str) -> list[str]:
    return ["分组", "企业数（家）", f"本期{label}（万元）", "上年同期（万元）", "同比增速（%）", "比规上工业（±百分点）",
            "拉动（百分点）", "贡献率（%）", "占比（%）", "增长面（%）"]


def _row(name: str, g: dict[str, Any], key: str) -> list[Any]:
    return [name, g["enterprises"], g.get(key), g.get(f"{key}_last_year"), g["growth_pct"], g["diff_pp"],
            g["pull_pp"], g["contribution_pct"], g["share_pct"], g["growing_pct"]]


def _table(ws, payload: dict[str, Any], rows: list[tuple[str, dict[str, Any], bool]]) -> None:
    ws.append(_headers(payload["indicator_label"]))
    style_header(ws[ws.max_row])
    for name, group, bold in rows:
        ws.append(_row(name, group, payload["indicator"]))
        for cell in ws[ws.max_row][2:]:
            cell.number_format = "0.0"
        if bold:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)


def report_workbook(payload: dict[str, Any], *, title: str, text: str | None = None) -> bytes:
    """``payload`` is ``reports.report_payload``; ``text`` the paragraph as edited on the page."""
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append([title])
    ws["A1"].font = TITLE_FONT
    ws.append(["单位：万元、%、百分点"])
    ws.append([text if text is not None else payload["narrative"]])
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(WIDTHS))
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[3].height = 90
    ws.append([])
    rows = [("规模以上工业合计", payload["total"], True), ("重点产业链（去重）", payload["key_chains"], True)]
    for kind, kind_title in KIND_TITLES:
        groups = [g for g in payload["groups"] if g["kind"] == kind]
        if groups:
            rows.append((kind_title, {"enterprises": None, "growth_pct": None, "diff_pp": None, "pull_pp": None,
                                      "contribution_pct": None, "share_pct": None, "growing_pct": None}, True))
            rows += [(f"  {g['name']}", g, False) for g in groups]
    _table(ws, payload, rows)
    official = payload.get("official")
    if official:
        ws.append([])
        ws.append(["统计局公布数", None, official["value"], None, official["growth_pct"]])
        ws.append(["平台汇总数", None, official["platform_value"], None, official["platform_growth_pct"]])
        ws.append(["差额（平台 − 公布）", None, official["gap_value"], None, official["gap_pp"]])
    ws.append([])
    for note in FOOTNOTES:
        ws.append([note])
    set_widths(ws, WIDTHS)
    ws.freeze_panes = "B6"

    nodes = [g for g in payload["groups"] if g["kind"] == "node"]
    if nodes:
        sheet = wb.create_sheet("产业链环节")
        chains = {g["code"]: g["name"] for g in payload["groups"] if g["kind"] == "chain"}
        _table(sheet, payload, [(f"{chains.get(g.get('parent'), '')}·{g['name']}", g, False) for g in nodes])
        set_widths(sheet, (40, *WIDTHS[1:]))
        sheet.freeze_panes = "B2"

    checks = wb.create_sheet("一致性校验")
    checks.append(["校验项", "应为", "实际", "结果"])
    style_header(checks[1])
    for check in payload["checks"]:
        checks.append([check["name"], check["expected"], check["actual"], "通过" if check["ok"] else "未通过"])
    quality = payload["data_quality"]
    checks.append([])
    checks.append(["缺报企业月数", quality["missing_reports"]])
    checks.append(["可比价增加值缺失、按现价计的月报数", quality["comparable_missing"]])
    set_widths(checks, (44, 16, 16, 10))
    return workbook_bytes(wb)
