"""Matchmaking pages: the market of open needs and offers with the posting form, a need with its
suggestions and introductions, an enterprise's possible suppliers and customers, the funnel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liandong.accounts import scoping
from liandong.core.errors import ApplicationError
from liandong.core.forms import form_error
from liandong.enterprises.selectors import enterprise_get
from liandong.matchmaking import selectors, services
from liandong.matchmaking.models import Match, Need

NEED_FIELDS = ("kind", "title", "text", "spec", "quantity", "timeframe", "budget_band", "certifications", "node",
               "enterprise")
LABELS = {"kind": gettext_lazy("Posting type"), "enterprise": gettext_lazy("Enterprise"),
          "title": gettext_lazy("Product"), "text": gettext_lazy("Description"),
          "spec": gettext_lazy("Specification"), "quantity": gettext_lazy("Quantity / capacity"),
          "timeframe": gettext_lazy("Timeframe"), "budget_band": gettext_lazy("Budget band"),
          "node": gettext_lazy("Chain node"), "supplier": gettext_lazy("Supplier"),
          "amount": gettext_lazy("Signed (10k yuan)"), "status": gettext_lazy("Status")}
"""The forms' labels by field (the templates' words): a refused form names its field (core.forms)."""


@login_required
def market(request):
    kind = request.GET.get("kind", "")
    qs = selectors.needs_visible(request.user).filter(status=Need.Status.OPEN)
    if kind in Need.Kind.values:
        qs = qs.filter(kind=kind)
    if request.method == "POST":
        data = {k: request.POST.get(k) for k in NEED_FIELDS if request.POST.get(k)}
        try:
            need = services.need_create(actor=request.user, **data)
        except ApplicationError as err:
            form_error(request, err, LABELS)
            return redirect("matchmaking:market")
        messages.success(request, _("Posted."))
        return redirect("matchmaking:need", need_id=need.pk)
    can_post = scoping.is_office(request.user) or bool(request.user.enterprise_id)
    return render(request, "matchmaking/market.html", {
        "needs": qs[:200], "kind": kind, "kinds": Need.Kind.choices, "can_post": can_post,
        "office": scoping.is_office(request.user)})


@login_required
def need_page(request, need_id: int):
    need = selectors.need_get(actor=request.user, need_id=need_id)
    context = {"need": need, "office": scoping.is_office(request.user),
               "matches": selectors.matches_visible(request.user).filter(need=need),
               "statuses": Match.Status.choices, "nodes": []}
    if selectors.can_see_suggestions(request.user, need):
        context["suggestions"] = selectors.suggestions(actor=request.user, need=need)
        context["nodes"] = selectors.suggest_nodes(need.search_text) if not need.node_id else []
        context["introduced"] = set(need.matches.exclude(status=Match.Status.SUGGESTED)
                                    .values_list("supplier__uscc", flat=True))
    return render(request, "matchmaking/need.html", context)


@login_required
@require_POST
def confirm_node(request, need_id: int):
    need = selectors.need_get(actor=request.user, need_id=need_id)
    try:
        services.need_confirm_node(actor=request.user, need=need, node=request.POST.get("node", ""))
    except ApplicationError as err:
        form_error(request, err, LABELS)
    return redirect("matchmaking:need", need_id=need.pk)


@login_required
@require_POST
def introduce(request, need_id: int):
    need = selectors.need_get(actor=request.user, need_id=need_id)
    try:
        services.match_introduce(actor=request.user, need=need, supplier=request.POST.get("supplier", ""),
                                 score=float(request.POST.get("score") or 0) or None,
                                 reasons=request.POST.getlist("reasons"))
    except ApplicationError as err:
        form_error(request, err, LABELS)
    else:
        messages.success(request, _("Introduced; both enterprises have been told."))
    return redirect("matchmaking:need", need_id=need.pk)


@login_required
@require_POST
def advance(request, match_id: int):
    match = selectors.matches_visible(request.user).filter(pk=match_id).first()
    if match is None:
        raise Http404
    try:
        services.match_advance(actor=request.user, match=match, status=request.POST.get("status", ""),
                               amount_wan=request.POST.get("amount"), reason=request.POST.get("reason", ""))
    except ApplicationError as err:
        form_error(request, err, LABELS)
    return redirect("matchmaking:need", need_id=match.need_id)


@login_required
def enterprise_page(request, uscc: str):
    enterprise = enterprise_get(actor=request.user, uscc=uscc)
    return render(request, "matchmaking/enterprise.html", {
        "enterprise": enterprise, "market": selectors.enterprise_market(actor=request.user, enterprise=enterprise)})


@login_required
def funnel_page(request):
    data = selectors.funnel(actor=request.user)
    chains = {"names": list(data["by_chain"]), "values": [round(v, 1) for v in data["by_chain"].values()]}
    months = {"periods": list(data["by_month"]), "unit": "万元", "signed": [round(v, 1) for v in data["by_month"].values()]}
    # a match's status 已撮合 (introduced) means, in the funnel, introduced and not yet contacted; the
    # first tile counts every introduction whatever its stage now (累计撮合)
    labels = {Match.Status.INTRODUCED: _("Awaiting first contact")}
    stages = [(labels.get(stage, Match.Status(stage).label), n) for stage, n in data["stages"].items()]
    return render(request, "matchmaking/funnel.html", {"f": data, "chains": chains, "months": months, "stages": stages,
                                                       "series": [{"key": "signed", "name": _("Signed (10k yuan)")}]})
