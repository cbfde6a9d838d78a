"""Reads of funds. Awards: district staff read all; an enterprise user its own enterprise's; others
none (404). Program ledgers and duplicates are district views."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import Count, F, FloatField, QuerySet, Sum
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from liandong.accounts import scoping
from liandong.chains.models import Chain, EnterprisePosition
from liandong.core.errors import NotFoundError, PermissionDeniedError
from liandong.core.frames import query_frame
from liandong.core.models import wan_text
from liandong.engines import funds as engine
from liandong.enterprises.models import Enterprise
from liandong.funds.models import Award, AwardEvent, AwardStatus, Program, ProgramYear


def awards_visible(actor) -> QuerySet[Award]:
    role = scoping.role_of(actor)
    qs = Award.objects.all()
    if role in scoping.DISTRICT_STAFF:
        return qs
    if role == scoping.ENTERPRISE and actor.enterprise_id:
        return qs.filter(enterprise_id=actor.enterprise_id)
    return qs.none()


def may_see_awards_of(actor, enterprise) -> bool:
    """District staff open any enterprise's awards; an enterprise user its own enterprise's."""
    role = scoping.role_of(actor)
    return role in scoping.DISTRICT_STAFF or (role == scoping.ENTERPRISE and actor.enterprise_id == enterprise.pk)


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


def _fen_sum(**filters) -> Sum:
    """Σ amount in fen, summed by the database (exact: whole fen; no award read one by one)."""
    return Sum(Round(F("amount") * 100), output_field=FloatField(), **filters)


def _rows(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _in_year(year: int | None, column: str = "program_year_id") -> tuple[str, list[Any]]:
    if year is None:
        return "", []
    table = ProgramYear._meta.db_table
    return f" AND {column} IN (SELECT id FROM {table} WHERE year = %s)", [year]  # noqa: S608 (names from the model)


def ledger_frame(*, year: int | None = None) -> pl.DataFrame:
    """One row per program-year (``engine.ledger``). The awards arrive summed by program-year and status
    in fen, in SQL: a million awards cost one scan of the covering index ``award_ledger_idx``
    (bench/funds.py)."""
    years = ProgramYear.objects.order_by()
    if year is not None:
        years = years.filter(year=year)
    frame = query_frame(years.values_list("id", "program__code", "program__name", "year",
                                          Round(F("budget") * 100, output_field=FloatField())),
                        {"program_year": pl.Int64, "code": pl.String, "name": pl.String, "year": pl.Int64,
                         "budget_fen": pl.Float64}).with_columns(pl.col("budget_fen").cast(pl.Int64))
    where, params = _in_year(year)
    sums = _rows(f"SELECT program_year_id, status, CAST(SUM(ROUND(amount * 100)) AS BIGINT) "  # noqa: S608
                 f"FROM {Award._meta.db_table} WHERE 1 = 1{where} GROUP BY program_year_id, status", params)
    awards = pl.DataFrame(sums, schema={"program_year": pl.Int64, "status": pl.String, "amount_fen": pl.Int64},
                          orient="row")
    return engine.ledger(frame, awards)


def duplicate_rows(*, year: int | None = None) -> list[dict[str, Any]]:
    """重复申报 (``engine.duplicates``). The database first finds the enterprise-project pairs awarded
    more than once (a grouped scan of the enterprise-project index, which holds both columns); only
    their awards are read and judged by year, program and status."""
    award, py = Award._meta.db_table, ProgramYear._meta.db_table
    inner, inner_params = _in_year(year)
    outer, outer_params = _in_year(year, "a.program_year_id")
    sql = (f"SELECT e.uscc, a.project, y.year, p.code, a.status FROM "  # noqa: S608 (names from the models)
           f"(SELECT enterprise_id, project FROM {award} WHERE 1 = 1{inner} GROUP BY enterprise_id, project "
           f"HAVING COUNT(*) > 1) d "
           f"JOIN {award} a ON a.enterprise_id = d.enterprise_id AND a.project = d.project "
           f"JOIN {py} y ON y.id = a.program_year_id "
           f"JOIN {Program._meta.db_table} p ON p.id = y.program_id "
           f"JOIN {Enterprise._meta.db_table} e ON e.id = a.enterprise_id "
           f"WHERE a.status <> %s{outer}")
    rows = _rows(sql, [*inner_params, AwardStatus.REJECTED, *outer_params])
    frame = pl.DataFrame(rows, schema={"uscc": pl.String, "project": pl.String, "year": pl.Int64, "code": pl.String,
                                       "status": pl.String}, orient="row")
    return engine.duplicates(frame)


def duplicates_named(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The duplicates with the enterprise's and programs' names (the ledger page)."""
    names = dict(Enterprise.objects.filter(uscc__in={r["uscc"] for r in rows}).values_list("uscc", "name"))
    programs = dict(Program.objects.values_list("code", "name"))
    return [{**r, "name": names.get(r["uscc"], ""), "program_names": [programs.get(c, c) for c in r["programs"]]}
            for r in rows]


def summary(*, actor, year: int | None = None) -> dict[str, Any]:
    """docs/cli.md#funds-summary."""
    if not can_read_ledger(actor):
        raise PermissionDeniedError(_("Fund ledgers are for district staff."))
    return engine.summary(ledger_frame(year=year), duplicate_rows(year=year))


# --- the pages ------------------------------------------------------------------------------------
def years() -> list[int]:
    """The years with a budget, latest first (the pages' year filter)."""
    return list(ProgramYear.objects.order_by("-year").values_list("year", flat=True).distinct())


def ledger_page(*, actor, year: int | None = None) -> dict[str, Any]:
    """The ledger page: the summary (``summary``), the duplicates with names, the chart's data by year
    (budget, committed, disbursed in 万元) and the chain sentence (``chain_disbursed``)."""
    data = summary(actor=actor, year=year)
    by_year: dict[int, dict[str, float]] = {}
    for p in data["programs"]:
        row = by_year.setdefault(p["year"], {"budget": 0.0, "committed": 0.0, "disbursed": 0.0})
        row["budget"] += p["budget_wan"]
        row["committed"] += p["committed_wan"]
        row["disbursed"] += p["disbursed_wan"]
    periods = sorted(by_year)
    chart = {"periods": [str(y) for y in periods], "unit": _("10k yuan"),
             "series": [{"name": str(label), "values": [round(by_year[y][key], 2) for y in periods]}
                        for key, label in (("budget", _("Budget")), ("committed", _("Committed")),
                                           ("disbursed", pgettext("award status", "Disbursed")))]}
    return {**data, "duplicates": duplicates_named(duplicate_rows(year=year)), "chart": chart,
            "totals": {k: sum(p[f"{k}_wan"] for p in data["programs"])
                       for k in ("budget", "committed", "disbursed", "remaining")},
            "chain": chain_disbursed(year=year)}


SPECIAL_CHAIN = "equip"
"""The chain the office reports its special funds for (高端装备: 技术改造和智能制造资金)."""


def chain_disbursed(*, chain: str = SPECIAL_CHAIN, year: int | None = None) -> dict[str, Any] | None:
    """What the special funds (专项资金: 技术改造, 智能制造) disbursed in ``year`` (this year by default) to
    the enterprises on ``chain``: the report's sentence ("向高端装备产业链企业拨付技术改造和智能制造资金
    820余万元"), summed in SQL."""
    found = Chain.objects.filter(code=chain).first()
    if found is None:
        return None
    year = year or timezone.localdate().year
    programs = Program.objects.filter(kind=Program.Kind.SPECIAL).order_by("code")
    qs = Award.objects.order_by().filter(status=AwardStatus.DISBURSED, program_year__program__in=programs,
                                         program_year__year=year,
                                         enterprise_id__in=EnterprisePosition.objects.filter(chain=found)
                                         .values("enterprise_id"))
    totals = qs.aggregate(fen=_fen_sum(), n=Count("enterprise_id", distinct=True))
    fen = int(totals["fen"] or 0)
    names = [p.name for p in programs]
    return {"chain": found.name, "year": year, "programs": names, "enterprises": totals["n"],
            "disbursed_wan": engine.wan(fen),
            "sentence": _("In %(year)d, disbursed %(programs)s to %(n)d enterprises of the %(chain)s chain: "
                          "%(amount)s")
            % {"year": year, "programs": "、".join(names), "n": totals["n"], "chain": found.name,
               "amount": engine.about_wan(fen)}}


def awards_filtered(*, actor, year: int | None = None, program: str = "", status: str = "",
                    uscc: str = "") -> QuerySet[Award]:
    qs = awards_visible(actor).select_related("program_year__program", "enterprise")
    if year is not None:
        qs = qs.filter(program_year__year=year)
    if program:
        qs = qs.filter(program_year__program__code=program)
    if status:
        qs = qs.filter(status=status)
    if uscc:
        qs = qs.filter(enterprise__uscc=uscc)
    return qs


def award_get(*, actor, award_id: int) -> Award:
    award = awards_visible(actor).select_related("program_year__program", "enterprise").filter(pk=award_id).first()
    if award is None:
        raise NotFoundError(_("Award not found."), {"award": award_id})
    return award


def award_timeline(award: Award) -> QuerySet[AwardEvent]:
    return award.events.select_related("actor").order_by("on", "id")


def next_statuses(award: Award) -> list[tuple[str, str]]:
    """The statuses an award may move to (``engine.check_move``)."""
    out = []
    for value, label in AwardStatus.choices:
        try:
            engine.check_move(award.status, value)
        except engine.StatusError:
            continue
        out.append((value, label))
    return out


def publicity_rows(*, actor, program: str, year: int) -> tuple[Program, list[tuple]]:
    """The 公示 list of a program-year as the office publishes it: the awards 审核通过, 公示 or 已拨付,
    each (序号, 企业名称, 统一社会信用代码, 项目名称, 资金名称, 金额（万元）), the amount the exact Decimal 万元."""
    if not can_read_ledger(actor):
        raise PermissionDeniedError(_("Fund ledgers are for district staff."))
    found = Program.objects.filter(code=program).first()
    if found is None:
        raise NotFoundError(_("No such fund."), {"field": "program"})
    qs = (Award.objects.filter(program_year__program=found, program_year__year=year, status__in=list(engine.COMMITTED))
          .select_related("enterprise").order_by("enterprise__name", "project", "id"))
    return found, [(i, a.enterprise.name, a.enterprise.uscc, a.project, found.name, wan_decimal(a.amount))
                   for i, a in enumerate(qs, 1)]


def wan_decimal(amount: Decimal) -> Decimal:
    """Yuan → 万元 as an exact Decimal (a cell's value: no float on the way)."""
    return Decimal(wan_text(amount))
