"""The investment engine on small hand-made frames (docs/cli.md#projects-summary, #projects-leads)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from liandong.engines.investment import (
    StageError,
    chain_gap_leads,
    check_transition,
    jingjinji_leads,
    master_supplier_leads,
    pipeline_figures,
    summarize,
)
from liandong.engines.investment.stages import check_dates

D = dt.date
CHAINS = [("IC", "集成电路"), ("BIO", "生物医药"), ("X", "其他链")]
KEY = {"IC", "BIO"}


def projects(rows):
    return pl.DataFrame(rows, schema={"id": pl.Int64, "stage": pl.String, "registered": pl.Date,
                                      "capital_fen": pl.Int64}, orient="row")


def links(rows):
    return pl.DataFrame(rows, schema={"project": pl.Int64, "chain": pl.String}, orient="row")


def test_summary_window_edges_are_inclusive_and_terminated_projects_do_not_land():
    p = projects([(1, "registered", D(2026, 4, 11), 100 * 1_000_000), (2, "producing", D(2026, 6, 30), 50_000_000),
                  (3, "terminated", D(2026, 5, 1), 10**9), (4, "registered", D(2026, 4, 10), 10**6),
                  (5, "signed", None, None), (6, "started", D(2026, 7, 1), 10**6)])
    s = summarize(p, links([]), CHAINS, key_chains=KEY, since=D(2026, 4, 11), until=D(2026, 6, 30))
    assert s["landed"] == 2 and s["registered_capital_wan"] == 150.0
    assert s["by_stage"] == {"线索": 0, "洽谈": 0, "签约": 1, "注册": 2, "开工": 1, "投产": 1, "终止": 1}
    assert s["since"] == "2026-04-11" and s["until"] == "2026-06-30"


def test_a_project_on_two_chains_counts_once_in_the_share_and_under_each_chain():
    p = projects([(1, "registered", D(2026, 5, 1), 10**6), (2, "registered", D(2026, 5, 2), 2 * 10**6),
                  (3, "registered", D(2026, 5, 3), 3 * 10**6)])
    s = summarize(p, links([(1, "IC"), (1, "BIO"), (2, "X")]), CHAINS, key_chains=KEY)
    assert s["key_chain_landed"] == 1 and s["key_chain_share_pct"] == 33.3
    assert [(c["code"], c["landed"], c["registered_capital_wan"]) for c in s["by_chain"]] == [
        ("IC", 1, 1.0), ("BIO", 1, 1.0), ("X", 1, 2.0)]


def test_share_rounds_half_up_and_is_null_when_nothing_landed():
    p = projects([(i, "registered", D(2026, 5, 1), None) for i in range(1, 9)])
    s = summarize(p, links([(1, "IC")]), CHAINS, key_chains=KEY)  # 1/8 = 12.5 %
    assert s["key_chain_share_pct"] == 12.5
    p = projects([(i, "registered", D(2026, 5, 1), None) for i in range(1, 17)])
    assert summarize(p, links([(1, "IC")]), CHAINS, key_chains=KEY)["key_chain_share_pct"] == 6.3  # 6.25 → 6.3
    assert summarize(projects([]), links([]), CHAINS, key_chains=KEY)["key_chain_share_pct"] is None


def registry():
    enterprises = pl.DataFrame({
        "id": [1, 2, 3, 4, 5, 6, 7],
        "uscc": ["91120111A", "91120111B", "91310000C", "91320000D", "91110000E", "91130000F", "91440000G"],
        "name": ["本地甲", "本地乙", "上海丙", "江苏丁", "北京戊", "河北己", "广东庚"],
        "local": [True, True, False, False, False, False, False]})
    positions = pl.DataFrame({
        "enterprise": [1, 2, 3, 4, 5, 6, 7], "chain": ["IC"] * 7,
        "node": ["IC-A", "IC-MISS", "IC-MISS", "IC-STRONG", "IC-WEAK", "IC-A", "IC-MISS"],
        "role": ["master", "core", "supporting", "supporting", "supporting", "supporting", "supporting"]})
    relations = pl.DataFrame({
        "supplier": [3, 3, 3, 2, 4, 5, 7, 3, 6],
        "customer": [1, 1, 2, 1, 1, 1, 1, 1, 1],
        "year": [2025, 2025, 2025, 2025, 2025, 2025, 2024, 2026, 2025],
        "amount_fen": [10**6, 2 * 10**6, 4 * 10**6, 10**9, 10**9, 3 * 10**6, 10**9, 10**9, 10**6]})
    return enterprises, positions, relations


STATUSES = {"IC-A": "normal", "IC-MISS": "missing", "IC-STRONG": "strong", "IC-WEAK": "weak"}
NAMES = {"IC-A": "设计", "IC-MISS": "封测", "IC-STRONG": "制造", "IC-WEAK": "设备"}


def test_gap_leads_follow_the_contract():
    enterprises, positions, relations = registry()
    leads = chain_gap_leads("IC", STATUSES, NAMES, enterprises, positions, relations, as_of=D(2025, 12, 31),
                            status_labels={"missing": "缺失", "weak": "弱"})
    # 2 is local (never a lead), 4 sits on a strong node, 7 sold only in 2024, 3's 2026 sale is after as-of
    assert [(x["uscc"], x["node"], x["local_customers"], x["amount_wan"]) for x in leads] == [
        ("91310000C", "IC-MISS", 2, 7.0), ("91110000E", "IC-WEAK", 1, 3.0)]
    assert "缺失环节「封测」" in leads[0]["reason"] and "2家企业" in leads[0]["reason"]


def test_gap_leads_use_one_latest_year_for_everyone():
    enterprises, positions, relations = registry()
    leads = chain_gap_leads("IC", STATUSES, NAMES, enterprises, positions, relations, as_of=D(2026, 3, 1))
    assert [(x["uscc"], x["amount_wan"]) for x in leads] == [("91310000C", 1000.0)]  # 2026 only
    assert chain_gap_leads("IC", STATUSES, NAMES, enterprises, positions, relations, as_of=D(2020, 1, 1)) == []


def test_master_suppliers_and_jingjinji():
    enterprises, positions, relations = registry()
    masters = master_supplier_leads("IC", NAMES, enterprises, positions, relations, as_of=D(2025, 12, 31))
    assert [x["uscc"] for x in masters] == ["91320000D", "91110000E", "91310000C", "91130000F"]
    assert masters[0]["master"] == "本地甲"
    jjj = jingjinji_leads("IC", NAMES, enterprises, positions, relations, as_of=D(2025, 12, 31))
    assert [(x["uscc"], x["province"]) for x in jjj] == [("91110000E", "北京"), ("91130000F", "河北")]


def test_stage_rules():
    check_transition("signed", "registered")
    check_transition("lead", "signed")  # skipping is allowed: a project may move several stages at once
    with pytest.raises(StageError):
        check_transition("registered", "signed")
    with pytest.raises(StageError) as err:
        check_transition("talks", "terminated")
    assert err.value.field == "reason"
    with pytest.raises(StageError):
        check_transition("terminated", "producing")
    with pytest.raises(StageError) as err:
        check_dates("registered", D(2026, 5, 1), None)
    assert err.value.field == "registered"
    with pytest.raises(StageError):
        check_dates("registered", D(2026, 5, 2), D(2026, 5, 1))
    check_dates("producing", D(2026, 5, 1), D(2026, 5, 1))


def test_pipeline_funnel_conversion_and_durations():
    p = pl.DataFrame({"id": [1, 2, 3], "stage": ["registered", "terminated", "signed"],
                      "registered": [D(2026, 5, 10), None, None]})
    e = pl.DataFrame({"project": [1, 1, 1, 2, 2, 3], "from_stage": ["", "lead", "signed", "", "lead", ""],
                      "to_stage": ["lead", "signed", "registered", "lead", "terminated", "signed"],
                      "on": [D(2026, 4, 1), D(2026, 4, 11), D(2026, 5, 10), D(2026, 4, 1), D(2026, 4, 5),
                             D(2026, 5, 1)]})
    f = pipeline_figures(p, e, today=D(2026, 5, 31))
    assert f["funnel"] == {"lead": 3, "talks": 2, "signed": 2, "registered": 1, "started": 0, "producing": 0}
    assert f["conversion_pct"]["signed->registered"] == 50.0 and f["conversion_pct"]["started->producing"] is None
    assert f["median_days"]["lead"] == 7.0  # 10 days and 4 days
    assert f["median_days"]["signed"] == 29.5  # 29 days to registration, 30 days still signed
    assert f["landed_by_month"] == {"2026-05": 1} and f["terminated"] == 1


@pytest.mark.parametrize(("result", "sentence"), [
    ({"since": "2026-04-11", "until": None, "landed": 134, "registered_capital_wan": 110300.0, "key_chain_landed": 84,
      "key_chain_share_pct": 62.7}, "4月11日以来落地项目134个，注册资金11.03亿元，其中六成以上与重点产业链相关。"),
    ({"since": "2026-04-11", "until": "2026-06-30", "landed": 2, "registered_capital_wan": 1234.5,
      "key_chain_landed": 2, "key_chain_share_pct": 100.0}, "4月11日至6月30日落地项目2个，注册资金0.12亿元，全部与重点产业链相关。"),
    ({"since": "2025-11-01", "until": "2026-02-28", "landed": 10, "registered_capital_wan": 50.0, "key_chain_landed": 6,
      "key_chain_share_pct": 60.0}, "2025年11月1日至2026年2月28日落地项目10个，注册资金0.01亿元，其中六成以上与重点产业链相关。"),
    ({"since": None, "until": None, "landed": 12, "registered_capital_wan": 5000.0, "key_chain_landed": 1,
      "key_chain_share_pct": 8.3}, "累计落地项目12个，注册资金0.50亿元，其中不足一成与重点产业链相关。"),
    ({"since": None, "until": "2026-06-30", "landed": 3, "registered_capital_wan": 150.0, "key_chain_landed": 0,
      "key_chain_share_pct": 0.0}, "截至6月30日累计落地项目3个，注册资金0.02亿元，均不在重点产业链上。"),
    ({"since": "2026-04-11", "until": None, "landed": 0, "registered_capital_wan": 0.0, "key_chain_landed": 0,
      "key_chain_share_pct": None}, "4月11日以来落地项目0个，注册资金0.00亿元。"),
    ({"since": None, "until": None, "landed": 7, "registered_capital_wan": 9999.0, "key_chain_landed": 6,
      "key_chain_share_pct": 85.7}, "累计落地项目7个，注册资金1.00亿元，其中八成以上与重点产业链相关。"),
])
def test_summary_sentence_as_the_report_writes_it(result, sentence):
    from liandong.engines.investment import summary_sentence

    assert summary_sentence(result) == sentence
