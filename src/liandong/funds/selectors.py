"""Reads of funds. Awards: district staff read all; an enterprise user its own enterprise's; others
none (404). Program ledgers and duplicates are district views."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl
from django.conf import settings
from django.db import connection
from django.db.models import Count, F, FloatField, QuerySet, Sum
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from liandong.accounts import scoping
from liandong.chains.models import Chain, EnterprisePosition
from liandong.core.errors import NotFoundError, PermissionDeniedError
from liandong.core.frames import as_float, query_frame, yuan_to_fen
from liandong.core.models import wan_text, yuan_to_wan
from liandong.engines import funds as engine
from liandong.engines.funds import financing as financing_engine
from liandong.engines.funds import guide as guide_engine
from liandong.enterprises.models import AnnualData, Enterprise, Qualification
from liandong.funds.models import (
    Award,
    AwardEvent,
    AwardStatus,
    FinancingMatch,
    FinancingNeed,
    FinancingProduct,
    FundInvestment,
    Program,
    ProgramYear,
    SubFund,
)


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


def duplicated_awards(awards: list[Award]) -> set[int]:
    """Which of ``awards`` are 重复申报: the same enterprise and project has another award (not 驳回)
    under a different program in the same year (flagged on every such award)."""
    if not awards:
        return set()
    keys = {(a.enterprise_id, a.project, a.program_year.year) for a in awards}
    others = (Award.objects.exclude(status=engine.REJECTED)
              .filter(enterprise_id__in={k[0] for k in keys}, project__in={k[1] for k in keys})
              .values_list("enterprise_id", "project", "program_year__year", "program_year__program_id"))
    programs: dict[tuple, set[int]] = {}
    for ent, project, year, program_id in others:
        programs.setdefault((ent, project, year), set()).add(program_id)
    return {a.pk for a in awards if a.status != engine.REJECTED
            and len(programs.get((a.enterprise_id, a.project, a.program_year.year), ())) > 1}


def summary(*, actor, year: int | None = None) -> dict[str, Any]:
    """docs/cli.md#funds-summary."""
    if not can_read_ledger(actor):
        raise PermissionDeniedError(_("Fund ledgers are for district staff."))
    return engine.summary(ledger_frame(year=year), duplicate_rows(year=year))


# --- the guide fund ---------------------------------------------------------------------------------
INNOVATIVE_QUALIFICATIONS = ("innovative-sme", "specialized-sme")
"""Qualifications that make an investment 投创新: 创新型中小企业 and 专精特新中小企业."""


def can_read_guide(actor) -> bool:
    return scoping.reads_whole_district(actor)


def sub_funds_visible(actor) -> QuerySet[SubFund]:
    if not can_read_guide(actor):
        return SubFund.objects.none()
    return SubFund.objects.select_related("program", "manager")


def investments_visible(actor) -> QuerySet[FundInvestment]:
    if not can_read_guide(actor):
        return FundInvestment.objects.none()
    return FundInvestment.objects.select_related("sub_fund", "enterprise")


def guide_shares(*, actor, program: str | None = None, early_years: int | None = None,
                 small_employees: int | None = None) -> dict[str, Any]:
    """投早、投小、投创新 as measured shares of the guide fund's investments (by count and by amount),
    total and per sub-fund; district staff only (404 for others)."""
    if not can_read_guide(actor):
        raise NotFoundError(_("Not found."))
    early_years = int(early_years or getattr(settings, "LIANDONG_INVEST_EARLY_YEARS", 5))
    small_employees = int(small_employees or getattr(settings, "LIANDONG_INVEST_SMALL_EMPLOYEES", 100))
    qs = FundInvestment.objects.order_by()
    if program:
        qs = qs.filter(sub_fund__program__code=program)
    investments = query_frame(qs.values_list("id", "sub_fund__name", "enterprise_id", "date", as_float("amount"),
                                             "enterprise__established", "enterprise__employees"),
                              {"id": pl.Int64, "sub_fund": pl.String, "enterprise": pl.Int64, "on": pl.Date,
                               "amount": pl.Float64, "established": pl.Date, "employees": pl.Int64})
    investments = investments.with_columns(yuan_to_fen("amount").alias("amount_fen")).drop("amount")
    enterprises = qs.values("enterprise_id")
    grants = query_frame(Qualification.objects.order_by().filter(type__code__in=INNOVATIVE_QUALIFICATIONS,
                                                                 enterprise_id__in=enterprises)
                         .values_list("enterprise_id", "granted", "expires"), guide_engine.GRANTS)
    headcounts = query_frame(AnnualData.objects.order_by().filter(enterprise_id__in=enterprises,
                                                                  employees__isnull=False)
                             .values_list("enterprise_id", "year", "employees"), guide_engine.HEADCOUNTS)
    flagged = guide_engine.flags(investments, grants=grants, headcounts=headcounts, early_years=early_years,
                                 small_employees=small_employees)
    result = guide_engine.shares(flagged)

    def wanify(m: dict[str, Any]) -> dict[str, Any]:
        out = {"count": m["count"], "amount_wan": engine.wan(m["amount_fen"])}
        for name in (*guide_engine.MEASURES, "any"):
            part = m[name]
            out[name] = {"label": part["label"], "count": part["count"], "amount_wan": engine.wan(part["amount_fen"]),
                         "share_count": part["share_count"], "share_amount": part["share_amount"]}
        return out

    return {"early_years": early_years, "small_employees": small_employees,
            "qualifications": list(INNOVATIVE_QUALIFICATIONS), "total": wanify(result["total"]),
            "sub_funds": {name: wanify(m) for name, m in result["sub_funds"].items()},
            "investments": {r["id"]: {k: r[k] for k in ("early", "small", "innovative")}
                            for r in flagged.iter_rows(named=True)}}


# --- financing matchmaking --------------------------------------------------------------------------
def financing_needs_visible(actor) -> QuerySet[FinancingNeed]:
    """District staff read every need; an enterprise user its own enterprise's; others none."""
    qs = FinancingNeed.objects.select_related("enterprise")
    role = scoping.role_of(actor)
    if role in scoping.DISTRICT_STAFF:
        return qs
    if role == scoping.ENTERPRISE and getattr(actor, "enterprise_id", None):
        return qs.filter(enterprise_id=actor.enterprise_id)
    return qs.none()


def financing_need_get(*, actor, need_id: int) -> FinancingNeed:
    need = financing_needs_visible(actor).filter(pk=need_id).first()
    if need is None:
        raise NotFoundError(_("Financing need not found."), {"id": need_id})
    return need


def financing_products_visible(actor) -> QuerySet[FinancingProduct]:
    """Open products are the market (everyone signed in); closed ones district staff only."""
    qs = FinancingProduct.objects.select_related("institution").prefetch_related("chains")
    role = scoping.role_of(actor)
    if role in scoping.DISTRICT_STAFF:
        return qs
    if role is None:
        return qs.none()
    return qs.filter(status=FinancingProduct.Status.OPEN)


def financing_product_get(*, actor, product_id: int) -> FinancingProduct:
    product = financing_products_visible(actor).filter(pk=product_id).first()
    if product is None:
        raise NotFoundError(_("Financing product not found."), {"id": product_id})
    return product


def can_write_products(actor) -> bool:
    """No institution role: district admins and department staff post products on an institution's behalf."""
    return scoping.role_of(actor) in {scoping.ADMIN, scoping.DEPARTMENT}


def financing_matches_visible(actor) -> QuerySet[FinancingMatch]:
    qs = FinancingMatch.objects.select_related("need__enterprise", "product__institution")
    role = scoping.role_of(actor)
    if role in scoping.DISTRICT_STAFF:
        return qs
    if role == scoping.ENTERPRISE and getattr(actor, "enterprise_id", None):
        return qs.filter(need__enterprise_id=actor.enterprise_id)
    return qs.none()


def financing_match_get(*, actor, match_id: int) -> FinancingMatch:
    match = financing_matches_visible(actor).filter(pk=match_id).first()
    if match is None:
        raise NotFoundError(_("Match not found."), {"id": match_id})
    return match


def _fen_of(value) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


def _enterprise_chains(enterprise_ids) -> dict[int, frozenset[str]]:
    out: dict[int, set[str]] = {}
    for e, chain in EnterprisePosition.objects.filter(enterprise_id__in=enterprise_ids).values_list(
            "enterprise_id", "chain__name").distinct():
        out.setdefault(e, set()).add(chain)
    return {e: frozenset(c) for e, c in out.items()}


def need_case(need: FinancingNeed, chains: frozenset[str] | None = None) -> financing_engine.NeedCase:
    if chains is None:
        chains = _enterprise_chains([need.enterprise_id]).get(need.enterprise_id, frozenset())
    return financing_engine.NeedCase(id=need.pk, amount_fen=_fen_of(need.amount), kind=need.kind,
                                     collateral=need.collateral, stage=need.stage, chains=chains,
                                     enterprise=need.enterprise.name)


def _signed_counts(product_ids=None) -> dict[int, int]:
    qs = FinancingMatch.objects.filter(status=FinancingMatch.Status.SIGNED)
    if product_ids is not None:
        qs = qs.filter(product_id__in=product_ids)
    return dict(qs.order_by().values_list("product_id").annotate(n=Count("id")).values_list("product_id", "n"))


def product_case(product: FinancingProduct, signed: int = 0) -> financing_engine.ProductCase:
    return financing_engine.ProductCase(
        id=product.pk, kind=product.kind, min_fen=_fen_of(product.min_amount), max_fen=_fen_of(product.max_amount),
        collateral_required=product.collateral_required, stages=frozenset(product.stages or ()),
        chains=frozenset(c.name for c in product.chains.all()), signed=signed,
        name=f"{product.institution.name} · {product.name}")


def financing_products_for(*, actor, need: FinancingNeed, top: int = 10) -> list[financing_engine.Ranked]:
    """Open products that suit a need, best first with reasons; its enterprise and district staff."""
    if not financing_needs_visible(actor).filter(pk=need.pk).exists():
        raise NotFoundError(_("Financing need not found."))
    products = list(FinancingProduct.objects.filter(status=FinancingProduct.Status.OPEN)
                    .select_related("institution").prefetch_related("chains"))
    signed = _signed_counts([p.pk for p in products])
    return financing_engine.rank_products(need_case(need), [product_case(p, signed.get(p.pk, 0)) for p in products],
                                          top=top)


def financing_needs_for(*, actor, product: FinancingProduct, top: int = 10) -> list[financing_engine.Ranked]:
    """Open needs a product suits, best first with reasons; district staff only (404 otherwise)."""
    if not scoping.reads_whole_district(actor):
        raise NotFoundError(_("Financing product not found."))
    needs = list(FinancingNeed.objects.filter(status=FinancingNeed.Status.OPEN).select_related("enterprise"))
    chains = _enterprise_chains({n.enterprise_id for n in needs})
    case = product_case(product, _signed_counts([product.pk]).get(product.pk, 0))
    return financing_engine.rank_needs(case, [need_case(n, chains.get(n.enterprise_id, frozenset())) for n in needs],
                                       top=top)


def financing_funnel(*, actor) -> dict[str, Any]:
    """Matches by status and the signed sum (万元) over what the actor may see."""
    qs = financing_matches_visible(actor).order_by()
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    signed = qs.filter(status=FinancingMatch.Status.SIGNED).aggregate(total=Sum("amount"))["total"]
    return {"by_status": {s: by_status.get(s, 0) for s in FinancingMatch.Status.values},
            "signed_wan": yuan_to_wan(signed) or 0.0}
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
