"""The 免申即享 list as a workbook: one row per enterprise with its benefit and audit bundle."""

from __future__ import annotations

import json

from liandong.core.xlsx import set_widths, style_header, titled_sheet, workbook_bytes


def no_application_workbook(entry, rows) -> bytes:
    wb, ws = titled_sheet(
        "免申即享", f"{entry.pack.name}（{entry.version.version}版）免申即享名单",
        ["统一社会信用代码", "企业名称", "预计兑现金额（万元）", "规则版本", "数据日期", "输入摘要（SHA-256）", "判定过程"],
        [f"依据：{entry.pack.reference.get('document', '')}　{entry.pack.reference.get('url', '')}"])
    for r in rows:
        b = r["bundle"]
        trace = "；".join(f"{t['condition']}：{'✓' if t['outcome'] else '✗' if t['outcome'] is False else '?'}"
                         for t in b["trace"])
        ws.append([r["uscc"], r["name"], round(r["benefit_wan"], 2) if r["benefit_wan"] is not None else None,
                   b["version"], b["as_of"], b["input_hash"], trace])
    audit = wb.create_sheet("审计包")
    audit.append(["统一社会信用代码", "审计包（JSON）"])
    style_header(audit[1])
    for r in rows:
        audit.append([r["uscc"], json.dumps(r["bundle"], ensure_ascii=False, default=str)])
    set_widths(ws, (22, 36, 16, 10, 12, 66, 80))
    set_widths(audit, (22, 120))
    return workbook_bytes(wb)
