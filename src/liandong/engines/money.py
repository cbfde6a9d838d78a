"""Money in the engines: integer fen (分), so sums are exact; 万元 at the edges (docs/architecture.md#data)."""

from __future__ import annotations

from decimal import Decimal

FEN_PER_WAN = 1_000_000
"""1 万元 = 10,000 yuan = 1,000,000 fen."""


def fen_to_wan(fen: int | None) -> float:
    """Integer fen as 万元 (exact through Decimal, then a float for JSON)."""
    return float(Decimal(int(fen or 0)) / FEN_PER_WAN)


def fen_to_wan_decimal(fen: int | None) -> Decimal:
    return Decimal(int(fen or 0)) / FEN_PER_WAN
