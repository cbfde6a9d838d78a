"""Gap texts never contradict themselves (issue #13 item 8): "再增加X万元即达到3.0%" only while the
printed current value is below the printed target, and X rounded up so that it really reaches it."""

from __future__ import annotations

import math
import re

import pytest

from liandong.engines.eligibility.gaps import condition_gap
from liandong.engines.eligibility.pack import Condition

RD_RATIO = Condition("rd", "研发投入强度", "rd_ratio", ">=", 0.03)


def facts(rd_expense: float, revenue: float) -> dict:
    return {"rd_expense": rd_expense, "revenue": revenue, "rd_ratio": rd_expense / revenue}


@pytest.mark.parametrize(("rd_expense", "revenue"), [
    (2970.0, 100000.0),   # 2.97% prints 3.0%
    (2999.99, 100000.0),  # 2.99999%
    (2950.0, 100000.0),   # 2.95% prints 3.0% (half up)
    (2940.0, 100000.0),   # 2.94% prints 2.9%
    (25.0, 1000.0),       # 2.5%
    (29.96, 1000.0),      # short by 0.04 万元
])
def test_the_gap_text_agrees_with_its_figures(rd_expense, revenue):
    data = facts(rd_expense, revenue)
    text = condition_gap(RD_RATIO, data)
    # the printed current value is below the printed target
    current = float(re.search(r"为(\d+(?:\.\d+)?)%", text).group(1))
    target = float(re.search(r"(?:达到|不低于)(\d+(?:\.\d+)?)%", text).group(1))
    assert current < target, text
    added = re.search(r"再增加(\d+(?:\.\d+)?)万元", text)
    if added:
        more = float(added.group(1))
        assert more > 0
        assert (rd_expense + more) / revenue >= RD_RATIO.value - 1e-12, text   # it really reaches it
        assert more - 0.1 < RD_RATIO.value * revenue - rd_expense + 1e-9       # and by no more than one step


def test_the_amount_is_rounded_up():
    text = condition_gap(RD_RATIO, facts(2940.0, 100000.0))    # 60 万元 short: exact
    assert "再增加60.0万元即达到3.0%（现为2.9%）" in text
    text = condition_gap(RD_RATIO, facts(29.96, 1000.0))       # 0.04 万元 short: 0.1, not 0.0
    assert re.search(r"再增加0\.1万元", text) or "再增加" not in text
    assert not re.search(r"再增加0\.0万元", text)
    assert math.isclose(float(re.search(r"为(\d+(?:\.\d+)?)%", text).group(1)), 2.996)
