"""The statistics report's computation for ``stats.selectors`` (docs/reports.md): frames from
``stats.frames``, figures from ``engines.stats``; a report with the one of the period before (for 由负转正 /
降幅收窄), the trend, and the JSON every rendering shares. No actor here: the selectors check who reads
(``scoping.can_read_statistics``) and cache per state of the data (``core.db.data_fingerprint``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from liandong.chains.models import Chain, ChainNode, EnterprisePosition
from liandong.core.db import data_fingerprint
from liandong.core.models import WAN
from liandong.engines.stats import (
    INDICATORS,
    StatsReport,
    compute_report,
    months_of,
    narrative,
    period_label,
    previous_period,
    round_half_up,
    shift_months,
    year_earlier,
)
from liandong.enterprises.models import (
    Enterprise,
    MonthlyIndicator,
    Park,
    ParkMembership,
    Qualification,
    QualificationType,
)
from liandong.stats.frames import (
    NO_PARK,
    chain_membership_frame,
    indicator_frame,
    members_at,
    membership_spells,
    period_end,
)
from liandong.stats.models import OfficialTotal

PARTITIONS = ("park",)
KINDS = ("chain", "node", "park", "tier")


@dataclass
class ReportBundle:
    report: StatsReport
    previous: StatsReport
    members: pl.DataFrame


def fingerprint() -> str:
    return data_fingerprint((MonthlyIndicator, Enterprise, EnterprisePosition, Qualification, ChainNode, Park,
                             ParkMembership, OfficialTotal))


def _group_order() -> dict[tuple[str, str], int]:
    """Catalogue order: chains, their nodes in tree order, parks (none last), tiers."""
    order: dict[tuple[str, str], int] = {}
    for chain in Chain.objects.order_by("order", "id"):
        order[("chain", chain.code)] = len(order)
    for node in ChainNode.objects.order_by("chain__order", "chain_id", "order", "id"):
        order[("node", node.code)] = len(order)
    for park in Park.objects.order_by("order", "name"):
        order[("park", str(park.id))] = len(order)
    order[("park", NO_PARK)] = len(order)
    for tier in QualificationType.objects.order_by("order", "id"):
        order[("tier", tier.code)] = len(order)
    return order


def _chain_catalogue() -> pl.DataFrame:
    """Every chain is reported, with or without enterprises (五条重点产业链 counts them all)."""
    chains = list(Chain.objects.order_by("order", "id").values_list("code", "name"))
    return pl.DataFrame([("chain", code, name) for code, name in chains],
                        schema={"kind": pl.String, "code": pl.String, "name": pl.String}, orient="row")


def compute_bundle(period: str, ytd: bool, indicator: str) -> ReportBundle:
    before = previous_period(period)
    months = set(months_of(period, ytd)) | set(months_of(before, ytd))
    months |= {year_earlier(m) for m in months}
    spec = INDICATORS[indicator]
    frame = indicator_frame(months, {spec.current, spec.base, spec.value})
    # each period grouped by the memberships of its last day, not today's (issue #13 item 7)
    spells = membership_spells()
    members = members_at(spells, period_end(period))
    chains = _chain_catalogue()
    report = compute_report(frame, members, period=period, ytd=ytd, indicator=indicator, partitions=PARTITIONS,
                            catalogue=chains)
    previous = compute_report(frame, members_at(spells.filter(pl.col("kind") == "chain"), period_end(before)),
                              period=before, ytd=ytd, indicator=indicator, catalogue=chains)
    order = _group_order()
    report.groups.sort(key=lambda g: (KINDS.index(g.kind) if g.kind in KINDS else len(KINDS),
                                      order.get((g.kind, g.code), len(order))))
    # keep only the memberships of listed enterprises: the drill-down needs no more, and the cached
    # bundle stays small (the full frame is ~50 MB at 100,000 enterprises)
    listed = members.join(report.enterprises.select("enterprise"), on="enterprise", how="semi")
    return ReportBundle(report, previous, listed)


def official_comparison(report: StatsReport) -> dict[str, Any] | None:
    """The bureau's published total beside the platform's own, with the gap."""
    row = OfficialTotal.objects.filter(period=report.period, indicator=report.indicator.key,
                                       cumulative=report.ytd).first()
    if row is None:
        return None
    official = float(row.value) / float(WAN) if row.value is not None else None
    platform = report.total.value / float(WAN)
    official_growth = float(row.growth_pct) if row.growth_pct is not None else None
    platform_growth = report.total.growth_pct
    return {
        "value": round_half_up(official), "growth_pct": round_half_up(official_growth),
        "platform_value": round_half_up(platform), "platform_growth_pct": round_half_up(platform_growth),
        "gap_value": round_half_up(platform - official) if official is not None else None,
        "coverage_pct": round_half_up(platform / official * 100) if official else None,
        "gap_pp": (round_half_up(platform_growth - official_growth)
                   if platform_growth is not None and official_growth is not None else None),
    }


def report_payload(bundle: ReportBundle) -> dict[str, Any]:
    """The JSON of docs/reports.md#the-json, with the extras every rendering shows (official totals, checks,
    data quality)."""
    report, key = bundle.report, bundle.report.indicator.key
    total = report.total.as_dict(key)
    return {
        "period": report.period, "ytd": report.ytd, "indicator": key, "indicator_label": report.indicator.label,
        "period_label": period_label(report.period, report.ytd),
        "total": total,
        "key_chains": report.key_chains.as_dict(key),
        "groups": [{**g.as_dict(key), **({"parent": g.parent} if g.parent else {})} for g in report.groups],
        "official": official_comparison(report),
        "checks": [c.as_dict() for c in report.checks],
        "data_quality": {"missing_reports": report.missing_reports,
                         "comparable_missing": report.comparable_missing},
        "previous_period": bundle.previous.period,
        "narrative": narrative(report, bundle.previous),
    }


def compute_trend(period: str, ytd: bool, indicator: str, months: int) -> dict[str, Any]:
    periods = [shift_months(period, -i) for i in range(months - 1, -1, -1)]
    needed = {m for p in periods for m in months_of(p, ytd)}
    needed |= {year_earlier(m) for m in needed}
    spec = INDICATORS[indicator]
    frame = indicator_frame(needed, {spec.current, spec.base, spec.value})
    spells = chain_membership_frame()
    catalogue = _chain_catalogue()
    chains = list(catalogue.select("code", "name").iter_rows())
    series: dict[str, list[float | None]] = {"total": [], "key_chains": [], **{code: [] for code, _ in chains}}
    first = frame["period"].min() if len(frame) else None
    for p in periods:
        if first is None or year_earlier(months_of(p, ytd)[0]) < first:
            for values in series.values():  # no full base year in the data: a gap, not a wild figure
                values.append(None)
            continue
        report = compute_report(frame, members_at(spells, period_end(p)), period=p, ytd=ytd, indicator=indicator,
                                catalogue=catalogue)
        series["total"].append(round_half_up(report.total.growth_pct))
        series["key_chains"].append(round_half_up(report.key_chains.growth_pct))
        for code, _name in chains:
            group = report.group("chain", code)
            series[code].append(round_half_up(group.growth_pct) if group else None)
    names = [("total", "total"), ("key_chains", "key_chains"), *chains]  # labels added per request
    return {"periods": periods, "unit": "%", **series,
            "series": [{"key": k, "name": str(n)} for k, n in names]}
