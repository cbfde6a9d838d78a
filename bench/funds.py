"""Benchmark: funds at district scale (issue #16).

Builds the demo district (`liandong demo --scale N --no-serve`) into a scratch database, or reuses one
given with --db, adds --awards (1,000,000) awards over five bench programs and five years (statuses
drawn at random within budgets that hold them; one in 200 a duplicate application under a second
program), then measures in-process as the administrator:
  summary_seconds     `funds summary` (the ledger of every program-year and the duplicates), best of 5
                      (target ≤ 1 s)
  ledger_seconds      the ledger alone, best of 5; duplicates_seconds the duplicate check alone, best of 5
  concurrent          --approvals (20) threads each approving one 申报 award of one program-year through
                      `services.award_move`, against a budget that holds only --fits (8) of them: how many
                      succeeded and were refused, and that committed ≤ budget afterwards
Prints one JSON object.
    .venv/bin/python bench/funds.py [--scale 3000] [--awards 1000000] [--db FILE]
"""

from __future__ import annotations

import argparse
import itertools
import random
import secrets
import threading
import time
from decimal import Decimal

from _common import best_of, demo_django, report

SUMMARY_LIMIT_S = 1.0
STATUSES = ("applied", "approved", "published", "disbursed", "disbursed", "rejected")
WAN = Decimal(10000)


def top_up(awards: int, seed: int = 7) -> dict[str, int]:
    from django.db import transaction

    from liandong.core.bulk import insert_rows
    from liandong.enterprises.models import Enterprise
    from liandong.funds.models import Award, Program, ProgramYear

    rng = random.Random(seed)
    ids = list(Enterprise.objects.values_list("id", flat=True))
    have = Award.objects.filter(program_year__program__code__startswith="BENCH-").count()
    missing = max(0, awards - have)
    with transaction.atomic():
        for k in range(5):
            program, _new = Program.objects.get_or_create(code=f"BENCH-{k}", defaults={"name": f"基准资金{k}"})
            for year in range(2022, 2027):
                ProgramYear.objects.get_or_create(program=program, year=year,
                                                  defaults={"budget": Decimal(10**8) * WAN})
        years = list(ProgramYear.objects.filter(program__code__startswith="BENCH-").values_list("id", "program_id",
                                                                                                 "year"))
        by_year: dict[int, list[int]] = {}
        for pk, _program, year in years:
            by_year.setdefault(year, []).append(pk)

        tag = secrets.token_hex(3)  # a run's own project names: runs add to each other

        def rows():
            n = 0
            for i in itertools.count():
                pk, _program, year = years[i % len(years)]
                enterprise, project = rng.choice(ids), f"基准项目{tag}-{i}"
                status = rng.choice(STATUSES)
                amount = Decimal(rng.randint(1, 5_000_000)) / 100  # yuan, to the fen
                for row in ([(pk, status)] + ([(next(p for p in by_year[year] if p != pk), "applied")]
                                              if i % 200 == 0 else [])):  # a duplicate under another program
                    if n == missing:
                        return
                    n += 1
                    yield (row[0], enterprise, project, "", amount, row[1], None, 1)

        written = insert_rows(Award, ("program_year_id", "enterprise_id", "project", "policy", "amount", "status",
                                      "date", "version"), rows())
    return {"awards_added": written}


def concurrent(approvals: int, fits: int) -> dict[str, object]:
    """``approvals`` threads, each approving one 申报 award of 1万元 on a program-year whose budget holds
    ``fits`` of them: the budget guard must refuse the rest, whatever the interleaving."""
    from django.db import close_old_connections
    from django.db.models import Sum

    from liandong.accounts.models import User
    from liandong.core.errors import ApplicationError
    from liandong.enterprises.models import Enterprise
    from liandong.funds import services
    from liandong.funds.models import Award, Program, ProgramYear

    admin = User.objects.get(username="admin")
    program, _new = Program.objects.get_or_create(code="BENCH-RACE", defaults={"name": "并发审核基准资金"})
    year, _new = ProgramYear.objects.update_or_create(program=program, year=2026,
                                                      defaults={"budget": Decimal(fits) * WAN})
    Award.objects.filter(program_year=year).delete()
    enterprise = Enterprise.objects.order_by("id").first()
    ids = [services.award_create(actor=admin, program=program.code, year=2026, uscc=enterprise.uscc,
                                 project=f"并发{i}", amount="1").pk for i in range(approvals)]
    outcomes: list[str] = []
    start = threading.Barrier(approvals)

    def approve(pk: int) -> None:
        try:
            start.wait()
            for attempt in range(50):
                try:
                    services.award_move(actor=admin, award_id=pk, status="approved")
                    outcomes.append("ok")
                    return
                except ApplicationError:
                    outcomes.append("refused")
                    return
                except Exception as err:  # SQLite: "database is locked" past the busy timeout — retry
                    if "locked" not in str(err) or attempt == 49:
                        outcomes.append(f"error: {err}")
                        return
                    time.sleep(0.05)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=approve, args=(pk,)) for pk in ids]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    committed = Award.objects.filter(program_year=year, status="approved").aggregate(s=Sum("amount"))["s"] or 0
    return {"approvals": approvals, "budget_wan": fits, "succeeded": outcomes.count("ok"),
            "refused": outcomes.count("refused"), "errors": [o for o in outcomes if o.startswith("error")],
            "committed_wan": float(Decimal(committed) / WAN), "within_budget": Decimal(committed) <= year.budget,
            "seconds": round(seconds, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=3000)
    parser.add_argument("--awards", type=int, default=1_000_000)
    parser.add_argument("--db", help="an existing database built by an earlier run (skips the build)")
    parser.add_argument("--approvals", type=int, default=20)
    parser.add_argument("--fits", type=int, default=8)
    args = parser.parse_args()
    db, build_seconds = demo_django(args.scale, args.db)

    from liandong.accounts.models import User
    from liandong.funds import selectors
    from liandong.funds.models import Award

    t0 = time.perf_counter()
    added = top_up(args.awards)
    top_up_seconds = round(time.perf_counter() - t0, 1)
    admin = User.objects.get(username="admin")
    summary_seconds, data = best_of(5, lambda: selectors.summary(actor=admin))
    ledger_seconds, _frame = best_of(5, selectors.ledger_frame)
    duplicates_seconds, duplicates = best_of(5, selectors.duplicate_rows)
    race = concurrent(args.approvals, args.fits)
    report({
        "db": db, "build_seconds": build_seconds, **added, "top_up_seconds": top_up_seconds,
        "awards": Award.objects.count(), "program_years": len(data["programs"]), "duplicates": len(duplicates),
        "summary_seconds": round(summary_seconds, 3), "summary_ok": summary_seconds <= SUMMARY_LIMIT_S,
        "ledger_seconds": round(ledger_seconds, 3), "duplicates_seconds": round(duplicates_seconds, 3),
        "concurrent": race,
        "concurrent_ok": race["within_budget"] and race["succeeded"] == args.fits and not race["errors"],
    })


if __name__ == "__main__":
    main()
