"""Benchmark: gap analysis of all five chains over a 100,000-enterprise district with 1,000,000
supply relations, and the chain map page at that scale (issue #3).

Builds the demo district (`liandong demo --scale N --no-serve`) into a scratch database, tops the
supply relations up to --relations with synthetic purchases (local customers buying node products
from local and outside suppliers), then measures in-process:
  load_seconds    frames read from the database (chains.frames.chain_frames)
  engine_seconds  engines.graph.analyze_chains over all five chains (best of 3; target ≤ 3 s)
  page_cold_ms    /chains/ic/ with an empty cache (frames + engine + render)
  page_ms         /chains/ic/ median and p95 with the analysis cached (target ≤ 500 ms)
Prints one JSON object.
    .venv/bin/python bench/chain_analysis.py [--scale 100000] [--relations 1000000] [--db FILE]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import time

from _common import CLI, report, scratch_env


def top_up_relations(target: int, seed: int = 7) -> int:
    from django.db import connection

    from liandong.chains.models import ChainNode, EnterprisePosition, SupplyRelation
    from liandong.enterprises.models import Enterprise
    from liandong.enterprises.selectors import local_only, outside_only

    have = SupplyRelation.objects.count()
    if have >= target:
        return have
    rng = random.Random(seed)
    local = list(local_only(Enterprise.objects.all()).values_list("id", flat=True))
    outside = list(outside_only(Enterprise.objects.all()).values_list("id", flat=True)) or local
    keywords = [k for ks in ChainNode.objects.filter(level__gte=2).values_list("keywords", flat=True) for k in ks]
    positioned = list(EnterprisePosition.objects.values_list("enterprise_id", flat=True).distinct())
    table = SupplyRelation._meta.db_table
    sql = (f"INSERT INTO {table} (supplier_id, customer_id, year, product, amount, created_at, updated_at) "  # noqa: S608
           "VALUES (%s, %s, %s, %s, %s, %s, %s)")
    from django.utils import timezone

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    batch, written = [], have
    with connection.cursor() as cursor:
        while written < target:
            supplier = rng.choice(positioned) if rng.random() < 0.7 else rng.choice(outside)
            # unique on (supplier, customer, year, product): a running year keeps rows distinct
            row = (supplier, rng.choice(local), 1000 + written % 1000, f"{rng.choice(keywords)}#{written}",
                   str(round(rng.lognormvariate(13, 1.2), 2)), now, now)
            batch.append(row)
            written += 1
            if len(batch) == 20000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--db")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    env, tmp = scratch_env()
    if args.db:
        env["LIANDONG_DB"] = args.db
    else:
        subprocess.run([str(CLI), "demo", "--scale", str(args.scale), "--no-serve", "--json"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ.update(env)
    os.environ.setdefault("LIANDONG_DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "liandong.site.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from liandong.accounts.models import User
    from liandong.chains.analysis import thresholds
    from liandong.chains.frames import chain_frames
    from liandong.core.db import refresh_planner_statistics
    from liandong.engines.graph import analyze_chains

    relations = top_up_relations(args.relations)
    refresh_planner_statistics()
    t0 = time.perf_counter()
    frames = chain_frames()
    load_seconds = time.perf_counter() - t0
    analyze_chains(frames, thresholds())  # warm-up
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        analyze_chains(frames, thresholds())
        runs.append(time.perf_counter() - t0)
    engine_seconds = min(runs)

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    cache.clear()
    t0 = time.perf_counter()
    assert client.get("/chains/ic/").status_code == 200
    cold_ms = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        assert client.get("/chains/ic/").status_code == 200
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    page = {"median_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1)}
    report({"bench": "chain_analysis", "enterprises": frames.enterprises.height, "relations": relations,
            "load_seconds": round(load_seconds, 2), "engine_seconds": round(engine_seconds, 3),
            "engine_limit_seconds": 3, "page_cold_ms": round(cold_ms), "page_ms": page, "page_limit_ms": 500,
            "ok": engine_seconds <= 3 and page["p95_ms"] <= 500})


if __name__ == "__main__":
    main()
