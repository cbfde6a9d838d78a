"""``liandong meetings schedule --requests FILE --tables T [--slots K] [--blocked FILE] [--json]``:
the 1:1 timetable of a request list (docs/cli.md#meetings-schedule).

Requests: CSV ``a,b`` (two participant ids per accepted meeting; optional ``side_a,side_b``,
buyer/supplier). Blocked: CSV ``participant,slot`` (1-based slots the participant cannot meet in).
Without blocked slots or a fixed ``--slots`` the edge-colouring timetable (K = max(Δ, ⌈E/T⌉) when
bipartite; on a small enough day that is not, CP-SAT looks for the fewest slots within
``--time-limit`` seconds, default 10); otherwise CP-SAT within ``--time-limit`` seconds, default 30.
Beside those keys the JSON says ``bipartite``, ``optimal`` (proven only) and ``gap``
(slots − lower_bound when not proven optimal, else null).
"""

import csv
from pathlib import Path

from django.core.management.base import CommandError

from liandong.core.commands import LiandongCommand
from liandong.core.errors import ApplicationError
from liandong.engines.scheduling import (
    DEFAULT_TIME_LIMIT,
    EXACT_TIME_LIMIT,
    ScheduleError,
    schedule,
    schedule_constrained,
)


def _rows(path: str) -> list[dict[str, str]]:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"no such file: {path}")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with file.open(encoding=encoding, newline="") as handle:
                return [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                        for row in csv.DictReader(handle)]
        except UnicodeDecodeError:
            continue
    raise ApplicationError("The file is neither UTF-8 nor GB18030 text.", {"file": path})


class Command(LiandongCommand):
    help = "1:1 meetings: `schedule` makes the timetable of a request list (slots and tables)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("schedule", help="timetable of accepted 1:1 requests")
        run.add_argument("--requests", required=True, help="CSV with columns a,b[,side_a,side_b]")
        run.add_argument("--tables", required=True, type=int)
        run.add_argument("--slots", type=int, help="the number of slots the day has (default: as many as needed)")
        run.add_argument("--blocked", help="CSV with columns participant,slot (1-based)")
        run.add_argument("--time-limit", type=float,
                         help=f"CP-SAT seconds (default {DEFAULT_TIME_LIMIT:g} with blocked slots or --slots, "
                              f"else {EXACT_TIME_LIMIT:g})")
        run.add_argument("--json", action="store_true", help="machine-readable result on stdout")

    def handle(self, *args, **opts):
        self.as_json = self.as_json or opts.get("json", False)
        rows = _rows(opts["requests"])
        if rows and not {"a", "b"} <= set(rows[0]):
            raise ApplicationError("The requests file needs the columns a and b.", {"columns": sorted(rows[0])})
        sides: dict[str, str] = {}
        for i, row in enumerate(rows, start=2):
            for who, side in ((row["a"], row.get("side_a", "")), (row["b"], row.get("side_b", ""))):
                if side and sides.setdefault(who, side) != side:
                    raise ApplicationError(f"{who} is both {sides[who]} and {side} (row {i}).", {"row": i})
        blocked: dict[str, set[int]] = {}
        if opts.get("blocked"):
            for i, row in enumerate(_rows(opts["blocked"]), start=2):
                try:
                    blocked.setdefault(row["participant"], set()).add(int(row["slot"]) - 1)
                except (KeyError, ValueError):
                    raise ApplicationError(f"Row {i} of the blocked file needs participant and a slot number.",
                                           {"row": i}) from None
        pairs = [(row["a"], row["b"]) for row in rows]
        try:
            limit = opts.get("time_limit")
            if blocked or opts.get("slots"):
                result = schedule_constrained(pairs, opts["tables"], slots=opts.get("slots"), blocked=blocked,
                                              time_limit=DEFAULT_TIME_LIMIT if limit is None else limit)
            else:
                result = schedule(pairs, opts["tables"], time_limit=EXACT_TIME_LIMIT if limit is None else limit)
        except ScheduleError as err:
            raise ApplicationError(str(err)) from None
        payload = result.as_dict()
        if not result.optimal:
            proof = f"未能证明为最优，比下限多{result.gap}个时段" if result.gap and result.gap > 0 else "未能证明为最优"
        elif result.unscheduled:
            proof = "已证明在现有时段内无法再多排"
        else:
            proof = "已证明为最少时段"
        human = [f"{payload['slots']}个时段（下限{payload['lower_bound']}，{proof}），{len(payload['meetings'])}场洽谈，"
                 f"未排{len(payload['unscheduled'])}场"]
        human += [f"{b['participant']}有{b['meetings']}场洽谈：可增派一名代表或增加时段" for b in payload["bottlenecks"][:5]]
        human += payload["messages"]
        self.emit(payload, human="\n".join(human))
