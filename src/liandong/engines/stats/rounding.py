"""Display rounding as the statistics bureau prints figures (四舍五入, half away from zero).

Ratios are computed from unrounded sums in binary floating point, where a figure that is exactly
4.35 may arrive as 4.3499999999999996; it is first rounded to ``GUARD`` decimals (far below the
precision of any input in 分) so that such a value prints as 4.4, then rounded half-up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

GUARD = 9


def round_half_up(value: float | None, digits: int = 1) -> float | None:
    if value is None:
        return None
    exact = Decimal(repr(round(value, GUARD)))
    rounded = float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    return 0.0 if rounded == 0 else rounded  # never print "-0.0"


def fmt1(value: float | None) -> str:
    """One decimal, half-up, as text ("4.3"); an em dash where the figure is undefined."""
    rounded = round_half_up(value, 1)
    return "—" if rounded is None else f"{rounded:.1f}"
