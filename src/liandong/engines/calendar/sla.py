"""The district's promise to every enterprise appeal (企业诉求“1小时响应、1天内对接、1周内解决”): three
clocks from submission — respond, dock with the right department, resolve — in working time, with
warnings at 50% and 80% of each and escalation (督办) at 100%.

Pauses (waiting for the enterprise) stop the resolve clock; approved extensions move it. Deadlines
are a pure function of the submission, the policy and the history so far, so they never go backwards
as time or events move forward: pauses and extensions only add working time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .workcal import WorkCalendar

CLOCKS = ("respond", "dock", "resolve")
ALERT_LEVELS = (50, 80, 100)


@dataclass(frozen=True)
class SlaPolicy:
    """Working minutes allowed for each clock (a category may change them)."""

    respond_minutes: float = 60
    dock_minutes: float | None = None   # default: one working day
    resolve_minutes: float | None = None  # default: five working days

    def budget(self, clock: str, day_minutes: int) -> float:
        if clock == "respond":
            return self.respond_minutes
        if clock == "dock":
            return self.dock_minutes if self.dock_minutes is not None else day_minutes
        return self.resolve_minutes if self.resolve_minutes is not None else 5 * day_minutes

    @classmethod
    def of(cls, respond_hours: float, dock_days: float, resolve_days: float, day_minutes: int) -> SlaPolicy:
        return cls(respond_hours * 60, dock_days * day_minutes, resolve_days * day_minutes)


@dataclass(frozen=True)
class Pause:
    start: dt.datetime
    end: dt.datetime | None = None  # None: still paused


@dataclass(frozen=True)
class Clocks:
    submitted_at: dt.datetime
    respond_by: dt.datetime
    dock_by: dt.datetime
    resolve_by: dt.datetime
    paused_minutes: float
    estimated: bool
    warnings: list[str] = field(default_factory=list)

    def due(self, clock: str) -> dt.datetime:
        return {"respond": self.respond_by, "dock": self.dock_by, "resolve": self.resolve_by}[clock]


def paused_minutes(calendar: WorkCalendar, pauses: list[Pause], now: dt.datetime) -> float:
    """Working minutes spent paused up to ``now`` (an open pause runs to now)."""
    return sum(calendar.between(p.start, p.end or now) for p in pauses if (p.end or now) > p.start)


def clocks(submitted_at: dt.datetime, policy: SlaPolicy, calendar: WorkCalendar, *, now: dt.datetime,
           pauses: list[Pause] | tuple[Pause, ...] = (), extension_minutes: float = 0) -> Clocks:
    """The three deadlines of an appeal submitted at ``submitted_at``, as of ``now``."""
    day = calendar.hours.minutes
    paused = paused_minutes(calendar, list(pauses), now)
    respond_by = calendar.add(submitted_at, policy.budget("respond", day))
    dock_by = calendar.add(submitted_at, policy.budget("dock", day))
    resolve_by = calendar.add(submitted_at, policy.budget("resolve", day) + paused + extension_minutes)
    estimated_days = [d for d in calendar.days_touched(submitted_at, resolve_by) if not calendar.is_official(d)]
    warnings = []
    if estimated_days:
        years = sorted({d.year for d in estimated_days})
        warnings.append(f"{'、'.join(map(str, years))}年的法定节假日和调休安排尚未录入官方数据，期限按规则估算，"
                        "请在后台核对节假日设置。")
    return Clocks(submitted_at, respond_by, dock_by, resolve_by, paused, bool(estimated_days), warnings)


def alert_times(submitted_at: dt.datetime, clock: str, policy: SlaPolicy, calendar: WorkCalendar, *,
                paused: float = 0, extension_minutes: float = 0) -> dict[int, dt.datetime]:
    """When each alert of ``clock`` falls due: 50% and 80% of its working-time budget, and 100% (the
    deadline, when it escalates). Paused time shifts the resolve clock's alerts with its deadline."""
    budget = policy.budget(clock, calendar.hours.minutes)
    shift = paused if clock == "resolve" else 0.0
    if clock == "resolve":
        budget += extension_minutes
    return {level: calendar.add(submitted_at, budget * level / 100 + shift) for level in ALERT_LEVELS}
