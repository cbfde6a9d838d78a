"""Funds pages (issue #16): the program ledger."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from liandong.funds import selectors


@login_required
def ledger(request):
    """Every program-year: budget, committed, disbursed, remaining (district staff; others their awards)."""
    data = selectors.summary(actor=request.user) if selectors.can_read_ledger(request.user) else None
    awards = selectors.awards_visible(request.user).select_related("program_year__program", "enterprise")[:200]
    return render(request, "funds/ledger.html", {"data": data, "awards": awards})
