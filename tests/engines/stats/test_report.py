"""Hand-computed cases of the statistics engine (docs/reports.md#formulas)."""

from __future__ import annotations

import polars as pl
import pytest

from liandong.engines.stats import PeriodError, StatsInputError, compute_report, narrative, round_half_up

from .builders import indicators, members, published_frames, row

TWO_CHAINS = members([(1, "chain", "ic", "集成电路"), (1, "chain", "bio", "生物医药"), (2, "chain", "ic", "集成电路")])


def three_enterprises() -> pl.DataFrame:
    # (last year's VA, comparable VA now, current VA now): E1 100→120 (125), E2 200→190 (195), E3 100→110 (112)
    return indicators([
        row(1, "2025-06", 100), row(1, "2026-06", 125, 120),
        row(2, "2025-06", 200), row(2, "2026-06", 195, 190),
        row(3, "2025-06", 100), row(3, "2026-06", 112, 110),
    ])


def test_an_enterprise_on_two_chains_counts_once_in_the_key_chain_union():
    report = compute_report(three_enterprises(), TWO_CHAINS, period="2026-06", ytd=False)
    assert report.total.growth_pct == pytest.approx(5.0)              # 420 / 400
    key = report.key_chains
    assert key.enterprises == 2
    assert key.growth_pct == pytest.approx(310 / 300 * 100 - 100)     # E1 + E2 once each
    assert key.pull_pp == pytest.approx(10 / 400 * 100)
    assert key.share_pct == pytest.approx(320 / 432 * 100)
    assert key.diff_pp == pytest.approx(310 / 300 * 100 - 100 - 5.0)
    assert key.contribution_pct == pytest.approx(2.5 / 5.0 * 100)
    bio = report.group("chain", "bio")
    assert (bio.enterprises, bio.growth_pct, bio.pull_pp) == (1, pytest.approx(20.0), pytest.approx(5.0))
    ic = report.group("chain", "ic")
    assert ic.enterprises == 2 and ic.pull_pp == pytest.approx(2.5)
    # chains overlap: their pulls add up to more than the union's
    assert bio.pull_pp + ic.pull_pp > key.pull_pp


def test_an_enterprise_entering_the_list_brings_last_year_into_the_base():
    frame = pl.concat([three_enterprises(), indicators([
        row(4, "2025-06", 50, above=False), row(4, "2026-06", 64, 60, above=True)])])
    report = compute_report(frame, TWO_CHAINS, period="2026-06", ytd=False)
    assert report.total.enterprises == 4
    assert report.total.base == pytest.approx(450)
    assert report.total.growth_pct == pytest.approx((480 / 450 - 1) * 100)


def test_an_enterprise_leaving_the_list_is_dropped_from_both_years():
    frame = pl.concat([three_enterprises(), indicators([
        row(5, "2025-06", 500, above=True), row(5, "2026-06", 20, above=False)])])
    report = compute_report(frame, TWO_CHAINS, period="2026-06", ytd=False)
    assert report.total.enterprises == 3
    assert report.total.base == pytest.approx(400)
    assert report.total.growth_pct == pytest.approx(5.0)


def test_ytd_sums_january_to_the_period_and_a_missing_month_counts_zero():
    frame = indicators([
        row(1, "2025-01", 10), row(1, "2025-02", 10), row(1, "2025-03", 10),
        row(1, "2026-01", 11), row(1, "2026-03", 12),        # February not reported
        row(2, "2025-01", 20), row(2, "2025-02", 20), row(2, "2025-03", 20),
        row(2, "2026-01", 21), row(2, "2026-02", 22), row(2, "2026-03", 23),
        row(1, "2025-12", 999), row(1, "2026-04", 999),     # outside the window
    ])
    ytd = compute_report(frame, TWO_CHAINS, period="2026-03", ytd=True)
    assert ytd.total.current == pytest.approx(11 + 12 + 21 + 22 + 23)
    assert ytd.total.base == pytest.approx(90)
    assert ytd.missing_reports == 1
    assert ytd.group("chain", "bio").growth_pct == pytest.approx((23 / 30 - 1) * 100)
    month = compute_report(frame, TWO_CHAINS, period="2026-03", ytd=False)
    assert month.total.current == pytest.approx(35)
    assert month.total.base == pytest.approx(30)
    assert month.missing_reports == 0


def test_growth_uses_comparable_prices_and_share_current_prices():
    frame = indicators([row(1, "2025-06", 100), row(1, "2026-06", 130, 110), row(2, "2025-06", 100),
                        row(2, "2026-06", 70, 100)])
    report = compute_report(frame, members([(1, "chain", "ic", "集成电路")]), period="2026-06", ytd=False)
    ic = report.group("chain", "ic")
    assert ic.growth_pct == pytest.approx(10.0)
    assert ic.share_pct == pytest.approx(130 / 200 * 100)
    assert ic.base_share_pct == pytest.approx(50.0)


def test_missing_comparable_value_added_falls_back_to_current_prices_and_is_counted():
    frame = indicators([row(1, "2025-06", 100), {**row(1, "2026-06", 108), "value_added_comparable": None}])
    report = compute_report(frame, members([]), period="2026-06", ytd=False)
    assert report.total.growth_pct == pytest.approx(8.0)
    assert report.comparable_missing == 1


def test_negative_growth_reads_as_a_decline_below_the_total_and_a_drag():
    frame = indicators([row(1, "2025-06", 100), row(1, "2026-06", 90), row(2, "2025-06", 100),
                        row(2, "2026-06", 120)])
    report = compute_report(frame, members([(1, "chain", "ic", "集成电路")]), period="2026-06", ytd=False)
    assert report.key_chains.growth_pct == pytest.approx(-10.0)
    assert report.key_chains.pull_pp == pytest.approx(-5.0)
    text = narrative(report)
    assert "一条重点产业链增加值同比下降10.0%" in text
    assert "低于规模工业15.0个百分点" in text
    assert "下拉全区规模工业增加值5.0个百分点" in text


@pytest.mark.parametrize(("comparable", "printed"), [
    (104.35, 4.4), (104.25, 4.3), (104.249, 4.2), (95.65, -4.4), (100.04, 0.0), (99.96, 0.0),
])
def test_growth_prints_half_up_to_one_decimal(comparable, printed):
    frame = indicators([row(1, "2025-06", 100), row(1, "2026-06", comparable, comparable)])
    report = compute_report(frame, members([(1, "chain", "ic", "集成电路")]), period="2026-06", ytd=False)
    assert report.total.as_dict("value_added")["growth_pct"] == printed
    assert round_half_up(report.total.growth_pct) == printed


def test_the_published_line_is_reproduced_in_json_and_text():
    frame, groups = published_frames()
    report = compute_report(frame, groups, period="2023-06", ytd=True, partitions=["chain"])
    key = report.key_chains.as_dict("value_added")
    assert (key["growth_pct"], key["diff_pp"], key["pull_pp"], key["share_pct"]) == (4.3, 1.6, 2.1, 48.6)
    assert report.total.as_dict("value_added")["growth_pct"] == 2.7
    assert key["contribution_pct"] == round_half_up(report.key_chains.pull_pp / report.total.growth_pct * 100)
    text = narrative(report)
    assert text.startswith("2023年1-6月，五条重点产业链增加值同比增长4.3%，高于规模工业1.6个百分点，"
                           "拉动全区规模工业增加值增长2.1个百分点，占全区规模工业比重为48.6%。")
    assert "其中，生物医药、集成电路产业链实现两位数增长" in text
    assert "汽车及新能源汽车产业链同比下降1.4%" in text


def test_turned_positive_and_narrowing_declines_need_the_previous_period():
    frame = indicators([
        row(1, "2025-05", 100), row(1, "2026-05", 95), row(1, "2025-06", 100), row(1, "2026-06", 102),
        row(2, "2025-05", 100), row(2, "2026-05", 92), row(2, "2025-06", 100), row(2, "2026-06", 97),
    ])
    groups = members([(1, "chain", "ic", "集成电路"), (2, "chain", "bio", "生物医药")])
    now = compute_report(frame, groups, period="2026-06", ytd=False)
    before = compute_report(frame, groups, period="2026-05", ytd=False)
    text = narrative(now, before)
    assert "集成电路产业链增速由负转正" in text
    assert "生物医药产业链同比下降3.0%，降幅比5月收窄5.0个百分点" in text
    assert "由负转正" not in narrative(now)


def test_growing_share_counts_enterprises_that_grew():
    frame = indicators([row(1, "2025-06", 100), row(1, "2026-06", 101), row(2, "2025-06", 100),
                        row(2, "2026-06", 99), row(3, "2025-06", 100), row(3, "2026-06", 100)])
    report = compute_report(frame, members([(e, "chain", "ic", "集成电路") for e in (1, 2, 3)]),
                            period="2026-06", ytd=False)
    assert report.key_chains.growing == 1
    assert report.key_chains.growing_pct == pytest.approx(100 / 3)
    assert "增长面为33.3%" in narrative(report)


def test_groups_without_listed_enterprises_are_reported_empty():
    frame = indicators([row(1, "2025-06", 100), row(1, "2026-06", 110), row(2, "2026-06", 5, above=False)])
    report = compute_report(frame, members([(1, "chain", "ic", "集成电路"), (2, "chain", "bio", "生物医药")]),
                            period="2026-06", ytd=False)
    bio = report.group("chain", "bio")
    assert bio.enterprises == 0 and bio.growth_pct is None and bio.share_pct == 0.0


def test_no_data_gives_an_empty_report_not_an_error():
    report = compute_report(indicators([]), members([]), period="2024-06", ytd=True)
    assert report.total.enterprises == 0 and report.total.growth_pct is None
    assert report.checks == []
    assert "暂无" in narrative(report)


def test_other_indicators_report_value_growth_and_share():
    frame = indicators([row(1, "2025-06", 1, output=4e8), row(1, "2026-06", 1, output=5e8),
                        row(2, "2025-06", 1, output=6e8), row(2, "2026-06", 1, output=6e8)])
    report = compute_report(frame, members([(1, "chain", "auto", "汽车及新能源汽车")]), period="2026-06", ytd=False,
                            indicator="output_value")
    assert report.key_chains.growth_pct == pytest.approx(25.0)
    assert report.key_chains.share_pct == pytest.approx(5 / 11 * 100)
    assert "汽车及新能源汽车产业链规上企业1家，工业总产值5.0亿元，同比增长25.0%，占比45.5%" in narrative(report)


def test_bad_input_is_refused():
    with pytest.raises(PeriodError):
        compute_report(indicators([]), members([]), period="2026-13", ytd=False)
    with pytest.raises(StatsInputError):
        compute_report(indicators([]), members([]), period="2026-06", ytd=False, indicator="taxes")
    with pytest.raises(StatsInputError):
        compute_report(indicators([]).drop("above_scale"), members([]), period="2026-06", ytd=False)


def test_a_check_fails_when_a_declared_partition_overlaps():
    report = compute_report(three_enterprises(), TWO_CHAINS, period="2026-06", ytd=False, partitions=["chain"])
    by_name = {check.name: check for check in report.checks}
    assert by_name["重点产业链 + 其他: Σ拉动 = 规上增速"].ok
    overlapping = by_name["产业链: Σ拉动 = 规上增速"]
    assert not overlapping.ok and overlapping.actual == pytest.approx(7.5)  # ic 2.5 + bio 5.0, E3 left out


def test_the_catalogue_reports_groups_without_enterprises_in_its_order():
    catalogue = pl.DataFrame({"kind": ["chain"] * 3, "code": ["equip", "ic", "bio"], "name": ["高端装备", "集成电路", "生物医药"]})
    report = compute_report(three_enterprises(), TWO_CHAINS, period="2026-06", ytd=False, catalogue=catalogue)
    assert [g.code for g in report.of_kind("chain")] == ["equip", "ic", "bio"]
    assert report.group("chain", "equip").enterprises == 0
    assert narrative(report).startswith("2026年6月，三条重点产业链")
