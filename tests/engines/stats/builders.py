"""Hand-made indicator and membership frames for the statistics engine (no database)."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

INDICATOR_SCHEMA = {
    "enterprise": pl.Int64, "period": pl.String, "above_scale": pl.Boolean, "value_added": pl.Float64,
    "value_added_comparable": pl.Float64, "output_value": pl.Float64, "revenue": pl.Float64, "profit": pl.Float64,
    "rd_expense": pl.Float64,
}
MEMBER_SCHEMA = {"enterprise": pl.Int64, "kind": pl.String, "code": pl.String, "name": pl.String,
                 "parent": pl.String}


def row(enterprise: int, period: str, va: float | None, vac: float | None = None, *, above: bool = True,
        output: float | None = None) -> dict:
    return {"enterprise": enterprise, "period": period, "above_scale": above, "value_added": va,
            "value_added_comparable": va if vac is None else vac, "output_value": output, "revenue": None,
            "profit": None, "rd_expense": None}


def indicators(rows: Iterable[dict]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=INDICATOR_SCHEMA)


def members(entries: Iterable[tuple[int, str, str, str] | tuple[int, str, str, str, str | None]]) -> pl.DataFrame:
    rows = [(*e, None) if len(e) == 4 else e for e in entries]
    return pl.DataFrame(rows, schema=MEMBER_SCHEMA, orient="row")


CHAINS = {"ic": "集成电路", "iov": "车联网", "auto": "汽车及新能源汽车", "equip": "高端装备", "bio": "生物医药"}

# The published line "1-6月，五条重点产业链增加值增速4.3%，高于规模工业1.6个百分点，拉动2.1个百分点，
# 占比48.6%" rebuilt by hand: (enterprise, chain or None, value added a year earlier, comparable value
# added now, current-price value added now). Key chains: base 488, comparable 508.984 → 4.3%;
# pull 20.984 / 1000 → 2.1 pp; share 486 / 1000 → 48.6%. All: base 1000, comparable 1027 → 2.7%.
PUBLISHED = [
    (1, "bio", 50.0, 56.0, 57.0),        # +12%
    (2, "ic", 100.0, 111.0, 112.0),      # +11%
    (3, "iov", 100.0, 103.0, 104.0),     # +3%
    (4, "auto", 138.0, 136.0, 110.0),    # −1.4%
    (5, "equip", 100.0, 102.984, 103.0),  # +3.0%
    (6, None, 512.0, 518.016, 514.0),    # not on a chain
]


def published_frames(year: int = 2023, months: int = 6) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The PUBLISHED figures spread evenly over January…June of ``year`` and of the year before (yuan
    ×10⁴ so that the amounts look like 万元 in a real district)."""
    scale = 10_000.0
    rows = []
    for enterprise, _chain, base, comparable, current in PUBLISHED:
        for m in range(1, months + 1):
            rows.append(row(enterprise, f"{year - 1}-{m:02d}", base * scale / months, above=True))
            rows.append(row(enterprise, f"{year}-{m:02d}", current * scale / months, comparable * scale / months))
    member_rows = [(e, "chain", c, CHAINS[c]) for e, c, *_ in PUBLISHED if c]
    return indicators(rows), members(member_rows)
