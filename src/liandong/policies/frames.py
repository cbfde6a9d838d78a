"""The raw facts of every enterprise for the eligibility engine (``engines/eligibility.fields.RAW``),
read in bulk: the registry, the latest annual report before the screening date and the two years
before it (amounts in 万元), qualifications and honours in force, chain positions, and the latest
fact each enterprise declared by the screening date."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db.models import QuerySet

from liandong.chains.models import EnterprisePosition
from liandong.core.frames import as_float, query_frame
from liandong.engines.eligibility import DECLARED, QUALIFICATIONS, RAW
from liandong.enterprises.models import AnnualData, Enterprise, Qualification
from liandong.policies.models import DeclaredFact

WAN = 10_000.0
MONEY = ("revenue", "main_revenue", "rd_expense", "net_profit", "total_assets", "total_liabilities",
         "equity_financing")
COUNTS = ("employees", "rd_staff", "ip_class1", "ip_class2", "years_in_niche")
HONOURS = {"award_3y": ("sci-award", 3), "rd_institution": ("rd-institution", None),
           "tech_honour": ("tech-honour", None), "maker_top500_3y": ("maker-top500", 3)}
"""Fact → (qualification type, granted within N years or None for "in force")."""


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def raw_frame(as_of: dt.date, enterprises: QuerySet[Enterprise] | None = None) -> pl.DataFrame:
    scope = enterprises if enterprises is not None else Enterprise.objects.all()
    ids = scope.values("id")
    registry = query_frame(scope.order_by().values_list("id", "uscc", "established", "above_scale", "employees"),
                      {"enterprise": pl.Int64, "uscc": pl.String, "established": pl.Date, "above_scale": pl.Boolean,
                       "employees": pl.Int64})
    chained = query_frame(EnterprisePosition.objects.filter(enterprise_id__in=ids).order_by()
                     .values_list("enterprise_id").distinct(), {"enterprise": pl.Int64})
    registry = registry.with_columns(pl.col("enterprise").is_in(chained["enterprise"].implode()).alias("on_chain"))

    annual_qs = (AnnualData.objects.filter(enterprise_id__in=ids, year__lte=as_of.year - 1).order_by()
                 .values_list("enterprise_id", "year", *(as_float(f) for f in MONEY), *COUNTS))
    annual = query_frame(annual_qs, {"enterprise": pl.Int64, "year": pl.Int64, **{f: pl.Float64 for f in MONEY},
                                **{f: pl.Float64 for f in COUNTS}})
    annual = annual.with_columns([pl.col(f) / WAN for f in MONEY])
    latest = annual.group_by("enterprise").agg(pl.col("year").max().alias("y_year"))
    frame = registry.join(latest, on="enterprise", how="left")
    for prefix, back in (("y", 0), ("p", 1), ("pp", 2)):
        part = annual.rename({f: f"{prefix}_{f}" for f in (*MONEY, *COUNTS)}).rename({"year": f"{prefix}_at"})
        frame = (frame.with_columns((pl.col("y_year") - back).alias(f"{prefix}_at"))
                 .join(part, on=["enterprise", f"{prefix}_at"], how="left").drop(f"{prefix}_at"))
    frame = frame.drop("y_year")

    grants = query_frame(Qualification.objects.filter(enterprise_id__in=ids).current(as_of).order_by()
                    .values_list("enterprise_id", "type__code", "granted"),
                    {"enterprise": pl.Int64, "type": pl.String, "granted": pl.Date})
    held = grants.group_by("enterprise").agg(pl.col("type"))
    frame = frame.join(held, on="enterprise", how="left").with_columns(pl.col("type").fill_null([]))
    columns = [pl.col("type").list.contains(code).alias(f"q_{code}") for code in QUALIFICATIONS]
    for fact, (code, years) in HONOURS.items():
        if years is None:
            columns.append(pl.col("type").list.contains(code).alias(fact))
    frame = frame.with_columns(columns).drop("type")
    for fact, (code, years) in HONOURS.items():
        if years is not None:
            since = _years_before(as_of, years)
            recent = grants.filter((pl.col("type") == code) & (pl.col("granted") >= since))["enterprise"].unique()
            frame = frame.with_columns(pl.col("enterprise").is_in(recent.implode()).alias(fact))
    return frame.join(declared_frame(as_of, ids), on="enterprise", how="left")


def declared_frame(as_of: dt.date, ids: QuerySet) -> pl.DataFrame:
    """One column per declared fact (``RAW`` types), the latest declaration made by ``as_of``; a
    withdrawn or never-declared fact is null."""
    rows = query_frame(DeclaredFact.objects.filter(enterprise_id__in=ids, declared_on__lte=as_of)
                       .order_by("declared_on", "id").values_list("enterprise_id", "field", "value"),
                       {"enterprise": pl.Int64, "field": pl.String, "value": pl.Float64})
    latest = rows.group_by("enterprise", "field", maintain_order=True).agg(pl.col("value").last())
    wide = (latest.pivot(on="field", index="enterprise", values="value") if latest.height
            else pl.DataFrame(schema={"enterprise": pl.Int64}))
    return wide.select("enterprise", *[
        ((pl.col(n) != 0) if RAW[n] == pl.Boolean else pl.col(n)).cast(RAW[n]).alias(n) if n in wide.columns
        else pl.lit(None, RAW[n]).alias(n) for n in DECLARED])
