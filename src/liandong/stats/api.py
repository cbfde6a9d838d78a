from typing import Any, Literal

from ninja import Router

from liandong.stats.selectors import group_drill, stats_report, stats_trend

router = Router(tags=["stats"])

Indicator = Literal["value_added", "output_value", "revenue", "profit", "rd_expense"]


@router.get("/report", response=dict[str, Any])
def report(request, period: str | None = None, ytd: bool = False, indicator: Indicator = "value_added"):
    """Growth, pull, contribution and share of the total, the key chains and every group, with the
    bureau-style paragraph (docs/reports.md#the-json). Default period: the latest month."""
    return stats_report(actor=request.auth, period=period, ytd=ytd, indicator=indicator)


@router.get("/trend", response=dict[str, Any])
def trend(request, period: str, ytd: bool = False, indicator: Indicator = "value_added"):
    """Growth of the total, the key chains and each chain over the 24 months up to ``period``."""
    return stats_trend(actor=request.auth, period=period, ytd=ytd, indicator=indicator)


@router.get("/groups/{kind}/{code}", response=dict[str, Any])
def group(request, kind: str, code: str, period: str, ytd: bool = False, indicator: Indicator = "value_added"):
    """One group: figures, sub-groups (a chain's nodes) and the enterprises that pulled it up or down."""
    return group_drill(actor=request.auth, period=period, ytd=ytd, indicator=indicator, kind=kind, code=code)
