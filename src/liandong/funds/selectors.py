"""Reads of funds. Awards: district staff read all; an enterprise user its own enterprise's; others
none (404). Program ledgers and duplicates are district views."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.core.errors import PermissionDeniedError
from liandong.core.frames import query_frame
from liandong.engines import funds as engine
from liandong.funds.models import Award, Program, ProgramYear


def awards_visible(actor) -> QuerySet[Award]:
    role = scoping.role_of(actor)
    qs = Award.objects.all()
    if role in scoping.DISTRICT_STAFF:
        return qs
    if role == scoping.ENTERPRISE and actor.enterprise_id:
        return qs.filter(enterprise_id=actor.enterprise_id)
    return qs.none()


def programs_writable(actor) -> QuerySet[Program]:
    """District admins write every program; department staff the programs of their department."""
    role = scoping.role_of(actor)
    if role == scoping.ADMIN:
        return Program.objects.all()
    if role == scoping.DEPARTMENT and actor.organization_id:
        return Program.objects.filter(department_id=actor.organization_id)
    return Program.objects.none()


def can_read_ledger(actor) -> bool:
    return scoping.reads_whole_district(actor)


def _fen(column: str) -> pl.Expr:
    return (pl.col(column) * 100).round(0).cast(pl.Int64)


def ledger_frame(*, year: int | None = None) -> pl.DataFrame:
    years = ProgramYear.objects.order_by()
    if year is not None:
        years = years.filter(year=year)
    frame = query_frame(years.values_list("id", "program__code", "program__name", "year", "budget"),
                        {"program_year": pl.Int64, "code": pl.String, "name": pl.String, "year": pl.Int64,
                         "budget": pl.Float64}).with_columns(_fen("budget").alias("budget_fen")).drop("budget")
    awards = query_frame(Award.objects.filter(program_year__in=years.values("id")).order_by()
                         .values_list("program_year_id", "status", "amount"),
                         {"program_year": pl.Int64, "status": pl.String, "amount": pl.Float64}
                         ).with_columns(_fen("amount").alias("amount_fen")).drop("amount")
    return engine.ledger(frame, awards)


def duplicate_rows(*, year: int | None = None) -> list[dict[str, Any]]:
    qs = Award.objects.order_by()
    if year is not None:
        qs = qs.filter(program_year__year=year)
    frame = query_frame(qs.values_list("enterprise__uscc", "project", "program_year__year", "program_year__program__code",
                                       "status"),
                        {"uscc": pl.String, "project": pl.String, "year": pl.Int64, "code": pl.String,
                         "status": pl.String})
    return engine.duplicates(frame)


def summary(*, actor, year: int | None = None) -> dict[str, Any]:
    """docs/cli.md#funds-summary."""
    if not can_read_ledger(actor):
        raise PermissionDeniedError(_("Fund ledgers are for district staff."))
    return engine.summary(ledger_frame(year=year), duplicate_rows(year=year))
