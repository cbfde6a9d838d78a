"""Benchmark: the 1:1 meeting scheduler (liandong.engines.scheduling) on a full matchmaking day, no database.

Synthetic day (seeded): 690 participants, 300 buyers and 390 suppliers (the day is bipartite), 5,000
distinct accepted buyer–supplier requests, 40 tables. Supplier popularity is Zipf-like (1/rank^0.6, a
few suppliers get 100+ requests) and buyers are mildly skewed (lognormal), so Δ (the busiest
participant) and ⌈E/T⌉ are close and both matter for the lower bound max(Δ, ⌈E/T⌉).
  A  ``schedule(requests, 40)``: best of 3 after a warm-up; the timetable must pass ``check`` and use
     exactly the lower bound of slots, within 2 s.
  B  ``schedule_constrained(requests, 40, slots=K, blocked=..., time_limit=30)`` with a uniform random
     10% of all (participant, slot) pairs blocked, K = the bound; when meetings are left over also
     K = bound + 2 (the same blocked pairs plus 10% of the pairs in the two extra slots). One run
     each, timed around the whole call (model building included); valid under ``check`` with the
     blocked slots, within 30 s + 1 s. Someone with n meetings and only f < n free slots leaves n − f
     unscheduled whatever the solver does: ``unscheduled_at_least`` is that floor. When the repaired
     colouring reaches the floor the engine stops there (proven optimal, no search needed).
  C  The same blocked day at K = the bound with CP-SAT forced to search from the repaired timetable
     (``always_search``): the full model (≈560,000 booleans) within the 30 s limit.
Prints one JSON line.
    .venv/bin/python bench/meetings.py [--buyers 300] [--suppliers 390] [--requests 5000] [--tables 40]
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter

import numpy as np
from _common import report

from liandong.engines.scheduling import check, lower_bound, schedule, schedule_constrained

LIMIT_SECONDS = 2.0
CP_LIMIT_SECONDS = 30.0
CP_OVERHEAD_SECONDS = 1.0


def build(buyers: int, suppliers: int, count: int, skew: float, seed: int) -> list[tuple[str, str]]:
    """``count`` distinct (buyer, supplier) requests, supplier popularity ∝ 1/rank^skew."""
    if count > buyers * suppliers:
        raise SystemExit("more requests than buyer–supplier pairs")
    rng = np.random.default_rng(seed)
    s_weights = rng.permutation(1.0 / np.arange(1, suppliers + 1) ** skew)
    b_weights = rng.lognormal(0.0, 0.5, buyers)
    s_p, b_p = s_weights / s_weights.sum(), b_weights / b_weights.sum()
    seen: set[tuple[int, int]] = set()
    out: list[tuple[str, str]] = []
    while len(out) < count:
        n = 2 * (count - len(out))
        for b, s in zip(rng.choice(buyers, n, p=b_p).tolist(), rng.choice(suppliers, n, p=s_p).tolist(),
                        strict=True):
            if (b, s) not in seen and len(out) < count:
                seen.add((b, s))
                out.append((f"buyer-{b:03d}", f"supplier-{s:03d}"))
    return out


def block(participants: list[str], first: int, last: int, share: float, rng: np.random.Generator,
          blocked: dict[str, set[int]]) -> int:
    """Block a uniform random ``share`` of the (participant, slot) pairs for slots first..last-1."""
    width = last - first
    picked = rng.choice(len(participants) * width, size=round(share * len(participants) * width), replace=False)
    for i in picked.tolist():
        blocked.setdefault(participants[i // width], set()).add(first + i % width)
    return len(picked)


def unscheduled_floor(pairs: list[tuple[str, str]], blocked: dict[str, set[int]], slots: int) -> int:
    """Every meeting has one buyer and one supplier, so each side's summed shortfall is a floor."""
    deg = Counter(p for pair in pairs for p in pair)
    short = {p: max(0, n - (slots - len({s for s in blocked.get(p, ()) if s < slots}))) for p, n in deg.items()}
    return max(sum(short[a] for a in {a for a, _ in pairs}), sum(short[b] for b in {b for _, b in pairs}))


def constrained(pairs: list[tuple[str, str]], tables: int, slots: int, bound: int, blocked: dict[str, set[int]],
                blocked_pairs: int, time_limit: float, workers: int, always_search: bool = False) -> dict:
    t0 = time.perf_counter()
    result = schedule_constrained(pairs, tables, slots=slots, blocked=blocked, time_limit=time_limit,
                                  workers=workers, always_search=always_search)
    seconds = time.perf_counter() - t0
    scheduled = len(result.meetings)
    return {
        "slots_allowed": slots, "blocked_pairs": blocked_pairs, "slots_used": result.slots,
        "lower_bound": result.lower_bound, "gap": result.slots - bound if scheduled else None,
        "scheduled": scheduled, "unscheduled": len(result.unscheduled),
        "unscheduled_at_least": unscheduled_floor(pairs, blocked, slots), "messages": len(result.messages),
        "tables": tables, "forced_search": always_search, "method": result.method, "optimal": result.optimal,
        "bipartite": result.bipartite, "seconds": round(seconds, 3),
        "valid": not check(result, tables, blocked), "answered": scheduled > 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buyers", type=int, default=300)
    parser.add_argument("--suppliers", type=int, default=390)
    parser.add_argument("--requests", type=int, default=5_000)
    parser.add_argument("--tables", type=int, default=40)
    parser.add_argument("--skew", type=float, default=0.6, help="supplier popularity exponent (Zipf-like)")
    parser.add_argument("--blocked", type=float, default=0.10, help="share of (participant, slot) pairs blocked")
    parser.add_argument("--time-limit", type=float, default=CP_LIMIT_SECONDS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    pairs = build(args.buyers, args.suppliers, args.requests, args.skew, args.seed)
    participants = sorted({p for pair in pairs for p in pair})
    delta = max(Counter(p for pair in pairs for p in pair).values())
    bound = lower_bound(pairs, args.tables)

    # A: edge colouring, no availability constraints.
    result = schedule(pairs, args.tables)  # warm-up
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = schedule(pairs, args.tables)
        times.append(time.perf_counter() - t0)
    best = min(times)
    valid = not check(result, args.tables)

    # B: CP-SAT with a uniform random share of (participant, slot) pairs blocked.
    rng = np.random.default_rng(args.seed + 1)
    blocked: dict[str, set[int]] = {}
    blocked_pairs = block(participants, 0, bound, args.blocked, rng, blocked)
    runs = [constrained(pairs, args.tables, bound, bound, blocked, blocked_pairs, args.time_limit, args.workers)]
    if runs[0]["unscheduled"]:
        blocked_pairs += block(participants, bound, bound + 2, args.blocked, rng, blocked)
        runs.append(constrained(pairs, args.tables, bound + 2, bound, blocked, blocked_pairs, args.time_limit,
                                args.workers))
    runs.append(constrained(pairs, args.tables, bound, bound, blocked, blocked_pairs, args.time_limit, args.workers,
                            always_search=True))
    cp_ok = all(r["valid"] and r["answered"] and r["seconds"] <= args.time_limit + CP_OVERHEAD_SECONDS
                for r in runs)
    report({
        "bench": "meetings", "participants": len(participants), "buyers": args.buyers, "suppliers": args.suppliers,
        "requests": len(pairs), "tables": args.tables, "delta": delta,
        "ceil_e_over_t": math.ceil(len(pairs) / args.tables), "lower_bound": bound,
        "colouring_seconds": round(best, 3), "slots": result.slots, "optimal": result.optimal,
        "bipartite": result.bipartite, "valid": valid,
        "blocked_share": args.blocked, "constrained": runs,
        "limit_seconds": LIMIT_SECONDS, "cp_limit_seconds": args.time_limit,
        "ok": best <= LIMIT_SECONDS and result.slots == bound and result.optimal and valid and cp_ok,
    })


if __name__ == "__main__":
    main()
