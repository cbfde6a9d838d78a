"""Background jobs of the stats app (Huey)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from liandong.accounts.scoping import SYSTEM


@db_task()
def warm_stats_report() -> None:
    """After the data changed, compute the latest period's year-to-date report and trend into the
    cache, so the statistics page opens at once."""
    from liandong.stats.selectors import latest_period, report_bundle, stats_trend

    period = latest_period()
    if period:
        report_bundle(actor=SYSTEM, period=period, ytd=True)
        stats_trend(actor=SYSTEM, period=period, ytd=True)


def queue_warm_stats_report() -> None:
    warm_stats_report()
