"""Reads of funds. Awards: district staff read all; an enterprise user its own enterprise's; others
none (404). Program ledgers and duplicates are district views."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import EnterprisePosition
from liandong.core.errors import NotFoundError, PermissionDeniedError
from liandong.core.frames import as_float, query_frame
from liandong.core.models import yuan_to_wan
from liandong.engines import funds as engine
from liandong.engines.funds import financing as financing_engine
from liandong.engines.funds import guide as guide_engine
from liandong.enterprises.models import AnnualData, Qualification
from liandong.funds.models import (
    Award,
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
    investments = investments.with_columns(_fen("amount").alias("amount_fen")).drop("amount")
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
