"""Investment pages: the pipeline board by stage."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from liandong.core.errors import NotFoundError
from liandong.investment import selectors
from liandong.investment.models import Stage


@login_required
def board(request):
    """The pipeline: every visible project in a column of its stage."""
    if not selectors.can_read_projects(request.user):
        raise NotFoundError("Not found.")
    projects = list(selectors.project_list(actor=request.user, chain=request.GET.get("chain", ""))[:2000])
    columns = [{"stage": value, "label": label, "projects": [p for p in projects if p.stage == value]}
               for value, label in Stage.choices]
    return render(request, "investment/board.html", {"columns": columns})
