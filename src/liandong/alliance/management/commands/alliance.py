"""``liandong alliance summary [--as-of D] --json`` and ``liandong alliance rota --chain CHAIN
--from YYYY-MM --months N --json`` (docs/cli.md#alliance-summary, docs/cli.md#alliance-rota)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone

from liandong.alliance import selectors
from liandong.core.commands import LiandongCommand
from liandong.core.errors import NotFoundError
from liandong.engines.alliance.rota import is_month


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}") from err


def _month(text: str) -> str:
    if not is_month(text):
        raise CommandError(f"not a month (YYYY-MM): {text}")
    return text


def _months(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 120:
        raise CommandError(f"--months takes 1 to 120: {text}")
    return int(text)


class Command(LiandongCommand):
    help = "Chain alliance: `summary` of members, pairings and activities; `rota` of a chain's monthly host."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        summary = sub.add_parser("summary", help="members (each unit once), pairings and activities up to a date")
        summary.add_argument("--as-of", type=_date, dest="as_of")
        rota = sub.add_parser("rota", help="the monthly rotating host (轮值) of a chain's activity")
        rota.add_argument("--chain", required=True, help="chain code or name")
        rota.add_argument("--from", type=_month, required=True, dest="first")
        rota.add_argument("--months", type=_months, required=True)
        for p in (summary, rota):
            p.add_argument("--json", action="store_true", help="machine-readable result on stdout")

    def handle(self, *args, **opts):
        self.as_json = self.as_json or opts.get("json", False)
        if opts["action"] == "summary":
            result = selectors.summary(as_of=opts["as_of"] or timezone.localdate())
            types = "，".join(f"{k}{n}家" for k, n in result["by_type"].items() if n)
            self.emit(result, human=f"截至{result['as_of']}，联盟成员单位{result['members']}家（{types}），"
                                    f"结对{result['pairings']}个，联建活动{result['activities']}场。")
            return
        try:
            chain = selectors.chain_by_text(opts["chain"])
        except NotFoundError as err:
            raise CommandError(f"unknown chain: {opts['chain']}") from err
        result = selectors.rota(chain=chain, first_month=opts["first"], months=opts["months"])
        lines = [f"{result['chain']['name']} 轮值安排："]
        lines += [f"  {r['month']}  {r['host'] or '（无企业成员）'}" for r in result["rota"]]
        self.emit(result, human="\n".join(lines))
