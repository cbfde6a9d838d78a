"""Funds pages for capital (issue #16): the guide fund's portfolio (``/funds/guide/``) and the
financing market (``/funds/financing/``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.accounts import scoping
from liandong.core.errors import ApplicationError
from liandong.funds import selectors, services
from liandong.funds.models import EnterpriseStage, FinancingKind, FinancingMatch


@login_required
def guide(request):
    """Sub-funds with committed and paid-in capital, their investments, 投早、投小、投创新 shares (district staff)."""
    if not selectors.can_read_guide(request.user):
        raise Http404
    shares = selectors.guide_shares(actor=request.user)
    investments = list(selectors.investments_visible(request.user)[:300])
    for inv in investments:
        inv.flags = shares["investments"].get(inv.pk, {})
    return render(request, "funds/guide.html", {"shares": shares, "sub_funds": selectors.sub_funds_visible(request.user),
                                                "investments": investments})


@login_required
def financing(request):
    """Needs (an enterprise its own), open products, suggestions for a chosen need, matches."""
    user = request.user
    needs = list(selectors.financing_needs_visible(user).filter(status="open")[:200])
    chosen, suggestions = None, []
    if request.GET.get("need"):
        try:
            chosen = selectors.financing_need_get(actor=user, need_id=int(request.GET["need"]))
        except (ValueError, ApplicationError) as err:
            raise Http404 from err
        suggestions = selectors.financing_products_for(actor=user, need=chosen, top=10)
    return render(request, "funds/financing.html", {
        "needs": needs, "chosen": chosen, "suggestions": suggestions,
        "products": selectors.financing_products_visible(user).filter(status="open")[:200],
        "matches": selectors.financing_matches_visible(user)[:200], "funnel": selectors.financing_funnel(actor=user),
        "stages": EnterpriseStage.choices, "kinds": FinancingKind.choices,
        "is_office": scoping.is_office(user), "can_post": scoping.is_office(user) or bool(user.enterprise_id),
        "next_statuses": [s for s in FinancingMatch.Status.choices if s[0] != "introduced"]})


@login_required
@require_POST
def financing_post(request):
    """One form action on the market: post a need, introduce a product, move a match on."""
    user, data, action = request.user, request.POST, request.POST.get("action", "")
    need_id = data.get("need") or None
    try:
        if action == "need":
            need = services.financing_need_create(actor=user, amount=data.get("amount_wan"),
                                                  purpose=data.get("purpose", ""), kind=data.get("kind", "debt"),
                                                  stage=data.get("stage", ""), collateral=data.get("collateral") == "on",
                                                  enterprise=data.get("enterprise") or None)
            need_id = need.pk
            messages.success(request, _("Financing need posted."))
        elif action == "introduce":
            need = selectors.financing_need_get(actor=user, need_id=int(data["need"]))
            product = selectors.financing_product_get(actor=user, product_id=int(data["product"]))
            services.financing_introduce(actor=user, need=need, product=product)
            messages.success(request, _("Introduced."))
        elif action == "advance":
            match = selectors.financing_match_get(actor=user, match_id=int(data["match"]))
            services.financing_advance(actor=user, match=match, status=data.get("status", ""),
                                       amount_wan=data.get("amount_wan") or None, reason=data.get("reason", ""))
            need_id = None
            messages.success(request, _("Match updated."))
        else:
            raise Http404
    except (KeyError, ValueError) as err:
        raise Http404 from err
    except ApplicationError as err:
        if err.status == 404:
            raise Http404 from err
        messages.error(request, err.message)
    url = reverse("funds:financing")
    return redirect(f"{url}?need={need_id}" if need_id else url)
