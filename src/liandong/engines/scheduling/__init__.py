"""1:1 meeting scheduler (洽谈排程): edge colouring for the unconstrained day (``timetable``), CP-SAT
when participants have blocked slots or the day has a fixed number of slots (``constrained``).

Pure: stdlib, rustworkx and OR-Tools.
"""

from .constrained import schedule_constrained
from .timetable import Meeting, Schedule, ScheduleError, balance, check, clean_requests, lower_bound, schedule

__all__ = ["Meeting", "Schedule", "ScheduleError", "balance", "check", "clean_requests", "lower_bound",
           "schedule", "schedule_constrained"]
