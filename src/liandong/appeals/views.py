"""Appeal pages: the list (an inbox by urgency for the office and departments, "my appeals" for
enterprises), submission, an appeal with its clocks, timeline and actions, the metrics page with
its Excel export, and the notifications behind the bell."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liandong.accounts import scoping
from liandong.appeals import selectors, services
from liandong.appeals.exports import metrics_workbook
from liandong.appeals.metrics import appeal_metrics, months_window
from liandong.appeals.models import Appeal, AppealCategory
from liandong.core import registry
from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.core.forms import field_message, form_error
from liandong.core.responses import xlsx_response
from liandong.core.uploads import upload_view

PAGE_SIZE = 30
FORM_FIELDS = ("note", "reason", "department", "days", "approve", "solution", "rating", "comment", "into", "message")
LABELS = {"enterprise": gettext_lazy("Enterprise"), "channel": gettext_lazy("Received by"),
          "category": gettext_lazy("Category"), "title": gettext_lazy("Title"), "body": gettext_lazy("What do you need?"),
          "attachments": gettext_lazy("Attachments"), "department": gettext_lazy("Lead department"),
          "co_departments": gettext_lazy("Co-handling (optional)"), "days": gettext_lazy("Working days"),
          "reason": gettext_lazy("Reason"), "solution": gettext_lazy("Solution"), "rating": gettext_lazy("Rating")}
"""The forms' labels by field (the templates' words): a refused form names its field (core.forms)."""


def _can_submit(user) -> bool:
    return scoping.is_office(user) or (scoping.role_of(user) == scoping.ENTERPRISE and bool(user.enterprise_id))


@login_required
def appeal_index(request):
    role = scoping.role_of(request.user)
    if role not in {scoping.ADMIN, scoping.CHAIN_OFFICER, scoping.DEPARTMENT, scoping.ENTERPRISE}:
        return redirect("appeals:metrics")
    scope = request.GET.get("scope", "open")
    scope = scope if scope in {"open", "returned", "all"} else "open"
    qs = selectors.appeal_list(actor=request.user, q=request.GET.get("q", "").strip(), open_only=scope == "open",
                               status=Appeal.Status.RETURNED if scope == "returned" else "")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(a, selectors.clock_views(a, now)) for a in page.object_list]
    return render(request, "appeals/index.html", {"page": page, "rows": rows, "scope": scope,
                                                  "q": request.GET.get("q", ""), "can_submit": _can_submit(request.user),
                                                  "is_enterprise": role == scoping.ENTERPRISE,
                                                  "returned": selectors.appeal_list(
                                                      actor=request.user, status=Appeal.Status.RETURNED).count()})


def _may_submit(request) -> None:
    """Asked before an upload is read (#13 item 9)."""
    if not _can_submit(request.user):
        raise PermissionDenied(_("Only enterprises and the chain office submit appeals."))


@login_required
@upload_view(_may_submit)
def appeal_new(request):
    if not _can_submit(request.user):
        raise PermissionDenied(_("Only enterprises and the chain office submit appeals."))
    office = scoping.is_office(request.user)
    context = {"categories": AppealCategory.objects.all(), "office": office, "channels": Appeal.Channel.choices,
               "form": request.POST}
    if request.method == "POST":
        try:
            appeal = services.appeal_submit(
                actor=request.user, category=request.POST.get("category", ""), title=request.POST.get("title", ""),
                body=request.POST.get("body", ""), enterprise_uscc=request.POST.get("enterprise"),
                channel=request.POST.get("channel", "online"), attachments=request.FILES.getlist("attachments"))
        except ApplicationError as err:
            return render(request, "appeals/new.html", {**context, "error": field_message(err, LABELS), "error_field":
                                                        err.extra.get("field")}, status=400)
        messages.success(request, _("Appeal %(number)s received. You will get an answer within the promised time.")
                         % {"number": appeal.number})
        return redirect("appeals:detail", number=appeal.number)
    return render(request, "appeals/new.html", context)


@login_required
def appeal_page(request, number: str):
    view = selectors.appeal_detail(actor=request.user, number=number)
    return render(request, "appeals/detail.html", {"view": view, "appeal": view.appeal,
                                                   "actions": {a.name: a for a in view.actions},
                                                   "ratings": Appeal.Rating.choices,
                                                   "sections": registry.render_sections("appeal", request, view.appeal)})


@login_required
@require_POST
def appeal_action(request, number: str, action: str):
    params = {k: request.POST.get(k) for k in FORM_FIELDS if request.POST.get(k) not in (None, "")}
    if "approve" in params:
        params["approve"] = params["approve"] == "1"
    if request.POST.getlist("co_departments"):
        params["co_departments"] = request.POST.getlist("co_departments")
    try:
        services.appeal_act(actor=request.user, number=number, action=action,
                            version=request.POST.get("version") or None, **params)
    except NotFoundError:  # a 404 (core.middleware), not handled below
        raise
    except ConflictError as err:
        messages.error(request, _("%(message)s (now: %(status)s)") % {
            "message": err.message, "status": Appeal.Status(err.extra.get("status", "submitted")).label})
    except (PermissionDeniedError, ApplicationError) as err:
        form_error(request, err, LABELS)
    else:
        messages.success(request, _("Done."))
    return redirect("appeals:detail", number=number)


def _may_attach(request, number: str):
    """Asked before the files are read (#13 item 9)."""
    try:
        services.appeal_attach_check(actor=request.user, number=number)
    except NotFoundError:  # a 404 (core.middleware), not handled below
        raise
    except ApplicationError as err:
        form_error(request, err, LABELS)
        return redirect("appeals:detail", number=number)
    return None


@login_required
@require_POST
@upload_view(_may_attach)
def appeal_attach(request, number: str):
    try:
        services.appeal_attach(actor=request.user, number=number, files=request.FILES.getlist("attachments"))
    except NotFoundError:  # a 404 (core.middleware), not handled below
        raise
    except ApplicationError as err:
        form_error(request, err, LABELS)
    return redirect("appeals:detail", number=number)


@login_required
def appeal_attachment(request, number: str, attachment_id: int):
    view = selectors.appeal_detail(actor=request.user, number=number)
    attachment = view.appeal.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)


def _metrics_for(request) -> tuple[dict, bool]:
    """The metrics over the months asked for (1–60; anything else is clamped, see ``months_window``)."""
    months, valid = months_window(request.GET.get("months"))
    return appeal_metrics(actor=request.user, months=months), valid


@login_required
def metrics_page(request):
    data, valid = _metrics_for(request)
    if not valid:
        messages.warning(request, _("The number of months must be a whole number from 1 to 60; showing the "
                                    "last %(n)d months.") % {"n": data["since_months"]})
    months = data["by_month"]
    chart = {"periods": [m["month"] for m in months], "unit": "%",
             **{key: [m[key] for m in months] for key in ("response_rate", "dock_rate", "resolve_on_time_rate",
                                                          "satisfaction_rate")}}
    series = [{"key": "response_rate", "name": _("On-time response")}, {"key": "dock_rate", "name": _("On-time docking")},
              {"key": "resolve_on_time_rate", "name": _("On-time resolution")},
              {"key": "satisfaction_rate", "name": _("Satisfaction")}]
    categories = {"names": [c["category"] for c in data["categories"]], "values": [c["appeals"] for c in data["categories"]]}
    return render(request, "appeals/metrics.html", {"m": data, "chart": chart, "series": series,
                                                    "category_chart": categories})


@login_required
def metrics_export(request):
    data, _valid = _metrics_for(request)
    return xlsx_response(metrics_workbook(data), f"appeals-metrics-{timezone.localdate():%Y%m%d}.xlsx")

