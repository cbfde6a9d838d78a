"""Benchmark: the statistics report (liandong.stats.reports) over a real database at district scale.

Builds the demo district (`liandong demo --scale N --no-serve`, 36 months of monthly indicators)
into a scratch database, or reuses one given with --db, then measures in-process for the latest
period (stats.selectors.latest_period()), year to date, value added:
  frames_seconds            indicator_frame for the months the report needs (as reports._compute
                            builds them) plus the period's memberships (members_at), best of 3; each also alone
                            (indicator_frame_seconds, membership_frame_seconds)
  report_cold_seconds       selectors.report_bundle with an empty cache (frames + engine), best of 3
  trend_cold_seconds        selectors.stats_trend with an empty cache (24 engine runs over 36 months
                            of frames), best of 3
  page_cold_ms              /stats/ as an analyst with an empty cache (report + trend + render)
  page_ms                   /stats/ median and p95 over --repeat requests, cache warm (target ≤ 500 ms)
  drill_ms                  /stats/chain/ic/?period=…&mode=ytd median and p95, cache warm
The cold numbers are reported without a limit. Prints one JSON object.
    .venv/bin/python bench/stats_page.py [--scale 100000] [--db FILE] [--repeat 30]
"""

from __future__ import annotations

import argparse
import secrets
import time

from _common import best_of, demo_django, report, timings

PAGE_LIMIT_MS = 500




def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--db", help="an existing database built by an earlier run (skips the build)")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    db, build_seconds = demo_django(args.scale, args.db)
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from liandong.accounts.models import User
    from liandong.accounts.scoping import SYSTEM
    from liandong.engines.stats import INDICATORS, months_of, previous_period, year_earlier
    from liandong.enterprises.models import Enterprise, MonthlyIndicator
    from liandong.stats import selectors as reports  # latest_period, report_bundle, stats_trend
    from liandong.stats.frames import indicator_frame, members_at, membership_spells, period_end

    period = reports.latest_period()
    assert period is not None, "the database has no monthly indicators"
    ytd, indicator = True, "value_added"

    # The frames exactly as reports._compute reads them: this report's months and the previous
    # period's, each with the month a year earlier.
    months = set(months_of(period, ytd)) | set(months_of(previous_period(period), ytd))
    months |= {year_earlier(m) for m in months}
    spec = INDICATORS[indicator]
    columns = {spec.current, spec.base, spec.value}
    indicator_runs, membership_runs, frames_runs = [], [], []
    for _ in range(3):
        t0 = time.perf_counter()
        frame = indicator_frame(months, columns)
        t1 = time.perf_counter()
        members = members_at(membership_spells(), period_end(period))  # as reports._compute groups a period
        t2 = time.perf_counter()
        indicator_runs.append(t1 - t0)
        membership_runs.append(t2 - t1)
        frames_runs.append(t2 - t0)

    report_cold, bundle = best_of(3, lambda: reports.report_bundle(actor=SYSTEM, period=period, ytd=ytd,
                                                                    indicator=indicator), before=cache.clear)
    trend_cold, _trend = best_of(3, lambda: reports.stats_trend(actor=SYSTEM, period=period, ytd=ytd,
                                                                 indicator=indicator), before=cache.clear)

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    analyst = User.objects.filter(username="bench-analyst").first() or User.objects.create_user(
        username="bench-analyst", password=secrets.token_urlsafe(16), role="analyst")
    client = Client()
    client.force_login(analyst)
    cache.clear()
    t0 = time.perf_counter()
    assert client.get("/stats/").status_code == 200
    page_cold_ms = (time.perf_counter() - t0) * 1000
    page = timings(client, "/stats/", args.repeat)
    drill_url = f"/stats/chain/ic/?period={period}&mode=ytd"
    assert client.get(drill_url).status_code == 200  # warm (the bundle is cached by the page already)
    drill = timings(client, drill_url, args.repeat)

    report({
        "bench": "stats_page", "db": db, "build_seconds": build_seconds, "period": period,
        "ytd": ytd, "indicator": indicator,
        "enterprises": Enterprise.objects.count(), "indicator_rows": MonthlyIndicator.objects.count(),
        "frame_rows": frame.height, "frame_months": len(months), "members": members.height,
        "listed": bundle.report.total.enterprises, "groups": len(bundle.report.groups),
        "frames_seconds": round(min(frames_runs), 3), "indicator_frame_seconds": round(min(indicator_runs), 3),
        "membership_frame_seconds": round(min(membership_runs), 3),
        "report_cold_seconds": round(report_cold, 3), "trend_cold_seconds": round(trend_cold, 3),
        "page_cold_ms": round(page_cold_ms), "repeat": args.repeat, "page_ms": page, "drill_ms": drill,
        "page_limit_ms": PAGE_LIMIT_MS, "ok": page["p95_ms"] <= PAGE_LIMIT_MS,
    })


if __name__ == "__main__":
    main()
