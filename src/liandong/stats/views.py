"""Statistics pages: the report of a period (table, trend, contributions, the paragraph to edit and
export) and a group's drill-down (nodes, enterprises that pulled growth up or down)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.accounts import scoping
from liandong.core.errors import ApplicationError, NotFoundError
from liandong.core.responses import xlsx_response
from liandong.engines.stats import INDICATORS
from liandong.enterprises.models import MonthlyIndicator
from liandong.stats.exports import report_workbook
from liandong.stats.selectors import group_drill, latest_period, stats_report, stats_trend

MAX_NARRATIVE = 5000


def _choices(request) -> dict:
    """Period, month/YTD and indicator from the query (or form), defaulting to the latest YTD."""
    if not scoping.can_read_statistics(request.user):
        raise PermissionDenied(_("Statistics are for district staff."))
    params = request.POST if request.method == "POST" else request.GET
    periods = list(MonthlyIndicator.objects.order_by("-period").values_list("period", flat=True).distinct())
    period = params.get("period") or latest_period()
    indicator = params.get("indicator") if params.get("indicator") in INDICATORS else "value_added"
    return {"period": period, "ytd": params.get("mode", "ytd") != "month", "indicator": indicator,
            "periods": periods, "indicators": [(k, i.label) for k, i in INDICATORS.items()]}


def _title(payload: dict) -> str:
    return f"重点产业链规模以上工业{payload['indicator_label']}（{payload['period'][:4]}年{payload['period_label']}）"


@login_required
def report_page(request):
    choices = _choices(request)
    context = {**choices, "query": request.GET.urlencode()}
    if choices["period"] is None:
        return render(request, "stats/report.html", {**context, "empty": True})
    try:
        payload = stats_report(actor=request.user, period=choices["period"], ytd=choices["ytd"],
                               indicator=choices["indicator"])
        trend = stats_trend(actor=request.user, period=choices["period"], ytd=choices["ytd"],
                            indicator=choices["indicator"])
    except ApplicationError as err:
        return render(request, "stats/report.html", {**context, "error": err.message}, status=400)
    chains = [g for g in payload["groups"] if g["kind"] == "chain"]
    return render(request, "stats/report.html", {
        **context, "report": payload, "title": _title(payload), "chains": chains,
        "chain_rows": [*chains, {**payload["key_chains"], "name": _("Key chains (each enterprise once)")},
                       payload["total"]],
        "parks": [g for g in payload["groups"] if g["kind"] == "park"],
        "tiers": [g for g in payload["groups"] if g["kind"] == "tier" and g["enterprises"]],
        "trend": trend,
        "contribution": {"names": [g["name"] for g in chains], "values": [g["contribution_pct"] for g in chains]},
        "checks_ok": all(c["ok"] for c in payload["checks"]),
    })


@login_required
@require_POST
def report_export(request):
    """The report as a bureau table, with the paragraph as the official edited it on the page."""
    choices = _choices(request)
    if choices["period"] is None:
        raise Http404
    try:
        payload = stats_report(actor=request.user, period=choices["period"], ytd=choices["ytd"],
                               indicator=choices["indicator"])
    except ApplicationError as err:
        raise Http404(err.message) from None
    text = (request.POST.get("narrative") or "").strip()[:MAX_NARRATIVE] or None
    mode = "累计" if payload["ytd"] else "当月"
    filename = f"stats-{payload['indicator']}-{payload['period']}-{'ytd' if payload['ytd'] else 'month'}.xlsx"
    content = report_workbook(payload, title=f"{_title(payload)}（{mode}）", text=text)
    return xlsx_response(content, filename)


@login_required
def group_page(request, kind: str, code: str):
    choices = _choices(request)
    if choices["period"] is None:
        raise Http404
    try:
        drill = group_drill(actor=request.user, period=choices["period"], ytd=choices["ytd"],
                            indicator=choices["indicator"], kind=kind, code=code)
    except NotFoundError:  # a 404 (core.middleware), not handled below
        raise
    except ApplicationError as err:
        return render(request, "stats/report.html", {**choices, "error": err.message}, status=400)
    return render(request, "stats/group.html", {
        **choices, "drill": drill, "query": request.GET.urlencode(),
        "indicator_label": INDICATORS[choices["indicator"]].label,
        "drill_lists": [("up", _("Pulled growth up"), drill["up"]), ("down", _("Dragged growth down"), drill["down"])],
    })
