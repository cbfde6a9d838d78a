"""The resource catalogue's pages (资源目录) and its section on the appeal page: search (HTMX live
results) with filters, a resource, the form of the office and of a unit's own staff, withdrawing, the
Excel export, and citing a resource in an appeal's answer. Reads through ``catalogue``, writes through
``services_catalogue``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from liandong.accounts import scoping
from liandong.accounts.models import Organization
from liandong.alliance import catalogue, services_catalogue
from liandong.alliance.models import ResourceKind
from liandong.appeals.selectors import appeals_visible
from liandong.appeals.workflow import allowed_actions
from liandong.chains.models import Chain
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from liandong.core.forms import field_message
from liandong.core.responses import xlsx_response

LABELS = {
    "unit": pgettext_lazy("resource", "Unit"), "kind": pgettext_lazy("resource", "Resource type"), "title": pgettext_lazy("resource", "Resource name"),
    "summary": pgettext_lazy("resource", "What it offers"), "conditions": gettext_lazy("Conditions"),
    "keywords": pgettext_lazy("resource", "Keywords"), "contact": pgettext_lazy("resource", "Contact"), "link": pgettext_lazy("resource", "Link"),
    "chains": gettext_lazy("Chains"),
}
"""The form's labels by field (a refused form names its field, core.forms)."""
TEXT_FIELDS = ("kind", "title", "summary", "conditions", "keywords", "contact", "link")


def _reader(request) -> None:
    if not catalogue.can_read_catalogue(request.user):
        raise Http404


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def _filters(request) -> dict:
    kind = request.GET.get("kind", "")
    return {"q": request.GET.get("q", "").strip()[:200], "kind": kind if kind in ResourceKind.values else "",
            "unit": _int(request.GET.get("unit")), "chain": request.GET.get("chain", "").strip()}


@login_required
def resources(request):
    _reader(request)
    filters = _filters(request)
    results = catalogue.search(actor=request.user, q=filters["q"], kind=filters["kind"], unit=filters["unit"],
                               chain=filters["chain"] or None, top=100)
    context = {"results": results, "filters": filters, "kinds": ResourceKind.choices,
               "units": catalogue.units_with_resources(), "chains": Chain.objects.order_by("order", "code"),
               "can_write": catalogue.can_write_catalogue(request.user),
               "query": urlencode({k: v for k, v in filters.items() if v not in ("", None)})}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "alliance/_catalogue_results.html", context)
    return render(request, "alliance/catalogue.html", context)


@login_required
def resource(request, resource_id: int):
    _reader(request)
    item = catalogue.resource_get(actor=request.user, resource_id=resource_id)
    return render(request, "alliance/catalogue_detail.html", {
        "resource": item, "can_edit": catalogue.can_write_resource(request.user, item.unit_id)})


def _units(user) -> list[Organization]:
    """The units the user may add resources for: every organisation but enterprises (the office), their
    own (department staff)."""
    if catalogue.can_write_alliance(user):
        return list(Organization.objects.exclude(kind=Organization.Kind.ENTERPRISE).order_by("kind", "order", "name"))
    return list(Organization.objects.filter(pk=getattr(user, "organization_id", None)))


def _form(request, *, item=None):
    user = request.user
    units = _units(user)
    context = {"resource": item, "units": units, "kinds": ResourceKind.choices,
               "chains": Chain.objects.order_by("order", "code")}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in TEXT_FIELDS}
        values["unit"] = request.POST.get("unit", "") or (str(units[0].pk) if len(units) == 1 else "")
        values["chains"] = request.POST.getlist("chains")
        try:
            if item is None:
                saved = services_catalogue.resource_create(actor=user, **values)
            else:
                saved = services_catalogue.resource_update(actor=user, resource_id=item.pk, **values)
        except PermissionDeniedError:
            raise
        except ApplicationError as err:
            return render(request, "alliance/catalogue_form.html",
                          {**context, "v": values, "error": field_message(err, LABELS)}, status=400)
        messages.success(request, _("The resource is saved."))
        return redirect("alliance:resource", resource_id=saved.pk)
    if item is None:
        values = {**dict.fromkeys(TEXT_FIELDS, ""), "kind": ResourceKind.SERVICE,
                  "unit": str(units[0].pk) if len(units) == 1 else "", "chains": []}
    else:
        values = {**{k: getattr(item, k) for k in TEXT_FIELDS}, "unit": str(item.unit_id),
                  "chains": [str(c.pk) for c in item.chains.all()]}
    return render(request, "alliance/catalogue_form.html", {**context, "v": values})


@login_required
def resource_new(request):
    if not catalogue.can_write_catalogue(request.user):
        raise PermissionDeniedError(_("Only the alliance office and the unit's own staff edit its resources."))
    return _form(request)


@login_required
def resource_edit(request, resource_id: int):
    _reader(request)
    item = catalogue.resource_get(actor=request.user, resource_id=resource_id)
    if not catalogue.can_write_resource(request.user, item.unit_id):
        raise PermissionDeniedError(_("Only the alliance office and the unit's own staff edit its resources."))
    return _form(request, item=item)


@login_required
@require_POST
def resource_active(request, resource_id: int):
    _reader(request)
    active = request.POST.get("active") == "1"
    services_catalogue.resource_set_active(actor=request.user, resource_id=resource_id, active=active)
    messages.success(request, _("The resource is offered again.") if active else _("The resource is withdrawn."))
    return redirect("alliance:resource", resource_id=resource_id)


@login_required
def resources_export(request):
    _reader(request)
    filters = _filters(request)
    results = catalogue.search(actor=request.user, q=filters["q"], kind=filters["kind"], unit=filters["unit"],
                               chain=filters["chain"] or None, top=100_000)
    return xlsx_response(catalogue.catalogue_workbook([r.resource for r in results]),
                         f"resource-catalogue-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_POST
def resource_cite(request, resource_id: int):
    """Cite the resource in the answer to the appeal ``number`` (a reply on its timeline)."""
    _reader(request)
    number = request.POST.get("number", "")
    try:
        services_catalogue.resource_cite(actor=request.user, resource_id=resource_id, number=number)
    except (PermissionDeniedError, NotFoundError):
        raise
    except ApplicationError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The resource is cited in the answer."))
    return redirect("appeals:detail", number=number)


def appeal_section(request, appeal) -> str | None:
    """The catalogue's resources matching an appeal, for the district staff who see it (the office,
    the departments handling it), with a button citing one in the answer; nothing for enterprise users
    (core.registry.PageSection "appeal")."""
    user = request.user
    if scoping.role_of(user) not in scoping.DISTRICT_STAFF or not appeals_visible(user).filter(pk=appeal.pk).exists():
        return None
    results = catalogue.for_appeal(actor=user, appeal=appeal)
    can_cite = appeal.is_open and any(a.name == "reply" for a in allowed_actions(user, appeal))
    return render_to_string("alliance/_appeal_resources.html",
                            {"results": results, "appeal": appeal, "can_cite": can_cite}, request=request)
