"""The report on random data, against the documented formulas computed here by hand
(docs/reports.md#formulas, docs/domains/stats.md): the list is the enterprises above scale in period t,
last year's base the same enterprises a year earlier whatever their status then, missing rows and
empty cells count 0, comparable value added falls back to current prices. The data has empty cells,
zero and missing bases, missing months, and enterprises entering and leaving the list (规上 status
changing between the base year and now, or within the year). The identities hold as well: the pulls
of any full partition add up to the total growth, the contributions to 100%, and previous share ×
growth = pull for every group."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from liandong.engines.stats import compute_report

from .builders import indicators, members

BASE_MONTHS, MONTHS = ("2025-01", "2025-02"), ("2026-01", "2026-02")
PERIOD = "2026-02"

amount = st.one_of(st.none(), st.just(0.0), st.floats(min_value=1.0, max_value=1e7, allow_nan=False))
# a month of one enterprise: no report at all, or (规上 then, current-price VA, comparable VA)
month = st.one_of(st.none(), st.tuples(st.booleans(), amount, amount))
enterprise = st.fixed_dictionaries({
    "base": st.tuples(month, month), "now": st.tuples(month, month),
    "park": st.integers(0, 3), "chain": st.sampled_from([None, "ic", "bio"]), "also_bio": st.booleans()})


def frames(data: list[dict]):
    rows, groups = [], []
    for i, e in enumerate(data):
        for period, m in [*zip(BASE_MONTHS, e["base"], strict=True), *zip(MONTHS, e["now"], strict=True)]:
            if m is not None:
                above, va, vac = m
                rows.append({"enterprise": i, "period": period, "above_scale": above, "value_added": va,
                             "value_added_comparable": vac, "output_value": None, "revenue": None,
                             "profit": None, "rd_expense": None})
        groups.append((i, "park", f"p{e['park']}", f"园区{e['park']}"))
        if e["chain"]:
            groups.append((i, "chain", e["chain"], e["chain"]))
            if e["also_bio"] and e["chain"] != "bio":
                groups.append((i, "chain", "bio", "bio"))
    return indicators(rows), members(groups)


def by_hand(e: dict, ytd: bool) -> tuple[float, float, float] | None:
    """(value, current, base) of one enterprise, or None when it is not on the period's list."""
    period_month = e["now"][-1]
    if period_month is None or not period_month[0]:
        return None
    now = e["now"] if ytd else e["now"][-1:]
    base = e["base"] if ytd else e["base"][-1:]
    value = sum(m[1] or 0.0 for m in now if m)
    current = sum((m[2] if m[2] is not None else m[1]) or 0.0 for m in now if m)
    return value, current, sum(m[1] or 0.0 for m in base if m)


def ratio(a: float, b: float) -> float | None:
    return a / b * 100 if b else None


def close(actual: float | None, expected: float | None, scale: float = 1.0) -> bool:
    if expected is None or actual is None:
        return actual is None and expected is None
    return actual == pytest.approx(expected, rel=1e-9, abs=1e-9 * max(1.0, scale))


ENTERING = {"base": ((False, 40.0, None), (False, 60.0, None)), "now": ((True, 55.0, 50.0), (True, 70.0, 66.0)),
            "park": 0, "chain": "ic", "also_bio": False}
LEAVING = {"base": ((True, 500.0, None), (True, 500.0, None)), "now": ((True, 30.0, None), (False, 20.0, None)),
           "park": 1, "chain": "bio", "also_bio": False}
NEW = {"base": (None, None), "now": (None, (True, 80.0, None)), "park": 0, "chain": "ic", "also_bio": True}


@settings(max_examples=120, deadline=None)
@given(st.lists(enterprise, min_size=1, max_size=25), st.booleans())
@example([ENTERING, LEAVING, NEW], True)
@example([NEW], True)  # nothing a year earlier: every base is zero
def test_figures_follow_the_formulas_and_the_identities_hold(data, ytd):
    frame, groups = frames(data)
    report = compute_report(frame, groups, period=PERIOD, ytd=ytd, partitions=["park"])

    listed = {i: f for i, e in enumerate(data) if (f := by_hand(e, ytd)) is not None}
    value, current, base = (sum(f[k] for f in listed.values()) for k in range(3))
    total = report.total
    assert total.enterprises == len(listed)
    assert close(total.value, value, value) and close(total.current, current, current) and close(total.base, base, base)
    growth = ratio(current - base, base)
    assert close(total.growth_pct, growth, abs(growth or 0))
    months = [data[i]["now"] if ytd else data[i]["now"][-1:] for i in listed]  # data quality, counted
    assert report.missing_reports == sum(1 for ms in months for m in ms if m is None)
    assert report.comparable_missing == sum(1 for ms in months for m in ms if m and m[2] is None and m[1] is not None)

    def expect(g, members_: set[int]) -> None:
        mine = [listed[i] for i in members_ if i in listed]
        v, c, b = (sum(f[k] for f in mine) for k in range(3))
        assert g.enterprises == len(mine)
        assert g.growing == sum(1 for f in mine if f[1] > f[2])
        g_growth, pull = ratio(c - b, b), ratio(c - b, base)
        assert close(g.growth_pct, g_growth, abs(g_growth or 0))
        assert close(g.pull_pp, pull, abs(pull or 0) + abs(ratio(c + b, base) or 0))
        assert close(g.share_pct, ratio(v, value), 100)
        assert close(g.base_share_pct, ratio(b, base), 100)
        if g_growth is not None and growth is not None:
            assert close(g.diff_pp, g_growth - growth, abs(g_growth) + abs(growth))
        else:
            assert g.diff_pp is None
        if pull is not None and growth:
            assert close(g.contribution_pct, pull / growth * 100, abs(pull / growth * 100) + abs(ratio(c + b, base) or 0) / abs(growth) * 100)
        else:
            assert g.contribution_pct is None

    on_chain = {i for i, e in enumerate(data) if e["chain"]}
    expect(report.key_chains, on_chain)
    for g in report.of_kind("park"):
        expect(g, {i for i, e in enumerate(data) if f"p{e['park']}" == g.code})
    for g in report.of_kind("chain"):
        expect(g, {i for i, e in enumerate(data)
                   if e["chain"] == g.code or (g.code == "bio" and e["chain"] and e["also_bio"])})

    # the identities, wherever they are defined
    parks = report.of_kind("park")
    if growth is not None:
        assert sum(g.pull_pp for g in parks) == pytest.approx(growth, rel=1e-9, abs=1e-9 * max(1.0, abs(growth)))
        if abs(growth) > 1e-6:
            assert sum(g.contribution_pct or 0.0 for g in parks) == pytest.approx(100.0, rel=1e-6)
    for g in [report.key_chains, *report.groups]:
        if g.growth_pct is not None and g.base_share_pct is not None:
            assert g.base_share_pct * g.growth_pct / 100 == pytest.approx(g.pull_pp, rel=1e-9, abs=1e-9)
    assert all(check.ok for check in report.checks), report.checks
