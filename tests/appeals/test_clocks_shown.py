"""Appeal clocks as people read them (review #13 item 15): the deadline as a date and time and the time
left in working days and hours (one working day = LIANDONG_WORKING_HOURS, 8.5 hours), not a count of
working minutes; 已退单 appeals leave the 未结 list for their own tab and their clocks stop."""

from __future__ import annotations

import re

from liandong.appeals.alerts import running_clocks
from liandong.appeals.models import Appeal
from liandong.appeals.selectors import working_time_text
from liandong.appeals.services import appeal_act, appeal_submit
from tests.pages import client_for


def clocks_of(html: str) -> dict[str, str]:
    """The visible text of each clock on a page: {"respond": "…", "dock": "…", "resolve": "…"}."""
    found = re.findall(r'<span class="clock [^"]*" data-clock="(\w+)"[^>]*>(.*?)</span>', html, flags=re.S)
    return {name: re.sub(r"<[^>]+>|\s+", "", text) for name, text in found}


def submit(desk):
    return desk.run(appeal_submit, actor=desk.ent_user, category="finance", title="贷款贴息", body="需要贴息支持")


def act(desk, actor, appeal, action, **params):
    return desk.run(appeal_act, actor=actor, number=appeal.number, action=action, version=None, **params)


def test_working_time_reads_in_working_days_and_hours():
    day = 510  # 09:00-17:30
    assert working_time_text(2180, day) == "4个工作日 2.5小时"  # 4 × 510 + 140 minutes (2⅓ h, to the half hour)
    assert working_time_text(60, day) == "1小时"
    assert working_time_text(40, day) == "40分钟"
    assert working_time_text(510, day) == "1个工作日"
    assert working_time_text(505, day) == "1个工作日"  # 8.4 hours rounds up to a whole day
    assert working_time_text(390, day) == "6.5小时"


def test_clocks_show_the_deadline_and_the_working_time_left_or_over(desk, clock):
    clock("2026-03-02 09:00")  # Monday
    appeal = submit(desk)
    page = client_for(desk.ent_user).get(f"/appeals/{appeal.number}/").content.decode()
    shown = clocks_of(page)
    assert shown["respond"] == "响应·截止3月2日10:00（剩余1小时）"
    assert shown["resolve"] == "解决·截止3月6日17:30（剩余5个工作日）"
    clock("2026-03-02 09:30")
    act(desk, desk.office, appeal, "respond")
    clock("2026-03-03 11:00")  # Tuesday: the dock deadline (Monday 17:30) passed two working hours ago
    inbox = client_for(desk.office).get("/appeals/").content.decode()
    shown = clocks_of(inbox)
    assert shown["respond"] == "响应·✓"
    assert shown["dock"] == "对接·截止3月2日17:30（已超时2小时）"
    assert shown["resolve"] == "解决·截止3月6日17:30（剩余3个工作日6.5小时）"
    assert "分钟" not in "".join(shown.values())


def test_a_returned_appeal_leaves_the_open_list_and_its_clocks_stop(desk, clock):
    clock("2026-03-02 09:00")
    appeal = submit(desk)
    act(desk, desk.office, appeal, "respond")
    act(desk, desk.office, appeal, "dispatch", department=desk.other_dept.pk)
    appeal = act(desk, desk.other_staff, appeal, "return", reason="不属于本部门职责")
    waiting = submit(desk)  # another appeal, still in progress
    assert appeal.status == Appeal.Status.RETURNED
    assert running_clocks(appeal) == [] and appeal.next_alert_at is None  # no alerts while it waits

    office = client_for(desk.office)
    assert appeal.number not in office.get("/appeals/").content.decode()  # 未结: in progress only
    returned = office.get("/appeals/", {"scope": "returned"}).content.decode()
    assert appeal.number in returned and "已退单" in returned and waiting.number not in returned
    assert waiting.number in office.get("/appeals/").content.decode()
    shown = clocks_of(returned)
    assert shown["dock"] == "对接·已停止" and shown["resolve"] == "解决·已停止"
    assert appeal.number in office.get("/appeals/", {"scope": "all"}).content.decode()

    appeal = act(desk, desk.office, appeal, "dispatch", department=desk.dept.pk)  # the clocks run again
    assert running_clocks(appeal) == ["dock", "resolve"] and appeal.next_alert_at is not None
    assert appeal.number in office.get("/appeals/").content.decode()
