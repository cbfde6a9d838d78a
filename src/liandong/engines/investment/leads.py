"""Investment leads born from the records (招商线索), each with its reason in words.

- ``chain_gap_leads`` (以商招商, docs/cli.md#projects-leads): enterprises registered outside the district,
  placed on a node of the chain whose status is missing, weak or single_point, that local enterprises
  bought from in the district's latest year of supply relations on or before as-of.
- ``master_supplier_leads``: the outside suppliers of the chain's masters (链主), by the supplier's node.
- ``jingjinji_leads`` (京津冀产业转移): outside suppliers of the chain's local enterprises and outside
  enterprises placed on the chain, registered in Beijing (11xxxx) or Hebei (13xxxx).

Frames (polars): ``enterprises`` id, uscc, name, local; ``positions`` enterprise, chain, node, role;
``relations`` supplier, customer, year, amount_fen (integer fen, so sums are exact).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from liandong.engines.money import fen_to_wan as _wan
from liandong.engines.money import fen_to_wan_decimal

LEAD_STATUSES = ("missing", "weak", "single_point")
PROVINCES = {"11": "北京", "13": "河北"}


def latest_year(relations: pl.DataFrame, as_of: dt.date) -> int | None:
    """The district's latest year of supply relations on or before ``as_of`` (one year for everyone)."""
    years = relations.filter(pl.col("year") <= as_of.year)["year"]
    return int(years.max()) if years.len() else None


def _wan_text(fen: int) -> str:
    return f"{fen_to_wan_decimal(fen):,.1f}"


def _local_purchases(enterprises: pl.DataFrame, relations: pl.DataFrame, year: int) -> pl.DataFrame:
    """Per outside supplier: distinct local customers and Σ their purchases in ``year``."""
    local = enterprises.filter(pl.col("local")).select(pl.col("id").alias("customer"))
    outside = enterprises.filter(~pl.col("local")).select(pl.col("id").alias("supplier"))
    return (relations.filter(pl.col("year") == year)
            .join(local, on="customer", how="semi").join(outside, on="supplier", how="semi")
            .group_by("supplier")
            .agg(pl.col("customer").n_unique().alias("local_customers"),
                 pl.col("amount_fen").fill_null(0).sum().alias("amount_fen")))


def _ranked(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(["amount_fen", "local_customers", "uscc"], descending=[True, True, False])


def chain_gap_leads(chain: str, statuses: dict[str, str], node_names: dict[str, str], enterprises: pl.DataFrame,
                    positions: pl.DataFrame, relations: pl.DataFrame, *, as_of: dt.date,
                    status_labels: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """以商招商 leads of one chain, best first (amount, then customers); one row per supplier and node.
    ``status_labels`` words a status in the reason (the chains app's labels; the status code by default)."""
    status_labels = status_labels or {}
    year = latest_year(relations, as_of)
    if year is None:
        return []
    gap_nodes = [code for code, status in statuses.items() if status in LEAD_STATUSES]
    placed = (positions.filter((pl.col("chain") == chain) & pl.col("node").is_in(gap_nodes))
              .select(pl.col("enterprise").alias("supplier"), "node").unique())
    bought = _local_purchases(enterprises, relations, year)
    rows = _ranked(placed.join(bought, on="supplier", how="inner")
                   .join(enterprises.select(pl.col("id").alias("supplier"), "uscc", "name"), on="supplier"))
    return [{
        "node": row["node"], "uscc": row["uscc"], "name": row["name"], "local_customers": row["local_customers"],
        "amount_wan": _wan(row["amount_fen"]),
        "reason": (f"区外企业，位于{status_labels.get(statuses[row['node']], statuses[row['node']])}环节「{node_names.get(row['node'], row['node'])}」；"
                   f"{year}年区内{row['local_customers']}家企业向其采购{_wan_text(row['amount_fen'])}万元"),
    } for row in rows.iter_rows(named=True)]


def master_supplier_leads(chain: str, node_names: dict[str, str], enterprises: pl.DataFrame, positions: pl.DataFrame,
                          relations: pl.DataFrame, *, as_of: dt.date) -> list[dict[str, Any]]:
    """Outside suppliers of the chain's masters in the latest year, by the supplier's node on the chain
    (None when the supplier is not placed on it); best first."""
    year = latest_year(relations, as_of)
    if year is None:
        return []
    masters = (positions.filter((pl.col("chain") == chain) & (pl.col("role") == "master"))
               .select(pl.col("enterprise").alias("customer")).unique())
    outside = enterprises.filter(~pl.col("local")).select(pl.col("id").alias("supplier"))
    names = enterprises.select("id", "uscc", "name")
    supplies = (relations.filter(pl.col("year") == year).join(masters, on="customer", how="semi")
                .join(outside, on="supplier", how="semi")
                .group_by("supplier", "customer").agg(pl.col("amount_fen").fill_null(0).sum().alias("amount_fen")))
    nodes = (positions.filter(pl.col("chain") == chain).group_by("enterprise").agg(pl.col("node").sort().first())
             .rename({"enterprise": "supplier"}))
    rows = (supplies.join(nodes, on="supplier", how="left")
            .join(names.rename({"id": "supplier"}), on="supplier")
            .join(names.select(pl.col("id").alias("customer"), pl.col("name").alias("master")), on="customer")
            .with_columns(pl.lit(1).alias("local_customers")))
    return [{
        "node": row["node"], "uscc": row["uscc"], "name": row["name"], "master": row["master"],
        "amount_wan": _wan(row["amount_fen"]),
        "reason": (f"链主企业{row['master']}的区外供应商"
                   + (f"（环节「{node_names.get(row['node'], row['node'])}」）" if row["node"] else "")
                   + f"，{year}年供货{_wan_text(row['amount_fen'])}万元"),
    } for row in _ranked(rows).iter_rows(named=True)]


def jingjinji_leads(chain: str, node_names: dict[str, str], enterprises: pl.DataFrame, positions: pl.DataFrame,
                    relations: pl.DataFrame, *, as_of: dt.date) -> list[dict[str, Any]]:
    """Enterprises registered in Beijing or Hebei that supply this chain's local enterprises (latest year)
    or are placed on the chain themselves; suppliers first, by amount."""
    year = latest_year(relations, as_of)
    region = (enterprises.filter(~pl.col("local") & pl.col("uscc").str.slice(2, 2).is_in(list(PROVINCES)))
              .select(pl.col("id").alias("supplier"), "uscc", "name"))
    on_chain = positions.filter(pl.col("chain") == chain)
    local_on_chain = (on_chain.select(pl.col("enterprise").alias("customer")).unique()
                      .join(enterprises.filter(pl.col("local")).select(pl.col("id").alias("customer")), on="customer",
                            how="semi"))
    supplies = pl.DataFrame(schema={"supplier": pl.Int64, "local_customers": pl.UInt32, "amount_fen": pl.Int64})
    if year is not None:
        supplies = (relations.filter(pl.col("year") == year).join(local_on_chain, on="customer", how="semi")
                    .join(region.select("supplier"), on="supplier", how="semi").group_by("supplier")
                    .agg(pl.col("customer").n_unique().alias("local_customers"),
                         pl.col("amount_fen").fill_null(0).sum().alias("amount_fen")))
    nodes = on_chain.group_by("enterprise").agg(pl.col("node").sort().first()).rename({"enterprise": "supplier"})
    placed = region.join(nodes, on="supplier", how="semi").select("supplier")
    candidates = pl.concat([supplies.select("supplier"), placed]).unique()
    rows = (candidates.join(region, on="supplier").join(supplies, on="supplier", how="left")
            .join(nodes, on="supplier", how="left")
            .with_columns(pl.col("local_customers").fill_null(0), pl.col("amount_fen").fill_null(0)))
    out = []
    for row in _ranked(rows).iter_rows(named=True):
        province = PROVINCES[row["uscc"][2:4]]
        parts = [f"注册地在{province}"]
        if row["node"]:
            parts.append(f"位于本链环节「{node_names.get(row['node'], row['node'])}」")
        if row["local_customers"]:
            parts.append(f"{year}年向区内本链{row['local_customers']}家企业供货{_wan_text(row['amount_fen'])}万元")
        out.append({"node": row["node"], "uscc": row["uscc"], "name": row["name"], "province": province,
                    "local_customers": row["local_customers"], "amount_wan": _wan(row["amount_fen"]),
                    "reason": "，".join(parts)})
    return out
