"""Identities of the report on random data: for any full partition the pulls add up to the total
growth and the contributions to 100%; previous share × growth = pull for every group."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liandong.engines.stats import compute_report

from .builders import indicators, members, row

amount = st.floats(min_value=1.0, max_value=1e7, allow_nan=False)
enterprise = st.tuples(amount, amount, amount, st.integers(0, 5), st.booleans())


@settings(max_examples=150, deadline=None)
@given(st.lists(enterprise, min_size=1, max_size=40))
def test_pulls_of_a_partition_add_up_to_total_growth(data):
    rows, groups = [], []
    for i, (base, comparable, current, part, on_chain) in enumerate(data):
        rows += [row(i, "2025-01", base / 2), row(i, "2025-02", base / 2),
                 row(i, "2026-01", current / 2, comparable / 2), row(i, "2026-02", current / 2, comparable / 2)]
        groups.append((i, "park", f"p{part}", f"园区{part}"))
        if on_chain:
            groups.append((i, "chain", "ic", "集成电路"))
    report = compute_report(indicators(rows), members(groups), period="2026-02", ytd=True, partitions=["park"])
    total = report.total.growth_pct
    parks = report.of_kind("park")
    assert sum(g.pull_pp for g in parks) == pytest.approx(total, rel=1e-9, abs=1e-9)
    if abs(total) > 1e-6:
        assert sum(g.contribution_pct for g in parks) == pytest.approx(100.0, rel=1e-6)
    for g in [report.key_chains, *report.groups]:
        if g.enterprises:
            assert g.base_share_pct * g.growth_pct / 100 == pytest.approx(g.pull_pp, rel=1e-9, abs=1e-9)
    assert all(check.ok for check in report.checks), report.checks
