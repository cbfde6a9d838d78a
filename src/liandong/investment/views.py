"""Investment pages: the pipeline board by stage, a project with its timeline and the forms that move
it, a new project, a chain's leads, the dashboard with its Excel export and the overdue list with the
office's stage limits. Reads through ``selectors``, writes through ``services``; enterprise users get
404 on every page (``selectors.projects_visible`` gives them nothing)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from liandong.core.forms import field_message, form_error
from liandong.core.models import wan_text
from liandong.core.responses import xlsx_response
from liandong.core.uploads import upload_view
from liandong.investment import selectors, services
from liandong.investment.exports import projects_workbook
from liandong.investment.models import Stage

LABELS = {
    "code": gettext_lazy("Project code"), "name": gettext_lazy("Project name"), "investor": gettext_lazy("Investor"),
    "chains": gettext_lazy("Chains"), "node": gettext_lazy("Chain node"), "stage": gettext_lazy("Stage"),
    "signed": gettext_lazy("Signing date"), "registered": gettext_lazy("Registration date"),
    "uscc": gettext_lazy("USCC of the landed enterprise"), "enterprise_name": gettext_lazy("Name of the landed enterprise"),
    "registered_capital": gettext_lazy("Registered capital (10k yuan)"),
    "planned_investment": gettext_lazy("Planned investment (10k yuan)"),
    "department": gettext_lazy("Responsible department"), "officer": gettext_lazy("Responsible officer"),
    "park": gettext_lazy("Park"),
    "platform": gettext_lazy("Major innovation platform"), "reason": gettext_lazy("Reason for termination"),
    "on": gettext_lazy("Date of the step"), "note": gettext_lazy("Note"), "days": gettext_lazy("Days allowed"),
    "kind": gettext_lazy("Lead type"), "source": gettext_lazy("Source"), "chain": gettext_lazy("Chain"),
}
"""The forms' labels by field (the templates' words): a refused form names its field (core.forms)."""
LEAD_LABELS = {**LABELS, "name": gettext_lazy("Company or investor"), "uscc": gettext_lazy("Unified social credit code")}

EDIT_FIELDS = ("name", "investor", "node", "signed", "registered", "uscc", "registered_capital",
               "planned_investment", "department", "officer", "park")
NEW_FIELDS = ("code", "stage", "on", *EDIT_FIELDS)
ADVANCE_DETAILS = ("signed", "registered", "uscc", "enterprise_name", "registered_capital")
"""What the advance form may add to a project on the way (an empty box leaves the project's value)."""


def _reader(request) -> None:
    if not selectors.can_read_projects(request.user):
        raise NotFoundError(_("Project not found."))


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


@login_required
def board(request):
    """The pipeline: one column per stage with its count; each card its investor, chains, planned
    investment and days in the stage (red once past the office's limit)."""
    _reader(request)
    chain, stage = request.GET.get("chain", ""), request.GET.get("stage", "")
    columns = selectors.board(actor=request.user, chain=chain, stage=stage)
    return render(request, "investment/board.html", {
        "columns": columns, "chain": chain, "stage": stage if len(columns) == 1 else "", "chains": selectors.lead_chains(), "limits": selectors.stage_limits(),
        "total": sum(c["count"] for c in columns), "can_write": selectors.can_write_projects(request.user)})


# --- a project ------------------------------------------------------------------------------------
def _edit_values(project) -> dict:
    """The edit form's boxes as the project stands (money as the exact 万元, so a round trip keeps it)."""
    return {
        "name": project.name, "investor": project.investor, "chains": [c.code for c in project.chains.all()],
        "node": project.node.code if project.node_id else "", "signed": project.signed or "",
        "registered": project.registered or "", "uscc": project.uscc,
        "registered_capital": wan_text(project.registered_capital),
        "planned_investment": wan_text(project.planned_investment),
        "department": project.department.name if project.department_id else "",
        "officer": project.officer.username if project.officer_id else "",
        "park": project.park.name if project.park_id else "", "platform": project.platform,
        "version": project.version,
    }


def _posted(post, fields) -> dict:
    values = {k: post.get(k, "") for k in fields}
    values["chains"] = post.getlist("chains")
    values["platform"] = post.get("platform") == "1"
    return values


def _project_page(request, project, *, status: int = 200, **extra):
    user = request.user
    context = {
        "project": project, "timeline": selectors.project_timeline(project), "documents": project.documents.all(),
        "can_advance": selectors.projects_advanceable(user).filter(pk=project.pk).exists(),
        "can_edit": selectors.projects_writable(user).filter(pk=project.pk).exists(),
        "next_stages": selectors.next_stages(project), "today": timezone.localdate(),
        "days_in_stage": (timezone.localdate() - project.stage_since).days if project.stage_since else None,
        "limit": selectors.stage_limits().get(project.stage),
        "a": {"stage": "", "on": timezone.localdate(), "signed": project.signed or "",
              "registered": project.registered or "", "uscc": project.uscc, "enterprise_name": "",
              "registered_capital": wan_text(project.registered_capital), "reason": "", "note": ""},
        "v": _edit_values(project),
    }
    if context["can_edit"]:
        context.update(selectors.form_choices())
    if project.stage == Stage.SIGNED:
        context["whatif"] = selectors.whatif(actor=user, project=project)
    context.update(extra)
    return render(request, "investment/project.html", context, status=status)


@login_required
def project_page(request, code: str):
    return _project_page(request, selectors.project_get(actor=request.user, code=code))


@login_required
@require_POST
def project_advance(request, code: str):
    """Move the project on (or 终止 with its reason): dated, by whom, in the timeline."""
    project = selectors.project_get(actor=request.user, code=code)
    post = request.POST
    details = {k: post[k] for k in ADVANCE_DETAILS if post.get(k, "").strip()}
    try:
        services.project_advance(actor=request.user, code=project.code, stage=post.get("stage", ""),
                                 on=post.get("on") or None, reason=post.get("reason", ""), note=post.get("note", ""),
                                 version=int(post["version"]) if post.get("version", "").isdigit() else None,
                                 **details)
    except ApplicationError as err:
        values = {k: post.get(k, "") for k in ("stage", "on", "reason", "note", *ADVANCE_DETAILS)}
        return _project_page(request, project, status=400, advance_error=field_message(err, LABELS), a=values)
    messages.success(request, _("The project has moved on."))
    return redirect("investment:project", code=project.code)


@login_required
@require_POST
def project_edit(request, code: str):
    """Change the project's details; a form posted back as it was changes nothing."""
    project = selectors.project_get(actor=request.user, code=code)
    values = _posted(request.POST, EDIT_FIELDS)
    version = request.POST.get("version", "")
    try:
        updated = services.project_update(actor=request.user, code=project.code,
                                          version=int(version) if version.isdigit() else None, **values)
    except ApplicationError as err:
        return _project_page(request, project, status=400, edit_error=field_message(err, LABELS),
                             v={**values, "version": version})
    if updated.version != project.version:
        messages.success(request, _("Saved."))
    return redirect("investment:project", code=project.code)


def _may_add_documents(request, code: str) -> None:
    """Checked before the upload is read (core.uploads.upload_view): 404 outside the reader's scope."""
    if not selectors.projects_visible(request.user).filter(code=code).exists():
        raise Http404


@login_required
@require_POST
@upload_view(_may_add_documents)
def documents_add(request, code: str):
    try:
        services.documents_add(actor=request.user, code=code, files=request.FILES.getlist("documents"))
    except NotFoundError:
        raise
    except ApplicationError as err:
        form_error(request, err, {**LABELS, "documents": gettext_lazy("Documents")})
    else:
        messages.success(request, _("Documents added."))
    return redirect("investment:project", code=code)


@login_required
def document(request, code: str, document_id: int):
    project = selectors.project_get(actor=request.user, code=code)
    found = project.documents.filter(pk=document_id).first()
    if found is None:
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type)


@login_required
def project_new(request):
    _reader(request)
    if not selectors.can_write_projects(request.user):
        raise PermissionDeniedError(_("You may not file investment projects."))
    today = timezone.localdate()
    context = {**selectors.form_choices(), "today": today}
    if request.method == "POST":
        values = _posted(request.POST, NEW_FIELDS)
        try:
            project = services.project_create(actor=request.user, **values)
        except ApplicationError as err:
            return render(request, "investment/new.html", {**context, "v": values,
                                                           "error": field_message(err, LABELS)}, status=400)
        messages.success(request, _("Project %(code)s is on record.") % {"code": project.code})
        return redirect("investment:project", code=project.code)
    values = {**dict.fromkeys(NEW_FIELDS, ""), "code": selectors.next_code(today), "stage": Stage.LEAD, "on": today,
              "chains": [], "platform": False}
    return render(request, "investment/new.html", {**context, "v": values})


# --- leads ----------------------------------------------------------------------------------------
@login_required
def leads(request):
    """A chain's leads: the three kinds the records suggest, with their reasons, and those kept on
    record (hand-entered ones with the form to add one)."""
    _reader(request)
    chains = selectors.lead_chains()
    chain = request.GET.get("chain") or (chains[0].code if chains else "")
    error, posted = "", {}
    if request.method == "POST":
        posted = {k: request.POST.get(k, "") for k in ("name", "uscc", "node", "source", "reason")}
        try:
            services.lead_create(actor=request.user, chain=chain, **posted)
        except ApplicationError as err:
            error = field_message(err, LEAD_LABELS)
        else:
            messages.success(request, _("The lead is on record."))
            return redirect(reverse("investment:leads") + f"?chain={chain}")
    data = selectors.leads_page(actor=request.user, chain=chain)
    return render(request, "investment/leads.html", {
        "data": data, "chains": chains, "chain": data["chain"]["code"], "error": error, "v": posted,
        "can_write": selectors.can_write_projects(request.user), "next_code": selectors.next_code(timezone.localdate()),
        "nodes": [n for c, nodes in selectors.form_choices()["node_groups"] if c.code == data["chain"]["code"]
                  for n in nodes],
        "sections": [("chain_gap", data["leads"], _("Anchor-led (以商招商): outside suppliers on weak links")),
                     ("master_supplier", data["master_suppliers"], _("Suppliers of the chain masters")),
                     ("jingjinji", data["jingjinji"], _("Beijing–Tianjin–Hebei transfer"))],
    }, status=400 if error else 200)


@login_required
@require_POST
def lead_adopt(request):
    """Turn a suggested lead into a project (stage 线索) in one step."""
    _reader(request)
    post = request.POST
    chain = post.get("chain", "")
    try:
        project = services.lead_adopt(actor=request.user, kind=post.get("kind", ""), chain=chain,
                                      node=post.get("node", ""), uscc=post.get("uscc", ""), name=post.get("name", ""),
                                      reason=post.get("reason", ""),
                                      code=post.get("code") or selectors.next_code(timezone.localdate()))
    except ApplicationError as err:
        form_error(request, err, LEAD_LABELS)
        return redirect(reverse("investment:leads") + f"?chain={chain}")
    messages.success(request, _("The lead became project %(code)s.") % {"code": project.code})
    return redirect("investment:project", code=project.code)


@login_required
@require_POST
def lead_convert(request, lead_id: int):
    _reader(request)
    lead = selectors.manual_leads(actor=request.user).filter(pk=lead_id).select_related("chain").first()
    if lead is None:
        raise NotFoundError(_("Lead not found."))
    try:
        project = services.lead_convert(actor=request.user, lead_id=lead.pk,
                                        code=request.POST.get("code") or selectors.next_code(timezone.localdate()))
    except ApplicationError as err:
        form_error(request, err, LABELS)
        return redirect(reverse("investment:leads") + (f"?chain={lead.chain.code}" if lead.chain_id else ""))
    messages.success(request, _("The lead became project %(code)s.") % {"code": project.code})
    return redirect("investment:project", code=project.code)


# --- dashboard ------------------------------------------------------------------------------------
def _window(request) -> tuple[dt.date | None, dt.date | None]:
    """The dashboard's window: ?since=&until= (dates), since the 1st of January by default."""
    today = timezone.localdate()
    since = _date(request.GET.get("since")) if "since" in request.GET else dt.date(today.year, 1, 1)
    until = _date(request.GET.get("until"))
    if since and until and since > until:
        since, until = until, since
    return since, until


def _months(counts: dict[str, int], since: dt.date | None, until: dt.date) -> list[str]:
    """Every month of the window (YYYY-MM), months without a landing included; from the first landing
    when the window has no start; at most ten years, the latest kept."""
    if not counts:
        return []
    first = f"{since:%Y-%m}" if since else min(counts)
    last = max(f"{until:%Y-%m}", max(counts))
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out[-120:]


@login_required
def dashboard(request):
    _reader(request)
    since, until = _window(request)
    d = selectors.dashboard(actor=request.user, since=since, until=until)
    stages = [(v, label) for v, label in Stage.choices if v != Stage.TERMINATED]
    funnel = {"names": [str(label) for _v, label in stages], "values": [d["funnel"][v] for v, _l in stages]}
    periods = _months(d["landed_by_month"], since, until or timezone.localdate())
    months = {"periods": periods, "values": [d["landed_by_month"].get(m, 0) for m in periods], "unit": _("projects")}
    conversions = [(_("Signed → registered (landing rate)"), d["conversion_pct"]["signed->registered"]),
                   (_("Registered → construction started"), d["conversion_pct"]["registered->started"]),
                   (_("Construction started → in production"), d["conversion_pct"]["started->producing"])]
    medians = [(label, d["median_days"][v]) for v, label in stages]
    return render(request, "investment/dashboard.html", {
        "d": d, "s": d["summary"], "sentence": selectors.summary_sentence(d["summary"]), "since": since,
        "until": until, "funnel": funnel, "months": months, "conversions": conversions, "medians": medians,
        "in_pipeline": sum(n for v, n in d["summary"]["by_stage"].items() if v != "终止"),
    })


@login_required
def export(request):
    """Every visible project as Excel (the import's columns, amounts in 万元)."""
    _reader(request)
    header, rows = selectors.export_rows(actor=request.user, stage=request.GET.get("stage", ""),
                                         chain=request.GET.get("chain", ""))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(projects_workbook(header, rows), f"liandong-projects-{stamp}.xlsx")


# --- follow-up ------------------------------------------------------------------------------------
@login_required
def overdue(request):
    _reader(request)
    limits = selectors.stage_limits()
    return render(request, "investment/overdue.html", {
        "rows": selectors.overdue_projects(actor=request.user),
        "limits": [(v, label, limits[v]) for v, label in Stage.choices if v in limits],
        "can_set": selectors.can_set_stage_limits(request.user)})


@login_required
@require_POST
def stage_limits(request):
    """The district administrator's stage limits; only a changed box is written."""
    _reader(request)
    current = selectors.stage_limits()
    try:
        for stage, days in current.items():
            text = request.POST.get(stage, "").strip()
            if text == "" or text == str(days):
                continue
            if not text.isdigit():
                raise ApplicationError(_("Enter whole days."), {"field": "days"})
            services.stage_limit_set(actor=request.user, stage=stage, days=int(text))
    except ApplicationError as err:
        form_error(request, err, LABELS)
    else:
        messages.success(request, _("Saved."))
    return redirect("investment:overdue")

