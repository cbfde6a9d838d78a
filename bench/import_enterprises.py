"""Benchmark: import a 100,000-row enterprise workbook (validate + upsert), then re-import it.

Issue #2 target: ≤ 60 s on this 2-core machine. Prints one JSON object.
    .venv/bin/python bench/import_enterprises.py [--rows N]
"""

from __future__ import annotations

import argparse
import subprocess
import time

from _common import CLI, cli, report, scratch_env, uscc
from openpyxl import Workbook

PARKS = ["学府工业园区", "西青大学城", "南站科技商务区", "西青经济技术开发区", "中北高新产业园"]
CODES = ["3973", "6520", "3985", "3562", "3670", "3841", "2720", "2761", "3491", "3581"]


def write_workbook(path, rows: int) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("enterprises")
    ws.append(["统一社会信用代码", "企业名称", "成立日期", "注册资本（万元）", "所属园区", "新建园区", "行业代码", "规上企业",
               "从业人员", "注册地址", "主营产品", "经营范围"])
    for i in range(rows):
        ws.append([uscc(i), f"天津基准测试{i}科技有限公司", f"{2000 + i % 24}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                   100 + i % 5000, PARKS[i % len(PARKS)], "是", CODES[i % len(CODES)], "是" if i % 10 == 0 else "否",
                   10 + i % 900, f"天津市西青区示例路{i}号", "集成电路 功率器件", "集成电路设计；技术开发；技术服务"])
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    env, tmp = scratch_env()
    subprocess.run([str(CLI), "migrate", "--noinput", "-v", "0"], env=env, check=True)
    path = tmp / "enterprises.xlsx"
    t0 = time.perf_counter()
    write_workbook(path, args.rows)
    generate = time.perf_counter() - t0

    t0 = time.perf_counter()
    first = cli(env, "import", "enterprises", str(path))
    first_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = cli(env, "import", "enterprises", str(path))
    again_s = time.perf_counter() - t0
    ok = first["ok"] and first["created"] == args.rows and again["ok"] and again["created"] == 0
    report({
        "bench": "import_enterprises", "rows": args.rows, "file_mb": round(path.stat().st_size / 2**20, 1),
        "generate_seconds": round(generate, 1),
        "import_seconds": round(first_s, 2), "reimport_seconds": round(again_s, 2),
        "rows_per_second": round(args.rows / first_s), "limit_seconds": 60,
        "ok": bool(ok and first_s <= 60), "created": first["created"], "unchanged_on_reimport": again["unchanged"],
    })


if __name__ == "__main__":
    main()
