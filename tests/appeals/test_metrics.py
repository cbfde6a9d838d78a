"""Metrics by hand: on-time rates over clocks that ended, 满意率 with 基本满意 weighted 0.9, and the
time a misrouted appeal spent with the wrong department charged to the office."""

from __future__ import annotations

import pytest

from liandong.appeals.metrics import appeal_metrics, held_hours
from liandong.appeals.services import appeal_act, appeal_submit

from .conftest import at


def run_to_rating(desk, clock, start: str, respond: str, rating: str):
    clock(start)
    appeal = desk.run(appeal_submit, actor=desk.ent_user, category="finance", title="贷款", body="贷款贴息")
    clock(respond)
    for actor, action, params in ((desk.office, "respond", {}), (desk.office, "dispatch", {"department": desk.dept.pk}),
                                  (desk.staff, "accept", {}), (desk.staff, "report_solution", {"solution": "已办"}),
                                  (desk.office, "approve", {}), (desk.ent_user, "rate", {"rating": rating})):
        desk.run(appeal_act, actor=actor, number=appeal.number, action=action, version=None, **params)
    return appeal


def test_rates_and_satisfaction(desk, clock):
    run_to_rating(desk, clock, "2026-03-02 09:00", "2026-03-02 09:30", "satisfied")   # all on time
    run_to_rating(desk, clock, "2026-03-03 09:00", "2026-03-03 11:00", "basic")       # responded late
    clock("2026-03-04 09:00")
    desk.run(appeal_submit, actor=desk.ent_user, category="labour", title="招聘", body="招聘操作工")  # open, not due
    m = appeal_metrics(actor=desk.office, now=at("2026-03-04 09:10"))
    overall = m["overall"]
    assert overall["appeals"] == 3
    assert overall["response_rate"] == 50.0          # 1 of the 2 ended respond clocks on time
    assert overall["resolution_rate"] == pytest.approx(66.7)
    assert overall["satisfaction_rate"] == 95.0      # (1 + 0.9) / 2
    finance = next(r for r in m["by_category"] if r["category"] == "融资需求")
    assert finance["appeals"] == 2 and finance["dock_rate"] == 100.0
    assert [r["month"] for r in m["by_month"]] == ["2026-03"]


def test_bounce_time_is_charged_to_the_office(desk, clock):
    clock("2026-03-02 09:00")
    appeal = desk.run(appeal_submit, actor=desk.ent_user, category="finance", title="贷款", body="贷款贴息")
    act = lambda actor, action, **p: desk.run(appeal_act, actor=actor, number=appeal.number,  # noqa: E731
                                             action=action, version=None, **p)
    act(desk.office, "respond")
    act(desk.office, "dispatch", department=desk.other_dept.pk)
    clock("2026-03-02 11:00")                       # two hours with the wrong department
    act(desk.other_staff, "return", reason="应由金融局办理")
    act(desk.office, "dispatch", department=desk.dept.pk)
    clock("2026-03-02 12:00")
    act(desk.staff, "accept")
    hours = held_hours([appeal.pk])
    assert hours["链长办（派单）"] == 2.0
    assert desk.other_dept.name not in hours
    assert hours[desk.dept.name] == 1.0
