"""``liandong demo [--scale N] [--seed S] [--reset] [--no-serve] [--addr HOST:PORT] [--json]``

Loads the demo district 西青区（示例） and serves it (docs/cli.md#demo).

1. Migrates the database, so an empty database works.
2. When the database already holds enterprises:
   - if it is the demo district built with the same ``--seed`` and ``--scale``, nothing is built:
     the accounts are printed and the site is served. That makes ``make demo`` re-runnable.
     Recognition needs no marker table or file (see ``liandong.demo.generator.demo_present``):
     the demo USCCs are a prefix-stable function of the seed, so the database holds the seed's
     first and ``scale``-th codes but not the next one, and the ``admin`` user exists;
   - otherwise it refuses (exit 1, nothing written) unless ``--reset`` is given, which deletes
     every enterprise and everything hanging off it, the demo users, organizations and parks first.
3. Builds the district in one transaction (a failure leaves nothing half-written), printing each
   step with its row count and seconds to stderr.
4. Prints the demo accounts (or, with ``--json``, one JSON object) and, unless ``--no-serve``,
   starts the web server and worker on ``--addr``.
"""

from __future__ import annotations

import io
import time
import unicodedata

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from liandong.core.commands import LiandongCommand
from liandong.core.db import data_changed, refresh_planner_statistics
from liandong.core.errors import ApplicationError
from liandong.demo import names as N
from liandong.demo.generator import (
    DEFAULT_SCALE,
    DEFAULT_SEED,
    DEMO_TODAY,
    ROLE_LABELS,
    build_demo,
    demo_accounts,
    demo_counts,
    demo_present,
    reset_demo,
)

MIN_SCALE = 10
MAX_SCALE = 1_000_000


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(LiandongCommand):
    help = "Load the demo district 西青区（示例） and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=DEFAULT_SCALE,
                            help=f"number of enterprises (default {DEFAULT_SCALE}; 100000 for benchmarks)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same district)")
        parser.add_argument("--reset", action="store_true",
                            help="delete all enterprises and the demo users, organizations and parks first")
        parser.add_argument("--no-serve", action="store_true", help="build and print the accounts, do not serve")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="HOST:PORT to serve on")

    def handle(self, *args, **opts):
        from liandong.enterprises.models import Enterprise

        scale, seed = opts["scale"], opts["seed"]
        if not MIN_SCALE <= scale <= MAX_SCALE:
            raise CommandError(f"--scale must be between {MIN_SCALE} and {MAX_SCALE}")
        started = time.perf_counter()
        self.progress("链动演示区：迁移数据库…")
        call_command("migrate", verbosity=0, interactive=False, stdout=io.StringIO(), stderr=io.StringIO())

        built = False
        if (Enterprise.objects.exists() and not opts["reset"]
                and demo_present(seed=seed, scale=scale)):
            self.progress(f"演示区已存在（seed={seed}，scale={scale}），跳过生成。")
            counts = demo_counts()
        else:
            if Enterprise.objects.exists() and not opts["reset"]:
                raise ApplicationError(
                    _("The database already holds enterprises that are not this demo district; "
                      "run with --reset to delete them and build the demo."),
                    {"enterprises": Enterprise.objects.count(), "seed": seed, "scale": scale},
                )
            with transaction.atomic():
                if opts["reset"]:
                    t = time.perf_counter()
                    deleted = reset_demo(today=DEMO_TODAY)
                    self.progress(f"  已清除原有数据：{deleted.get('enterprises', 0)} 家企业，"
                                  f"{time.perf_counter() - t:.1f} 秒")
                self.progress(f"生成演示区 {N.DISTRICT_NAME}：{scale} 家企业，seed={seed}…")
                counts = build_demo(scale=scale, seed=seed, today=DEMO_TODAY, progress=self.progress)
            refresh_planner_statistics()
            data_changed()
            built = True
        seconds = round(time.perf_counter() - started, 2)
        accounts = demo_accounts()
        if built:
            self.progress(f"完成：{seconds} 秒。")
        payload = {
            "ok": True, "built": built, "scale": scale, "seed": seed, "today": DEMO_TODAY, "seconds": seconds,
            "counts": counts,
            "accounts": [{"username": a["username"], "role": a["role"], "password": a["password"],
                          "display_name": a["display_name"]} for a in accounts],
        }
        self.emit(payload, human=self._table(accounts, counts, opts))
        if not opts["no_serve"]:
            from liandong.site.server import serve

            self.progress(f"链动演示区：http://{opts['addr']}/  （Ctrl-C 停止）")
            code = serve(opts["addr"])
            if code:
                self.emit({"ok": False, "message": "server stopped with an error", "extra": {"code": code}},
                          human="服务异常退出。", code=1)

    def _table(self, accounts, counts, opts) -> str:
        head = ("账号", "角色", "名称", "能看到什么")
        rows = [(a["username"], ROLE_LABELS.get(a["role"], a["role"]), a["display_name"], a["sees"])
                for a in accounts]
        widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(3)]
        lines = [
            f"链动 · 演示区 {N.DISTRICT_NAME}：{counts.get('enterprises', 0)} 家企业，"
            f"{counts.get('indicators', 0)} 条月度指标，{counts.get('supply_relations', 0)} 条供需关系。",
            f"演示账号（密码均为 {accounts[0]['password'] if accounts else ''}）：",
            "  " + "  ".join(_pad(h, w) for h, w in zip(head, [*widths, 0], strict=False)),
        ]
        lines += ["  " + "  ".join([*(_pad(c, w) for c, w in zip(r[:3], widths, strict=True)), r[3]]) for r in rows]
        if not opts["no_serve"]:
            lines.append(f"浏览器打开 http://{opts['addr']}/ ，后台管理 http://{opts['addr']}/admin/")
        return "\n".join(lines)
