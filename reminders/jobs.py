"""Celery jobs of the reminders app. They take ids, and claim their work before doing it."""

import datetime

from celery import current_app, shared_task
from django.db import transaction

from . import delivery, scan

# Backoff for temporary SMTP errors: 1, 2, 4, 8, 16 minutes; always far below the broker's
# visibility timeout (an hour), after which Redis would hand the job to another worker.
RETRY_DELAYS = [60, 120, 240, 480, 960]


def retry_countdown(retries):
    """The delay before retry number `retries + 1`: RETRY_DELAYS, but never at or beyond the broker's
    visibility timeout (CELERY_BROKER_VISIBILITY_TIMEOUT may lower it), or Redis would hand the
    waiting job to a second worker."""
    delay = RETRY_DELAYS[retries]
    visibility = (current_app.conf.broker_transport_options or {}).get("visibility_timeout")
    return min(delay, visibility // 2) if visibility else delay


@shared_task(ignore_result=True)
def scan_reminders():
    """Run by beat every hour in office hours: queue the digests that are due now."""
    with transaction.atomic():
        due = scan.due_now()
        queue_reminders(due)
    return len(due)


def queue_reminders(due):
    """Queue a send job per digest once the surrounding transaction commits (a rollback queues nothing)."""
    for item in due:
        transaction.on_commit(lambda item=item: send_reminder.delay(item.recipient_id, item.kind, item.day.isoformat()))


@shared_task(bind=True, ignore_result=True, acks_late=True, max_retries=len(RETRY_DELAYS))
def send_reminder(self, recipient_id, kind, day):
    day = datetime.date.fromisoformat(day)
    attempt = self.request.retries + 1
    try:
        delivery.deliver(recipient_id, kind, day, attempt=attempt)
    except delivery.TemporaryDeliveryError as exc:
        if self.request.retries >= self.max_retries:
            delivery.record_failure(recipient_id, kind, day, exc, attempt)
            return
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc
    except delivery.PermanentDeliveryError as exc:
        delivery.record_failure(recipient_id, kind, day, exc, attempt)
