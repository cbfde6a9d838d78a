"""Polars frames for the statistics engine (``engines/stats``), read in bulk with raw cursors."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

import polars as pl
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce

from liandong.chains.models import ChainNode, EnterprisePosition
from liandong.core.frames import as_float, query_frame
from liandong.enterprises.models import Enterprise, MonthlyIndicator, Qualification

INDICATOR_COLUMNS = ("output_value", "value_added", "value_added_comparable", "revenue", "profit", "rd_expense")
NO_PARK = "none"
NO_PARK_NAME = "未入园"  # a group name like the parks' own: data, not interface text


def period_end(period: str) -> dt.date:
    year, month = int(period[:4]), int(period[5:7])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def indicator_frame(periods: Iterable[str], columns: Iterable[str] = INDICATOR_COLUMNS,
                    enterprises: QuerySet[Enterprise] | None = None) -> pl.DataFrame:
    """One row per enterprise and month of ``periods``: enterprise, period, above_scale and ``columns``
    (yuan as floats; empty cells stay null)."""
    columns = [c for c in columns if c in INDICATOR_COLUMNS]
    qs = MonthlyIndicator.objects.filter(period__in=sorted(set(periods))).order_by()
    if enterprises is not None:
        qs = qs.filter(enterprise_id__in=enterprises.values("id"))
    schema = {"enterprise": pl.Int64, "period": pl.String, "above_scale": pl.Boolean,
              **{c: pl.Float64 for c in columns}}
    return query_frame(qs.values_list("enterprise_id", "period", "above_scale", *(as_float(c) for c in columns)), schema)


def _chain_nodes() -> tuple[dict[int, ChainNode], dict[int, list[int]]]:
    """Every node, and for each node itself plus its ancestors below the chain root (level ≥ 1)."""
    nodes = {n.id: n for n in ChainNode.objects.select_related("chain")}
    lineage: dict[int, list[int]] = {}
    for node_id, node in nodes.items():
        chain, current = [], node
        while current is not None and current.level >= 1:
            chain.append(current.id)
            current = nodes.get(current.parent_id)
        lineage[node_id] = chain
    return nodes, lineage


MEMBER_SCHEMA = {"enterprise": pl.Int64, "kind": pl.String, "code": pl.String, "name": pl.String,
                 "parent": pl.String}


def chain_membership_frame(enterprises: QuerySet[Enterprise] | None = None) -> pl.DataFrame:
    """Only the chains (one row per enterprise and chain), straight from SQL: what the trend needs."""
    qs = EnterprisePosition.objects.order_by()
    if enterprises is not None:
        qs = qs.filter(enterprise_id__in=enterprises.values("id"))
    frame = query_frame(qs.values_list("enterprise_id", "chain__code", "chain__name").distinct(),
                   {"enterprise": pl.Int64, "code": pl.String, "name": pl.String})
    return frame.select("enterprise", pl.lit("chain").alias("kind"), "code", "name",
                        pl.lit(None, dtype=pl.String).alias("parent"))


def membership_frame(period: str, enterprises: QuerySet[Enterprise] | None = None) -> pl.DataFrame:
    """Which enterprise is in which group on the last day of ``period``: its chains (``chain``), the
    chain nodes it sits on with their ancestors (``node``, parent = the chain's code), its park
    (``park``; every enterprise in exactly one, "未入园" for none) and its qualifications then in
    force (``tier``)."""
    ids = enterprises.values("id") if enterprises is not None else None

    def scoped(qs: QuerySet, field: str = "enterprise_id") -> QuerySet:
        return qs.filter(**{f"{field}__in": ids}) if ids is not None else qs

    rows: list[tuple] = []
    nodes, lineage = _chain_nodes()
    positions = scoped(EnterprisePosition.objects.order_by()).values_list("enterprise_id", "node_id").distinct()
    for enterprise, node_id in positions:
        node = nodes[node_id]
        rows.append((enterprise, "chain", node.chain.code, node.chain.name, None))
        for ancestor in lineage.get(node_id, []):
            n = nodes[ancestor]
            rows.append((enterprise, "node", n.code, n.name, n.chain.code))
    parks = scoped(Enterprise.objects.order_by(), "id").values_list(
        "id", Coalesce(F("park_id"), Value(0)), Coalesce(F("park__name"), Value("")))
    rows += [(e, "park", str(p) if p else NO_PARK, name or NO_PARK_NAME, None) for e, p, name in parks]
    tiers = (scoped(Qualification.objects.current(period_end(period)).order_by())
             .values_list("enterprise_id", "type__code", "type__name"))
    rows += [(e, "tier", code, name, None) for e, code, name in tiers]
    return pl.DataFrame(rows, schema=MEMBER_SCHEMA, orient="row").unique(["enterprise", "kind", "code"],
                                                                         maintain_order=True)
