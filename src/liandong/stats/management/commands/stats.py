"""``liandong stats report [--period YYYY-MM] [--ytd] [--indicator KEY] [--json] [--user NAME]``.

JSON as docs/reports.md#the-json: {"period", "ytd", "total", "key_chains", "groups",
"narrative"}, plus the official totals, the consistency checks and data-quality counts. Without
``--period`` the latest month with figures.
"""

from django.core.management.base import CommandError

from liandong.accounts.actor import add_user_argument, resolve_actor
from liandong.core.commands import LiandongCommand
from liandong.engines.stats import INDICATORS
from liandong.stats.selectors import stats_report

KIND_ZH = {"chain": "产业链", "node": "环节", "park": "园区", "tier": "梯度"}


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1f}"


class Command(LiandongCommand):
    help = "Chain statistics: `report` prints growth, pull, contribution and share (增速·拉动·贡献率·占比)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser("report", help="the statistics report of one period")
        report.add_argument("--period", help="YYYY-MM (default: the latest month with figures)")
        report.add_argument("--ytd", action="store_true", help="year to date (累计, January…period)")
        report.add_argument("--indicator", default="value_added", choices=sorted(INDICATORS))
        report.add_argument("--kind", action="append", choices=sorted(KIND_ZH),
                            help="only groups of this kind (repeatable; default all)")
        report.add_argument("--json", action="store_true", help="machine-readable result on stdout")
        add_user_argument(report)

    def handle(self, *args, **opts):
        if opts["action"] != "report":
            raise CommandError("unknown action")
        self.as_json = self.as_json or opts.get("json", False)
        result = stats_report(actor=resolve_actor(opts.get("user")), period=opts.get("period"), ytd=opts["ytd"],
                              indicator=opts["indicator"])
        if opts.get("kind"):
            result["groups"] = [g for g in result["groups"] if g["kind"] in opts["kind"]]
        self.emit(result, human=self._human(result))

    def _human(self, result) -> str:
        key = result["indicator"]
        lines = [result["narrative"], "",
                 f"{'分组':<16}{'企业数':>6}{'本期（万元）':>14}{'增速%':>8}{'±总体':>8}{'拉动':>8}{'贡献率%':>9}{'占比%':>8}"]
        rows = [("规模以上工业", result["total"]), ("重点产业链", result["key_chains"])]
        rows += [(f"{KIND_ZH.get(g['kind'], g['kind'])}·{g['name']}", g) for g in result["groups"]]
        for name, g in rows:
            lines.append(f"{name:<16}{g['enterprises']:>6}{_pct(g.get(key)):>14}{_pct(g.get('growth_pct')):>8}"
                         f"{_pct(g.get('diff_pp')):>8}{_pct(g.get('pull_pp')):>8}"
                         f"{_pct(g.get('contribution_pct')):>9}{_pct(g.get('share_pct')):>8}")
        official = result.get("official")
        if official:
            lines.append(f"统计局公布：{_pct(official['value'])}万元，增速{_pct(official['growth_pct'])}%；"
                         f"平台汇总：{_pct(official['platform_value'])}万元，增速{_pct(official['platform_growth_pct'])}%")
        failed = [c["name"] for c in result["checks"] if not c["ok"]]
        lines.append("一致性校验：" + ("全部通过" if not failed else "未通过 " + "；".join(failed)))
        return "\n".join(lines)
