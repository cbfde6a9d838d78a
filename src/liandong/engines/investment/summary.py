"""``projects summary`` (docs/cli.md#projects-summary): what landed in a window, its registered capital,
the share on the key chains, by chain and by stage."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import polars as pl

from liandong.engines.investment.stages import LANDED, STAGE_ZH, STAGES, TERMINATED
from liandong.engines.money import fen_to_wan as _wan


def summarize(projects: pl.DataFrame, project_chains: pl.DataFrame, chains: list[tuple[str, str]], *,
              key_chains: set[str], since: dt.date | None = None, until: dt.date | None = None) -> dict[str, Any]:
    """``projects``: id, stage, registered (date), capital_fen (int); ``project_chains``: project, chain
    (code). ``chains``: (code, name) in display order. Landed: registered within [since, until] (both
    ends included, either open) and the current stage 注册, 开工 or 投产 — a 终止 project is not landed.
    ``key_chain_share_pct`` = key-chain landed / landed × 100, half-up to one decimal (None when
    nothing landed); a project on two chains counts once there and once under each chain in by_chain."""
    landed = projects.filter(pl.col("stage").is_in(list(LANDED)) & pl.col("registered").is_not_null())
    if since is not None:
        landed = landed.filter(pl.col("registered") >= since)
    if until is not None:
        landed = landed.filter(pl.col("registered") <= until)
    ids = landed.select("id", "capital_fen")
    on_chains = project_chains.join(ids, left_on="project", right_on="id", how="inner")
    key_ids = on_chains.filter(pl.col("chain").is_in(list(key_chains)))["project"].n_unique()
    count = landed.height
    share = None
    if count:
        share = float((Decimal(key_ids * 100) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    per_chain = {row["chain"]: row for row in on_chains.group_by("chain").agg(
        pl.len().alias("landed"), pl.col("capital_fen").fill_null(0).sum().alias("fen")).to_dicts()}
    by_stage_counts = dict(projects.group_by("stage").len().iter_rows())
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "landed": count,
        "registered_capital_wan": _wan(landed["capital_fen"].fill_null(0).sum() if count else 0),
        "key_chain_landed": key_ids,
        "key_chain_share_pct": share,
        "by_chain": [{"code": code, "name": name, "landed": int(per_chain.get(code, {}).get("landed", 0)),
                      "registered_capital_wan": _wan(per_chain.get(code, {}).get("fen", 0))}
                     for code, name in chains],
        "by_stage": {STAGE_ZH[s]: int(by_stage_counts.get(s, 0)) for s in (*STAGES, TERMINATED)},
    }


TENTHS_ZH = "一二三四五六七八九"


def _day(text: str, *, year: bool) -> str:
    day = dt.date.fromisoformat(text)
    return (f"{day.year}年" if year else "") + f"{day.month}月{day.day}日"


def summary_sentence(result: dict[str, Any]) -> str:
    """The report's sentence from a ``summarize`` result, as an official writes it: "4月11日以来落地项目134
    个，注册资金11.03亿元，其中六成以上与重点产业链相关。" The window names its dates (month and day; the
    year too when the two ends fall in different years); capital in 亿元 to two decimals, half-up; the
    key-chain share in whole tenths (成) rounded down — 全部 at 100 %, 不足一成 under 10 %, none said when
    nothing landed or none of it is on a key chain."""
    since, until = result.get("since"), result.get("until")
    both = bool(since and until) and since[:4] != until[:4]
    if since and until:
        head = f"{_day(since, year=both)}至{_day(until, year=both)}"
    elif since:
        head = f"{_day(since, year=False)}以来"
    elif until:
        head = f"截至{_day(until, year=False)}累计"
    else:
        head = "累计"
    capital = (Decimal(str(result["registered_capital_wan"])) / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = f"{head}落地项目{result['landed']}个，注册资金{capital}亿元"
    share = result.get("key_chain_share_pct")
    if share is not None and result.get("key_chain_landed"):
        if share >= 100:
            text += "，全部与重点产业链相关"
        elif share < 10:
            text += "，其中不足一成与重点产业链相关"
        else:
            text += f"，其中{TENTHS_ZH[int(share // 10) - 1]}成以上与重点产业链相关"
    elif result["landed"]:
        text += "，均不在重点产业链上"
    return text + "。"
