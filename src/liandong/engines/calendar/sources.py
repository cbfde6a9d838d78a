"""Holiday data: the official arrangements packaged by ``chinese-calendar`` (each year's State Council
notice, holidays and make-up working days) and, for years it does not cover yet, the rule-based
estimate of the ``holidays`` package (public holidays only: no make-up working days), plus overrides
entered by officials. A year is official when chinese-calendar covers it or an official confirmed
their overrides for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import holidays as holiday_rules
from chinese_calendar import constants as official

from .workcal import HolidayData

OFFICIAL_YEARS = frozenset(range(min(d.year for d in official.holidays), max(d.year for d in official.holidays) + 1))


def estimated_holidays(year: int) -> set[dt.date]:
    return set(holiday_rules.China(years=year).keys())


def holiday_data(years: Iterable[int], *, extra_holidays: Iterable[dt.date] = (),
                 extra_workdays: Iterable[dt.date] = (), confirmed_years: Iterable[int] = ()) -> HolidayData:
    """Holiday data for ``years``; overrides win over both sources."""
    years = set(years)
    days_off: set[dt.date] = {d for d in official.holidays if d.year in years}
    workdays: set[dt.date] = {d for d in official.workdays if d.year in years}
    for year in years - OFFICIAL_YEARS:
        days_off |= estimated_holidays(year)
    extra_holidays, extra_workdays = set(extra_holidays), set(extra_workdays)
    days_off = (days_off - extra_workdays) | extra_holidays
    workdays = (workdays - extra_holidays) | extra_workdays
    return HolidayData(holidays=frozenset(days_off), workdays=frozenset(workdays),
                       official_years=frozenset((OFFICIAL_YEARS | set(confirmed_years)) & years))
