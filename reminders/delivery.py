"""Sending one digest exactly once.

`deliver()` inserts the (recipient, kind, day) row, creates the in-app notification and sends
the e-mail in ONE transaction. Two deliveries of the same job, or six concurrent workers,
race for the unique row: one inserts it, the others fail on the constraint and send nothing.
If the worker dies before the commit, nothing was recorded and the job (acknowledged late)
is delivered again. Only the gap between the SMTP server accepting the message and the
commit can repeat an e-mail; it is milliseconds wide.

SMTP errors are sorted: temporary ones (4xx, dropped connections, timeouts) are retried by the
Celery task with backoff; permanent ones (5xx) are recorded as failed at once.
"""

import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.models import Notification
from plans.models import User

from .digest import compute
from .models import Reminder


class TemporaryDeliveryError(Exception):
    """Worth trying again later (the SMTP server said 4xx, or could not be reached)."""


class PermanentDeliveryError(Exception):
    """Trying again will not help (the SMTP server said 5xx)."""


def is_temporary(exc):
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in exc.recipients.values())
    return isinstance(exc, ConnectionError | TimeoutError | socket.timeout | socket.gaierror)


def site_url(path):
    return settings.SITE_URL.rstrip("/") + path


def render(digest):
    """(subject, plain text, HTML) of a digest, in Vietnamese."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "digest": digest,
            "name": digest.recipient["full_name"] or digest.recipient["username"],
            "site_url": settings.SITE_URL.rstrip("/"),
            "my_tasks_url": site_url(reverse("tasks:my_tasks")),
            "overview_url": site_url(reverse("tasks:plan_overview")),
            "settings_url": site_url(reverse("reminders:my_reminder_preferences")),
        }
        subject = " ".join(render_to_string(f"reminders/emails/reminder_{digest.kind}_subject.txt", context).split())
        text = render_to_string(f"reminders/emails/reminder_{digest.kind}.txt", context)
        html = render_to_string(f"reminders/emails/reminder_{digest.kind}.html", context)
    return subject, text, html


def _in_app_link(digest):
    if not digest.task_ids:  # only registered sections (e.g. a report to submit): link to the first item
        url = next((item.get("url") for items in digest.extra.values() for item in items if item.get("url")), None)
        if url:
            return url
    if digest.kind == Reminder.Kind.OFFICIAL:
        return reverse("tasks:my_tasks")
    return reverse("tasks:plan_overview")


@transaction.atomic
def deliver(recipient_id, kind, day, *, attempt=1):
    """Send today's digest of `kind` to the person once. Returns the Reminder row, or None when
    another delivery already claimed it. Raises Temporary/PermanentDeliveryError (nothing kept)."""
    person = User.objects.filter(pk=recipient_id).values("id", "unit_id", "is_active").first()
    if person is None:
        return None
    found = [] if not person["is_active"] else compute(day, unit_ids=[person["unit_id"]], recipient_ids=[recipient_id])
    digest = next((d for d in found if d.kind == kind), None)
    try:
        with transaction.atomic():  # the claim: a concurrent delivery fails here
            row = Reminder.objects.create(
                recipient_id=recipient_id,
                unit_id=person["unit_id"],
                kind=kind,
                day=day,
                status=Reminder.Status.SENT,
                attempts=attempt,
            )
    except IntegrityError:
        return None
    if digest is None:
        row.status = Reminder.Status.SKIPPED
        row.reason = _("Nothing left to remind (done, reassigned or reminders turned off).")
        row.save(update_fields=["status", "reason"])
        return row
    subject, text, html = render(digest)
    row.subject, row.task_ids = subject[:300], digest.task_ids
    row.has_overdue, row.has_review = bool(digest.overdue), bool(digest.review)
    Notification.objects.create(
        recipient_id=recipient_id, kind=Notification.Kind.REMINDER, detail=subject[:300], url=_in_app_link(digest)
    )
    email = digest.recipient["email"]
    if email and digest.recipient["email_notifications"]:
        message = EmailMultiAlternatives(subject, text, to=[email])
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception as exc:  # sorted below; the transaction rolls back either way
            if is_temporary(exc):
                raise TemporaryDeliveryError(str(exc)) from exc
            if isinstance(exc, smtplib.SMTPException | ValueError):  # ValueError: a malformed address
                raise PermanentDeliveryError(str(exc)) from exc
            raise
        row.channel = Reminder.Channel.EMAIL
    else:
        row.channel = Reminder.Channel.IN_APP
        row.reason = _("No e-mail address.") if not email else _("E-mail turned off by the person.")
    row.save(update_fields=["subject", "task_ids", "has_overdue", "has_review", "channel", "reason"])
    return row


def record_failure(recipient_id, kind, day, error, attempts):
    """Keep a failed e-mail in the log (which also stops today's retries; the clerk may resend)
    and still give the person the in-app reminder."""
    unit_id = User.objects.filter(pk=recipient_id).values_list("unit_id", flat=True).first()
    digest = next((d for d in compute(day, unit_ids=[unit_id], recipient_ids=[recipient_id]) if d.kind == kind), None)
    try:
        with transaction.atomic():
            row = Reminder.objects.create(
                recipient_id=recipient_id,
                unit_id=unit_id,
                kind=kind,
                day=day,
                status=Reminder.Status.FAILED,
                reason=str(error)[:300],
                attempts=attempts,
                task_ids=digest.task_ids if digest else [],
            )
            if digest is not None:
                subject = render(digest)[0]
                row.subject = subject[:300]
                row.save(update_fields=["subject"])
                Notification.objects.create(
                    recipient_id=recipient_id,
                    kind=Notification.Kind.REMINDER,
                    detail=subject[:300],
                    url=_in_app_link(digest),
                )
            return row
    except IntegrityError:  # a concurrent delivery succeeded after all
        return None
