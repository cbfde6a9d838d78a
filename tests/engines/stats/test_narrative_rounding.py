"""The paragraph classifies each chain by the figure it prints (issue #13 item 8): a growth that
prints 0.0% is neither a decline nor a rise, 由负转正 and 降幅收窄 follow the printed figures."""

from __future__ import annotations

import pytest

from liandong.engines.stats import compute_report, narrative, round_half_up

from .builders import indicators, members, row

GROUPS = members([(1, "chain", "ic", "集成电路"), (2, "chain", "bio", "生物医药")])


def two_months(ic: tuple[float, float], bio: tuple[float, float] = (105.0, 105.0)):
    """Growth of each chain in May and June 2026 (last year's figure is 100 every month)."""
    return indicators([
        row(1, "2025-05", 100), row(1, "2026-05", ic[0]), row(1, "2025-06", 100), row(1, "2026-06", ic[1]),
        row(2, "2025-05", 100), row(2, "2026-05", bio[0]), row(2, "2025-06", 100), row(2, "2026-06", bio[1]),
    ])


def reports(frame):
    return (compute_report(frame, GROUPS, period="2026-06", ytd=False),
            compute_report(frame, GROUPS, period="2026-05", ytd=False))


def clause(text: str, name: str) -> str:
    """The clause of the paragraph's 其中… part that names ``name``."""
    tail = text.split("其中，", 1)[1]
    return next(part for part in tail.replace("。", "；").split("；") if name in part)


@pytest.mark.parametrize("june", [99.97, 100.03, 99.95, 99.94, 100.05, 98.0, 102.0])
def test_a_chain_is_classified_by_its_printed_growth(june):
    now, before = reports(two_months((100.0, june)))
    text = narrative(now, before)
    printed = round_half_up(now.group("chain", "ic").growth_pct)
    words = clause(text, "集成电路")
    if printed < 0:
        assert f"下降{abs(printed):.1f}%" in words and "增长" not in words
    elif printed > 0:
        assert "增长" in words and f"{printed:.1f}%" in words and "下降" not in words
    else:
        assert "持平" in words and "下降" not in words and "增长" not in words


def test_no_turn_to_positive_from_a_growth_that_printed_zero():
    now, before = reports(two_months((99.96, 102.0)))      # May −0.04% prints 0.0%, June +2.0%
    assert round_half_up(before.group("chain", "ic").growth_pct) == 0.0
    assert "由负转正" not in narrative(now, before)
    words = clause(narrative(now, before), "集成电路")
    assert "增长" in words and "2.0%" in words


def test_a_decline_that_prints_as_zero_has_no_narrowing():
    now, before = reports(two_months((98.0, 99.97)))       # −2.0% in May, −0.03% in June
    words = clause(narrative(now, before), "集成电路")
    assert "收窄" not in words and "下降" not in words and "持平" in words


def test_narrowing_follows_the_printed_figures():
    # the same printed decline is no narrowing
    now, before = reports(two_months((96.96, 96.99)))      # −3.04% and −3.01% both print −3.0%
    words = clause(narrative(now, before), "集成电路")
    assert words == "集成电路产业链同比下降3.0%"
    # printed −5.0% then −3.0%: narrowed by 2.0 points (unrounded 2.08 would print 2.1)
    now, before = reports(two_months((94.96, 97.04)))
    assert round_half_up(before.group("chain", "ic").growth_pct) == -5.0
    assert round_half_up(now.group("chain", "ic").growth_pct) == -3.0
    assert "同比下降3.0%，降幅比5月收窄2.0个百分点" in narrative(now, before)
