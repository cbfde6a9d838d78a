"""The background worker for real: a `liandong worker` process (Huey consumer on its SQLite queue)
picks up an import queued by the web app and finishes it, with progress and result on the job row."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.factories import make_uscc

CLI = Path(sys.executable).with_name("liandong")

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                                reason="runs its own SQLite database in subprocesses; once per suite is enough")

QUEUE = """
from liandong.accounts.models import User
from liandong.enterprises.models import ImportJob
from liandong.enterprises.tasks import import_job_task
user = User.objects.create(username="worker-test", role="admin")
content = open({path!r}, "rb").read()
job = ImportJob.objects.create(user=user, kind="enterprises", filename="e.csv", content=content)
import_job_task(job.id)
print(job.id)
"""


def test_worker_process_runs_a_queued_import(tmp_path):
    env = {**os.environ, "LIANDONG_DB": str(tmp_path / "db.sqlite3"), "LIANDONG_VAR": str(tmp_path),
           "LIANDONG_HUEY_DB": str(tmp_path / "huey.sqlite3"), "LIANDONG_HUEY_IMMEDIATE": ""}
    env.pop("DATABASE_URL", None)
    rows = [f"{make_uscc()},天津队列{i}科技有限公司" for i in range(25)]
    data = tmp_path / "e.csv"
    data.write_text("统一社会信用代码,企业名称\n" + "\n".join(rows) + "\n", encoding="utf-8")
    subprocess.run([str(CLI), "migrate", "-v", "0"], env=env, check=True)
    queued = subprocess.run([str(CLI), "shell", "-c", QUEUE.format(path=str(data))], env=env, check=True,
                            capture_output=True, text=True)
    job_id = int(queued.stdout.strip().splitlines()[-1])
    db = sqlite3.connect(tmp_path / "db.sqlite3")
    assert db.execute("SELECT status FROM enterprises_importjob WHERE id=?", (job_id,)).fetchone() == ("queued",)

    worker = subprocess.Popen([str(CLI), "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        status = "queued"
        while time.monotonic() < deadline and status in {"queued", "running"}:
            time.sleep(0.5)
            status = db.execute("SELECT status FROM enterprises_importjob WHERE id=?", (job_id,)).fetchone()[0]
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    assert status == "done"
    assert db.execute("SELECT count(*) FROM enterprises_enterprise WHERE name LIKE '天津队列%'").fetchone() == (25,)
    assert db.execute("SELECT total FROM enterprises_importjob WHERE id=?", (job_id,)).fetchone() == (25,)
