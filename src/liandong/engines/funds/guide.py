"""The guide fund's "投早、投小、投创新", measured (pure, no Django; docs/domains/funds.md#guide-fund).

Of a set of investments, the share (by count and by amount) made in enterprises that were, on the
investment's date: **early** (投早) — under ``early_years`` years old; **small** (投小) — under
``small_employees`` employees (the latest annual headcount reported for that year or before, else the
registry's); **innovative** (投创新) — holding a qualification in force that day (创新型中小企业 or
专精特新; the caller passes those grants). Amounts are integer fen."""

from __future__ import annotations

from typing import Any

import polars as pl

MEASURES = ("early", "small", "innovative")
LABELS = {"early": "投早", "small": "投小", "innovative": "投创新", "any": "三者之一"}

INVESTMENTS = {"id": pl.Int64, "sub_fund": pl.String, "enterprise": pl.Int64, "on": pl.Date,
               "amount_fen": pl.Int64, "established": pl.Date, "employees": pl.Int64}
HEADCOUNTS = {"enterprise": pl.Int64, "year": pl.Int64, "employees": pl.Int64}
GRANTS = {"enterprise": pl.Int64, "granted": pl.Date, "expires": pl.Date}


def _empty(schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def flags(investments: pl.DataFrame, *, grants: pl.DataFrame | None = None, headcounts: pl.DataFrame | None = None,
          early_years: int = 5, small_employees: int = 100) -> pl.DataFrame:
    """One row per investment with booleans ``early``, ``small``, ``innovative`` and ``any``.

    ``investments``: id, sub_fund, enterprise, on, amount_fen, established (null: unknown, not early),
    employees (the registry's, null: unknown). ``headcounts`` (enterprise, year, employees) override the
    registry's headcount with the latest year ≤ the investment's year. ``grants`` (enterprise, granted,
    expires; nulls = open) are the qualifications that count as innovative."""
    inv = investments.with_columns(pl.col("on").dt.year().cast(pl.Int64).alias("year"))
    if headcounts is not None and headcounts.height:
        hc = headcounts.select("enterprise", "year", pl.col("employees").alias("reported")).drop_nulls("reported")
        inv = (inv.sort("year").join_asof(hc.sort("year"), on="year", by="enterprise", strategy="backward",
                                                   check_sortedness=False)
               .with_columns(pl.coalesce("reported", "employees").alias("employees")).drop("reported"))
    early = (pl.col("established").is_not_null()
             & (pl.col("on") < pl.col("established").dt.offset_by(f"{int(early_years)}y")))
    small = pl.col("employees").is_not_null() & (pl.col("employees") < int(small_employees))
    inv = inv.with_columns(early.alias("early"), small.alias("small"))
    if grants is not None and grants.height:
        pairs = inv.select("id", "enterprise", "on").join(grants, on="enterprise", how="inner")
        held = pairs.filter((pl.col("granted").is_null() | (pl.col("granted") <= pl.col("on")))
                            & (pl.col("expires").is_null() | (pl.col("expires") >= pl.col("on"))))
        ids = held.get_column("id").unique()
        inv = inv.with_columns(pl.col("id").is_in(ids.implode()).alias("innovative"))
    else:
        inv = inv.with_columns(pl.lit(False).alias("innovative"))
    return (inv.with_columns((pl.col("early") | pl.col("small") | pl.col("innovative")).alias("any"))
            .drop("year").sort("id"))


def _share(part: int | float, whole: int | float) -> float | None:
    return round(part / whole, 4) if whole else None


def _measure(frame: pl.DataFrame) -> dict[str, Any]:
    count, amount = frame.height, int(frame["amount_fen"].sum() or 0) if frame.height else 0
    out: dict[str, Any] = {"count": count, "amount_fen": amount}
    for name in (*MEASURES, "any"):
        part = frame.filter(pl.col(name)) if frame.height else frame
        part_amount = int(part["amount_fen"].sum() or 0) if part.height else 0
        out[name] = {"label": LABELS[name], "count": part.height, "amount_fen": part_amount,
                     "share_count": _share(part.height, count), "share_amount": _share(part_amount, amount)}
    return out


def shares(flagged: pl.DataFrame) -> dict[str, Any]:
    """The shares over all investments and per sub-fund, from :func:`flags`' frame. A share is None
    when there is nothing to divide by."""
    by_fund = {name: _measure(flagged.filter(pl.col("sub_fund") == name))
               for name in sorted(flagged["sub_fund"].unique().to_list())} if flagged.height else {}
    return {"total": _measure(flagged), "sub_funds": by_fund}

