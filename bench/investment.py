"""Benchmark: investment promotion at district scale (issue #15).

Builds the demo district (`liandong demo --scale N --no-serve`) into a scratch database, or reuses one
given with --db, tops its supply relations up to --relations (1,000,000) in the latest year and adds
--projects (100,000) projects with chains and timelines, then measures in-process as the administrator:
  leads_seconds            `projects leads` for all five chains, frames and chain analyses warm; best of 3
  leads_new_data_seconds   the same with the lead frames read afresh (as after a change to the registry;
                           the chain analyses warm, as the worker keeps them); best of 3 (target ≤ 2 s)
  leads_cold_seconds       the same with the chain analyses computed first (cache cleared), once
  summary_seconds          `projects summary` over every project, best of 5 (target ≤ 0.5 s)
  pages                    the dashboard page and the board: first request, median and p95 over --repeat
                           (target p95 ≤ 300 ms for the dashboard)
Prints one JSON object.
    .venv/bin/python bench/investment.py [--scale 100000] [--relations 1000000] [--projects 100000] [--db FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import time
from decimal import Decimal

from _common import best_of, demo_django, report, timings

DASHBOARD_LIMIT_MS = 300
LEADS_LIMIT_S = 2.0
SUMMARY_LIMIT_S = 0.5
STAGES = ("lead", "talks", "signed", "registered", "started", "producing", "terminated")


def top_up(relations: int, projects: int, seed: int = 7) -> dict[str, int]:
    from django.db import transaction

    from liandong.chains.models import Chain, SupplyRelation
    from liandong.core.bulk import insert_rows
    from liandong.enterprises.models import Enterprise
    from liandong.investment.demo import track_outside_suppliers
    from liandong.investment.models import Project, ProjectEvent

    rng = random.Random(seed)
    ids = list(Enterprise.objects.values_list("id", flat=True))
    year = SupplyRelation.objects.order_by("-year").values_list("year", flat=True).first() or 2025
    missing = max(0, relations - SupplyRelation.objects.count())
    chains = list(Chain.objects.values_list("id", flat=True))
    have = Project.objects.count()
    with transaction.atomic():
        insert_rows(SupplyRelation, ("supplier_id", "customer_id", "year", "product", "amount"), (
            (rng.choice(ids), rng.choice(ids), year, f"bench-{i}", Decimal(rng.randint(1, 5000)) * 10000)
            for i in range(missing)))
        start = dt.date(year, 1, 1)
        rows = []
        for i in range(max(0, projects - have)):
            stage = rng.choice(STAGES)
            signed = start + dt.timedelta(days=rng.randint(0, 300)) if stage not in {"lead", "talks"} else None
            registered = signed + dt.timedelta(days=rng.randint(0, 60)) if stage in {
                "registered", "started", "producing"} else None
            rows.append((f"B{i:06d}", f"基准项目{i}", stage, registered or signed or start, signed, registered,
                         Decimal(rng.randint(100, 50_000)) * 10000, False, "", 1, "", ""))
        insert_rows(Project, ("code", "name", "stage", "stage_since", "signed", "registered", "registered_capital",
                              "platform", "termination_reason", "version", "uscc", "investor"), rows)
        new = dict(Project.objects.filter(code__in=[r[0] for r in rows]).values_list("code", "id"))
        insert_rows(Project.chains.through, ("project_id", "chain_id"),
                    ((pid, rng.choice(chains)) for pid in new.values() if rng.random() < 0.7))
        insert_rows(ProjectEvent, ("project_id", "from_stage", "to_stage", "on", "note"),
                    ((pid, "", "lead", start, "") for pid in new.values()))
        tracked = track_outside_suppliers()  # as the demo does: outside suppliers on their product's node
    return {"relations_added": missing, "projects_added": len(rows), "outside_tracked": tracked}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--db", help="an existing database built by an earlier run (skips the build)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    db, build_seconds = demo_django(args.scale, args.db)
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from liandong.accounts.models import User
    from liandong.accounts.scoping import SYSTEM
    from liandong.chains.analysis import chain_analyses
    from liandong.chains.models import Chain, SupplyRelation
    from liandong.core.db import refresh_planner_statistics
    from liandong.enterprises.models import Enterprise
    from liandong.investment import selectors
    from liandong.investment.models import Project

    t0 = time.perf_counter()
    added = top_up(args.relations, args.projects)
    refresh_planner_statistics()
    setup_seconds = round(time.perf_counter() - t0, 1)
    codes = list(Chain.objects.order_by("order").values_list("code", flat=True))

    def all_leads():
        return {code: len(selectors.chain_leads(actor=SYSTEM, chain=code)["leads"]) for code in codes}

    cache.clear()
    t0 = time.perf_counter()
    chain_analyses(actor=SYSTEM)
    analysis_seconds = time.perf_counter() - t0
    leads_seconds, counts = best_of(3, all_leads)
    new_data_seconds, _counts = best_of(3, all_leads, before=selectors._LEAD_FRAMES.clear)
    cache.clear()
    t0 = time.perf_counter()
    all_leads()
    leads_cold = time.perf_counter() - t0
    summary_seconds, summary = best_of(5, lambda: selectors.summary(actor=SYSTEM))

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_user(
        username="bench-admin", password=secrets.token_urlsafe(16), role="admin")
    client = Client()
    client.force_login(admin)
    pages = {}
    for name, url in {"dashboard": "/investment/dashboard/", "dashboard_api": "/api/v1/projects/dashboard",
                      "board": "/investment/"}.items():
        t0 = time.perf_counter()
        status = client.get(url).status_code
        if status == 404:
            continue
        assert status == 200, (url, status)
        pages[name] = {"cold_ms": round((time.perf_counter() - t0) * 1000), **timings(client, url, args.repeat)}
    dashboard = pages.get("dashboard") or pages.get("dashboard_api")
    report({
        "bench": "investment", "db": db, "build_seconds": build_seconds, "setup_seconds": setup_seconds, **added,
        "enterprises": Enterprise.objects.count(), "supply_relations": SupplyRelation.objects.count(),
        "projects": Project.objects.count(), "landed": summary["landed"],
        "chain_analyses_seconds": round(analysis_seconds, 2), "leads_per_chain": counts,
        "leads_seconds": round(leads_seconds, 3), "leads_new_data_seconds": round(new_data_seconds, 3),
        "leads_cold_seconds": round(leads_cold, 2),
        "summary_seconds": round(summary_seconds, 3), "repeat": args.repeat, "pages": pages,
        "ok": new_data_seconds <= LEADS_LIMIT_S and summary_seconds <= SUMMARY_LIMIT_S
        and dashboard is not None and dashboard["p95_ms"] <= DASHBOARD_LIMIT_MS,
    })


if __name__ == "__main__":
    main()
