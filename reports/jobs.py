"""Celery jobs of the reports app: large exports, and the clean-up of expired files.

A job takes the ExportJob's id and claims it with a conditional UPDATE (queued → running) before
doing anything, so a second delivery of the same message (acks_late, a worker lost) does nothing.
"""

import datetime
import logging
import tempfile

from celery import shared_task
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .models import ExportJob, ReportingSettings
from .periods import Period
from .report_workbook import ReportError, export_area_report, export_unit_report, report_file_name

logger = logging.getLogger(__name__)

# An export of a whole province writes one row per task of every commune: give it more than the
# global CELERY_TASK_TIME_LIMIT (5 minutes), still far below the broker's visibility timeout (1 hour).
EXPORT_TIME_LIMIT = 30 * 60
PROGRESS_EVERY = 500  # rows between two progress updates of a one-commune export


def queue_export(*, by, unit, period):
    """Record an export of ``unit``'s report on ``period`` for ``by`` and queue it once the
    transaction commits. Returns the ExportJob."""
    job = ExportJob.objects.create(
        requested_by=by,
        unit=unit,
        kind=ExportJob.Kind.REPORT,
        params={"period": period.code, "style": str(period.style)},
        file_name=report_file_name(unit, period),
    )
    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def _set_progress(job_id, percent):
    ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(progress=min(percent, 99))


@shared_task(ignore_result=True, acks_late=True, time_limit=EXPORT_TIME_LIMIT, soft_time_limit=EXPORT_TIME_LIMIT - 60)
def run_export(job_id):
    """Make the file of a queued ExportJob. Returns False when the job was not queued (already
    claimed by another delivery, finished, or deleted)."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, progress=0
    )
    if not claimed:
        return False
    job = ExportJob.objects.select_related("unit").get(pk=job_id)
    last = [0]

    def progress(done, total):
        percent = int(done * 100 / total) if total else 0
        if percent > last[0]:
            last[0] = percent
            _set_progress(job_id, percent)

    try:
        period = Period.parse(job.params["period"], job.params.get("style", "decree09"))
        export = export_unit_report if job.unit.is_local else export_area_report
        with tempfile.TemporaryFile(suffix=".xlsx") as tmp:
            export(job.unit, period, tmp, progress=progress, progress_every=PROGRESS_EVERY)
            tmp.seek(0)
            job.file_name = report_file_name(job.unit, period)
            job.file.save(job.file_name, File(tmp), save=False)
    except (ReportError, ValueError) as exc:
        _fail(job, str(exc))
        return True
    except Exception as exc:
        logger.exception("export %s failed", job_id)
        _fail(job, repr(exc))
        raise
    now = timezone.now()
    retention = ReportingSettings.for_unit(job.unit).export_retention_days
    job.status, job.progress, job.finished_at = ExportJob.Status.DONE, 100, now
    job.expires_at = now + datetime.timedelta(days=retention)
    job.save(update_fields=["status", "progress", "file", "file_name", "finished_at", "expires_at"])
    return True


def _fail(job, error):
    now = timezone.now()
    retention = ReportingSettings.for_unit(job.unit).export_retention_days
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED,
        error=error[:2000],
        finished_at=now,
        expires_at=now + datetime.timedelta(days=retention),
    )
    if job.file:
        job.file.delete(save=False)


@shared_task(ignore_result=True)
def delete_expired_exports():
    """Run by beat daily: delete exports past their retention (file and row), and mark jobs that have
    been running far longer than any export can take (their worker died) as failed."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=2 * EXPORT_TIME_LIMIT)
    ExportJob.objects.filter(status=ExportJob.Status.RUNNING, created_at__lt=stale).update(
        status=ExportJob.Status.FAILED, error="The export did not finish.", finished_at=now
    )
    deleted = 0
    for job in ExportJob.objects.expired(now).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        deleted += 1
    return deleted
