"""Policy pages: the screening overview, one policy (results by status, gaps, 免申即享 with export,
versions and confirmation), the tier ladder, one enterprise's policies and its declared facts, and the
custom policy form."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from liandong.accounts import scoping
from liandong.core.errors import ApplicationError
from liandong.core.forms import field_message, form_error
from liandong.core.responses import xlsx_response
from liandong.engines.eligibility import FIELDS
from liandong.enterprises.selectors import enterprise_get
from liandong.policies import screening, selectors, services, statuses
from liandong.policies.exports import no_application_workbook

PAGE_SIZE = 50


def _labels() -> dict[str, str]:
    """The policy forms' labels by field (the templates' words, the facts' names): a refused form
    names its field (core.forms)."""
    labels = {name: f.label for name, f in FIELDS.items()}
    labels.update({"name": pgettext("policy", "Name"), "code": pgettext("policy", "Code"),
                   "issuer": _("Issuing body"), "document": _("Document number"), "url": _("Document URL"),
                   "effective": _("Effective from"), "conditions": _("Conditions"),
                   "benefit_field": _("Based on"), "benefit_rate": _("Rate (e.g. 0.1)"), "benefit_cap": _("Cap (10k yuan)"),
                   "version": _("Version")})
    labels.update({f"value-{n}": _("Value of condition %(n)d") % {"n": n} for n in range(1, 21)})
    return labels


@login_required
def overview(request):
    if not scoping.reads_whole_district(request.user):
        if request.user.enterprise_id:
            return redirect("policies:enterprise", uscc=request.user.enterprise.uscc)
        raise PermissionDenied(_("District policy screenings are for district staff."))
    s = screening.screening(actor=request.user)
    summaries = screening.policy_summaries(s)
    chart = {"chains": [p["name"] for p in summaries],
             "series": [{"status": st, "color": statuses.COLORS[st], "values": [p[st] for p in summaries]}
                        for st in statuses.ORDER]}  # names, labels and colours of a status: policies/statuses.py
    return render(request, "policies/overview.html", {"s": s, "summaries": summaries, "chart": chart,
                                                      "chart_height": 70 + 46 * len(summaries),
                                                      "labels": statuses.labels(),
                                                      "can_write": services.can_write(request.user)})


def _district_screening(request, code: str) -> screening.Screening:
    """The district's screening for one policy: district staff only; an unknown code is 404."""
    if not scoping.reads_whole_district(request.user):
        raise PermissionDenied(_("District policy screenings are for district staff."))
    return screening.screening(actor=request.user, codes=[code])


@login_required
def policy_page(request, code: str):
    s = _district_screening(request, code)
    status = request.GET.get("status", "near")
    results = screening.ResultList(s, {status} if status in statuses.ORDER else None)  # rows and gaps for the page only
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    entry = s.packs[code]
    diff, old, new = None, request.GET.get("old"), request.GET.get("new")
    if old and new:
        try:
            diff = selectors.version_diff(actor=request.user, code=code, old=old, new=new)
        except ApplicationError as err:
            form_error(request, err, _labels())
    summary = next(p for p in screening.policy_summaries(s) if p["code"] == code)
    free = screening.no_application_frame(s, code)
    return render(request, "policies/policy.html", {
        "entry": entry, "summary": summary, "page": page, "status": status, "statuses": statuses.ORDER,
        "free": screening.no_application_rows(s, code, free.head(20)), "free_count": free.height,
        "versions": [v.version for v in entry.pack.versions], "diff": diff, "old": old, "new": new,
        "confirmations": selectors.confirmations(code), "can_confirm": services.can_confirm(request.user)})


@login_required
def no_application_export(request, code: str):
    s = _district_screening(request, code)
    rows = screening.no_application_rows(s, code, screening.no_application_frame(s, code))
    return xlsx_response(no_application_workbook(s.packs[code], rows), f"no-application-{code}.xlsx")


@login_required
@require_POST
def confirm(request, code: str):
    try:
        services.pack_confirm(actor=request.user, code=code, version=request.POST.get("version", ""),
                              note=request.POST.get("note", ""))
    except ApplicationError as err:
        form_error(request, err, _labels())
    else:
        messages.success(request, _("Confirmed."))
    return redirect("policies:policy", code=code)


@login_required
def ladder(request):
    if not scoping.reads_whole_district(request.user):
        raise PermissionDenied(_("District policy screenings are for district staff."))
    return render(request, "policies/ladder.html", {"ladder": selectors.tier_ladder(actor=request.user)})


@login_required
def enterprise_page(request, uscc: str):
    try:
        enterprise = enterprise_get(actor=request.user, uscc=uscc)
        policies = selectors.enterprise_policies(actor=request.user, enterprise=enterprise)
    except ApplicationError:  # not found, or outside the actor's scope
        raise Http404 from None
    declarable = {f.name for f in services.declarable_fields(request.user, enterprise)}
    for p in policies:  # what this user could declare, or every missing declaration for staff who read
        p["undeclared"] = [FIELDS[n].label for n in p["undeclared"] if not declarable or n in declarable]
    return render(request, "policies/enterprise.html", {"enterprise": enterprise, "policies": policies,
                                                        "can_declare": bool(declarable)})


@login_required
def declare(request, uscc: str):
    """自报信息: the facts the platform cannot hold (high-tech revenue share, R&D body level…) that an
    enterprise declares, or the chain office records for it; they count for statuses, not 免申即享."""
    enterprise = enterprise_get(actor=request.user, uscc=uscc)
    fields = services.declarable_fields(request.user, enterprise)
    if not fields:
        raise PermissionDenied(_("Only the enterprise itself and the chain office declare its facts."))
    error, status = None, 200
    if request.method == "POST":
        try:
            changed = services.facts_declare(
                actor=request.user, enterprise=enterprise, values={f.name: request.POST.get(f.name, "") for f in fields},
                evidence={f.name: request.POST.get(f"evidence-{f.name}", "") for f in fields})
        except ApplicationError as err:
            error, status = field_message(err, _labels()), 400
        else:
            messages.success(request, _("%(n)d facts saved; your policies are screened again.") % {"n": len(changed)}
                             if changed else _("Nothing changed."))
            return redirect("policies:enterprise", uscc=enterprise.uscc)
    current = selectors.current_declarations(enterprise)
    used = selectors.policies_using()
    rows = [{"field": f, "value": request.POST.get(f.name) if error else selectors.declared_text(f, current.get(f.name)),
             "evidence": request.POST.get(f"evidence-{f.name}") if error else getattr(current.get(f.name), "evidence", ""),
             "fact": current.get(f.name), "used_by": used.get(f.name, []), "limits": services.LIMITS.get(f.name)}
            for f in fields]
    return render(request, "policies/declare.html", {"enterprise": enterprise, "rows": rows, "error": error},
                  status=status)


@login_required
def custom_new(request):
    if not services.can_write(request.user):
        raise PermissionDenied(_("Policies are written by the chain office."))
    fields = sorted(((name, f.label) for name, f in FIELDS.items()), key=lambda x: x[1])
    context = {"fields": fields, "ops": services.OP_LABELS, "form": request.POST, "rows": range(6)}
    if request.method == "POST":
        conditions = [{"field": f, "op": o, "value": v} for f, o, v in zip(
            request.POST.getlist("field"), request.POST.getlist("op"), request.POST.getlist("value"), strict=False) if f]
        try:
            policy = services.custom_policy_create(
                actor=request.user, code=request.POST.get("code", ""), name=request.POST.get("name", ""),
                issuer=request.POST.get("issuer", ""), document=request.POST.get("document", ""),
                url=request.POST.get("url", ""), effective=request.POST.get("effective", ""),
                mode=request.POST.get("mode", "all"), conditions=conditions,
                benefit_field=request.POST.get("benefit_field", ""), benefit_rate=request.POST.get("benefit_rate"),
                benefit_cap=request.POST.get("benefit_cap"))
        except ApplicationError as err:
            return render(request, "policies/custom.html", {**context, "error": field_message(err, _labels()),
                                                            "extra": json.dumps(err.extra, ensure_ascii=False)},
                          status=400)
        messages.success(request, _("Policy saved; screening now includes it."))
        return redirect("policies:policy", code=policy.code)
    return render(request, "policies/custom.html", context)


