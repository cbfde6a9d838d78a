"""Funds arithmetic, pure (no Django): award statuses and their moves, the ledger of each program-year
(budget, committed, disbursed, remaining), duplicate applications (重复申报) and the budget guard.
Rules: docs/domains/funds.md; JSON: docs/cli.md#funds-summary. Amounts are integer fen (分): exact."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import polars as pl

from liandong.engines.money import fen_to_wan, fen_to_wan_decimal

STATUSES = ("applied", "approved", "published", "disbursed")
"""The forward statuses in order: 申报 → 审核通过 → 公示 → 已拨付; 驳回 (rejected) ends an award before it is paid."""
REJECTED = "rejected"
COMMITTED = frozenset({"approved", "published", "disbursed"})
"""What counts against a program-year's budget (docs/cli.md#funds-summary: committed = Σ of these)."""
STATUS_ZH = {"applied": "申报", "approved": "审核通过", "published": "公示", "disbursed": "已拨付", REJECTED: "驳回"}
STATUS_BY_ZH = {v: k for k, v in STATUS_ZH.items()}


class StatusError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_move(current: str, target: str) -> None:
    """Forward by one or more statuses, or to 驳回 before payment; never back, never out of 驳回 or 已拨付."""
    if target not in STATUSES and target != REJECTED:
        raise StatusError("未知状态")
    if current == REJECTED:
        raise StatusError("已驳回的申报不能再变更")
    if current == "disbursed":
        raise StatusError("已拨付的资金不能再变更")
    if target == REJECTED:
        return
    if STATUSES.index(target) <= STATUSES.index(current):
        raise StatusError("只能推进到后续状态")


wan = fen_to_wan


def over_budget(budget_fen: int, committed_fen: Iterable[int]) -> int:
    """How much the committed amounts exceed the budget (0 when they fit)."""
    return max(0, sum(committed_fen) - budget_fen)


def ledger(years: pl.DataFrame, awards: pl.DataFrame) -> pl.DataFrame:
    """``years``: program_year, code, name, year, budget_fen; ``awards``: program_year, status, amount_fen.
    One row per program-year: budget, committed (审核通过+公示+已拨付), disbursed (已拨付), remaining
    (budget − committed), all in fen."""
    sums = awards.group_by("program_year").agg(
        pl.col("amount_fen").filter(pl.col("status").is_in(list(COMMITTED))).sum().alias("committed_fen"),
        pl.col("amount_fen").filter(pl.col("status") == "disbursed").sum().alias("disbursed_fen"))
    return (years.join(sums, on="program_year", how="left")
            .with_columns(pl.col("committed_fen").fill_null(0), pl.col("disbursed_fen").fill_null(0))
            .with_columns((pl.col("budget_fen") - pl.col("committed_fen")).alias("remaining_fen"))
            .sort(["code", "year"]))


def duplicates(awards: pl.DataFrame) -> list[dict[str, Any]]:
    """重复申报: the same enterprise and project awarded (not 驳回) under two or more programs in one year.
    ``awards``: uscc, project, year, code, status."""
    live = awards.filter(pl.col("status") != REJECTED)
    groups = (live.group_by("uscc", "project", "year").agg(pl.col("code").unique().sort().alias("programs"))
              .filter(pl.col("programs").list.len() > 1).sort(["year", "uscc", "project"]))
    return [{"uscc": r["uscc"], "project": r["project"], "year": r["year"], "programs": r["programs"]}
            for r in groups.iter_rows(named=True)]


def summary(ledger_frame: pl.DataFrame, duplicate_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """docs/cli.md#funds-summary."""
    programs = [{"code": r["code"], "name": r["name"], "year": r["year"], "budget_wan": wan(r["budget_fen"]),
                 "committed_wan": wan(r["committed_fen"]), "disbursed_wan": wan(r["disbursed_fen"]),
                 "remaining_wan": wan(r["remaining_fen"])} for r in ledger_frame.iter_rows(named=True)]
    return {"programs": programs,
            "duplicates": [{"uscc": d["uscc"], "project": d["project"], "programs": d["programs"]}
                           for d in duplicate_rows],
            "disbursed_wan": wan(ledger_frame["disbursed_fen"].sum() if ledger_frame.height else 0)}


def about_wan(fen: int) -> str:
    """An amount as the office's reports round it: "820余万元" (tens of 万元 and more, "余" when there is a
    remainder), "35万元", "3.5万元" under ten."""
    amount = fen_to_wan_decimal(fen)
    if amount >= 100:
        tens = int(amount // 10 * 10)
        return f"{tens}余万元" if amount > tens else f"{tens}万元"
    if amount >= 10:
        whole = int(amount)
        return f"{whole}余万元" if amount > whole else f"{whole}万元"
    text = f"{amount.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return f"{text}万元"
