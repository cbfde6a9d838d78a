"""How well the promise is kept (诉求办理质效): per department, category and month.

- 响应率 (on-time response): responded by the respond deadline ÷ appeals whose respond clock ended
  (responded, or the deadline passed);
- 按时对接率: docked by the dock deadline ÷ appeals whose dock clock ended;
- 按时解决率: solution reported by the resolve deadline ÷ appeals whose resolve clock ended;
- 解决率: appeals with a solution (办结 and after) ÷ appeals submitted (merged ones excluded);
- 满意率: (满意 + w × 基本满意) ÷ rated, w = ``LIANDONG_BASIC_SATISFACTION_WEIGHT`` (0.9);
- 占用工时: working hours each holder held appeals; the time a misrouted appeal spent with a department
  before it was returned (退单) is charged to the office that dispatched it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import polars as pl
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.appeals.models import Appeal, AppealEvent
from liandong.core.errors import PermissionDeniedError

OFFICE = "链长办（派单）"
TOP_PROBLEMS = 10
MONTHS_DEFAULT, MONTHS_MIN, MONTHS_MAX = 12, 1, 60


def months_window(value: object) -> tuple[int, bool]:
    """The metrics window in months from user input: 1–60 (a longer one reads back before any appeal
    and overflows dates); not a whole number → 12. Returns (months, whether the input was valid)."""
    if value in (None, ""):
        return MONTHS_DEFAULT, True
    try:
        months = int(str(value).strip())
    except ValueError:
        return MONTHS_DEFAULT, False
    clamped = max(MONTHS_MIN, min(months, MONTHS_MAX))
    return clamped, clamped == months


def _pct(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator * 100, 1) if denominator else None


def appeal_frame(*, since: dt.datetime | None = None) -> pl.DataFrame:
    qs = Appeal.objects.exclude(status=Appeal.Status.MERGED)
    if since:
        qs = qs.filter(submitted_at__gte=since)
    rows = list(qs.values_list("id", "submitted_at", "category__name", "lead_department__name", "respond_by",
                               "responded_at", "dock_by", "docked_at", "resolve_by", "resolved_at", "status",
                               "rating", "enterprise_id"))
    schema = {"id": pl.Int64, "submitted_at": pl.Datetime("us", "UTC"), "category": pl.String,
              "department": pl.String, "respond_by": pl.Datetime("us", "UTC"),
              "responded_at": pl.Datetime("us", "UTC"), "dock_by": pl.Datetime("us", "UTC"),
              "docked_at": pl.Datetime("us", "UTC"), "resolve_by": pl.Datetime("us", "UTC"),
              "resolved_at": pl.Datetime("us", "UTC"), "status": pl.String, "rating": pl.String,
              "enterprise": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _rates(frame: pl.DataFrame, by: list[str], now: dt.datetime) -> list[dict[str, Any]]:
    weight = settings.LIANDONG_BASIC_SATISFACTION_WEIGHT
    now_lit = pl.lit(now).dt.convert_time_zone("UTC")

    def clock(done: str, due: str) -> list[pl.Expr]:
        ended = pl.col(done).is_not_null() | (pl.col(due) < now_lit)
        on_time = pl.col(done).is_not_null() & (pl.col(done) <= pl.col(due))
        return [ended.sum().alias(f"{done}_ended"), on_time.sum().alias(f"{done}_on_time")]

    grouped = (frame.group_by(by) if by else frame.group_by(pl.lit("all").alias("all"))).agg(
        pl.len().alias("appeals"), *clock("responded_at", "respond_by"), *clock("docked_at", "dock_by"),
        *clock("resolved_at", "resolve_by"), pl.col("resolved_at").is_not_null().sum().alias("resolved"),
        (pl.col("rating") == "satisfied").sum().alias("satisfied"), (pl.col("rating") == "basic").sum().alias("basic"),
        pl.col("rating").is_in(["satisfied", "basic", "unsatisfied"]).sum().alias("rated"),
    ).sort(by or "all")
    out = []
    for r in grouped.iter_rows(named=True):
        out.append({**{k: r[k] for k in by}, "appeals": r["appeals"],
                    "response_rate": _pct(r["responded_at_on_time"], r["responded_at_ended"]),
                    "dock_rate": _pct(r["docked_at_on_time"], r["docked_at_ended"]),
                    "resolve_on_time_rate": _pct(r["resolved_at_on_time"], r["resolved_at_ended"]),
                    "resolution_rate": _pct(r["resolved"], r["appeals"]),
                    "satisfaction_rate": _pct(r["satisfied"] + weight * r["basic"], r["rated"]),
                    "rated": r["rated"]})
    return out


def held_hours(appeal_ids: list[int]) -> dict[str, float]:
    """Working hours each holder held the appeals, from their timelines (bounce time → office)."""
    from liandong.appeals.calendar import work_calendar

    calendar = work_calendar()
    hours: dict[str, float] = defaultdict(float)
    events = (AppealEvent.objects.filter(appeal_id__in=appeal_ids).exclude(kind__in=["reply", "escalate"])
              .select_related("department", "appeal__lead_department").order_by("appeal_id", "created_at", "id"))
    current: dict[int, tuple[str, dt.datetime, bool]] = {}
    for e in events:
        held = current.get(e.appeal_id)
        if held:
            holder, since, _dispatch = held
            charged = OFFICE if e.kind == "return" else holder
            hours[charged] += calendar.between(since, e.created_at) / 60
        if e.kind in {"dispatch", "transfer", "accept", "send_back", "reopen"} or (e.kind == "rate" and
                                                                                  e.to_status == "docked"):
            name = (e.department.name if e.department_id and e.kind == "accept"
                    else e.appeal.lead_department.name if e.appeal.lead_department_id else OFFICE)
            current[e.appeal_id] = (name, e.created_at, True)
        elif e.kind in {"submit", "return", "report_solution"}:
            current[e.appeal_id] = (OFFICE, e.created_at, False)
        elif e.kind in {"approve", "rate", "merge"}:
            current.pop(e.appeal_id, None)
    return {k: round(v, 1) for k, v in sorted(hours.items(), key=lambda kv: -kv[1])}


def top_problems(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """堵点: the most frequent categories, and per chain the most frequent category."""
    from liandong.chains.models import EnterprisePosition

    chains = pl.DataFrame(list(EnterprisePosition.objects.values_list("enterprise_id", "chain__name").distinct()),
                          schema={"enterprise": pl.Int64, "chain": pl.String}, orient="row")
    by_chain = (frame.join(chains, on="enterprise", how="inner").group_by("chain", "category").len()
                .sort("len", descending=True).head(TOP_PROBLEMS))
    return [{"chain": r["chain"], "category": r["category"], "appeals": r["len"]} for r in by_chain.iter_rows(named=True)]


def appeal_metrics(*, actor, months: int = 12, now: dt.datetime | None = None) -> dict[str, Any]:
    if not scoping.can_read_appeal_metrics(actor):
        raise PermissionDeniedError(_("Appeal metrics are for district staff."))
    months = max(MONTHS_MIN, min(int(months), MONTHS_MAX))
    now = now or timezone.now()
    frame = appeal_frame(since=now - dt.timedelta(days=31 * months))
    frame = frame.with_columns(pl.col("submitted_at").dt.convert_time_zone("Asia/Shanghai").dt.strftime("%Y-%m")
                               .alias("month"), pl.col("department").fill_null("（未派单）"))
    overall = _rates(frame, [], now)
    return {
        "since_months": months, "overall": overall[0] if overall else None,
        "by_department": _rates(frame, ["department"], now), "by_category": _rates(frame, ["category"], now),
        "by_month": _rates(frame, ["month"], now),
        "categories": (frame.group_by("category").len().sort("len", descending=True)
                       .rename({"len": "appeals"}).to_dicts()),
        "problems": top_problems(frame), "held_hours": held_hours(frame["id"].to_list()),
        "basic_weight": settings.LIANDONG_BASIC_SATISFACTION_WEIGHT,
    }
