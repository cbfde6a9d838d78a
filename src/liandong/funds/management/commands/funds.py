"""``liandong funds summary [--year Y] --json`` (docs/cli.md#funds-summary)."""

from __future__ import annotations

from liandong.accounts.actor import add_user_argument, resolve_actor
from liandong.core.commands import LiandongCommand
from liandong.funds import selectors


class Command(LiandongCommand):
    help = "Funds: `summary` of every program-year's budget, commitments and payments, and duplicate applications."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        summary = sub.add_parser("summary", help="budget, committed, disbursed and remaining per program and year")
        summary.add_argument("--year", type=int)
        summary.add_argument("--json", action="store_true", help="machine-readable result on stdout")
        add_user_argument(summary)

    def handle(self, *args, **opts):
        self.as_json = self.as_json or opts.get("json", False)
        result = selectors.summary(actor=resolve_actor(opts.get("user")), year=opts.get("year"))
        result["chain"] = selectors.chain_disbursed(year=opts.get("year"))
        lines = [f"{p['year']} {p['name']}（{p['code']}）：预算{p['budget_wan']:,.2f}万元，已承诺{p['committed_wan']:,.2f}万元，"
                 f"已拨付{p['disbursed_wan']:,.2f}万元，余额{p['remaining_wan']:,.2f}万元" for p in result["programs"]]
        lines.append(f"合计已拨付{result['disbursed_wan']:,.2f}万元；重复申报{len(result['duplicates'])}项。")
        if result["chain"]:
            lines.append(result["chain"]["sentence"])
        self.emit(result, human="\n".join(lines))
