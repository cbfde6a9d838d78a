"""1:1 meeting scheduler (洽谈排程): edge colouring for the unconstrained day (``timetable``), CP-SAT
when participants have blocked slots or the day has a fixed number of slots (``constrained``), and
to prove or find the fewest slots on a small enough day (``exact``).

Pure: stdlib, rustworkx and OR-Tools.
"""

from .constrained import DEFAULT_TIME_LIMIT, schedule_constrained
from .exact import EXACT_TIME_LIMIT, EXACT_VARIABLES
from .timetable import (
    Meeting,
    Schedule,
    ScheduleError,
    at_least,
    balance,
    check,
    clean_requests,
    is_bipartite,
    lower_bound,
    schedule,
)

__all__ = ["DEFAULT_TIME_LIMIT", "EXACT_TIME_LIMIT", "EXACT_VARIABLES", "Meeting", "Schedule", "ScheduleError",
           "at_least", "balance", "check", "clean_requests", "is_bipartite", "lower_bound", "schedule",
           "schedule_constrained"]
