"""The sweep: warnings at 50% and 80%, escalation at 100%, once each however often it runs, to the
holder (and at 100% the department head and the office), in the app, by e-mail and to group robots."""

from __future__ import annotations

import pytest
from django.core import mail

from liandong.appeals.alerts import sweep
from liandong.appeals.models import AppealEvent
from liandong.appeals.services import appeal_act, appeal_submit
from liandong.notifications.models import Delivery, DepartmentChannels, Notification
from liandong.notifications.services import webhook_payload

from .conftest import at
from .webhook_server import Recorder


def new_appeal(desk):
    return desk.run(appeal_submit, actor=desk.ent_user, category="finance", title="贷款贴息",
                    body="需要流动资金贷款贴息政策支持")


def act(desk, actor, appeal, action, **params):
    return desk.run(appeal_act, actor=actor, number=appeal.number, action=action, version=None, **params)


def alerts_of(user, kind=None):
    qs = Notification.objects.filter(recipient=user, kind__in=[kind] if kind else ["warning", "escalation"])
    return sorted(qs.values_list("title", flat=True))


def test_respond_clock_warns_at_half_and_four_fifths_then_escalates_once(desk, clock):
    clock("2026-03-02 09:00")
    appeal = new_appeal(desk)
    assert sweep(at("2026-03-02 09:29"))["notifications"] == 0
    assert sweep(at("2026-03-02 09:30"))["notifications"] == 1
    assert alerts_of(desk.office) == [f"【预警】诉求{appeal.number}响应时限已过50%"]
    sweep(at("2026-03-02 09:48"))
    first = sweep(at("2026-03-02 10:00"))
    assert first["escalations"] == 1
    again = [sweep(at("2026-03-02 10:00")), sweep(at("2026-03-02 10:01"))]
    assert all(r["notifications"] == 0 and r["escalations"] == 0 for r in again)
    assert len(alerts_of(desk.office)) == 3
    assert AppealEvent.objects.filter(appeal=appeal, kind="escalate").count() == 1
    assert desk.office.email in [m.to[0] for m in mail.outbox]
    assert len([m for m in mail.outbox if "督办" in m.subject]) == 1


def test_after_dispatch_the_department_gets_the_alerts_and_its_head_the_escalation(desk, clock):
    DepartmentChannels.objects.create(organization=desk.dept, email=False)
    clock("2026-03-02 09:00")
    appeal = new_appeal(desk)
    act(desk, desk.office, appeal, "respond")
    act(desk, desk.office, appeal, "dispatch", department=desk.dept.pk)
    sweep(at("2026-03-02 13:15"))               # half of the dock day
    assert alerts_of(desk.staff) == [f"【预警】诉求{appeal.number}对接时限已过50%"]
    assert alerts_of(desk.head) == alerts_of(desk.staff)
    sweep(at("2026-03-02 17:31"))
    assert f"【督办】诉求{appeal.number}已超过对接时限" in alerts_of(desk.head, "escalation")
    assert f"【督办】诉求{appeal.number}已超过对接时限" in alerts_of(desk.office, "escalation")
    assert not [m for m in mail.outbox if m.to == [desk.staff.email]]  # the department turned e-mail off


def test_group_robots_receive_each_alert_once(desk, clock):
    with Recorder() as robot:
        DepartmentChannels.objects.create(organization=desk.dept, webhook_format="wecom", webhook_url=robot.url)
        clock("2026-03-02 09:00")
        appeal = new_appeal(desk)
        act(desk, desk.office, appeal, "respond")
        act(desk, desk.office, appeal, "dispatch", department=desk.dept.pk)
        for moment in ("2026-03-02 13:15", "2026-03-02 13:16", "2026-03-02 17:31", "2026-03-02 17:32"):
            sweep(at(moment))
    contents = [m["markdown"]["content"] for m in robot.messages]
    assert [m["msgtype"] for m in robot.messages] == ["markdown"] * 3
    assert sum("50%" in c for c in contents) == 1 and sum("80%" in c for c in contents) == 1
    assert sum("督办" in c for c in contents) == 1
    assert Delivery.objects.filter(channel="wecom", state="sent").count() == 3


def test_a_robot_that_is_down_fails_the_delivery_without_stopping_the_sweep(desk, clock):
    DepartmentChannels.objects.create(organization=desk.dept, webhook_format="dingtalk",
                                      webhook_url="http://127.0.0.1:9/robot/send")
    clock("2026-03-02 09:00")
    appeal = new_appeal(desk)
    act(desk, desk.office, appeal, "respond")
    act(desk, desk.office, appeal, "dispatch", department=desk.dept.pk)
    result = sweep(at("2026-03-02 13:15"))
    assert result["notifications"] >= 1
    failed = Delivery.objects.get(channel="dingtalk")
    assert failed.state == "failed" and failed.error
    assert sweep(at("2026-03-02 13:16"))["sent"] == 0  # not retried: at most once


def test_a_paused_appeal_raises_no_resolve_alerts(desk, clock):
    clock("2026-03-02 09:00")
    appeal = new_appeal(desk)
    act(desk, desk.office, appeal, "respond")
    act(desk, desk.office, appeal, "dispatch", department=desk.dept.pk)
    act(desk, desk.staff, appeal, "accept")
    act(desk, desk.staff, appeal, "pause", reason="等待企业提供材料")
    sweep(at("2026-03-20 10:00"))
    assert not [t for t in alerts_of(desk.staff) if "解决" in t]


def test_dingtalk_and_wecom_message_formats():
    wecom = webhook_payload("wecom", "【督办】诉求SQ1已超过解决时限", "企业：事项\n时限：2026-03-06")
    assert wecom == {"msgtype": "markdown",
                     "markdown": {"content": "**【督办】诉求SQ1已超过解决时限**\n\n企业：事项\n\n时限：2026-03-06"}}
    ding = webhook_payload("dingtalk", "标题", "正文")
    assert ding["markdown"]["title"] == "标题" and ding["markdown"]["text"].startswith("**标题**")


@pytest.mark.parametrize("moment", ["2026-03-02 09:29", "2026-03-02 09:30"])
def test_next_alert_drives_the_sweep(desk, clock, moment):
    clock("2026-03-02 09:00")
    appeal = new_appeal(desk)
    result = sweep(at(moment))
    appeal.refresh_from_db()
    assert result["appeals"] == (1 if moment.endswith("09:30") else 0)
    assert appeal.next_alert_at == at("2026-03-02 09:48" if moment.endswith("09:30") else "2026-03-02 09:30")
