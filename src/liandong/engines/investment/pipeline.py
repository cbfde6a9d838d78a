"""The pipeline's figures for the dashboard: the funnel (projects that reached each stage), conversion
between stages (签约→注册 is the landing rate), median days spent in each stage, landed per month."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from liandong.engines.investment.stages import LANDED, STAGES, TERMINATED

CONVERSIONS = (("signed", "registered"), ("registered", "started"), ("started", "producing"))


def _rank_expr(column: str) -> pl.Expr:
    return pl.col(column).replace_strict({s: i for i, s in enumerate(STAGES)}, default=-1, return_dtype=pl.Int32)


def pipeline_figures(projects: pl.DataFrame, events: pl.DataFrame, *, today: dt.date) -> dict[str, Any]:
    """``projects``: id, stage, registered (date); ``events``: project, from_stage, to_stage, on (date),
    each stage change in order. A project reached a stage when its timeline entered it (or it sits
    there or beyond now). Days in a stage: from entering it to leaving it, or to ``today`` while there."""
    entered = (events.filter(pl.col("to_stage").is_in(list(STAGES)))
               .select("project", pl.col("to_stage").alias("stage")))
    now = projects.select(pl.col("id").alias("project"), "stage").filter(pl.col("stage").is_in(list(STAGES)))
    furthest = (pl.concat([entered, now]).with_columns(_rank_expr("stage").alias("rank"))
                .group_by("project").agg(pl.col("rank").max()))
    ranks = furthest["rank"].to_list()
    funnel = {stage: sum(1 for r in ranks if r >= i) for i, stage in enumerate(STAGES)}
    conversion = {f"{a}->{b}": (round(funnel[b] / funnel[a] * 100, 1) if funnel[a] else None) for a, b in CONVERSIONS}

    steps = events.sort(["project", "on"]).with_columns(
        pl.col("on").shift(-1).over("project").alias("left_on"))
    durations = (steps.filter(pl.col("to_stage").is_in(list(STAGES)))
                 .with_columns(pl.col("left_on").fill_null(today))
                 .with_columns((pl.col("left_on") - pl.col("on")).dt.total_days().alias("days")))
    medians = dict(durations.group_by("to_stage").agg(pl.col("days").median()).iter_rows())
    landed = projects.filter(pl.col("stage").is_in(list(LANDED)) & pl.col("registered").is_not_null())
    per_month = dict(landed.group_by(pl.col("registered").dt.strftime("%Y-%m")).len().sort("registered").iter_rows())
    return {
        "funnel": funnel,
        "terminated": int(projects.filter(pl.col("stage") == TERMINATED).height),
        "conversion_pct": conversion,
        "median_days": {s: (float(medians[s]) if medians.get(s) is not None else None) for s in STAGES},
        "landed_by_month": per_month,
    }
