"""``liandong chains analyze CHAIN [--json] [--user NAME]``: gap analysis of one chain (code or name).

JSON as docs/cli.md#chains-analyze: {"chain": {"code", "name"}, "nodes": [...], "fill",
"strengthen", "extend"}; the lists are complete.
"""

from django.core.management.base import CommandError
from django.utils import translation

from liandong.accounts.actor import add_user_argument, resolve_actor
from liandong.chains import statuses
from liandong.chains.analysis import chain_analysis
from liandong.core.commands import LiandongCommand


class Command(LiandongCommand):
    help = "Chain work: `analyze CHAIN` prints the gap analysis (补链·强链·延链) of one chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        analyze = sub.add_parser("analyze", help="gap analysis of one chain (code or name)")
        analyze.add_argument("chain")
        analyze.add_argument("--json", action="store_true", help="machine-readable result on stdout")
        add_user_argument(analyze)

    def handle(self, *args, **opts):
        if opts["action"] != "analyze":
            raise CommandError("unknown action")
        self.as_json = self.as_json or opts.get("json", False)
        result = chain_analysis(actor=resolve_actor(opts.get("user")), code=opts["chain"])
        self.emit(result, human=self._human(result))

    def _human(self, result) -> str:
        lines = [f"{result['chain']['name']}（{result['chain']['code']}）环节分析："]
        with translation.override("zh-hans"):  # the human output is Chinese, as the rest of the line
            zh = {s: statuses.label(s) for s in statuses.ORDER}
        for n in result["nodes"]:
            indent = "  " * max(0, n.get("level", 2) - 2)
            lines.append(f"  {indent}{n['name']:<12} {zh.get(n['status'], n['status'])}  "
                         f"{n['enterprises']}家  {n['reason']}")
        for key, title in (("fill", "补链"), ("strengthen", "强链"), ("extend", "延链")):
            rows = result[key]
            lines.append(f"{title}（{len(rows)}项）：")
            lines += [f"  {i}. {r.get('name', r['node'])}：{r['reason']}" for i, r in enumerate(rows[:10], start=1)]
        return "\n".join(lines)
