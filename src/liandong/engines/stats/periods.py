"""Statistical periods ``YYYY-MM`` (期别): the month (当月), year to date (累计, January…t) and the
same period a year earlier (同期)."""

from __future__ import annotations

import re

PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class PeriodError(ValueError):
    """A period that is not ``YYYY-MM``."""


def parse_period(period: str) -> tuple[int, int]:
    match = PERIOD.match(period or "")
    if not match:
        raise PeriodError(period)
    return int(match.group(1)), int(match.group(2))


def shift_months(period: str, months: int) -> str:
    year, month = parse_period(period)
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def year_earlier(period: str) -> str:
    return shift_months(period, -12)


def months_of(period: str, ytd: bool) -> list[str]:
    """The months a report sums: the month itself, or January…period with ``ytd``."""
    year, month = parse_period(period)
    if not ytd:
        return [period]
    return [f"{year:04d}-{m:02d}" for m in range(1, month + 1)]


def period_label(period: str, ytd: bool) -> str:
    """How the bureau names the period in text: ``1-6月``, ``1月`` (January YTD), ``6月``."""
    _, month = parse_period(period)
    return f"1-{month}月" if ytd and month > 1 else f"{month}月"


def previous_period(period: str) -> str:
    """The period a report is compared with for 由负转正 / 降幅收窄: the month before (for a YTD
    report, the cumulative figures up to that month, e.g. 1-5月 before 1-6月)."""
    return shift_months(period, -1)
