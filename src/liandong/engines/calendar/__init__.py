"""Working-time engine: the Chinese official calendar (holidays and 调休) and the appeal clocks.

Pure: stdlib plus the calendar data packages chinese-calendar and holidays (``sources``); the
Django side adds the overrides officials enter in the admin (``appeals.calendar``).
"""

from .sla import ALERT_LEVELS, CLOCKS, Clocks, Pause, SlaPolicy, alert_times, clocks, paused_minutes
from .sources import OFFICIAL_YEARS, estimated_holidays, holiday_data
from .workcal import SHANGHAI, CalendarError, HolidayData, WorkCalendar, WorkingHours, working_days_hours

__all__ = [
    "ALERT_LEVELS",
    "OFFICIAL_YEARS",
    "CLOCKS",
    "SHANGHAI",
    "CalendarError",
    "Clocks",
    "HolidayData",
    "Pause",
    "SlaPolicy",
    "WorkCalendar",
    "WorkingHours",
    "alert_times",
    "clocks",
    "estimated_holidays",
    "holiday_data",
    "paused_minutes",
    "working_days_hours",
]
