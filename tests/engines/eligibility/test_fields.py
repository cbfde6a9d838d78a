"""Review #13 item 4: years since registration count whole calendar years — the anniversary counts
(民法典 第二百零一条、第二百零三条: a period in years ends on the corresponding day; without one, on the
month's last day, so 29 February's anniversary is 28 February). ``derive`` (vectorised, Polars) and
``calendar_years`` (plain Python) agree, and so do the vectorised and the plain evaluator on them."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liandong.engines.eligibility import calendar_years, derive, evaluate, evaluate_one

from .packs import facts_frame, load_packs

PACKS = load_packs()


def years(established: dt.date | None, as_of: dt.date) -> float | None:
    raw = pl.DataFrame({"enterprise": [1], "uscc": ["91120111MA05000000"], "established": [established]},
                       schema={"enterprise": pl.Int64, "uscc": pl.String, "established": pl.Date})
    return derive(raw, as_of)["years_registered"][0]


@pytest.mark.parametrize(("established", "as_of", "expected"), [
    (dt.date(2025, 10, 31), dt.date(2026, 10, 31), 1.0),       # the anniversary counts
    (dt.date(2024, 2, 29), dt.date(2025, 2, 28), 1.0),         # 29 Feb: the month's last day
    (dt.date(2024, 2, 29), dt.date(2028, 2, 29), 4.0),
    (dt.date(2020, 3, 1), dt.date(2024, 3, 1), 4.0),
    (dt.date(2019, 6, 30), dt.date(2027, 6, 30), 8.0),
])
def test_an_anniversary_is_a_whole_year(established, as_of, expected):
    assert years(established, as_of) == expected == calendar_years(established, as_of)


@pytest.mark.parametrize(("established", "as_of", "whole"), [
    (dt.date(2025, 10, 31), dt.date(2026, 10, 30), 0),
    (dt.date(2024, 2, 29), dt.date(2025, 2, 27), 0),
    (dt.date(2024, 2, 29), dt.date(2028, 2, 28), 3),           # leap year again: 29 Feb is the anniversary
    (dt.date(2019, 6, 30), dt.date(2027, 7, 1), 8),            # a day past 8 years: more than 8
])
def test_short_of_an_anniversary_is_short(established, as_of, whole):
    got = years(established, as_of)
    assert whole < got < whole + 1 and got == calendar_years(established, as_of)


def test_high_tech_age_on_the_anniversary_and_eaglet_past_eight_years():
    high_tech = PACKS["high-tech-2016"].version("2016")
    eaglet = PACKS["tj-eaglet-2021"].version("2021")
    for version, established, as_of, ident, holds in (
            (high_tech, dt.date(2025, 10, 31), dt.date(2026, 10, 31), "age", True),
            (high_tech, dt.date(2025, 10, 31), dt.date(2026, 10, 30), "age", False),
            (eaglet, dt.date(2018, 6, 30), dt.date(2026, 6, 30), "age", True),
            (eaglet, dt.date(2018, 6, 30), dt.date(2026, 7, 1), "age", False)):
        facts = facts_frame([{"years_registered": years(established, as_of)}])
        assert evaluate(version, facts)[f"c:{ident}"][0] is holds
        assert evaluate_one(version, {"years_registered": calendar_years(established, as_of)}).outcomes[ident].value is holds


dates = st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31))
leap_days = st.integers(1952, 2096).filter(lambda y: y % 4 == 0 and (y % 100 or y % 400 == 0)).map(
    lambda y: dt.date(y, 2, 29))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(dates, leap_days), min_size=1, max_size=30), st.one_of(dates, leap_days))
def test_vectorised_and_plain_years_agree(established, as_of):
    raw = pl.DataFrame({"enterprise": range(len(established)), "uscc": ["91120111MA05000000"] * len(established),
                        "established": established},
                       schema={"enterprise": pl.Int64, "uscc": pl.String, "established": pl.Date})
    got = derive(raw, as_of)["years_registered"].to_list()
    assert got == [calendar_years(e, as_of) for e in established]
    version = PACKS["high-tech-2016"].version("2016")
    vector = evaluate(version, derive(raw, as_of))["c:age"].to_list()
    assert vector == [evaluate_one(version, {"years_registered": y}).outcomes["age"].value for y in got]
