"""Registry pages: the searchable enterprise list, an enterprise's page, and the import page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import Chain, ChainNode
from liandong.chains.selectors import enterprise_neighbours
from liandong.core import registry
from liandong.core.models import yuan_to_wan
from liandong.core.pagination import KeysFirstPaginator
from liandong.core.responses import xlsx_response
from liandong.core.uploads import upload_view
from liandong.enterprises import selectors, services
from liandong.enterprises.exports import MAX_ROWS as EXPORT_MAX_ROWS
from liandong.enterprises.exports import enterprise_workbook
from liandong.enterprises.imports.columns import KINDS, kind_label
from liandong.enterprises.imports.reader import SUPPORTED
from liandong.enterprises.imports.templates import template_xlsx
from liandong.enterprises.models import ImportJob, Park, QualificationType
from liandong.enterprises.selectors import can_edit_enterprise

PAGE_SIZE = 20


def _filters(params) -> selectors.EnterpriseFilters:
    above = params.get("above_scale")
    park = params.get("park")
    return selectors.EnterpriseFilters(
        q=params.get("q", "")[:100], products=params.get("products", "")[:100], chain=params.get("chain", ""), node=params.get("node", ""),
        park=int(park) if park and park.isdigit() else None, qualification=params.get("qualification", ""),
        above_scale={"1": True, "0": False}.get(above or ""),
        # the district's own enterprises unless asked otherwise, as the home page counts them (#13 item 18)
        local={"1": True, "0": False, "all": None}.get(params.get("local") or "1", True),
    )


@login_required
def enterprise_index(request):
    filters = _filters(request.GET)
    qs = selectors.enterprise_list(actor=request.user, filters=filters)
    page = KeysFirstPaginator(qs, PAGE_SIZE, load=selectors.enterprise_rows).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode(), "export_max": EXPORT_MAX_ROWS}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "enterprises/_results.html", context)
    nodes = (ChainNode.objects.filter(chain__code=filters.chain, level__gte=2).order_by("order")
             if filters.chain else ChainNode.objects.none())
    context.update({
        "chains": Chain.objects.all(), "nodes": nodes, "parks": Park.objects.all(),
        "qualification_types": QualificationType.objects.all(),
    })
    return render(request, "enterprises/index.html", context)


@login_required
def enterprise_export(request):
    """The filtered list as an Excel file (the first MAX_ROWS rows, in list order)."""
    qs = selectors.enterprise_list(actor=request.user, filters=_filters(request.GET))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(enterprise_workbook(qs), f"liandong-enterprises-{stamp}.xlsx")


@login_required
def enterprise_detail(request, uscc: str):
    enterprise = selectors.enterprise_get(actor=request.user, uscc=uscc)
    indicators = selectors.enterprise_indicators(actor=request.user, enterprise=enterprise)
    chart = {
        "periods": [i.period for i in indicators],
        "output": [yuan_to_wan(i.output_value) for i in indicators],
        "value_added": [yuan_to_wan(i.value_added) for i in indicators],
        "revenue": [yuan_to_wan(i.revenue) for i in indicators],
    }
    return render(request, "enterprises/detail.html", {
        "e": enterprise,
        "qualifications": selectors.qualifications_current(enterprise),
        "contacts": selectors.contacts_for(actor=request.user, enterprise=enterprise),
        "annual": list(enterprise.annual.all()[:3]),
        "series": [{"key": "output", "name": _("Gross output")}, {"key": "revenue", "name": _("Revenue")},
                   {"key": "value_added", "name": _("Value added")}],
        "chart": chart, "has_chart": bool(indicators),
        "can_edit": can_edit_enterprise(request.user, enterprise),
        "neighbours": enterprise_neighbours(actor=request.user, enterprise=enterprise),
        "sections": registry.render_sections("enterprise", request, enterprise),
    })


def _may_import(request) -> None:
    """Permission before the upload is read (#13 item 9): users who may not import get a 404."""
    if not scoping.can_import(request.user):
        raise Http404


@login_required
@upload_view(_may_import)
def import_page(request):
    if not scoping.reads_whole_district(request.user):  # review #13 item 14: no 导入 for enterprise users
        raise PermissionDenied(_("Data imports are for district staff."))
    allowed = scoping.can_import(request.user)
    error = ""
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        upload = request.FILES.get("file")
        if kind not in KINDS:
            error = _("Choose what the file holds.")
        elif upload is None:
            error = _("Choose a file.")
        elif not upload.name.lower().endswith(SUPPORTED):
            error = _("Upload a .xlsx or .csv file.")
        else:
            job = services.import_job_create(actor=request.user, kind=kind, filename=upload.name,
                                             content=upload.read(), dry_run=bool(request.POST.get("dry_run")),
                                             language=translation.get_language() or settings.LANGUAGE_CODE)
            return redirect("enterprises:import-job", job_id=job.id)
    jobs = list(ImportJob.objects.filter(user=request.user).defer("content")[:10]) if allowed else []
    for job in jobs:
        job.kind_label = kind_label(job.kind)
    return render(request, "enterprises/import.html", {
        "kinds": [(k, kind_label(k), KINDS[k]) for k in KINDS], "allowed": allowed, "jobs": jobs,
        "error": error,
    })


@login_required
def import_job_status(request, job_id: int):
    job = ImportJob.objects.filter(pk=job_id, user=request.user).defer("content").first()
    if job is None:
        raise Http404
    template = "enterprises/_job.html" if request.headers.get("HX-Request") else "enterprises/import_job.html"
    return render(request, template, {"job": job, "kind_label": kind_label(job.kind),
                                      "finished": job.status not in {ImportJob.Status.QUEUED, ImportJob.Status.RUNNING}})


@login_required
def import_template(request, kind: str):
    if kind not in KINDS:
        raise Http404
    return xlsx_response(template_xlsx(kind), f"liandong-{kind}.xlsx")
