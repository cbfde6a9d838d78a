"""``liandong match --need TEXT [--buyer USCC] [--top K] [--json]``: suppliers for one need, best first;
``liandong match --needs FILE [--top K]``: the same for a CSV of needs (``id,text[,buyer]``)
(docs/cli.md#match)."""

import csv
from pathlib import Path

from django.core.management.base import CommandError

from liandong.core.commands import LiandongCommand
from liandong.core.errors import ApplicationError
from liandong.enterprises.models import Enterprise
from liandong.matchmaking.index import matcher


class Command(LiandongCommand):
    help = "Suppliers for a need (供需撮合), best first, with reasons."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--need", help="what is needed, in the buyer's words")
        group.add_argument("--needs", help="CSV file with columns id,text[,buyer]")
        parser.add_argument("--buyer", help="the buyer's USCC (never suggested to itself; its history counts)")
        parser.add_argument("--top", type=int, default=10)

    def handle(self, *args, **opts):
        if opts["top"] < 1:
            raise CommandError("--top must be at least 1")
        m = matcher()
        if opts.get("need"):
            buyer = self._buyer(opts.get("buyer"))
            results = m.match(opts["need"], buyer=buyer, top=opts["top"])
            payload = {"results": [r.as_dict() for r in results]}
            human = [f"{i}. {r.name}（{r.uscc}）{r.score:.3f}：{'；'.join(r.reasons)}" for i, r in enumerate(results, 1)]
            self.emit(payload, human="\n".join(human) or "没有找到合适的供应商")
            return
        path = Path(opts["needs"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if rows and not {"id", "text"} <= set(rows[0]):
            raise ApplicationError("The needs file needs the columns id and text.", {"columns": sorted(rows[0])})
        needs = [(row["id"], row["text"], self._buyer(row.get("buyer"))) for row in rows]
        results = m.batch(needs, top=opts["top"])
        payload = {"needs": [{"id": key, "results": [r.as_dict() for r in results[key]]} for key, _t, _b in needs]}
        self.emit(payload, human=f"{len(needs)}条需求已匹配")

    def _buyer(self, uscc: str | None) -> int | None:
        if not uscc:
            return None
        found = Enterprise.objects.filter(uscc=uscc.strip().upper()).values_list("id", flat=True).first()
        if found is None:
            raise ApplicationError("Unknown buyer USCC.", {"buyer": uscc})
        return found
