"""Benchmark: the chain alliance at district scale (issue #17). Prints one JSON object:

  catalogue   10,000 resources of 21 member units; 200 varied Chinese searches timed whole:
              p50/p95/max ms (target p95 ≤ 50 ms), the index build and the analyzer load
              (bench/_alliance_catalogue.py)
  records     1,000,000 service records over 100,000 enterprises: one enterprise's timeline, p95 over
              50 enterprises (target ≤ 50 ms), and the 家次 counts by unit, chain, month and type over
              all of them (target ≤ 1 s) (bench/_alliance_records.py)

Both run on one scratch database (migrated here), or on --db (a database an earlier run built: the
records are not built again, the resources topped up).
    .venv/bin/python bench/alliance.py [--resources 10000] [--queries 200] [--enterprises 100000]
                                       [--records 1000000] [--sample 50] [--db FILE] [--only catalogue|records]
"""

from __future__ import annotations

import argparse

from _alliance_catalogue import bench_catalogue
from _alliance_records import bench_counts, bench_timeline, build_service_records, scratch_django
from _common import report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--db", help="an existing database built by an earlier run (skips the records' build)")
    parser.add_argument("--only", choices=("catalogue", "records"))
    args = parser.parse_args()
    db = scratch_django(args.db)
    out: dict = {"db": db}
    if args.only != "records":
        out["catalogue"] = bench_catalogue(resources=args.resources, queries=args.queries)
    if args.only != "catalogue":
        built = build_service_records(args.enterprises, args.records) if not args.db else {}
        out["records"] = {**built, **bench_timeline(args.sample), **bench_counts()}
    report(out)


if __name__ == "__main__":
    main()
