"""``liandong projects summary [--since D] [--until D] [--park NAME] --json`` and
``liandong projects leads --chain CHAIN [--as-of D] --json`` (docs/cli.md#projects-summary,
docs/cli.md#projects-leads)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from liandong.accounts.actor import add_user_argument, resolve_actor
from liandong.core.commands import LiandongCommand
from liandong.investment import selectors


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}") from err


class Command(LiandongCommand):
    help = "Investment promotion: `summary` of landed projects, `leads` of a chain (以商招商)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        summary = sub.add_parser("summary", help="projects landed in a window, their capital, the key-chain share")
        summary.add_argument("--since", type=_date)
        summary.add_argument("--until", type=_date)
        summary.add_argument("--park", default="")
        leads = sub.add_parser("leads", help="investment leads born from a chain's gaps")
        leads.add_argument("--chain", required=True, help="chain code or name")
        leads.add_argument("--as-of", type=_date, dest="as_of")
        for p in (summary, leads):
            p.add_argument("--json", action="store_true", help="machine-readable result on stdout")
            add_user_argument(p)

    def handle(self, *args, **opts):
        self.as_json = self.as_json or opts.get("json", False)
        actor = resolve_actor(opts.get("user"))
        if opts["action"] == "summary":
            if opts["since"] and opts["until"] and opts["since"] > opts["until"]:
                raise CommandError("--since is after --until")
            result = selectors.summary(actor=actor, since=opts["since"], until=opts["until"], park=opts["park"])
            self.emit(result, human=selectors.summary_sentence(result))
        else:
            result = selectors.chain_leads(actor=actor, chain=opts["chain"], as_of=opts["as_of"])
            lines = [f"{result['chain']['name']} 招商线索（以商招商）{len(result['leads'])} 条："]
            lines += [f"  {i}. {x['name']}（{x['uscc']}）：{x['reason']}" for i, x in enumerate(result["leads"][:30], start=1)]
            self.emit(result, human="\n".join(lines))
