"""The service-record section of bench/alliance.py (issue #17).

Service record (服务台账): a scratch database (migrated in-process) gets --enterprises (100,000)
enterprises and --records (1,000,000) service records over them (bulk insert, three years, every
service type, ~30 serving units, the five key chains), then measures in-process as the administrator:
  timeline            one enterprise's timeline as the enterprise page's section reads it (the latest
                      ten, newest first, with their labels and source links): median and p95 over
                      --sample (50) enterprises (target p95 ≤ 50 ms)
  counts              the 家次 counts by unit, chain, month and type over every record (all months), and
                      over the page's default last 12 months: best of 3 (target ≤ 1 s)
Prints one JSON object.
    .venv/bin/python bench/alliance.py [--enterprises 100000] [--records 1000000] [--db FILE]
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from typing import Any

from _common import best_of, scratch_env, uscc

TIMELINE_LIMIT_MS = 50.0
COUNTS_LIMIT_S = 1.0
FIRST_DAY = dt.date(2024, 1, 1)
DAYS = 3 * 365


def scratch_django(db: str | None) -> str:
    """Django set up in this process on ``db`` (reused) or on a new scratch database, migrated."""
    env, _tmp = scratch_env()
    if db:
        env["LIANDONG_DB"] = db
    os.environ.update(env)
    os.environ.setdefault("LIANDONG_DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "liandong.site.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)  # a reused database gets the newer migrations
    return env["LIANDONG_DB"]


def _required_blank(model, given: set[str]) -> list[str]:
    """Text columns without a default that ``insert_rows`` needs a value for (given as "")."""
    return [f.attname for f in model._meta.concrete_fields
            if not f.primary_key and f.attname not in given and not f.null and not f.has_default()
            and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
            and f.get_internal_type() in {"CharField", "TextField"}]


def build_service_records(enterprises: int, total: int, seed: int = 17) -> dict[str, Any]:
    """``enterprises`` enterprises and ``total`` service records over them (added to what is there)."""
    from django.db import transaction

    from liandong.accounts.models import Organization
    from liandong.alliance.models import ServiceKind, ServiceRecord
    from liandong.chains.models import Chain
    from liandong.core.bulk import insert_rows
    from liandong.core.db import refresh_planner_statistics
    from liandong.enterprises.models import Enterprise

    rng = random.Random(seed)
    t0 = time.perf_counter()
    with transaction.atomic():
        have = Enterprise.objects.count()
        if have < enterprises:
            cols = ["uscc", "name"]
            blanks = _required_blank(Enterprise, set(cols))
            insert_rows(Enterprise, cols + blanks,
                        ((uscc(i), f"天津基准{i}科技有限公司", *[""] * len(blanks)) for i in range(have, enterprises)))
        for i in range(30 - Organization.objects.exclude(kind=Organization.Kind.ENTERPRISE).count()):
            Organization.objects.create(name=f"基准服务单位{i}", kind=Organization.Kind.DEPARTMENT)
        ent_ids = list(Enterprise.objects.values_list("id", flat=True))
        units = list(Organization.objects.exclude(kind=Organization.Kind.ENTERPRISE).values_list("id", flat=True))
        chains = list(Chain.objects.order_by("order").values_list("id", flat=True)[:5]) + [None]
        kinds = [k.value for k in ServiceKind]
        start = (ServiceRecord.objects.order_by("-source_id").values_list("source_id", flat=True).first() or 0) + 1
        cols = ["enterprise_id", "on", "month", "kind", "unit_id", "chain_id", "title", "source", "source_id"]
        blanks = _required_blank(ServiceRecord, set(cols))

        def rows():
            for i in range(total):
                on = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
                kind = rng.choice(kinds)
                entered = kind in ("visit", "consultation")
                yield (rng.choice(ent_ids), on, on.strftime("%Y-%m"), kind, rng.choice(units), rng.choice(chains),
                       f"基准服务{i}", "" if entered else "bench", None if entered else start + i,
                       *[""] * len(blanks))

        insert_rows(ServiceRecord, cols + blanks, rows())
    refresh_planner_statistics()
    return {"enterprises": len(ent_ids), "records": ServiceRecord.objects.count(),
            "build_seconds": round(time.perf_counter() - t0, 1)}


def bench_timeline(sample: int = 50, seed: int = 5) -> dict[str, Any]:
    """One enterprise's timeline as the enterprise page reads it, for ``sample`` random enterprises."""
    from liandong.accounts.scoping import SYSTEM
    from liandong.alliance import records
    from liandong.alliance.selectors import service_records_visible
    from liandong.enterprises.models import Enterprise

    rng = random.Random(seed)
    top = Enterprise.objects.order_by("-id").values_list("id", flat=True).first()
    ids = [rng.randint(1, top) for _ in range(sample)]
    times, sizes = [], []
    for eid in ids:
        t0 = time.perf_counter()
        qs = records.timeline(service_records_visible(SYSTEM), eid).select_related("unit", "chain")
        entries = records.entries(SYSTEM, list(qs[:11])[:10])
        times.append((time.perf_counter() - t0) * 1000)
        sizes.append(len(entries))
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    return {"timeline_sample": sample, "timeline_median_ms": round(statistics.median(times), 2),
            "timeline_p95_ms": round(p95, 2), "timeline_ok": p95 <= TIMELINE_LIMIT_MS,
            "timeline_entries_median": statistics.median(sizes)}


def bench_counts() -> dict[str, Any]:
    """家次 by unit, chain, month and type over every record, and over the default last 12 months."""
    from liandong.alliance import records
    from liandong.alliance.models import ServiceRecord

    first = ServiceRecord.objects.order_by("month").values_list("month", flat=True).first()
    last = ServiceRecord.objects.order_by("-month").values_list("month", flat=True).first()
    all_seconds, data = best_of(3, lambda: records.counts(first, last))
    default_from, default_to = records.month_range({"to": last})
    year_seconds, year = best_of(3, lambda: records.counts(default_from, default_to))
    return {"counts_months": f"{first}..{last}", "counts_total": data["total"], "counts_units": len(data["by_unit"]),
            "counts_seconds": round(all_seconds, 3), "counts_ok": all_seconds <= COUNTS_LIMIT_S,
            "counts_12_months_seconds": round(year_seconds, 3), "counts_12_months_total": year["total"]}
