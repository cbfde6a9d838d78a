"""The district's working calendar: official data (chinese-calendar), the rule-based estimate for
later years, and the overrides administrators enter (``CalendarOverride``, ``CalendarYear``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from liandong.appeals.models import AppealCategory, CalendarOverride, CalendarYear
from liandong.engines.calendar import SHANGHAI, SlaPolicy, WorkCalendar, WorkingHours, holiday_data

CACHE_KEY = "appeals:calendar:v1"
YEARS_AROUND = 3


def working_hours() -> WorkingHours:
    start, end = settings.LIANDONG_WORKING_HOURS.split("-")
    return WorkingHours(dt.time.fromisoformat(start), dt.time.fromisoformat(end))


def work_calendar(around: dt.date | None = None) -> WorkCalendar:
    """The calendar for the years around ``around`` (default: today), overrides applied."""
    year = (around or dt.datetime.now(SHANGHAI).date()).year
    years = range(year - YEARS_AROUND, year + YEARS_AROUND + 1)
    key = f"{CACHE_KEY}:{year}:{cache.get(CACHE_KEY + ':gen', 0)}"
    calendar = cache.get(key)
    if calendar is None:
        overrides = list(CalendarOverride.objects.values_list("date", "working"))
        calendar = WorkCalendar(holiday_data(
            years, extra_holidays=[d for d, working in overrides if not working],
            extra_workdays=[d for d, working in overrides if working],
            confirmed_years=CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)),
            working_hours())
        cache.set(key, calendar, 3600)
    return calendar


def policy_for(category: AppealCategory | None, calendar: WorkCalendar) -> SlaPolicy:
    if category is None:
        return SlaPolicy.of(1, 1, 5, calendar.hours.minutes)
    return SlaPolicy.of(float(category.respond_hours), float(category.dock_days), float(category.resolve_days),
                        calendar.hours.minutes)


@receiver([post_save, post_delete], sender=CalendarOverride)
@receiver([post_save, post_delete], sender=CalendarYear)
def _calendar_changed(**_kwargs) -> None:
    try:
        cache.incr(CACHE_KEY + ":gen")
    except ValueError:
        cache.set(CACHE_KEY + ":gen", 1, None)
