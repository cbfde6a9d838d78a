"""Benchmark: the eligibility engine (liandong.engines.eligibility) screening a district, no database.

Issue target: 100 rule packs × 1,000,000 enterprises screened in ≤ 10 s engine time, and the
per-enterprise reference evaluator timed on a sample in the same run, printed as a ratio.

Facts (numpy + polars, fixed seed): one row per enterprise with every catalogue column of ``FIELDS``
(Boolean for bool facts, Float64 otherwise) and ``enterprise``. Registry facts are always known (age
gamma-distributed, ~97% registered in Tianjin, ~10% above scale, ~30% on a key chain); the annual
facts are derived as ``fields.derive`` does from three years of lognormal amounts in 万元 (revenue,
main revenue, R&D expense at 0–30% of revenue, profit, equity financing for ~5% a year), small counts
(employees, Ⅰ/Ⅱ class IP) and ratios rounded to 1e-9, with ~6% of the enterprises without an annual
report and each fact a further ~4% missing; qualifications are known (0.1–15% held); declared facts
are known for 5–15% of the enterprises only.

Packs: the shipped packs (data/policies/*.yaml, every version, drafts included) plus variants of
them, round robin, up to 100 pack versions: each variant scales every parameter by its own random
factor in [0.7, 1.3] and the literal thresholds of its conditions and bands by one factor per pack
in [0.75, 1.25] (so tiers stay ordered), then goes through ``parse_pack``.

Times ``evaluate(version, facts, details=False)`` (status and score per enterprise, what the district
screening needs) for all pack versions, best of ``--repeat`` after a warm-up over a 20,000-row
slice; ``details=True`` (per-condition columns) for one shipped pack for information; and the plain
``evaluate_one(version, row)`` on a random sample of enterprises × every version, extrapolated to
the whole frame. The sample's statuses and scores from both must agree exactly. Prints one JSON line.
    .venv/bin/python bench/policy_screen.py [--enterprises 1000000] [--packs 100] [--sample 2000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import copy
import time
from importlib import resources
from typing import Any

import numpy as np
import polars as pl
import yaml
from _common import best_of, report

from liandong.engines.eligibility import (
    FIELDS,
    QUALIFICATIONS,
    STATUSES,
    Version,
    evaluate,
    evaluate_one,
    leaves,
    parse_pack,
)

LIMIT_SECONDS = 10.0
WARMUP_ROWS = 20_000
DETAILS_PACK = ("specialized-sme-2022", "2022")  # the largest shipped rule: also the one of status_counts
HELD = {"high-tech": 0.08, "tech-sme": 0.15, "innovative-sme": 0.06, "specialized-sme": 0.03, "little-giant": 0.005,
        "single-champion": 0.001, "tj-eaglet": 0.03, "tj-gazelle": 0.01, "tj-leader": 0.003}
SCHEMA = {"enterprise": pl.Int64, **{name: (pl.Boolean if f.kind == "bool" else pl.Float64)
                                     for name, f in FIELDS.items()}}


# --- facts -------------------------------------------------------------------------------------------
def build_facts(n: int, seed: int = 7) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    nan = np.nan
    reported = rng.random(n) >= 0.06  # ~6% without an annual report: every annual fact unknown

    def annual(a: np.ndarray) -> np.ndarray:
        a = a.astype(np.float64)
        a[~reported | (rng.random(n) < 0.04)] = nan
        return a

    def declared(known: float, values: np.ndarray) -> np.ndarray:
        a = values.astype(np.float64)
        a[rng.random(n) >= known] = nan
        return a

    def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, np.round(num / den, 9), nan)

    def growth(now: np.ndarray, before: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(before > 0, np.round(now / before - 1, 9), nan)

    years = rng.gamma(2.0, 4.0, n)
    above = rng.random(n) < 0.10
    on_chain = rng.random(n) < 0.30
    # Three years of amounts (万元): y = last year, p = the year before, pp = two years before.
    rev_y = rng.lognormal(np.log(600.0), 1.5, n) * np.where(above, 8.0, 1.0)
    rev_p = rev_y / np.clip(1 + rng.normal(0.07, 0.2, n), 0.3, None)
    rev_pp = rev_p / np.clip(1 + rng.normal(0.07, 0.2, n), 0.3, None)
    share = rng.beta(8.0, 1.5, n)
    main_y, main_p, main_pp = (r * np.clip(share + rng.normal(0, 0.03, n), 0.1, 1.0) for r in (rev_y, rev_p, rev_pp))
    rd_share = np.clip(rng.lognormal(np.log(0.025), 0.9, n), 0.0, 0.3)
    rd_y, rd_p, rd_pp = (r * rd_share * rng.lognormal(0, 0.15, n) for r in (rev_y, rev_p, rev_pp))
    profit = rev_y * rng.normal(0.05, 0.07, n)
    equity_y, equity_p, equity_pp = (np.where(rng.random(n) < 0.05, rng.lognormal(np.log(800.0), 1.2, n), 0.0)
                                     for _ in range(3))

    revenue, main_revenue, rd_expense = annual(rev_y), annual(main_y), annual(rd_y)
    rd_3y, revenue_3y = annual(rd_y + rd_p + rd_pp), annual(rev_y + rev_p + rev_pp)
    columns: dict[str, Any] = {
        "years_registered": years,
        "tianjin_registered": rng.random(n) < 0.97,
        "above_scale": above,
        "on_chain": on_chain,
        "employees": annual(np.maximum(1, np.round(rng.lognormal(np.log(25.0), 1.1, n) * np.where(above, 6, 1)))),
        "revenue": revenue, "main_revenue": main_revenue, "rd_expense": rd_expense,
        "net_profit": annual(profit),
        "rd_ratio": ratio(rd_expense, revenue),
        "rd_ratio_3y": ratio(rd_3y, revenue_3y),
        "rd_expense_3y": rd_3y, "revenue_3y": revenue_3y,
        "rd_expense_2y_avg": annual((rd_y + rd_p) / 2),
        "revenue_growth": growth(revenue, annual(rev_p)),
        "main_revenue_growth": growth(main_revenue, annual(main_p)),
        "main_revenue_growth_2y": annual((growth(main_y, main_p) + growth(main_p, main_pp)) / 2),
        "debt_ratio": annual(np.round(rng.beta(4.0, 4.5, n), 9)),
        "main_business_share": ratio(main_revenue, revenue),
        "net_margin": ratio(annual(profit), revenue),
        "rd_staff_share": annual(np.round(rng.beta(2.0, 12.0, n), 9)),
        "ip_class1": annual(rng.poisson(np.where(rd_share > 0.04, 1.5, 0.3))),
        "ip_class2": annual(rng.poisson(1.5, n)),
        "ip_high_value": declared(0.10, rng.poisson(0.6, n)),
        "ip_self_developed": declared(0.10, rng.poisson(1.0, n)),
        "years_in_niche": annual(years * rng.uniform(0.3, 1.0, n)),
        "equity_financing_2y": annual(equity_y + equity_p),
        "equity_financing_3y": annual(equity_y + equity_p + equity_pp),
        "high_tech_revenue_share": declared(0.08, np.round(rng.beta(5.0, 3.0, n), 9)),
        "innovation_score": declared(0.05, np.clip(rng.normal(60, 15, n), 0, 100)),
        "digital_level": declared(0.12, rng.integers(1, 5, n)),
        "quality_certified": declared(0.15, rng.random(n) < 0.7),
        "rd_institution_level": declared(0.10, rng.integers(1, 5, n)),
        "key_tech_field": declared(0.10, rng.random(n) < 0.6),
        "expert_judged": declared(0.05, rng.random(n) < 0.5),
        "market_share": declared(0.08, np.round(np.clip(rng.lognormal(np.log(0.03), 1.0, n), 0, 0.6), 9)),
        "net_assets_growth": annual(np.round(rng.normal(0.08, 0.2, n), 9)),
        "strategic_emerging": declared(0.10, rng.random(n) < 0.4),  # declared (自报), never from the chain
        "award_3y": rng.random(n) < 0.02,
        "rd_institution": rng.random(n) < 0.03,
        "tech_honour": rng.random(n) < 0.01,
        "maker_top500_3y": rng.random(n) < 0.005,
        **{f"has_{code}": rng.random(n) < HELD[code] for code in QUALIFICATIONS},
    }
    assert set(columns) == set(FIELDS), set(FIELDS) ^ set(columns)
    series = [pl.Series("enterprise", np.arange(1, n + 1, dtype=np.int64))]
    for name in FIELDS:  # floats with NaN for unknown → null; bool facts with unknowns via Float64
        values = columns[name]
        s = pl.Series(name, values, nan_to_null=True) if values.dtype == np.float64 else pl.Series(name, values)
        series.append(s.cast(SCHEMA[name]))
    return pl.DataFrame(series)


# --- packs -------------------------------------------------------------------------------------------
def shipped_data() -> list[dict[str, Any]]:
    folder = resources.files("liandong.data").joinpath("policies")
    return [yaml.safe_load(e.read_text(encoding="utf-8"))
            for e in sorted(folder.iterdir(), key=lambda e: e.name) if e.name.endswith(".yaml")]


def scaled(value: Any, factor: float) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, int):
        return max(1, round(value * factor))
    out = round(value * factor, 4)
    return min(out, 0.99) if value < 1 else out  # shares stay below 100%


def scale_tree(node: Any, factor: float) -> Any:
    """Literal thresholds (condition ``value``, band ``min``/``max``) scaled; points, ids, labels kept."""
    if isinstance(node, list):
        return [scale_tree(x, factor) for x in node]
    if isinstance(node, dict):
        return {k: (scaled(v, factor) if k in {"value", "min", "max"} else scale_tree(v, factor))
                for k, v in node.items()}
    return node


def variant(data: dict[str, Any], i: int, rng: np.random.Generator) -> dict[str, Any]:
    d = copy.deepcopy(data)
    d["code"], d["name"] = f"{d['code']}-v{i:03d}", f"{d['name']}（变体{i}）"
    factor = float(rng.uniform(0.75, 1.25))
    for v in d["versions"]:
        v["parameters"] = {k: scaled(x, float(rng.uniform(0.7, 1.3))) for k, x in (v.get("parameters") or {}).items()}
        for key in ("rule", "also"):
            if key in v:
                v[key] = scale_tree(v[key], factor)
    return d


def build_versions(total: int, seed: int = 13) -> tuple[list[tuple[str, Version]], int]:
    """(pack code, version) for the shipped packs and generated variants; the shipped versions' count."""
    rng = np.random.default_rng(seed)
    shipped = shipped_data()
    out = [(p.code, v) for p in map(parse_pack, shipped) for v in p.versions]
    n_shipped, i = len(out), 0
    while len(out) < total:
        template = shipped[i % len(shipped)]
        i += 1
        if len(template["versions"]) > total - len(out):
            continue
        pack = parse_pack(variant(template, i, rng))  # raises PackError if a variant does not parse
        out += [(pack.code, v) for v in pack.versions]
    return out[:total], n_shipped


# --- timing ------------------------------------------------------------------------------------------

def screen(facts: pl.DataFrame | pl.LazyFrame, versions: list[tuple[str, Version]],
           sample: np.ndarray | None = None) -> list[pl.DataFrame]:
    """Every version over every enterprise; keeps only the sample's rows (for the cross-check)."""
    kept = []
    for _code, version in versions:
        result = evaluate(version, facts, details=False)
        if sample is not None:
            kept.append(result[sample])
    return kept


def plain(rows: list[dict[str, Any]], versions: list[tuple[str, Version]]) -> list[list[tuple]]:
    out = []
    for _code, version in versions:
        evaluations = [evaluate_one(version, row) for row in rows]
        out.append([(e.status, e.score, e.score_max) for e in evaluations])
    return out


def disagreements(vector: list[pl.DataFrame], reference: list[list[tuple]],
                  versions: list[tuple[str, Version]], ids: list[int]) -> list[str]:
    out = []
    for (code, version), frame, expected in zip(versions, vector, reference, strict=True):
        got = list(zip(frame["status"], frame["score"], frame["score_max"], strict=True))
        for enterprise, g, e in zip(ids, got, expected, strict=True):
            if g != e:
                out.append(f"{code} {version.version} enterprise {enterprise}: vector {g} vs plain {e}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--packs", type=int, default=100, help="pack versions screened")
    parser.add_argument("--sample", type=int, default=2_000, help="enterprises for the plain evaluator")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    t0 = time.perf_counter()
    facts = build_facts(args.enterprises)
    facts_seconds = time.perf_counter() - t0
    versions, n_shipped = build_versions(args.packs)
    rng = np.random.default_rng(5)
    sample = np.sort(rng.choice(args.enterprises, size=min(args.sample, args.enterprises), replace=False))

    screen(facts.head(WARMUP_ROWS), versions)  # warm-up
    engine_seconds, vector = best_of(args.repeat, lambda: screen(facts, versions, sample))

    details_version = next(v for code, v in versions if (code, v.version) == DETAILS_PACK)
    details_seconds, details = best_of(args.repeat, lambda: evaluate(details_version, facts, details=True))
    found = dict(details.group_by("status").len().iter_rows())
    status_counts = {s: int(found.get(s, 0)) for s in STATUSES}

    rows = facts[sample].to_dicts()  # not timed
    plain_seconds, reference = best_of(1, lambda: plain(rows, versions))
    problems = disagreements(vector, reference, versions, [r["enterprise"] for r in rows])
    plain_extrapolated = plain_seconds * args.enterprises / len(rows)
    agree = not problems
    report({
        "bench": "policy_screen", "enterprises": args.enterprises, "packs": len(versions),
        "pack_codes": len({code for code, _ in versions}), "shipped_versions": n_shipped,
        "conditions": sum(len(leaves(v.rule)) for _, v in versions),
        "rows_screened": len(versions) * args.enterprises, "facts_seconds": round(facts_seconds, 2),
        "engine_seconds": round(engine_seconds, 3),
        "per_pack_ms": round(engine_seconds / len(versions) * 1000, 1),
        "details_pack": "/".join(DETAILS_PACK), "details_columns": details.width,
        "details_one_pack_seconds": round(details_seconds, 3),
        "plain_sample": len(rows), "plain_seconds_sample": round(plain_seconds, 3),
        "plain_extrapolated_seconds": round(plain_extrapolated, 1),
        "plain_over_vector": round(plain_extrapolated / engine_seconds, 1),
        "status_counts": {"pack": "/".join(DETAILS_PACK), **status_counts},
        "agree": agree, **({"disagreements": problems[:10], "disagreement_count": len(problems)} if problems else {}),
        "limit_seconds": LIMIT_SECONDS, "ok": engine_seconds <= LIMIT_SECONDS and agree,
    })


if __name__ == "__main__":
    main()
