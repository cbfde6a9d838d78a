"""Funds pages (issue #16): the program ledger with its chart, duplicates and the 免申即享 batch; the
awards list with filters and status moves; an award with its timeline; an enterprise's awards; a new
award; the 公示 list as Excel. Reads through ``selectors``, writes through ``services``; an enterprise
user sees its own awards only (the ledger shows it those)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from liandong.core.forms import field_message, form_error
from liandong.core.responses import xlsx_response
from liandong.enterprises.models import Enterprise
from liandong.funds import selectors, services
from liandong.funds.exports import publicity_workbook
from liandong.funds.models import AwardStatus, Program
from liandong.policies.packs import all_packs

LABELS = {
    "program": gettext_lazy("Fund"), "year": gettext_lazy("Year"), "uscc": gettext_lazy("Unified social credit code"),
    "project": gettext_lazy("Project name"), "amount": gettext_lazy("Amount (10k yuan)"),
    "status": gettext_lazy("Status"), "policy": gettext_lazy("Policy"), "on": gettext_lazy("Date"),
    "note": gettext_lazy("Note"),
}
"""The forms' labels by field (the templates' words): a refused form names its field (core.forms)."""
PAGE_SIZE = 50


def _year(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


def _writable(user) -> list[Program]:
    return list(selectors.programs_writable(user).order_by("code"))


@login_required
def ledger(request):
    """District staff: every program-year (budget, committed, disbursed, remaining), the chart by year,
    the duplicates, the chain sentence and, for writers, the 免申即享 batch. Others: their awards."""
    if not selectors.can_read_ledger(request.user):
        return redirect("funds:awards")
    year = _year(request.GET.get("year"))
    data = selectors.ledger_page(actor=request.user, year=year)
    writable = _writable(request.user)
    return render(request, "funds/ledger.html", {
        "data": data, "year": year, "years": selectors.years(), "programs": writable,
        "packs": sorted(((code, pack.name) for code, pack in all_packs().items()), key=lambda p: p[1]),
        "batch_year": year or timezone.localdate().year, "b": {}})


@login_required
@require_POST
def batch(request):
    """The 免申即享 batch: one 申报 award per enterprise on the policy's no-application list."""
    post = request.POST
    year = _year(post.get("year"))
    try:
        if year is None:
            raise ApplicationError(_("Enter a year."), {"field": "year"})
        result = services.awards_from_no_application(
            actor=request.user, program=post.get("program", ""), year=year, policy_code=post.get("policy", ""),
            amount_each_wan=post.get("amount", "").strip() or None)
    except PermissionDeniedError:
        raise
    except ApplicationError as err:
        form_error(request, err, LABELS)
    else:
        messages.success(request, _("%(created)d awards applied for (%(skipped)d already on record), "
                                    "%(total)s 万元 in all.")
                         % {"created": result["created"], "skipped": result["skipped"],
                            "total": f"{result['total_wan']:,.2f}"})
    return redirect(reverse("funds:ledger") + (f"?year={year}" if year else ""))


def _awards_page(request, *, uscc: str = "", enterprise=None):
    user = request.user
    year, program, status = _year(request.GET.get("year")), request.GET.get("program", ""), request.GET.get("status", "")
    if status not in AwardStatus.values:
        status = ""
    qs = selectors.awards_filtered(actor=user, year=year, program=program, status=status, uscc=uscc)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    writable = {p.pk for p in _writable(user)}
    duplicated = selectors.duplicated_awards([a for a in page.object_list])
    rows = [{"a": a, "duplicate": a.pk in duplicated,
             "moves": selectors.next_statuses(a) if a.program_year.program_id in writable else []}
            for a in page]
    query = urlencode({k: v for k, v in (("year", year or ""), ("program", program), ("status", status)) if v})
    return render(request, "funds/awards.html", {
        "page": page, "rows": rows, "year": year, "program": program, "status": status, "query": query,
        "years": selectors.years(), "programs": Program.objects.order_by("code"), "statuses": AwardStatus.choices,
        "enterprise": enterprise, "can_write": bool(writable), "today": timezone.localdate(),
        "ledger": selectors.can_read_ledger(user)})


@login_required
def awards(request):
    """Awards with filters by year, program and status; writers move them on from the list."""
    return _awards_page(request)


@login_required
def enterprise_awards(request, uscc: str):
    """One enterprise's awards: district staff open any enterprise; an enterprise user its own."""
    enterprise = Enterprise.objects.filter(uscc=uscc.upper()).first()
    if enterprise is None or not selectors.may_see_awards_of(request.user, enterprise):
        raise NotFoundError(_("Enterprise not found."))
    return _awards_page(request, uscc=enterprise.uscc, enterprise=enterprise)


def _award_page(request, award, *, status: int = 200, **extra):
    writable = selectors.programs_writable(request.user).filter(pk=award.program_year.program_id).exists()
    context = {"award": award, "timeline": selectors.award_timeline(award),
               "moves": selectors.next_statuses(award) if writable else [], "today": timezone.localdate(),
               "m": {"status": "", "on": timezone.localdate(), "note": ""}, **extra}
    return render(request, "funds/award.html", context, status=status)


@login_required
def award(request, award_id: int):
    return _award_page(request, selectors.award_get(actor=request.user, award_id=award_id))


@login_required
@require_POST
def award_move(request, award_id: int):
    """Move an award on (or 驳回); entering 审核通过 checks the budget. From the award page, or from the
    list (``next`` brings the officer back to it)."""
    found = selectors.award_get(actor=request.user, award_id=award_id)
    post = request.POST
    version = post.get("version", "")
    back = post.get("next", "")
    try:
        services.award_move(actor=request.user, award_id=found.pk, status=post.get("status", ""),
                            on=post.get("on") or None, note=post.get("note", ""),
                            version=int(version) if version.isdigit() else None)
    except (PermissionDeniedError, NotFoundError):
        raise
    except ApplicationError as err:
        if back.startswith("/funds/"):
            form_error(request, err, LABELS)
            return redirect(back)
        values = {k: post.get(k, "") for k in ("status", "on", "note")}
        return _award_page(request, found, status=400, move_error=field_message(err, LABELS), m=values)
    messages.success(request, _("The award has moved on."))
    return redirect(back if back.startswith("/funds/") else reverse("funds:award", args=[found.pk]))


NEW_FIELDS = ("program", "year", "uscc", "project", "amount", "policy", "status", "on")


@login_required
def award_new(request):
    programs = _writable(request.user)
    if not programs:
        raise PermissionDeniedError(_("You may not award from any fund."))
    today = timezone.localdate()
    context = {"programs": programs, "years": selectors.years() or [today.year],
               "statuses": [c for c in AwardStatus.choices if c[0] != AwardStatus.REJECTED]}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in NEW_FIELDS}
        try:
            year = _year(values["year"])
            if year is None:
                raise ApplicationError(_("Enter a year."), {"field": "year"})
            created = services.award_create(actor=request.user, program=values["program"], year=year,
                                            uscc=values["uscc"], project=values["project"], amount=values["amount"],
                                            policy=values["policy"], status=values["status"] or AwardStatus.APPLIED,
                                            on=_date(values["on"]))
        except PermissionDeniedError:
            raise
        except ApplicationError as err:
            return render(request, "funds/new.html", {**context, "v": values, "error": field_message(err, LABELS)},
                          status=400)
        messages.success(request, _("The award is on record."))
        return redirect("funds:award", award_id=created.pk)
    values = {**dict.fromkeys(NEW_FIELDS, ""), "year": str(today.year), "status": AwardStatus.APPLIED,
              "on": today.isoformat(), "uscc": request.GET.get("uscc", "")}
    return render(request, "funds/new.html", {**context, "v": values})


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


@login_required
def publicity(request):
    """The 公示 list of a program-year as Excel (?program=&year=)."""
    year = _year(request.GET.get("year"))
    if year is None:
        raise NotFoundError(_("Choose a fund and a year."))
    program, rows = selectors.publicity_rows(actor=request.user, program=request.GET.get("program", ""), year=year)
    return xlsx_response(publicity_workbook(program.name, year, rows), f"publicity-{program.code}-{year}.xlsx")
