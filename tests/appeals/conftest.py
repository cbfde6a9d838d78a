"""An appeals desk: the office (an admin with e-mail), a lead department with staff and a head, a
second department, an enterprise with its user, another enterprise's user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from liandong.engines.calendar import SHANGHAI
from tests.factories import (
    make_admin,
    make_department,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
)


@dataclass
class Desk:
    office: object
    dept: object
    staff: object
    head: object
    other_dept: object
    other_staff: object
    enterprise: object
    ent_user: object
    stranger: object
    run: object  # ``committed``: run a service, then its on-commit work


@pytest.fixture
def desk(db, committed) -> Desk:
    dept, other = make_department("区金融工作局"), make_department("区商务局")
    enterprise = make_enterprise(name="天津诉求测试科技有限公司")
    return Desk(office=make_admin(email="office@example.cn"), dept=dept,
                staff=make_department_user(dept, email="staff@example.cn"),
                head=make_department_user(dept, email="head@example.cn", is_department_head=True),
                other_dept=other, other_staff=make_department_user(other), enterprise=enterprise,
                ent_user=make_enterprise_user(enterprise), stranger=make_enterprise_user(), run=committed)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    """``clock("2026-11-27 16:50")`` moves the wall clock there (Asia/Shanghai), ticking."""
    travellers = []

    def move(text: str) -> dt.datetime:
        for t in travellers:
            t.stop()
        travellers.clear()
        traveller = time_machine.travel(at(text), tick=False)
        traveller.start()
        travellers.append(traveller)
        return at(text)

    yield move
    for t in travellers:
        t.stop()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(service, **kwargs)``: run a service and then its on-commit work (notifications), as
    after a real commit (test transactions never commit)."""
    def run(service, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(*args, **kwargs)

    return run
