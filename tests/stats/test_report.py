"""The statistics report over the database: CLI and API exactly as docs/reports.md, the published
line, official totals beside the platform's sum, groups (nodes, parks, tiers) and access."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from liandong.accounts.scoping import SYSTEM
from tests.enterprises.imports_helpers import run_import, write_kind
from tests.factories import make_admin, make_analyst, make_chain_officer, make_enterprise_user

CONTRACT_GROUP_KEYS = {"kind", "code", "name", "enterprises", "value_added", "growth_pct", "diff_pp", "pull_pp",
                       "contribution_pct", "share_pct"}


def run_cli(capsys, *args: str) -> tuple[int, dict]:
    code = 0
    try:
        call_command("stats", "report", *args, "--json")
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(capsys.readouterr().out)


def test_cli_reproduces_the_published_line(published_district, capsys):
    code, out = run_cli(capsys, "--period", "2023-06", "--ytd")
    assert code == 0
    assert (out["period"], out["ytd"]) == ("2023-06", True)
    assert out["total"]["enterprises"] == 6 and out["total"]["growth_pct"] == 2.7
    key = out["key_chains"]
    assert set(key) >= CONTRACT_GROUP_KEYS
    assert (key["enterprises"], key["growth_pct"], key["diff_pp"], key["pull_pp"], key["share_pct"]) == (
        5, 4.3, 1.6, 2.1, 48.6)
    assert key["value_added"] == 486 * 6
    assert out["narrative"].startswith("2023年1-6月，五条重点产业链增加值同比增长4.3%，高于规模工业1.6个百分点，"
                                       "拉动全区规模工业增加值增长2.1个百分点，占全区规模工业比重为48.6%。")
    assert "生物医药、集成电路产业链实现两位数增长" in out["narrative"]
    chains = [g for g in out["groups"] if g["kind"] == "chain"]
    assert [g["code"] for g in chains] == ["ic", "iov", "auto", "equip", "bio"]
    assert all(set(g) >= CONTRACT_GROUP_KEYS for g in chains)
    assert {g["code"]: g["growth_pct"] for g in chains}["bio"] == 12.0
    assert all(check["ok"] for check in out["checks"])


def test_month_and_ytd_differ_and_output_value_reports_the_same_way(published_district, capsys):
    _code, month = run_cli(capsys, "--period", "2023-06")
    assert month["ytd"] is False and month["key_chains"]["value_added"] == 486
    assert month["key_chains"]["growth_pct"] == 4.3
    _code, output = run_cli(capsys, "--period", "2023-06", "--ytd", "--indicator", "output_value")
    assert output["key_chains"]["output_value"] == 486 * 4 * 6
    assert "重点产业链规上企业5家" in output["narrative"]


def test_the_api_returns_the_same_report(published_district, api_client_for, capsys):
    _code, cli = run_cli(capsys, "--period", "2023-06", "--ytd")
    response = api_client_for(make_analyst()).get("/api/v1/stats/report", {"period": "2023-06", "ytd": "true"})
    assert response.status_code == 200
    assert response.json() == cli


def test_official_totals_stand_beside_the_platform_sum(published_district, tmp_path, capsys):
    rows = [{"period": "2023-06", "indicator": "value_added", "cumulative": "是", "value": 6300, "growth_pct": 2.9}]
    assert run_import(SYSTEM, "official-totals", write_kind(tmp_path / "o.xlsx", "official-totals", rows)).ok
    _code, out = run_cli(capsys, "--period", "2023-06", "--ytd")
    official = out["official"]
    assert (official["value"], official["growth_pct"]) == (6300, 2.9)
    assert (official["platform_value"], official["platform_growth_pct"]) == (6000, 2.7)
    assert official["gap_value"] == -300 and official["gap_pp"] == -0.2
    assert official["coverage_pct"] == round(6000 / 6300 * 100, 1)
    _code, month = run_cli(capsys, "--period", "2023-06")
    assert month["official"] is None  # the published figure is cumulative; the month has none


def test_groups_roll_nodes_up_and_date_tiers_and_parks_partition(published_district, capsys):
    _code, out = run_cli(capsys, "--period", "2023-06", "--ytd")
    groups = {(g["kind"], g["code"]): g for g in out["groups"]}
    # the IC enterprise sits on a level-3 node: it counts for the node and its ancestors up to the stage
    for code in ("ic.up.mat.wafer", "ic.up.mat", "ic.up"):
        assert groups[("node", code)]["enterprises"] == 1 and groups[("node", code)]["parent"] == "ic"
    # 高企 of enterprise 2 expired at the end of 2022; enterprise 1's is in force in June 2023
    assert groups[("tier", "high-tech")]["enterprises"] == 1
    parks = [g for g in out["groups"] if g["kind"] == "park"]
    assert sum(g["enterprises"] for g in parks) == 6 and {g["name"] for g in parks} >= {"学府工业园区", "未入园"}
    assert any("园区" in c["name"] and c["ok"] for c in out["checks"])


def test_an_empty_database_gives_an_empty_report(db, capsys):
    code, out = run_cli(capsys, "--period", "2024-06", "--ytd")
    assert code == 0 and out["total"]["enterprises"] == 0 and "暂无" in out["narrative"]


@pytest.mark.parametrize("period", ["2024-13", "2024-6", "June"])
def test_a_bad_period_is_rejected(db, capsys, api_client_for, period):
    code, out = run_cli(capsys, "--period", period)
    assert code == 1 and out["ok"] is False and "YYYY-MM" in out["message"]
    response = api_client_for(make_admin()).get("/api/v1/stats/report", {"period": period})
    assert response.status_code == 400 and response.json()["extra"] == {"period": period}


def test_statistics_are_for_district_staff(published_district, api_client_for):
    enterprise_user = make_enterprise_user(enterprise=published_district[1])
    assert api_client_for(enterprise_user).get("/api/v1/stats/report", {"period": "2023-06"}).status_code == 403
    assert api_client_for(None).get("/api/v1/stats/report", {"period": "2023-06"}).status_code == 401
    assert api_client_for(make_chain_officer()).get("/api/v1/stats/report", {"period": "2023-06"}).status_code == 200


def test_drill_lists_who_pulled_up_and_who_dragged_down(published_district, api_client_for):
    client = api_client_for(make_analyst())
    drill = client.get("/api/v1/stats/groups/park/none", {"period": "2023-06", "ytd": "true"}).json()
    assert drill["group"]["enterprises"] == 3
    assert [e["uscc"] for e in drill["down"]] == [published_district[4].uscc]     # auto: 138 → 136
    assert [e["uscc"] for e in drill["up"]] == [published_district[6].uscc, published_district[5].uscc]
    missing = client.get("/api/v1/stats/groups/chain/nope", {"period": "2023-06"})
    assert missing.status_code == 404


def test_trend_has_gaps_where_no_base_year_exists(published_district, api_client_for):
    trend = api_client_for(make_analyst()).get("/api/v1/stats/trend", {"period": "2023-06", "ytd": "true"}).json()
    assert len(trend["periods"]) == 24 and trend["periods"][-1] == "2023-06"
    assert trend["key_chains"][-1] == 4.3 and trend["total"][-1] == 2.7
    assert trend["total"][0] is None  # 2021-07: no 2020 figures
    assert {s["key"] for s in trend["series"]} >= {"total", "key_chains", "ic", "bio"}


def test_the_worker_job_warms_the_latest_report(published_district, django_assert_max_num_queries):
    from liandong.stats.selectors import report_bundle, stats_trend
    from liandong.stats.tasks import warm_stats_report

    warm_stats_report.call_local()  # what the worker runs after data_changed()
    with django_assert_max_num_queries(16):  # two fingerprints of eight max(id) reads each, no figures
        bundle = report_bundle(actor=SYSTEM, period="2023-06", ytd=True)
        trend = stats_trend(actor=SYSTEM, period="2023-06", ytd=True)
    assert round(bundle.report.key_chains.growth_pct, 6) == 4.3 and trend["key_chains"][-1] == 4.3
