"""The service record's pages (服务台账): the enterprise timeline, visits, 家次 counts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from liandong.accounts import scoping
from liandong.alliance import records, services_records
from liandong.alliance.models import ServiceKind
from liandong.alliance.selectors import enterprise_for_timeline, service_records_visible
from liandong.appeals.models import AppealCategory
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from liandong.core.forms import field_message
from liandong.core.responses import xlsx_response
from liandong.core.xlsx import set_widths, titled_sheet, workbook_bytes
from liandong.enterprises.selectors import enterprise_get

SECTION_SIZE = 10
PAGE_SIZE = 30
VISIT_FIELDS = ("enterprise", "on", "kind", "unit", "people", "topics", "problems", "title")
LABELS = {"enterprise": gettext_lazy("Enterprise"), "on": gettext_lazy("Date"), "kind": gettext_lazy("Service type"), "unit": gettext_lazy("Serving unit"),
          "people": gettext_lazy("People"), "topics": gettext_lazy("Topics"), "problems": gettext_lazy("Problems found"), "title": gettext_lazy("Title"),
          "category": gettext_lazy("Category"), "body": gettext_lazy("Problems found")}


def _may_open(actor, enterprise) -> bool:
    try:
        enterprise_for_timeline(actor=actor, enterprise_id=enterprise.pk)
    except NotFoundError:
        return False
    return True


def enterprise_section(request, enterprise) -> str | None:
    """The service timeline on the enterprise page (core.registry.PageSection "enterprise")."""
    actor = request.user
    if not _may_open(actor, enterprise):
        return None
    qs = records.timeline(service_records_visible(actor), enterprise.pk).select_related("unit", "chain")
    rows = list(qs[:SECTION_SIZE + 1])
    return render_to_string("alliance/_enterprise_services.html", {
        "enterprise": enterprise, "entries": records.entries(actor, rows[:SECTION_SIZE]),
        "more": len(rows) > SECTION_SIZE, "can_record": services_records.can_record_services(actor)}, request=request)


@login_required
def enterprise_services(request, uscc: str):
    actor = request.user
    enterprise = enterprise_for_timeline(actor=actor, enterprise_id=enterprise_get(actor=actor, uscc=uscc).pk)
    kind = request.GET.get("kind", "")
    if kind not in ServiceKind.values:
        kind = ""
    qs = records.timeline(service_records_visible(actor), enterprise.pk, kind).select_related("unit", "chain")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "alliance/services_enterprise.html", {
        "enterprise": enterprise, "entries": records.entries(actor, page.object_list), "page": page, "kind": kind,
        "kinds": ServiceKind.choices, "query": f"kind={kind}" if kind else "",
        "can_record": services_records.can_record_services(actor)})


# --- 家次 counts ---------------------------------------------------------------------------------------
def _district_only(actor) -> None:
    if scoping.role_of(actor) not in scoping.DISTRICT_STAFF:
        raise Http404


def sentence(data: dict) -> str:
    return _("From %(first)s to %(last)s the district served and guided enterprises %(n)d times (家次).") % {
        "first": data["from"], "last": data["to"], "n": data["total"]}


@login_required
def services(request):
    _district_only(request.user)
    try:
        first, last = records.month_range(request.GET)
    except ApplicationError as err:
        return render(request, "alliance/services.html", {"error": field_message(err, {}), "data": None}, status=400)
    data = records.counts(first, last)
    months = {"periods": [r["month"] for r in data["by_month"]], "values": [r["count"] for r in data["by_month"]],
              "unit": pgettext("service count", "times")}
    units = {"names": [r["name"] or _("No unit") for r in data["by_unit"][:15]],
             "values": [r["count"] for r in data["by_unit"][:15]]}
    chains = {"names": [r["name"] or _("No chain") for r in data["by_chain"]],
              "values": [r["count"] for r in data["by_chain"]]}
    return render(request, "alliance/services.html", {
        "data": data, "sentence": sentence(data), "months": months, "units": units, "chains": chains,
        "can_record": services_records.can_record_services(request.user)})


@login_required
def services_export(request):
    _district_only(request.user)
    first, last = records.month_range(request.GET)
    data = records.counts(first, last)
    wb, ws = titled_sheet(_("By month"), _("Enterprises served (家次)"), [_("Month"), pgettext("service count", "times")], [sentence(data)])
    for r in data["by_month"]:
        ws.append([r["month"], r["count"]])
    set_widths(ws, [14, 12])
    for title, rows in ((_("By unit"), data["by_unit"]), (_("By chain"), data["by_chain"])):
        sheet = wb.create_sheet(title)
        sheet.append([_("Name"), pgettext("service count", "times")])
        for r in rows:
            sheet.append([r["name"] or "—", r["count"]])
        set_widths(sheet, [36, 12])
    kinds = wb.create_sheet(_("By service type"))
    kinds.append([_("Service type"), pgettext("service count", "times")])
    for r in data["by_kind"]:
        kinds.append([r["label"], r["count"]])
    set_widths(kinds, [24, 12])
    return xlsx_response(workbook_bytes(wb), f"services-{first}-{last}.xlsx")


# --- visits ------------------------------------------------------------------------------------------
@login_required
def visit_new(request):
    actor = request.user
    if not services_records.can_record_services(actor):
        raise PermissionDeniedError(_("Only the office and the member departments record services."))
    context = {"units": services_records.unit_choices(actor),
               "kinds": [(k.value, k.label) for k in (ServiceKind.VISIT, ServiceKind.CONSULTATION)]}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in VISIT_FIELDS}
        try:
            record = services_records.visit_record(actor=actor, **values)
        except PermissionDeniedError:
            raise
        except ApplicationError as err:
            return render(request, "alliance/services_visit_form.html",
                          {**context, "v": values, "error": field_message(err, LABELS)}, status=400)
        messages.success(request, _("The service is on record."))
        return redirect("alliance:service", record_id=record.pk)
    unit = getattr(actor, "organization_id", None)
    values = {**dict.fromkeys(VISIT_FIELDS, ""), "on": timezone.localdate().isoformat(), "kind": ServiceKind.VISIT,
              "enterprise": request.GET.get("enterprise", ""), "unit": str(unit or "")}
    return render(request, "alliance/services_visit_form.html", {**context, "v": values})


def _record(actor, record_id: int):
    record = (service_records_visible(actor).select_related("enterprise", "unit", "chain", "appeal", "created_by")
              .filter(pk=record_id).first())
    if record is None:
        raise NotFoundError("service record")
    return record


@login_required
def service(request, record_id: int):
    actor = request.user
    record = _record(actor, record_id)
    entry = records.entries(actor, [record])[0]
    may_raise = (record.kind in records.ENTERED and not record.appeal_id
                 and services_records.can_raise_appeal(actor))
    return render(request, "alliance/services_record.html", {
        "r": record, "entry": entry, "may_raise": may_raise,
        "categories": AppealCategory.objects.all() if may_raise else [],
        "error": request.GET.get("error", "")})


@login_required
@require_POST
def visit_appeal(request, record_id: int):
    actor = request.user
    record = _record(actor, record_id)
    try:
        appeal = services_records.visit_raise_appeal(actor=actor, record_id=record.pk,
                                                     category=request.POST.get("category", ""),
                                                     title=request.POST.get("title", ""),
                                                     body=request.POST.get("body", ""))
    except PermissionDeniedError:
        raise
    except ApplicationError as err:
        messages.error(request, field_message(err, LABELS))
        return redirect("alliance:service", record_id=record.pk)
    messages.success(request, _("Appeal %(number)s submitted for the enterprise.") % {"number": appeal.number})
    return redirect("alliance:service", record_id=record.pk)

