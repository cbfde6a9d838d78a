"""Imports started from the web page run as background jobs (``enterprises.tasks.run_import_job``):
the job ends DONE or REJECTED with the import result, and the uploaded bytes are dropped."""

from __future__ import annotations

import pytest

from liandong.enterprises.models import Enterprise, ImportJob
from liandong.enterprises.tasks import run_import_job
from tests.enterprises.imports_helpers import write_kind
from tests.factories import make_admin, make_analyst, make_uscc

pytestmark = pytest.mark.django_db


def queue(tmp_path, user, rows, *, dry_run=False, name="e.xlsx") -> ImportJob:
    path = write_kind(tmp_path / name, "enterprises", rows)
    return ImportJob.objects.create(user=user, kind="enterprises", filename=name, content=path.read_bytes(),
                                    dry_run=dry_run)


def test_a_clean_file_ends_done(tmp_path):
    job = queue(tmp_path, make_admin(), [{"uscc": make_uscc(), "name": f"甲{i}"} for i in range(3)])
    done = run_import_job(job.id)
    assert done.status == ImportJob.Status.DONE
    assert (done.result["ok"], done.result["created"]) == (True, 3)
    assert bytes(done.content) == b""
    assert done.finished_at is not None
    assert done.percent == 100
    assert Enterprise.objects.count() == 3


def test_a_bad_file_ends_rejected_with_row_errors(tmp_path):
    job = queue(tmp_path, make_admin(), [{"uscc": make_uscc(), "name": "甲"}, {"uscc": "bad", "name": "乙"}])
    done = run_import_job(job.id)
    assert done.status == ImportJob.Status.REJECTED
    assert [(e["row"], e["column"]) for e in done.result["errors"]] == [(3, "uscc")]
    assert Enterprise.objects.count() == 0


def test_a_dry_run_job_writes_nothing(tmp_path):
    job = queue(tmp_path, make_admin(), [{"uscc": make_uscc(), "name": "甲"}], dry_run=True)
    done = run_import_job(job.id)
    assert done.status == ImportJob.Status.DONE
    assert (done.result["created"], done.result["dry_run"]) == (1, True)
    assert Enterprise.objects.count() == 0


def test_a_job_of_a_user_who_may_not_import_is_rejected(tmp_path):
    job = queue(tmp_path, make_analyst(), [{"uscc": make_uscc(), "name": "甲"}])
    done = run_import_job(job.id)
    assert done.status == ImportJob.Status.REJECTED
    assert done.result["ok"] is False and done.result["message"]
    assert Enterprise.objects.count() == 0


def test_an_unreadable_file_is_rejected_not_failed(tmp_path):
    job = ImportJob.objects.create(user=make_admin(), kind="enterprises", filename="e.xlsx", content=b"not excel")
    done = run_import_job(job.id)
    assert done.status == ImportJob.Status.REJECTED
    assert done.result["message"]
