"""Background jobs of the registry (Huey)."""

from __future__ import annotations

import logging

from django.utils import timezone, translation
from huey.contrib.djhuey import db_task

from liandong.core.errors import ApplicationError
from liandong.enterprises.imports.services import import_run
from liandong.enterprises.models import ImportJob

log = logging.getLogger(__name__)


def run_import_job(job_id: int) -> ImportJob:
    """Run one queued import, recording progress on the job row as it goes."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def progress(stage: str, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(stage=stage, done=done, total=total)

    try:
        with translation.override(job.language):
            result = import_run(actor=job.user, kind=job.kind, name=job.filename, content=bytes(job.content),
                                dry_run=job.dry_run, progress=progress)
        status = ImportJob.Status.DONE if result.ok else ImportJob.Status.REJECTED
        payload = result.as_dict()
    except ApplicationError as err:
        status, payload = ImportJob.Status.REJECTED, {"ok": False, "message": err.message, "errors": []}
    except Exception as err:  # the job must end visibly, whatever happened
        log.exception("import job %s failed", job_id)
        status, payload = ImportJob.Status.FAILED, {"ok": False, "message": str(err), "errors": []}
    ImportJob.objects.filter(pk=job.pk).update(status=status, result=payload, finished_at=timezone.now(),
                                               content=b"")
    job.refresh_from_db()
    return job


@db_task()
def import_job_task(job_id: int) -> None:
    run_import_job(job_id)
