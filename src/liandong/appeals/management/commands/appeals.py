"""``liandong appeals deadlines --at ISO-DATETIME [--category CODE] [--json]``: the three deadlines of an
appeal submitted then (docs/cli.md#appeals-deadlines); ``liandong appeals sweep [--at ISO]``: raise
the alerts due (what the worker does every minute)."""

import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone

from liandong.appeals.alerts import sweep
from liandong.appeals.calendar import policy_for, work_calendar
from liandong.appeals.models import AppealCategory
from liandong.core.commands import LiandongCommand
from liandong.engines.calendar import SHANGHAI, clocks


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not an ISO datetime: {text!r} (e.g. 2026-03-03T10:00:00+08:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


class Command(LiandongCommand):
    help = "Enterprise appeals: `deadlines --at ISO` (the 1h/1d/5d promise) and `sweep` (raise due alerts)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        deadlines = sub.add_parser("deadlines", help="deadlines of an appeal submitted at --at")
        deadlines.add_argument("--at", required=True, help="ISO datetime, e.g. 2026-03-03T10:00:00+08:00")
        deadlines.add_argument("--category", help="category code (its own clocks); default 1h / 1 day / 5 days")
        deadlines.add_argument("--json", action="store_true", help="machine-readable result on stdout")
        run = sub.add_parser("sweep", help="raise the warnings and escalations due now (or at --at)")
        run.add_argument("--at", help="ISO datetime (default: now)")
        run.add_argument("--json", action="store_true", help="machine-readable result on stdout")

    def handle(self, *args, **opts):
        self.as_json = self.as_json or opts.get("json", False)
        if opts["action"] == "sweep":
            result = sweep(_moment(opts["at"]) if opts.get("at") else timezone.now())
            self.emit(result, human=f"检查{result['appeals']}件诉求：新提醒{result['notifications']}条，"
                                    f"督办{result['escalations']}件，发送{result['sent']}条")
            return
        at = _moment(opts["at"])
        category = None
        if opts.get("category"):
            category = AppealCategory.objects.filter(code=opts["category"]).first()
            if category is None:
                raise CommandError(f"unknown category {opts['category']!r}")
        calendar = work_calendar(at.astimezone(SHANGHAI).date())
        c = clocks(at, policy_for(category, calendar), calendar, now=at)
        result = {
            "submitted_at": at.astimezone(SHANGHAI).isoformat(), "respond_by": c.respond_by.isoformat(),
            "dock_by": c.dock_by.isoformat(), "resolve_by": c.resolve_by.isoformat(),
            "calendar": "estimated" if c.estimated else "official", "warnings": c.warnings,
        }
        human = "\n".join([f"受理：{result['submitted_at']}", f"响应时限：{result['respond_by']}",
                           f"对接时限：{result['dock_by']}", f"解决时限：{result['resolve_by']}", *c.warnings])
        self.emit(result, human=human)
