"""Chain statistics engine (产业链统计监测): growth, pull, contribution, share and the report text.

Pure: stdlib and polars only. ``compute_report(indicators, members, period=..., ytd=...)`` →
``StatsReport``; ``narrative(report, previous)`` → the bureau-style paragraph.
"""

from .narrative import amount_text, narrative
from .periods import (
    PeriodError,
    months_of,
    parse_period,
    period_label,
    previous_period,
    shift_months,
    year_earlier,
)
from .report import (
    INDICATORS,
    Check,
    GroupFigures,
    Indicator,
    StatsInputError,
    StatsReport,
    compute_report,
    enterprise_figures,
)
from .rounding import fmt1, round_half_up

__all__ = [
    "INDICATORS",
    "Check",
    "GroupFigures",
    "Indicator",
    "PeriodError",
    "StatsInputError",
    "StatsReport",
    "amount_text",
    "compute_report",
    "enterprise_figures",
    "fmt1",
    "months_of",
    "narrative",
    "parse_period",
    "period_label",
    "previous_period",
    "round_half_up",
    "shift_months",
    "year_earlier",
]
