"""Benchmark: the policy and matchmaking pages (and the other pages that read the whole district) over a
real database at district scale.

Builds the demo district (`liandong demo --scale N --no-serve`) into a scratch database, or reuses one
given with --db, then measures in-process as the administrator:
  screening_cold_seconds    policies.screening.screening() with an empty cache: the facts of every
                            enterprise read and derived, every pack evaluated (what the Huey job
                            warms after a change), best of 3
  matcher_build_seconds     matchmaking.index.matcher() from nothing: the registry read and indexed
  pages                     per page: the first request after the cache is warm (cold_ms) and the
                            median and p95 over --repeat requests (target p95 ≤ 500 ms):
                            policies overview, one policy's near list (with gaps for the page shown),
                            the tier ladder, one enterprise's policies and its declared-facts
                            form, a need's suggestions, the
                            market, the funnel, an enterprise's market; the home page, an
                            enterprise's page (its chain neighbours), the latest matchmaking day
                            (its invitation candidates)
  exports                   the same for the 免申即享 Excel export of the example subsidy (no limit)
Prints one JSON object.
    .venv/bin/python bench/district_pages.py [--scale 100000] [--db FILE] [--repeat 20]
"""

from __future__ import annotations

import argparse
import secrets
import time

from _common import demo_django, report, timings

PAGE_LIMIT_MS = 500


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--db", help="an existing database built by an earlier run (skips the build)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    db, build_seconds = demo_django(args.scale, args.db)
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from liandong.accounts.models import User
    from liandong.accounts.scoping import SYSTEM
    from liandong.enterprises.models import Enterprise
    from liandong.events.models import Event
    from liandong.matchmaking import index
    from liandong.matchmaking.models import Need
    from liandong.policies import screening

    runs = []
    for _ in range(3):
        cache.clear()
        screening._recent.clear()
        t0 = time.perf_counter()
        s = screening.screening(actor=SYSTEM)
        runs.append(time.perf_counter() - t0)
    screening_cold = min(runs)
    index.reset()
    t0 = time.perf_counter()
    index.matcher()
    matcher_build = time.perf_counter() - t0

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_user(
        username="bench-admin", password=secrets.token_urlsafe(16), role="admin")
    client = Client()
    client.force_login(admin)
    enterprise = Enterprise.objects.order_by("pk").first()
    need = Need.objects.filter(kind=Need.Kind.NEED).order_by("pk").first()
    near = max(s.packs, key=lambda code: s.packs[code].counts()["near"])
    urls = {
        "policies_overview": "/policies/",
        "policy_near_list": f"/policies/{near}/?status=near",
        "tier_ladder": "/policies/ladder/",
        "enterprise_policies": f"/policies/enterprises/{enterprise.uscc}/",
        "declared_facts_form": f"/policies/enterprises/{enterprise.uscc}/declare/",
        "need_suggestions": f"/matchmaking/needs/{need.pk}/",
        "market": "/matchmaking/",
        "funnel": "/matchmaking/funnel/",
        "enterprise_market": f"/matchmaking/enterprises/{enterprise.uscc}/",
        "home": "/",
        "enterprise_page": f"/enterprises/{enterprise.uscc}/",
    }
    day = Event.objects.filter(kind=Event.Kind.MATCHMAKING).order_by("-starts_at").first()
    if day is not None:
        urls["matchmaking_day"] = f"/events/{day.pk}/"
    exports = {"no_application_xlsx": "/policies/xq-rd-subsidy-2025/no-application.xlsx"}
    pages, downloads = {}, {}
    for name, url in {**urls, **exports}.items():
        t0 = time.perf_counter()
        assert client.get(url).status_code == 200, url
        cold = (time.perf_counter() - t0) * 1000
        (downloads if name in exports else pages)[name] = {"cold_ms": round(cold),
                                                           **timings(client, url, args.repeat)}
    report({
        "bench": "district_pages", "db": db, "build_seconds": build_seconds,
        "enterprises": Enterprise.objects.count(), "packs": len(s.packs), "near_list_policy": near,
        "screening_cold_seconds": round(screening_cold, 2), "matcher_build_seconds": round(matcher_build, 2),
        "repeat": args.repeat, "pages": pages, "page_limit_ms": PAGE_LIMIT_MS, "exports": downloads,
        "ok": all(p["p95_ms"] <= PAGE_LIMIT_MS for p in pages.values()),
    })


if __name__ == "__main__":
    main()
