"""Demo steps of the figures: annual data, monthly indicators of the above-scale enterprises over
``INDICATOR_MONTHS`` months, and the district's published year-to-date totals (no audit entries)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from liandong.core.bulk import insert_rows
from liandong.core.demo import DemoContext
from liandong.demo import names as N
from liandong.demo.generator import INDICATOR_MONTHS, OFFICIAL_MONTHS
from liandong.demo.plan import EnterprisePlan, window_periods
from liandong.demo.steps.common import clip, maybe, money, poisson


@dataclass
class PlatformSums:
    """Value added summed over the platform's above-scale enterprises per window month (current,
    comparable, and the same month a year before): what the published totals are made of."""

    va: list[float]
    vac: list[float]
    prev_va: list[float]


def _periods(ctx: DemoContext) -> list[str]:
    return window_periods(ctx.today, INDICATOR_MONTHS)


def _trend_output(e: EnterprisePlan, t: int) -> float:
    """Expected monthly output (no noise) of an above-scale enterprise at window index ``t``."""
    return e.output / 12 * (1 + e.growth) ** (t / 12)


def annual(ctx: DemoContext) -> int:
    from liandong.enterprises.models import AnnualData

    rng = ctx.rng("annual")
    ids = ctx.enterprise_ids
    periods = _periods(ctx)
    y0, m0 = (int(x) for x in periods[0].split("-"))
    years = [ctx.today.year - 3, ctx.today.year - 2, ctx.today.year - 1]
    latest = years[-1]

    def rows() -> Iterator[tuple]:
        for e in ctx.plan.enterprises:
            rd_ratio = clip(math.exp(rng.gauss(math.log(0.035) + 0.3 * e.innovation, 0.5)), 0.002, 0.3)
            margin = rng.uniform(-0.06, 0.14)
            assets_ratio = rng.uniform(0.6, 2.5)
            debt_ratio = rng.uniform(0.15, 0.75)
            rd_share = clip(rng.uniform(0.05, 0.3) + 0.05 * e.innovation, 0.02, 0.7)
            niche = rng.randint(2, 15)
            ip1_mean = 0.6 + 2.0 * max(e.innovation, 0) + (3 if e.above_scale else 0)
            ip2_mean = 2.0 + 4.0 * max(e.innovation, 0)
            financed = not e.above_scale and e.innovation > 0.3 and rng.random() < 0.2
            for y in years:
                if e.established.year > y:
                    continue
                if e.above_scale:
                    t0 = (y - y0) * 12 + (1 - m0)  # window index of January of y
                    revenue = sum(_trend_output(e, t) * N.SEASON[t - t0] for t in range(t0, t0 + 12))
                    revenue *= rng.uniform(0.95, 1.05)
                else:
                    revenue = e.revenue * (1 + e.growth) ** (y - latest) * rng.uniform(0.95, 1.05)
                    if e.industrial:
                        revenue = min(revenue, 1.95e7)
                    revenue = max(revenue, 2.0e5)
                if e.established.year == y:
                    revenue *= (13 - e.established.month) / 12
                main = revenue * (rng.uniform(0.7, 1.0) if rng.random() < 0.9 else rng.uniform(0.5, 0.7))
                employees = max(1, round(e.employees * (1 + 0.4 * e.growth) ** (y - latest)))
                assets = revenue * assets_ratio
                yield (
                    ids[e.idx], y,
                    maybe(rng, money(revenue), 0.02),
                    maybe(rng, money(main)),
                    maybe(rng, money(revenue * rd_ratio * rng.uniform(0.85, 1.15))),
                    maybe(rng, money(revenue * (margin + rng.gauss(0, 0.02)))),
                    maybe(rng, money(assets)),
                    maybe(rng, money(assets * debt_ratio)),
                    maybe(rng, employees),
                    maybe(rng, max(0, round(employees * rd_share))),
                    maybe(rng, poisson(rng, ip1_mean * (0.6 + 0.2 * (y - years[0])))),
                    maybe(rng, poisson(rng, ip2_mean)),
                    maybe(rng, money(rng.uniform(5e6, 5e7) if financed and rng.random() < 0.5 else 0)),
                    maybe(rng, max(1, min(y - e.established.year + 1, niche - (latest - y)))),
                )

    columns = ("enterprise_id", "year", "revenue", "main_revenue", "rd_expense", "net_profit", "total_assets",
               "total_liabilities", "employees", "rd_staff", "ip_class1", "ip_class2", "equity_financing",
               "years_in_niche")
    return insert_rows(AnnualData, columns, rows())


def indicators(ctx: DemoContext) -> int:
    """Monthly indicators of the above-scale enterprises; leaves the platform's value-added sums
    (``PlatformSums``) for ``official_totals``."""
    from liandong.enterprises.models import MonthlyIndicator

    rng = ctx.rng("indicators")
    ids = ctx.enterprise_ids
    periods = _periods(ctx)
    n = len(periods)
    months = [int(p[5:]) for p in periods]
    years = [int(p[:4]) for p in periods]
    sums = ctx.shared["platform_sums"] = PlatformSums([0.0] * n, [0.0] * n, [0.0] * n)

    def rows() -> Iterator[tuple]:
        for e in ctx.plan.enterprises:
            if not e.above_scale:
                continue
            eid = ids[e.idx]
            va_ratio = rng.uniform(0.20, 0.35)
            rev_ratio = rng.uniform(0.92, 1.06)
            margin = rng.uniform(0.02, 0.10)
            rd_ratio = rng.uniform(0.02, 0.08)
            drift_base = N.CHAIN_PRICE_DRIFT.get(e.chain or "", 0.01)
            drift = {y: clip(drift_base + rng.gauss(0, 0.004), 0.0, 0.03) for y in set(years)}
            vas = [0.0] * n
            for t in range(n):
                out = _trend_output(e, t) * N.SEASON[months[t] - 1] * (1 + rng.gauss(0, 0.04))
                va = out * clip(va_ratio + rng.gauss(0, 0.01), 0.15, 0.4)
                vac = va / (1 + drift[years[t]])
                revenue = out * rev_ratio * rng.uniform(0.97, 1.03)
                above = e.entry_month is None or t >= e.entry_month
                va_d, vac_d = money(va), money(vac)
                vas[t] = float(va_d)
                if above:
                    sums.va[t] += float(va_d)
                    sums.vac[t] += float(vac_d)
                    if t >= 12:
                        sums.prev_va[t] += vas[t - 12]
                yield (eid, periods[t], money(out), va_d, vac_d, money(revenue),
                       money(revenue * (margin + rng.gauss(0, 0.01))),
                       money(revenue * rd_ratio * rng.uniform(0.8, 1.2)),
                       max(1, round(e.employees * (1 + 0.3 * e.growth) ** ((t - n) / 12))), above)

    columns = ("enterprise_id", "period", "output_value", "value_added", "value_added_comparable", "revenue",
               "profit", "rd_expense", "employees", "above_scale")
    return insert_rows(MonthlyIndicator, columns, rows())


def official_totals(ctx: DemoContext) -> int:
    """Published year-to-date value added of the district for the last ``OFFICIAL_MONTHS`` months: a
    little above the platform's sum (the district has enterprises outside the platform) with a
    published growth rate. Months already published are left alone."""
    from liandong.stats.models import OfficialTotal

    rng = ctx.rng("official")
    sums: PlatformSums = ctx.shared["platform_sums"]
    periods = _periods(ctx)
    n = len(periods)
    wanted = periods[n - OFFICIAL_MONTHS:] if n >= OFFICIAL_MONTHS else periods
    taken = set(OfficialTotal.objects.filter(indicator="value_added", cumulative=True, period__in=wanted)
                .values_list("period", flat=True))
    factor = {y: rng.uniform(1.02, 1.06) for y in {int(p[:4]) for p in wanted}}
    rows = []
    for t in range(n - len(wanted), n):
        period = periods[t]
        year = int(period[:4])
        ytd = [u for u in range(t + 1) if periods[u][:4] == period[:4]]
        value = sum(sums.va[u] for u in ytd)
        comparable = sum(sums.vac[u] for u in ytd if u >= 12)
        previous = sum(sums.prev_va[u] for u in ytd if u >= 12)
        growth = (comparable / previous - 1) * 100 if previous else 6.0
        value *= factor[year] * (1 + rng.gauss(0, 0.002))
        growth += rng.gauss(0, 0.4)
        if period in taken:
            continue
        rows.append((period, "value_added", True, money(value), Decimal(f"{growth:.1f}")))
    return insert_rows(OfficialTotal, ("period", "indicator", "cumulative", "value", "growth_pct"), rows)
