"""Growth, pull (拉动), contribution (贡献率), share (占比) and 增长面 of enterprise groups, as the
statistics bureau computes them (docs/reports.md#formulas; 国家统计局《工业统计报表制度》,
https://www.stats.gov.cn/fw/tjzd/).

Comparable basis (同口径): the enterprises counted for period t are those above scale (规上) in t;
last year's base is the same enterprises' values a year earlier, whatever their status then (an
enterprise that entered the list this year brings its last-year values into the base; one that left
is dropped from both years). Missing rows and empty cells count 0. Over the month, or with ``ytd``
January…t, with G a group and T all enterprises above scale:

- growth_pct = (Σ_G current(t) / Σ_G base(t−1y) − 1) × 100, where for value added ``current`` is
  comparable-price and ``base`` current-price value added (other indicators: the same column);
- diff_pp = growth(G) − growth(T);
- pull_pp = (Σ_G current(t) − Σ_G base(t−1y)) / Σ_T base(t−1y) × 100 (percentage points);
- contribution_pct = pull(G) / growth(T) × 100;
- share_pct = Σ_G value(t) / Σ_T value(t) × 100 at current prices; base_share_pct the same a year
  earlier, so that base_share × growth / 100 = pull;
- growing_pct (增长面) = the share of G's enterprises whose current figure exceeds their base.

Everything is computed from unrounded sums; ``rounding.round_half_up`` is for display only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from .periods import months_of, parse_period, year_earlier
from .rounding import round_half_up

WAN = 10_000.0
TOLERANCE_PP = 1e-6
KIND_LABELS = {"chain": "产业链", "node": "环节", "park": "园区", "tier": "梯度", "other": "其他"}


class StatsInputError(ValueError):
    """Frames without the columns the report needs."""


@dataclass(frozen=True)
class Indicator:
    """A reported figure: ``current`` is summed for this year's growth numerator, ``base`` for last
    year's base, ``value`` for the share (current prices)."""

    key: str
    label: str
    current: str
    base: str
    value: str


INDICATORS: dict[str, Indicator] = {
    "value_added": Indicator("value_added", "增加值", "value_added_comparable", "value_added", "value_added"),
    "output_value": Indicator("output_value", "工业总产值", "output_value", "output_value", "output_value"),
    "revenue": Indicator("revenue", "营业收入", "revenue", "revenue", "revenue"),
    "profit": Indicator("profit", "利润总额", "profit", "profit", "profit"),
    "rd_expense": Indicator("rd_expense", "研发费用", "rd_expense", "rd_expense", "rd_expense"),
}

MEMBER_SCHEMA = {"enterprise": pl.Int64, "kind": pl.String, "code": pl.String, "name": pl.String,
                 "parent": pl.String}


@dataclass(frozen=True)
class GroupFigures:
    kind: str
    code: str
    name: str
    enterprises: int
    value: float
    current: float
    base: float
    growing: int
    growth_pct: float | None
    diff_pp: float | None
    pull_pp: float | None
    contribution_pct: float | None
    share_pct: float | None
    base_share_pct: float | None
    parent: str | None = None

    @property
    def growing_pct(self) -> float | None:
        return self.growing / self.enterprises * 100 if self.enterprises else None

    def as_dict(self, indicator: str) -> dict[str, Any]:
        """The printed figures (docs/reports.md#the-json): amounts in 万元, everything rounded half-up to
        one decimal."""
        r = round_half_up
        return {
            "kind": self.kind, "code": self.code, "name": self.name, "enterprises": self.enterprises,
            indicator: r(self.value / WAN), f"{indicator}_last_year": r(self.base / WAN),
            "growth_pct": r(self.growth_pct), "diff_pp": r(self.diff_pp), "pull_pp": r(self.pull_pp),
            "contribution_pct": r(self.contribution_pct), "share_pct": r(self.share_pct),
            "growing_pct": r(self.growing_pct),
        }


@dataclass(frozen=True)
class Check:
    """A consistency check shown with every report: ``actual`` should equal ``expected``."""

    name: str
    expected: float
    actual: float
    ok: bool

    def as_dict(self) -> dict[str, Any]:
        """Printed figures like every other (half-up, one decimal; float noise such as 2.2e-16 prints
        0.0). A failed check gets the decimals that show where the two sides part (at most six)."""
        digits = 1
        while not self.ok and digits < 6 and round_half_up(self.expected, digits) == round_half_up(self.actual, digits):
            digits += 1
        return {"name": self.name, "expected": round_half_up(self.expected, digits),
                "actual": round_half_up(self.actual, digits), "ok": self.ok}


@dataclass
class StatsReport:
    period: str
    ytd: bool
    indicator: Indicator
    total: GroupFigures
    key_chains: GroupFigures
    groups: list[GroupFigures]
    checks: list[Check]
    missing_reports: int
    comparable_missing: int
    enterprises: pl.DataFrame = field(repr=False)
    """Per enterprise of the list: enterprise, value, current, base, pull_pp."""

    def group(self, kind: str, code: str) -> GroupFigures | None:
        return next((g for g in self.groups if g.kind == kind and g.code == code), None)

    def of_kind(self, kind: str) -> list[GroupFigures]:
        return [g for g in self.groups if g.kind == kind]


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator * 100 if denominator else None


class _Totals:
    """Σ of the whole list, against which every group is measured."""

    def __init__(self, value: float, current: float, base: float):
        self.value, self.current, self.base = value, current, base
        self.growth = _ratio(current - base, base)

    def figures(self, kind: str, code: str, name: str, n: int, value: float, current: float, base: float,
                growing: int, parent: str | None = None) -> GroupFigures:
        growth = _ratio(current - base, base)
        pull = _ratio(current - base, self.base)
        return GroupFigures(
            kind=kind, code=code, name=name, parent=parent, enterprises=n, value=value, current=current,
            base=base, growing=growing, growth_pct=growth,
            diff_pp=None if growth is None or self.growth is None else growth - self.growth,
            pull_pp=pull,
            contribution_pct=None if pull is None or not self.growth else pull / self.growth * 100,
            share_pct=_ratio(value, self.value), base_share_pct=_ratio(base, self.base))


def _require(frame: pl.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise StatsInputError(f"{what} frame lacks columns {missing}")


def enterprise_figures(indicators: pl.DataFrame, *, period: str, ytd: bool,
                       indicator: Indicator) -> tuple[pl.DataFrame, int, int]:
    """(per-enterprise figures of the period's list, missing monthly reports, rows whose comparable
    value was missing and taken at current prices)."""
    _require(indicators, ["enterprise", "period", "above_scale", indicator.current, indicator.base,
                          indicator.value], "indicator")
    months = months_of(period, ytd)
    base_months = [year_earlier(m) for m in months]
    listed = (indicators.lazy().filter((pl.col("period") == period) & pl.col("above_scale"))
              .select("enterprise").unique())
    current_expr = pl.col(indicator.current)
    if indicator.current != indicator.base:
        current_expr = pl.coalesce(indicator.current, indicator.base)
    this_year = (indicators.lazy().filter(pl.col("period").is_in(months))
                 .join(listed, on="enterprise", how="semi")
                 .group_by("enterprise")
                 .agg(current_expr.fill_null(0.0).sum().alias("current"),
                      pl.col(indicator.value).fill_null(0.0).sum().alias("value"),
                      pl.len().alias("reports"),
                      (pl.col(indicator.current).is_null() & pl.col(indicator.base).is_not_null()).sum()
                      .alias("estimated")))
    last_year = (indicators.lazy().filter(pl.col("period").is_in(base_months))
                 .join(listed, on="enterprise", how="semi")
                 .group_by("enterprise").agg(pl.col(indicator.base).fill_null(0.0).sum().alias("base")))
    frame = (listed.join(this_year, on="enterprise", how="left").join(last_year, on="enterprise", how="left")
             .with_columns(pl.col("current", "value", "base").fill_null(0.0),
                           pl.col("reports", "estimated").fill_null(0))
             .collect())
    missing = int(len(frame) * len(months) - frame["reports"].sum()) if len(frame) else 0
    estimated = int(frame["estimated"].sum()) if len(frame) else 0
    return frame.select("enterprise", "value", "current", "base"), missing, estimated


def compute_report(indicators: pl.DataFrame, members: pl.DataFrame, *, period: str, ytd: bool,
                   indicator: str = "value_added", key_kind: str = "chain",
                   partitions: Iterable[str] = (), catalogue: pl.DataFrame | None = None) -> StatsReport:
    """The report for ``period`` (``YYYY-MM``).

    ``indicators``: one row per enterprise and month (``enterprise``, ``period``, ``above_scale`` and
    the indicator columns, floats). ``members``: which enterprise belongs to which group (``enterprise``,
    ``kind``, ``code``, ``name``, optional ``parent``); an enterprise may be in many groups of a kind.
    The key-chain union is every enterprise in a group of ``key_kind``, counted once. ``partitions``
    names kinds whose groups cover the list exactly once: their pulls are checked to add up to the
    total growth and their contributions to 100%. ``catalogue`` (``kind``, ``code``, ``name``,
    ``parent``) lists groups to report even when no enterprise is in them, in the order given.
    """
    parse_period(period)
    spec = INDICATORS.get(indicator)
    if spec is None:
        raise StatsInputError(f"unknown indicator {indicator!r}; one of {sorted(INDICATORS)}")
    _require(members, ["enterprise", "kind", "code", "name"], "member")
    if "parent" not in members.columns:
        members = members.with_columns(pl.lit(None, dtype=pl.String).alias("parent"))
    members = members.select(list(MEMBER_SCHEMA)).cast(MEMBER_SCHEMA).unique(["enterprise", "kind", "code"])

    per_enterprise, missing, estimated = enterprise_figures(indicators, period=period, ytd=ytd, indicator=spec)
    totals = _Totals(*(float(per_enterprise[c].sum()) for c in ("value", "current", "base")))
    per_enterprise = per_enterprise.with_columns(
        ((pl.col("current") - pl.col("base")) / totals.base * 100 if totals.base else pl.lit(None, pl.Float64))
        .alias("pull_pp"))

    def sums(frame: pl.DataFrame) -> tuple[int, float, float, float, int]:
        return (len(frame), float(frame["value"].sum()), float(frame["current"].sum()), float(frame["base"].sum()),
                int((frame["current"] > frame["base"]).sum()))

    total = totals.figures("total", "", "规模以上工业", *sums(per_enterprise))
    on_key = members.filter(pl.col("kind") == key_kind).select("enterprise").unique()
    key_frame = per_enterprise.join(on_key, on="enterprise", how="semi")
    key_chains = totals.figures("key_chains", "", "重点产业链", *sums(key_frame))
    rest = totals.figures("other", "", "其他", *sums(per_enterprise.join(on_key, on="enterprise", how="anti")))

    listed = members.select("kind", "code", "name", "parent")
    if catalogue is not None:
        if "parent" not in catalogue.columns:
            catalogue = catalogue.with_columns(pl.lit(None, dtype=pl.String).alias("parent"))
        listed = pl.concat([catalogue.select(listed.columns).cast(listed.schema), listed])
    catalogue = listed.unique(["kind", "code"], keep="first", maintain_order=True)
    aggregated = (members.join(per_enterprise, on="enterprise", how="inner")
                  .group_by("kind", "code")
                  .agg(pl.len().alias("n"), pl.col("value").sum(), pl.col("current").sum(), pl.col("base").sum(),
                       (pl.col("current") > pl.col("base")).sum().alias("growing")))
    rows = catalogue.join(aggregated, on=["kind", "code"], how="left").fill_null(0)
    groups = [totals.figures(r["kind"], r["code"], r["name"], int(r["n"]), float(r["value"]), float(r["current"]),
                             float(r["base"]), int(r["growing"]), r["parent"])
              for r in rows.iter_rows(named=True)]

    checks = consistency_checks(total, [key_chains, rest], groups, set(partitions))
    return StatsReport(period=period, ytd=ytd, indicator=spec, total=total, key_chains=key_chains, groups=groups,
                       checks=checks, missing_reports=missing, comparable_missing=estimated,
                       enterprises=per_enterprise)


def consistency_checks(total: GroupFigures, key_split: list[GroupFigures], groups: list[GroupFigures],
                       partitions: set[str]) -> list[Check]:
    """The identities that must hold: pulls of a full partition add up to the total growth,
    contributions to 100%, and previous share × growth = pull for every group."""
    checks: list[Check] = []
    if total.growth_pct is None:
        return checks
    splits = {"重点产业链 + 其他": key_split}
    for kind in sorted(partitions):
        splits[KIND_LABELS.get(kind, kind)] = [g for g in groups if g.kind == kind]
    for name, parts in splits.items():
        pull = sum(g.pull_pp or 0.0 for g in parts)
        checks.append(Check(f"{name}: Σ拉动 = 规上增速", total.growth_pct, pull,
                            abs(pull - total.growth_pct) <= TOLERANCE_PP * max(1.0, abs(total.growth_pct))))
        if total.growth_pct:
            contribution = sum(g.contribution_pct or 0.0 for g in parts)
            scale = max(100.0, sum(abs(g.contribution_pct or 0.0) for g in parts))
            checks.append(Check(f"{name}: Σ贡献率 = 100%", 100.0, contribution,
                                abs(contribution - 100.0) <= TOLERANCE_PP * scale))
    worst = 0.0
    for g in [*key_split, *groups]:
        if g.growth_pct is not None and g.base_share_pct is not None and g.pull_pp is not None:
            worst = max(worst, abs(g.base_share_pct * g.growth_pct / 100 - g.pull_pp) / max(1.0, abs(g.pull_pp)))
    checks.append(Check("上年占比 × 增速 = 拉动（最大相对偏差）", 0.0, worst, worst <= TOLERANCE_PP))
    return checks
