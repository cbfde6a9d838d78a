"""Reads of statistics for pages, the API, the CLI and Excel (docs/reports.md). Statistics are
district-wide sums, read by district staff only (``scoping.can_read_statistics``); a report and its
trend are computed by ``stats.reports`` and cached per state of the data for
``LIANDONG_ANALYSIS_CACHE_SECONDS``. Reads only in selectors (docs/architecture.md#layers-inside-an-app)."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import ChainNode
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from liandong.core.models import WAN
from liandong.engines.stats import INDICATORS, PeriodError, months_of, round_half_up
from liandong.enterprises.models import MonthlyIndicator
from liandong.enterprises.selectors import enterprises_visible
from liandong.stats.reports import (
    ReportBundle,
    compute_bundle,
    compute_trend,
    fingerprint,
    report_payload,
)

TREND_MONTHS = 24
DRILL_TOP = 10


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


def report_bundle(*, actor, period: str, ytd: bool, indicator: str = "value_added") -> ReportBundle:
    _check_access(actor, period, indicator)
    key = f"stats-report:v1:{fingerprint()}:{period}:{int(ytd)}:{indicator}"
    bundle = cache.get(key)
    if bundle is None:
        bundle = compute_bundle(period, ytd, indicator)
        cache.set(key, bundle, settings.LIANDONG_ANALYSIS_CACHE_SECONDS)
    return bundle


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
    key = f"stats-trend:v1:{fingerprint()}:{period}:{int(ytd)}:{indicator}:{months}"
    trend = cache.get(key)
    if trend is None:
        trend = compute_trend(period, ytd, indicator, months)
        cache.set(key, trend, settings.LIANDONG_ANALYSIS_CACHE_SECONDS)
    labels = {"total": _("All above-scale industry"), "key_chains": _("Key chains")}
    return {**trend, "series": [{"key": s["key"], "name": str(labels.get(s["key"], s["name"]))}
                                for s in trend["series"]]}


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
    visible = enterprises_visible(actor).filter(id__in=figures["enterprise"].to_list())
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
