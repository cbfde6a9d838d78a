"""The appeal clocks against hand-computed deadlines on the official 2026 calendar (Spring Festival
2026: 15–23 February off, Saturdays 14 and 28 February are make-up working days)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liandong.engines.calendar import (
    SHANGHAI,
    CalendarError,
    Pause,
    SlaPolicy,
    WorkCalendar,
    WorkingHours,
    alert_times,
    clocks,
    holiday_data,
)

CAL = WorkCalendar(holiday_data(range(2025, 2030)))


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def deadlines(submitted: str, **kwargs) -> tuple[str, str, str]:
    c = clocks(at(submitted), SlaPolicy(), CAL, now=kwargs.pop("now", at(submitted)), **kwargs)
    return tuple(t.strftime("%Y-%m-%d %H:%M") for t in (c.respond_by, c.dock_by, c.resolve_by))


@pytest.mark.parametrize(("submitted", "expected"), [
    # Friday 16:50: 40 minutes left today, the rest on Monday
    ("2026-11-27 16:50", ("2026-11-30 09:20", "2026-11-30 16:50", "2026-12-04 16:50")),
    # the eve of Spring Festival (Mon 16 Feb, a holiday): the clock starts when the office reopens on the 24th;
    # Saturday the 28th is a make-up working day, so the fifth working day ends then
    ("2026-02-16 10:00", ("2026-02-24 10:00", "2026-02-24 17:30", "2026-02-28 17:30")),
    # Friday 13 Feb: Saturday 14 Feb is a working day, then nine days off
    ("2026-02-13 16:00", ("2026-02-13 17:00", "2026-02-14 16:00", "2026-02-27 16:00")),
    # 03:00 at night on a Thursday: the clock starts at 09:00
    ("2026-11-26 03:00", ("2026-11-26 10:00", "2026-11-26 17:30", "2026-12-02 17:30")),
    # after closing on a working day: the next morning
    ("2026-03-03 18:10", ("2026-03-04 10:00", "2026-03-04 17:30", "2026-03-10 17:30")),
    # the example in docs/cli.md#appeals-deadlines
    ("2026-03-03 10:00", ("2026-03-03 11:00", "2026-03-04 10:00", "2026-03-10 10:00")),
])
def test_deadlines_on_the_official_calendar(submitted, expected):
    assert deadlines(submitted) == expected
    assert clocks(at(submitted), SlaPolicy(), CAL, now=at(submitted)).estimated is False


def test_a_year_without_official_data_is_estimated_with_a_warning_and_never_fails():
    c = clocks(at("2026-12-28 10:00"), SlaPolicy(), CAL, now=at("2026-12-28 10:00"))
    assert c.resolve_by == at("2027-01-05 10:00")   # 1 January 2027 off by the rule-based estimate
    assert c.estimated and "2027" in c.warnings[0]
    late = clocks(at("2029-12-31 17:00"), SlaPolicy(), CAL, now=at("2029-12-31 17:00"))
    assert late.resolve_by.year == 2030


def test_confirmed_overrides_make_a_year_official():
    data = holiday_data([2027], extra_workdays=[dt.date(2027, 1, 2)], confirmed_years=[2027])
    cal = WorkCalendar(data)
    c = clocks(at("2026-12-31 17:00"), SlaPolicy(), WorkCalendar(holiday_data([2026, 2027])), now=at("2026-12-31 17:00"))
    assert c.estimated
    assert cal.is_working_day(dt.date(2027, 1, 2))   # a Saturday made a working day
    assert not cal.is_working_day(dt.date(2027, 1, 1))
    assert cal.is_official(dt.date(2027, 6, 1))


def test_a_pause_stops_the_resolve_clock_only():
    pause = Pause(at("2026-03-03 09:00"), at("2026-03-04 13:00"))   # one working day and four hours
    respond, dock, resolve = deadlines("2026-03-02 09:00", pauses=[pause], now=at("2026-03-05 09:00"))
    assert (respond, dock) == ("2026-03-02 10:00", "2026-03-02 17:30")
    assert resolve == "2026-03-10 13:00"   # Friday 17:30 + 750 working minutes


def test_an_open_pause_moves_the_deadline_as_time_passes():
    pause = Pause(at("2026-03-03 09:00"))
    first = clocks(at("2026-03-02 09:00"), SlaPolicy(), CAL, pauses=[pause], now=at("2026-03-03 11:00"))
    later = clocks(at("2026-03-02 09:00"), SlaPolicy(), CAL, pauses=[pause], now=at("2026-03-03 15:00"))
    assert later.resolve_by - first.resolve_by == dt.timedelta(hours=4)
    assert first.paused_minutes == 120


def test_an_extension_adds_working_days():
    _r, _d, resolve = deadlines("2026-03-02 09:00", extension_minutes=2 * 510)
    assert resolve == "2026-03-10 17:30"


def test_alerts_at_half_four_fifths_and_the_deadline():
    alerts = alert_times(at("2026-03-02 09:00"), "dock", SlaPolicy(), CAL)
    assert alerts[50] == at("2026-03-02 13:15") and alerts[80] == at("2026-03-02 15:48")
    assert alerts[100] == at("2026-03-02 17:30")
    resolve = alert_times(at("2026-03-02 09:00"), "resolve", SlaPolicy(), CAL, paused=510)
    assert resolve[100] == at("2026-03-09 17:30")


def test_category_policies_and_working_hours_are_configurable():
    cal = WorkCalendar(holiday_data([2026]), WorkingHours(dt.time(8, 30), dt.time(17, 0)))
    policy = SlaPolicy.of(respond_hours=2, dock_days=2, resolve_days=10, day_minutes=cal.hours.minutes)
    c = clocks(at("2026-03-02 08:00"), policy, cal, now=at("2026-03-02 08:00"))
    assert c.respond_by == at("2026-03-02 10:30") and c.dock_by == at("2026-03-03 17:00")
    assert c.resolve_by == at("2026-03-13 17:00")


def test_bad_input_is_refused():
    with pytest.raises(CalendarError):
        CAL.add(dt.datetime(2026, 3, 2, 9), 10)   # naive
    with pytest.raises(CalendarError):
        WorkingHours(dt.time(18), dt.time(9))


moments = st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 1)).map(
    lambda d: d.replace(tzinfo=SHANGHAI, second=0, microsecond=0))


@given(moments, st.lists(st.tuples(st.integers(0, 20_000), st.integers(1, 5_000), st.integers(0, 3_000)),
                         max_size=4))
def test_deadlines_never_go_backwards(submitted, events):
    """As time passes and pauses and extensions happen, no deadline moves earlier: each event is
    observed when it happens (a pause while open and again when it ends)."""
    history, closed, extension, now = [], [], 0, submitted

    def observe(pauses):
        history.append(clocks(submitted, SlaPolicy(), CAL, now=now, pauses=pauses, extension_minutes=extension))

    observe([])
    for gap, length, extra in events:
        now += dt.timedelta(minutes=gap)
        start = now
        observe([*closed, Pause(start)])
        now += dt.timedelta(minutes=length)
        observe([*closed, Pause(start)])          # still open, later
        closed.append(Pause(start, now))
        observe(closed)                            # resumed
        extension += extra
        observe(closed)                            # an extension approved
    for before, after in zip(history, history[1:], strict=False):
        assert after.respond_by == before.respond_by and after.dock_by == before.dock_by
        assert after.resolve_by >= before.resolve_by
    assert history[0].respond_by <= history[0].dock_by <= history[0].resolve_by
