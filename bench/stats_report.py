"""Benchmark: the statistics engine (liandong.engines.stats) on a district's monthly reports, no database.

Issue target: the year-to-date report with all groups over 100,000 enterprises × 36 months in ≤ 1 s
engine time, and the same report computed by a straightforward pandas version in the same run,
printed as a ratio.

Synthetic frames (numpy + polars, fixed seed): 100,000 enterprises × 36 monthly periods ending
2026-10, one row per enterprise and month (≈3.6M rows, ~1% of the rows dropped as missing reports)
with lognormal value added, comparable value added (~3% empty), output value, revenue, profit and
R&D expense in yuan. ~10% of the enterprises are above scale; a few percent of the list enter it and
a few percent leave it during the last twelve months. Members: the five default chains (~30% of the
enterprises on one or two of them), their ~280 level-3 nodes as groups with parent = chain code (one
to three per chained enterprise), ~8 parks plus 未入园 (every enterprise in exactly one) and six
overlapping qualification tiers (~20% of the enterprises).

Times ``compute_report(..., period="2026-10", ytd=True, indicator="value_added", partitions=["park"])``
best of 3 after a warm-up, and ``narrative(report, previous)`` (the 1-9月 report as previous)
separately; then the same report by a plain pandas implementation (frames converted before timing,
best of 3), cross-checked against the engine to 1e-9. Prints one JSON line.
    .venv/bin/python bench/stats_report.py [--enterprises 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import math
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
from _common import best_of, report

from liandong.chains.defaults import flatten_nodes, read_default_chains
from liandong.engines.stats import (
    StatsReport,
    compute_report,
    months_of,
    narrative,
    shift_months,
    year_earlier,
)

LIMIT_SECONDS = 1.0
TOLERANCE = 1e-9
PERIOD = "2026-10"
MONTHS = 36
CHAIN_GROWTH = {"ic": 0.12, "iov": 0.03, "auto": -0.06, "equip": 0.07, "bio": -0.02}  # yearly trend per chain
PARKS = ("高新区", "经济开发区", "临港园区", "智能制造园", "生物医药园", "新能源汽车园", "电子信息园", "综合保税区")
TIERS = ("专精特新小巨人", "专精特新中小企业", "创新型中小企业", "高新技术企业", "科技型中小企业", "制造业单项冠军")
FLOATS = ("value_added", "value_added_comparable", "output_value", "revenue", "profit", "rd_expense")


def build_indicators(n: int, rng: np.random.Generator, growth: np.ndarray) -> pl.DataFrame:
    """One row per enterprise and month, ~1% missing; ``growth`` is each enterprise's yearly trend."""
    periods = pl.Series([shift_months(PERIOD, m - MONTHS + 1) for m in range(MONTHS)], dtype=pl.String)
    ids = np.arange(1, n + 1, dtype=np.int64)
    # The list: ~10% above scale throughout; during the last twelve months ~5% of the list's size
    # enters it (from below) and ~4% leaves it, each from a random month on.
    base_above = rng.random(n) < 0.10
    listed, unlisted = np.flatnonzero(base_above), np.flatnonzero(~base_above)
    enters = np.full(n, MONTHS, dtype=np.int64)
    leaves = np.full(n, MONTHS, dtype=np.int64)
    enters[rng.choice(unlisted, size=len(listed) * 5 // 100, replace=False)] = 0
    leaves[rng.choice(listed, size=len(listed) * 4 // 100, replace=False)] = 0
    enters[enters == 0] = rng.integers(MONTHS - 12, MONTHS, size=int((enters == 0).sum()))
    leaves[leaves == 0] = rng.integers(MONTHS - 12, MONTHS, size=int((leaves == 0).sum()))

    month = np.tile(np.arange(MONTHS, dtype=np.int64), n)
    row_of = np.repeat(np.arange(n), MONTHS)
    above = (base_above[row_of] & (month < leaves[row_of])) | (month >= enters[row_of])
    # Monthly value added: lognormal size (above-scale enterprises ~6× larger), the enterprise's trend,
    # a seasonal swing and noise; comparable prices 0–4% below current ones.
    scale = rng.lognormal(mean=np.log(4e5), sigma=1.3, size=n) * np.where(base_above | (enters < MONTHS), 6.0, 1.0)
    seasonal = 1.0 + 0.08 * np.sin(2 * np.pi * (month % 12) / 12)
    va = (scale[row_of] * (1.0 + growth[row_of]) ** ((month - MONTHS + 1) / 12) * seasonal
          * rng.lognormal(0.0, 0.15, size=n * MONTHS))
    comparable = va * rng.uniform(0.96, 1.0, size=n * MONTHS)
    comparable[rng.random(n * MONTHS) < 0.03] = np.nan
    output = va / rng.uniform(0.22, 0.38, size=n * MONTHS)
    revenue = output * rng.uniform(0.95, 1.15, size=n * MONTHS)
    keep = rng.random(n * MONTHS) >= 0.01
    frame = pl.DataFrame({
        "enterprise": ids[row_of][keep],
        "period": periods.gather(pl.Series(month[keep], dtype=pl.UInt32)),
        "above_scale": above[keep],
        "value_added": va[keep],
        "value_added_comparable": pl.Series(comparable[keep], nan_to_null=True),
        "output_value": output[keep],
        "revenue": revenue[keep],
        "profit": (revenue * rng.normal(0.06, 0.05, size=n * MONTHS))[keep],
        "rd_expense": (revenue * rng.lognormal(np.log(0.02), 0.5, size=n * MONTHS))[keep],
    })
    return frame.with_columns(pl.col("enterprise").cast(pl.Int64), pl.col(FLOATS).cast(pl.Float64))


def build(n: int, seed: int = 11) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    ids = np.arange(1, n + 1, dtype=np.int64)
    chains = read_default_chains()
    codes = [c["code"] for c in chains]
    leaves = [[nd for nd in flatten_nodes(c) if nd["level"] == 3] for c in chains]

    # Chains: ~30% of the enterprises, a fifth of those on a second chain.
    chained = np.flatnonzero(rng.random(n) < 0.30)
    first = rng.integers(len(codes), size=len(chained))
    two = rng.random(len(chained)) < 0.20
    second = np.where(two, (first + rng.integers(1, len(codes), size=len(chained))) % len(codes), -1)
    chain_rows = [(ids[chained], first), (ids[chained][two], second[two])]
    # Nodes: one to three per chained enterprise, each on one of its chains.
    k = rng.integers(1, 4, size=len(chained))
    node_owner = np.repeat(np.arange(len(chained)), k)
    pick_second = two[node_owner] & (rng.random(len(node_owner)) < 0.5)
    node_chain = np.where(pick_second, second[node_owner], first[node_owner])
    sizes = np.array([len(x) for x in leaves])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    node_index = offsets[node_chain] + (rng.random(len(node_owner)) * sizes[node_chain]).astype(np.int64)
    all_leaves = [nd for x in leaves for nd in x]
    # Parks: every enterprise in exactly one, ~15% in none (code "", 未入园).
    park = rng.choice(len(PARKS) + 1, size=n, p=[0.15] + [0.85 / len(PARKS)] * len(PARKS))
    # Tiers: ~20% of the enterprises, a third of them holding a second qualification.
    tiered = np.flatnonzero(rng.random(n) < 0.20)
    extra = tiered[rng.random(len(tiered)) < 0.33]
    tier_ids = np.concatenate([tiered, extra])
    tier = rng.integers(len(TIERS), size=len(tier_ids))

    def part(enterprise: np.ndarray, kind: str, code: list[str], name: list[str],
             parent: list[str | None] | None = None) -> pl.DataFrame:
        return pl.DataFrame({"enterprise": enterprise, "kind": kind, "code": code, "name": name,
                             "parent": parent if parent is not None else [None] * len(code)},
                            schema={"enterprise": pl.Int64, "kind": pl.String, "code": pl.String,
                                    "name": pl.String, "parent": pl.String})

    members = pl.concat([
        *(part(e, "chain", [codes[i] for i in c], [chains[i]["name"] for i in c]) for e, c in chain_rows),
        part(ids[chained][node_owner], "node", [all_leaves[i]["code"] for i in node_index],
             [all_leaves[i]["name"] for i in node_index], [codes[i] for i in node_chain]),
        part(ids, "park", ["" if p == 0 else f"P{p:02d}" for p in park],
             ["未入园" if p == 0 else PARKS[p - 1] for p in park]),
        part(ids[tier_ids], "tier", [f"T{t + 1}" for t in tier], [TIERS[t] for t in tier]),
    ]).unique(["enterprise", "kind", "code"], maintain_order=True)

    # Yearly trend per enterprise: its first chain's, plus a wide enterprise-level spread.
    growth = rng.normal(0.07, 0.12, size=n)
    growth[chained] += np.array([CHAIN_GROWTH.get(c, 0.0) for c in codes])[first]
    return build_indicators(n, rng, np.clip(growth, -0.6, 1.5)), members


def to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """Column by column through numpy (nulls in floats become NaN): ``DataFrame.to_pandas`` needs pyarrow."""
    return pd.DataFrame({c: frame[c].to_numpy() for c in frame.columns})


def pandas_report(ind: pd.DataFrame, mem: pd.DataFrame, period: str, key_kind: str = "chain") -> dict[str, Any]:
    """The same YTD value-added report, written plainly in pandas (docs/reports.md#formulas)."""
    months = months_of(period, True)
    base_months = [year_earlier(m) for m in months]
    listed = pd.Index(ind.loc[(ind["period"] == period) & ind["above_scale"], "enterprise"].unique(),
                      name="enterprise")
    this = ind[ind["period"].isin(months) & ind["enterprise"].isin(listed)]
    this = this.assign(current=this["value_added_comparable"].fillna(this["value_added"]))
    sums = this.groupby("enterprise")[["value_added", "current"]].sum()  # NaN skipped: empty cells count 0
    last = ind[ind["period"].isin(base_months) & ind["enterprise"].isin(listed)]
    base = last.groupby("enterprise")["value_added"].sum().rename("base")
    per = (pd.DataFrame(index=listed).join(sums).join(base).fillna(0.0)
           .rename(columns={"value_added": "value"}))
    t_value, t_current, t_base = per["value"].sum(), per["current"].sum(), per["base"].sum()
    t_growth = (t_current - t_base) / t_base * 100

    def figures(value: Any, current: Any, base: Any) -> dict[str, Any]:
        growth = (current - base) / base * 100
        pull = (current - base) / t_base * 100
        return {"growth_pct": growth, "diff_pp": growth - t_growth, "pull_pp": pull,
                "contribution_pct": pull / t_growth * 100, "share_pct": value / t_value * 100}

    mem = mem.drop_duplicates(["enterprise", "kind", "code"])
    on_key = mem.loc[mem["kind"] == key_kind, "enterprise"].unique()
    key = per[per.index.isin(on_key)]
    merged = mem.merge(per, left_on="enterprise", right_index=True, how="inner")
    merged["growing"] = merged["current"] > merged["base"]
    grouped = merged.groupby(["kind", "code"]).agg(
        enterprises=("enterprise", "size"), value=("value", "sum"), current=("current", "sum"),
        base=("base", "sum"), growing=("growing", "sum"))
    catalogue = mem.drop_duplicates(["kind", "code"])[["kind", "code", "name"]].set_index(["kind", "code"])
    groups = catalogue.join(grouped, how="left").fillna({"enterprises": 0, "value": 0.0, "current": 0.0,
                                                         "base": 0.0, "growing": 0})
    groups = groups.assign(**figures(groups["value"], groups["current"], groups["base"]))
    return {"total_growth_pct": t_growth, "total_enterprises": len(per), "key_enterprises": len(key),
            "key": figures(key["value"].sum(), key["current"].sum(), key["base"].sum()), "groups": groups}


def close(a: float | None, b: float | None) -> bool:
    a = None if a is None or (isinstance(a, float) and math.isnan(a)) else a
    b = None if b is None or (isinstance(b, float) and (math.isnan(b) or math.isinf(b))) else b
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def disagreements(engine: StatsReport, plain: dict[str, Any]) -> list[str]:
    """Every figure where the pandas report differs from the engine's."""
    out = []
    if not close(engine.total.growth_pct, plain["total_growth_pct"]):
        out.append(f"total growth {engine.total.growth_pct} vs {plain['total_growth_pct']}")
    if (engine.total.enterprises, engine.key_chains.enterprises) != (plain["total_enterprises"],
                                                                     plain["key_enterprises"]):
        out.append("enterprise counts of the list / key-chain union")
    for name in ("growth_pct", "pull_pp", "share_pct", "diff_pp", "contribution_pct"):
        if not close(getattr(engine.key_chains, name), float(plain["key"][name])):
            out.append(f"key chains {name} {getattr(engine.key_chains, name)} vs {plain['key'][name]}")
    groups = plain["groups"]
    if len(groups) != len(engine.groups):
        out.append(f"{len(engine.groups)} groups vs {len(groups)}")
    for g in engine.groups:
        if (g.kind, g.code) not in groups.index:
            out.append(f"group {g.kind}/{g.code!r} missing from pandas")
            continue
        row = groups.loc[(g.kind, g.code)]
        if int(row["enterprises"]) != g.enterprises or int(row["growing"]) != g.growing:
            out.append(f"group {g.kind}/{g.code!r} counts {g.enterprises}/{g.growing} vs "
                       f"{int(row['enterprises'])}/{int(row['growing'])}")
        for name in ("growth_pct", "pull_pp", "share_pct"):
            if not close(getattr(g, name), float(row[name])):
                out.append(f"group {g.kind}/{g.code!r} {name} {getattr(g, name)} vs {row[name]}")
    return out



def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    indicators, members = build(args.enterprises)

    def engine(period: str = PERIOD) -> StatsReport:
        return compute_report(indicators, members, period=period, ytd=True, indicator="value_added",
                              partitions=["park"])

    engine()  # warm-up
    engine_seconds, result = best_of(args.repeat, engine)
    previous = engine(shift_months(PERIOD, -1))
    narrative_seconds, text = best_of(args.repeat, lambda: narrative(result, previous))

    ind_pd, mem_pd = to_pandas(indicators), to_pandas(members)  # not timed
    pandas_seconds, plain = best_of(args.repeat, lambda: pandas_report(ind_pd, mem_pd, PERIOD))
    problems = disagreements(result, plain)
    agree = not problems
    report({
        "bench": "stats_report", "enterprises": args.enterprises, "rows": indicators.height,
        "members": members.height, "listed": result.total.enterprises, "groups": len(result.groups),
        "total_growth_pct": round(result.total.growth_pct, 3),
        "key_chains_growth_pct": round(result.key_chains.growth_pct, 3),
        "checks_ok": all(c.ok for c in result.checks), "narrative_chars": len(text),
        "engine_seconds": round(engine_seconds, 3), "narrative_seconds": round(narrative_seconds, 6),
        "pandas_seconds": round(pandas_seconds, 3),
        "pandas_over_polars": round(pandas_seconds / engine_seconds, 1),
        "limit_seconds": LIMIT_SECONDS, "agree": agree, **({"disagreements": problems[:10]} if problems else {}),
        "ok": engine_seconds <= LIMIT_SECONDS and agree,
    })


if __name__ == "__main__":
    main()
