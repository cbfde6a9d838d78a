"""The funds engine on hand-made frames: status moves, the ledger, duplicates (docs/cli.md#funds-summary)."""

from __future__ import annotations

import polars as pl
import pytest

from liandong.engines import funds


def test_status_moves_forward_or_to_rejected_before_payment():
    funds.check_move("applied", "approved")
    funds.check_move("applied", "disbursed")
    funds.check_move("published", "rejected")
    for current, target in [("approved", "applied"), ("disbursed", "rejected"), ("rejected", "approved"),
                            ("applied", "paid")]:
        with pytest.raises(funds.StatusError):
            funds.check_move(current, target)


def test_ledger_counts_committed_and_disbursed_exactly():
    years = pl.DataFrame({"program_year": [1, 2], "code": ["B", "A"], "name": ["乙", "甲"], "year": [2026, 2026],
                          "budget_fen": [10**8, 5 * 10**7]})
    awards = pl.DataFrame({"program_year": [1, 1, 1, 1, 2], "status": ["applied", "approved", "disbursed", "rejected",
                                                                       "published"],
                           "amount_fen": [1, 30_000_001, 20_000_000, 999, 7]})
    rows = funds.ledger(years, awards).to_dicts()
    assert [(r["code"], r["committed_fen"], r["disbursed_fen"], r["remaining_fen"]) for r in rows] == [
        ("A", 7, 0, 5 * 10**7 - 7), ("B", 50_000_001, 20_000_000, 10**8 - 50_000_001)]
    assert funds.summary(funds.ledger(years, awards), [])["disbursed_wan"] == 20.0


def test_duplicates_ignore_rejected_awards_and_other_years():
    awards = pl.DataFrame({"uscc": ["U1", "U1", "U1", "U2", "U2", "U3", "U3"],
                           "project": ["p", "p", "p", "q", "q", "r", "r"],
                           "year": [2026, 2026, 2025, 2026, 2026, 2026, 2025],
                           "code": ["A", "B", "C", "A", "B", "A", "B"],
                           "status": ["approved", "applied", "approved", "approved", "rejected", "approved", "approved"]})
    assert funds.duplicates(awards) == [{"uscc": "U1", "project": "p", "year": 2026, "programs": ["A", "B"]}]


def test_about_wan_rounds_as_the_office_reports():
    assert funds.about_wan(823_600_000) == "820余万元"  # 823.6万元
    assert funds.about_wan(820_000_000) == "820万元"
    assert funds.about_wan(35_500_000) == "35余万元"
    assert funds.about_wan(3_500_000) == "3.5万元"
