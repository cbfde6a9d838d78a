"""The statistics report for pages, the API, the CLI and Excel (docs/reports.md).

Frames come from ``stats.frames``, figures from ``engines.stats``. A report and the one of the period
before (for 由负转正 / 降幅收窄) are computed together and cached per state of the data
(``core.db.data_fingerprint``) for ``LIANDONG_ANALYSIS_CACHE_SECONDS``. Statistics are district-wide
sums, read by district staff only (``scoping.can_read_statistics``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import Chain, ChainNode, EnterprisePosition
from liandong.core.db import data_fingerprint
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from liandong.core.models import WAN
from liandong.engines.stats import (
    INDICATORS,
    PeriodError,
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
TREND_MONTHS = 24
DRILL_TOP = 10


@dataclass
class ReportBundle:
    report: StatsReport
    previous: StatsReport
    members: pl.DataFrame


def latest_period() -> str | None:
    return MonthlyIndicator.objects.aggregate(p=Max("period"))["p"]


def _check_access(actor, period: str, indicator: str) -> None:
    if not scoping.can_read_statistics(actor):
        raise PermissionDeniedError(_("Statistics are for district staff."))
    try:
        months_of(period, False)
    except PeriodError:
        raise ApplicationError(_("The period must be written YYYY-MM, e.g. 2026-06."), {"period": period}) from None
    if indicator not in INDICATORS:
        raise ApplicationError(_("Unknown indicator."), {"indicator": indicator, "choices": sorted(INDICATORS)})


def _fingerprint() -> str:
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


def _compute(period: str, ytd: bool, indicator: str) -> ReportBundle:
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


def report_bundle(*, actor, period: str, ytd: bool, indicator: str = "value_added") -> ReportBundle:
    _check_access(actor, period, indicator)
    key = f"stats-report:v1:{_fingerprint()}:{period}:{int(ytd)}:{indicator}"
    bundle = cache.get(key)
    if bundle is None:
        bundle = _compute(period, ytd, indicator)
        cache.set(key, bundle, settings.LIANDONG_ANALYSIS_CACHE_SECONDS)
    return bundle


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


def stats_report(*, actor, period: str | None = None, ytd: bool = False,
                 indicator: str = "value_added") -> dict[str, Any]:
    """The report for ``period`` (default: the latest month with figures)."""
    period = period or latest_period()
    if period is None:
        raise ApplicationError(_("There are no monthly figures yet: import indicators first."))
    return report_payload(report_bundle(actor=actor, period=period, ytd=ytd, indicator=indicator))


def stats_trend(*, actor, period: str, ytd: bool, indicator: str = "value_added",
                months: int = TREND_MONTHS) -> dict[str, Any]:
    """Growth of the total, the key chains and each chain over the ``months`` up to ``period``."""
    _check_access(actor, period, indicator)
    key = f"stats-trend:v1:{_fingerprint()}:{period}:{int(ytd)}:{indicator}:{months}"
    trend = cache.get(key)
    if trend is None:
        trend = _trend(period, ytd, indicator, months)
        cache.set(key, trend, settings.LIANDONG_ANALYSIS_CACHE_SECONDS)
    labels = {"total": _("All above-scale industry"), "key_chains": _("Key chains")}
    return {**trend, "series": [{"key": s["key"], "name": str(labels.get(s["key"], s["name"]))}
                                for s in trend["series"]]}


def _trend(period: str, ytd: bool, indicator: str, months: int) -> dict[str, Any]:
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


def group_drill(*, actor, period: str, ytd: bool, indicator: str, kind: str, code: str) -> dict[str, Any]:
    """One group: its figures, its sub-groups (a chain's nodes) and the enterprises that pulled its
    growth up or dragged it down, by their pull on the total."""
    bundle = report_bundle(actor=actor, period=period, ytd=ytd, indicator=indicator)
    report, key = bundle.report, bundle.report.indicator.key
    group = report.group(kind, code)
    if group is None:
        raise NotFoundError(_("No such group in this report."), {"kind": kind, "code": code})
    children = []
    if kind == "chain":
        levels = dict(ChainNode.objects.filter(chain__code=code).values_list("code", "level"))
        children = [{**g.as_dict(key), "level": levels.get(g.code, 1)}
                    for g in report.groups if g.kind == "node" and g.parent == code]
    ids = bundle.members.filter((pl.col("kind") == kind) & (pl.col("code") == code)).select("enterprise")
    figures = report.enterprises.join(ids, on="enterprise", how="semi")
    visible = scoping.enterprises_visible(actor).filter(id__in=figures["enterprise"].to_list())
    names = {e.id: e for e in visible.only("id", "uscc", "name")}

    def rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
        out = []
        for r in frame.iter_rows(named=True):
            enterprise = names.get(r["enterprise"])
            if enterprise is None:
                continue
            growth = (r["current"] / r["base"] - 1) * 100 if r["base"] else None
            out.append({"uscc": enterprise.uscc, "name": enterprise.name, "value": round_half_up(r["value"] / float(WAN)),
                        "growth_pct": round_half_up(growth), "pull_pp": round_half_up(r["pull_pp"], 2)})
        return out

    return {
        "period": period, "ytd": ytd, "indicator": key, "group": group.as_dict(key), "children": children,
        "up": rows(figures.filter(pl.col("pull_pp") > 0).sort("pull_pp", descending=True).head(DRILL_TOP)),
        "down": rows(figures.filter(pl.col("pull_pp") < 0).sort("pull_pp").head(DRILL_TOP)),
    }
