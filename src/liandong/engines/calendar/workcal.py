"""Working time on the Chinese official calendar: working days are Monday–Friday except public
holidays, plus the make-up working days (调休) that the General Office of the State Council announces
each year in its notice on public-holiday arrangements (国务院办公厅关于部分节假日安排的通知, published on
https://www.gov.cn/zhengce/); working hours 09:00–17:30 by default.

Time is measured in working minutes: a deadline of N working minutes from a moment is where the
clock, running only inside working hours on working days, has counted N. One working day is one
full day's working minutes (510 by default), so an appeal submitted at 16:50 on a working day has
until 16:50 on the next working day. A moment outside working hours starts the clock at the next
opening.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_DAYS = 3660  # a clock that found no working day in ten years has bad calendar data


class CalendarError(ValueError):
    """Calendar data without working days, or naive datetimes."""


@dataclass(frozen=True)
class WorkingHours:
    start: dt.time = dt.time(9, 0)
    end: dt.time = dt.time(17, 30)

    def __post_init__(self) -> None:
        if self.minutes <= 0:
            raise CalendarError("working hours must end after they start")

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


@dataclass(frozen=True)
class HolidayData:
    """Days off and make-up working days; ``official_years`` are the years whose data the State
    Council published (the rest are a rule-based estimate)."""

    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)
    official_years: frozenset[int] = field(default_factory=frozenset)


class WorkCalendar:
    def __init__(self, data: HolidayData, hours: WorkingHours | None = None, tz: dt.tzinfo = SHANGHAI):
        self.data = data
        self.hours = hours or WorkingHours()
        self.tz = tz

    # --- days ---------------------------------------------------------------------------------------
    def is_working_day(self, day: dt.date) -> bool:
        if day in self.data.workdays:
            return True
        if day in self.data.holidays:
            return False
        return day.weekday() < 5

    def is_official(self, day: dt.date) -> bool:
        return day.year in self.data.official_years

    def next_working_day(self, day: dt.date) -> dt.date:
        for _ in range(MAX_DAYS):
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise CalendarError("no working day found")

    # --- moments ------------------------------------------------------------------------------------
    def _local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise CalendarError("working time needs timezone-aware datetimes")
        return moment.astimezone(self.tz)

    def _open(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.hours.start, tzinfo=self.tz)

    def _close(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.hours.end, tzinfo=self.tz)

    def clock_start(self, moment: dt.datetime) -> dt.datetime:
        """The moment itself inside working hours, else the next opening."""
        local = self._local(moment)
        day = local.date()
        if self.is_working_day(day):
            if local < self._open(day):
                return self._open(day)
            if local < self._close(day):
                return local
        return self._open(self.next_working_day(day))

    def add(self, moment: dt.datetime, minutes: float) -> dt.datetime:
        """The moment ``minutes`` working minutes after ``moment`` (Asia/Shanghai)."""
        if minutes < 0:
            raise CalendarError("working minutes must not be negative")
        current = self.clock_start(moment)
        remaining = dt.timedelta(minutes=minutes)
        for _ in range(MAX_DAYS):
            available = self._close(current.date()) - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = self._open(self.next_working_day(current.date()))
        raise CalendarError("deadline beyond ten years")

    def between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working minutes from ``start`` to ``end`` (0 when end is not after start)."""
        start, end = self._local(start), self._local(end)
        if end <= start:
            return 0.0
        total = dt.timedelta()
        day = start.date()
        while day <= end.date():
            if self.is_working_day(day):
                lo, hi = max(start, self._open(day)), min(end, self._close(day))
                if hi > lo:
                    total += hi - lo
            day += dt.timedelta(days=1)
        return total.total_seconds() / 60

    def days_touched(self, start: dt.datetime, end: dt.datetime) -> list[dt.date]:
        first, last = self._local(start).date(), self._local(end).date()
        return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def working_days_hours(minutes: float, day_minutes: int) -> tuple[int, float]:
    """Working minutes as (whole working days, hours rounded to the half hour) for people to read:
    2180 minutes on a 510-minute day are 4 days and 2.5 hours; hours that round up to a full working
    day carry over into the days."""
    minutes = abs(minutes)
    days = int(minutes // day_minutes)
    hours = round((minutes - days * day_minutes) / 60 * 2) / 2
    if hours * 60 >= day_minutes:
        days, hours = days + 1, 0.0
    return days, hours
