"""Polars frames for the statistics engine (``engines/stats``), read in bulk with raw cursors."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

import polars as pl
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Cast, Coalesce

from liandong.chains.models import ChainNode, EnterprisePosition
from liandong.core.frames import as_float, query_frame
from liandong.enterprises.models import Enterprise, MonthlyIndicator, ParkMembership, Qualification

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
SPELL_SCHEMA = {**MEMBER_SCHEMA, "valid_from": pl.String, "valid_to": pl.String}
"""A membership and the days it held: ISO dates as text (they order as dates), null = open."""


def _iso(field: str) -> Cast:
    """A date column as ``YYYY-MM-DD`` text from any backend (SQLite already stores it so)."""
    return Cast(field, CharField())


def _scoped(qs: QuerySet, enterprises: QuerySet[Enterprise] | None, field: str = "enterprise_id") -> QuerySet:
    return qs.filter(**{f"{field}__in": enterprises.values("id")}) if enterprises is not None else qs


def position_spells(enterprises: QuerySet[Enterprise] | None = None, *, nodes: bool = True) -> pl.DataFrame:
    """Chains (``chain``) and, with ``nodes``, the nodes with their ancestors up to the stage (``node``,
    parent = the chain's code) of every position an enterprise held or holds, with its days."""
    positions = query_frame(_scoped(EnterprisePosition.spells.order_by(), enterprises)
                            .values_list("enterprise_id", "node_id", _iso("valid_from"), _iso("valid_to")),
                            {"enterprise": pl.Int64, "node": pl.Int64, "valid_from": pl.String, "valid_to": pl.String})
    node_map, lineage = _chain_nodes()
    groups = []
    for node_id, node in node_map.items():
        groups.append((node_id, "chain", node.chain.code, node.chain.name, None))
        if nodes:
            groups += [(node_id, "node", node_map[a].code, node_map[a].name, node.chain.code)
                       for a in lineage.get(node_id, [])]
    group_frame = pl.DataFrame(groups, schema={"node": pl.Int64, **{k: v for k, v in MEMBER_SCHEMA.items()
                                                                     if k != "enterprise"}}, orient="row")
    return positions.join(group_frame, on="node", how="inner").select(*SPELL_SCHEMA)


def park_spells(enterprises: QuerySet[Enterprise] | None = None) -> pl.DataFrame:
    """Every enterprise's park memberships with their days: the ended ones (``ParkMembership``) and
    today's, which is ``Enterprise.park`` (未入园 for none) from the day its open membership began, or
    else from the day after the last one ended (else since always). Before its first membership an
    enterprise was in no park."""
    registry = query_frame(_scoped(Enterprise.objects.order_by(), enterprises, "id").values_list(
        "id", Coalesce(F("park_id"), Value(0)), Coalesce(F("park__name"), Value(""))),
        {"enterprise": pl.Int64, "park": pl.Int64, "name": pl.String})
    history = query_frame(_scoped(ParkMembership.objects.order_by(), enterprises).values_list(
        "enterprise_id", "park_id", "park__name", _iso("valid_from"), _iso("valid_to")),
        {"enterprise": pl.Int64, "park": pl.Int64, "name": pl.String, "valid_from": pl.String,
         "valid_to": pl.String})
    ended = history.filter(pl.col("valid_to").is_not_null())
    opened = (history.filter(pl.col("valid_to").is_null()).group_by("enterprise")
              .agg(pl.col("valid_from").max().alias("opened")))
    last_end = (ended.group_by("enterprise").agg(pl.col("valid_to").max().alias("last_end"))
                .with_columns(pl.col("last_end").str.to_date().dt.offset_by("1d").dt.to_string("%Y-%m-%d")))
    today = (registry.join(opened, on="enterprise", how="left").join(last_end, on="enterprise", how="left")
             .with_columns(pl.coalesce("opened", "last_end").alias("valid_from"),
                           pl.lit(None, dtype=pl.String).alias("valid_to")))
    frames = [today, ended]
    return pl.concat([f.select(
        "enterprise", pl.lit("park").alias("kind"),
        pl.when(pl.col("park") > 0).then(pl.col("park").cast(pl.String)).otherwise(pl.lit(NO_PARK)).alias("code"),
        pl.when(pl.col("park") > 0).then(pl.col("name")).otherwise(pl.lit(NO_PARK_NAME)).alias("name"),
        pl.lit(None, dtype=pl.String).alias("parent"), "valid_from", "valid_to") for f in frames])


def tier_spells(enterprises: QuerySet[Enterprise] | None = None) -> pl.DataFrame:
    """Qualifications (``tier``) from grant to expiry."""
    return query_frame(_scoped(Qualification.objects.order_by(), enterprises).values_list(
        "enterprise_id", Value("tier"), "type__code", "type__name", Value(None, output_field=CharField()),
        _iso("granted"), _iso("expires")), SPELL_SCHEMA)


def membership_spells(enterprises: QuerySet[Enterprise] | None = None) -> pl.DataFrame:
    """Every membership an enterprise held or holds, with its days (``SPELL_SCHEMA``): chains, nodes,
    parks and qualification tiers. ``members_at`` takes the ones of one day."""
    return pl.concat([position_spells(enterprises), park_spells(enterprises), tier_spells(enterprises)])


def members_at(spells: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """The memberships held on ``on`` (both ends included), one row per enterprise and group
    (``MEMBER_SCHEMA``). Parks stay a partition: one park per enterprise, 未入园 before its first."""
    day = on.isoformat()
    held = spells.filter((pl.col("valid_from").is_null() | (pl.col("valid_from") <= day))
                         & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= day)))
    parks = spells.filter(pl.col("kind") == "park")
    if len(parks):
        in_park = (held.filter(pl.col("kind") == "park").sort("valid_from", descending=True, nulls_last=True)
                   .unique("enterprise", keep="first", maintain_order=True))
        outside = (parks.select("enterprise").unique().join(in_park, on="enterprise", how="anti")
                   .select("enterprise", pl.lit("park").alias("kind"), pl.lit(NO_PARK).alias("code"),
                           pl.lit(NO_PARK_NAME).alias("name"), pl.lit(None, dtype=pl.String).alias("parent")))
        held = pl.concat([held.filter(pl.col("kind") != "park").select(*MEMBER_SCHEMA),
                          in_park.select(*MEMBER_SCHEMA), outside])
    return held.select(*MEMBER_SCHEMA).unique(["enterprise", "kind", "code"], maintain_order=True)


def chain_membership_frame(enterprises: QuerySet[Enterprise] | None = None) -> pl.DataFrame:
    """Only the chains (one row per enterprise, chain and spell): what the trend needs; ``members_at``
    gives each month's."""
    return position_spells(enterprises, nodes=False)
