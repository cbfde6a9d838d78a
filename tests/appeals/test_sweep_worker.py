"""The sweep for real: a ``liandong worker`` process (Huey on its SQLite queue, or on Redis at
127.0.0.1:6379) raises the alerts of an overdue appeal; the worker is killed and restarted and the
sweep runs again: no notification, e-mail or group-robot message is sent twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .webhook_server import Recorder

CLI = Path(sys.executable).with_name("liandong")
REDIS_URL = "redis://127.0.0.1:6379/13"

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                                reason="runs its own SQLite database in subprocesses; once per suite is enough")

SETUP = """
import datetime as dt
from django.utils import timezone
from liandong.accounts.models import Organization, User
from liandong.notifications.models import DepartmentChannels
from liandong.appeals.services import appeal_act, appeal_submit
from liandong.enterprises.models import Enterprise
dept = Organization.objects.create(name="区金融工作局", kind="department")
DepartmentChannels.objects.create(organization=dept, webhook_format="wecom", webhook_url={url!r})
User.objects.create(username="staff", role="department", organization=dept, email="staff@example.cn")
User.objects.create(username="office", role="admin", email="office@example.cn")
office = User.objects.get(username="office")
ent = Enterprise.objects.create(uscc={uscc!r}, name="天津测试科技有限公司")
user = User.objects.create(username="ent", role="enterprise", enterprise=ent)
past = timezone.now() - dt.timedelta(days=10)
a = appeal_submit(actor=user, category="finance", title="贷款", body="贷款贴息", now=past)
appeal_act(actor=office, number=a.number, action="respond", version=None, now=past + dt.timedelta(minutes=20))
appeal_act(actor=office, number=a.number, action="dispatch", version=None, department=dept.pk,
           now=past + dt.timedelta(minutes=30))
"""
ENQUEUE = "from liandong.appeals.tasks import appeals_sweep_now; print(appeals_sweep_now().id)"
RESULT = "from huey.contrib.djhuey import HUEY; print(HUEY.result({task_id!r}, preserve=True))"


def shell(env, code: str) -> str:
    return subprocess.run([str(CLI), "shell", "-c", code], env=env, check=True, capture_output=True,
                          text=True).stdout.strip().splitlines()[-1]


def wait_for(env, task_id: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = shell(env, RESULT.format(task_id=task_id))
        if result != "None":
            return result
        time.sleep(0.5)
    raise AssertionError(f"task {task_id} did not finish")


def worker(env) -> subprocess.Popen:
    return subprocess.Popen([str(CLI), "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {
            "notifications": con.execute("SELECT count(*) FROM appeals_notification WHERE kind IN "
                                         "('warning','escalation')").fetchone()[0],
            "deliveries": con.execute("SELECT count(*) FROM appeals_delivery").fetchone()[0],
            "sent": con.execute("SELECT count(*) FROM appeals_delivery WHERE state='sent'").fetchone()[0],
            "escalations": con.execute("SELECT count(*) FROM appeals_appealevent WHERE kind='escalate'").fetchone()[0],
            "robot": con.execute("SELECT count(*) FROM appeals_delivery WHERE channel='wecom'").fetchone()[0],
            "email": con.execute("SELECT count(*) FROM appeals_delivery WHERE channel='email'").fetchone()[0],
        }
    finally:
        con.close()


@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_a_restarted_worker_sends_nothing_twice(tmp_path, queue):
    from tests.factories import make_uscc

    env = {**os.environ, "LIANDONG_DB": str(tmp_path / "db.sqlite3"), "LIANDONG_VAR": str(tmp_path),
           "LIANDONG_HUEY_DB": str(tmp_path / "huey.sqlite3"), "LIANDONG_HUEY_IMMEDIATE": ""}
    env.pop("DATABASE_URL", None)
    env.pop("LIANDONG_CACHE", None)
    if queue == "redis":
        import redis

        try:
            redis.Redis.from_url(REDIS_URL).flushdb()
        except redis.ConnectionError:
            pytest.fail("Redis does not answer at 127.0.0.1:6379")
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    subprocess.run([str(CLI), "migrate", "-v", "0"], env=env, check=True)
    with Recorder() as robot:
        shell(env, SETUP.format(url=robot.url, uscc=make_uscc()))
        first = worker(env)
        try:
            wait_for(env, shell(env, ENQUEUE))
        finally:
            os.killpg(first.pid, signal.SIGKILL)  # a crash, not a clean stop
            first.wait(timeout=20)
        after_first = counts(tmp_path / "db.sqlite3")
        messages_first = len(robot.messages)
        second = worker(env)
        try:
            for _ in range(2):
                wait_for(env, shell(env, ENQUEUE))
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(timeout=20)
    after = counts(tmp_path / "db.sqlite3")
    assert after_first["escalations"] == 2  # respond was done; dock and resolve are overdue
    assert after_first["deliveries"] == after_first["sent"] > 0
    assert after == after_first
    assert len(robot.messages) == messages_first == after_first["robot"] > 0
    mails = sum(f.read_text().count("Message-ID:") for f in (tmp_path / "mail").glob("*"))  # the file backend
    assert mails == after_first["email"] > 0
