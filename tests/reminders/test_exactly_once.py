"""Exactly once: the unique claim, crashes, retries and the in-app fallback (eager; the real worker is elsewhere).

`deliver()` inserts the (recipient, kind, day) row, the in-app notification and sends the e-mail in one
transaction; `send_reminder` retries temporary SMTP errors with backoff and records permanent ones.
"""

import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils.translation import gettext
from kombu.transport.redis import Channel as RedisChannel

from notifications.models import Notification
from papi_portal.celery import app
from reminders import delivery, jobs, scan
from reminders.jobs import RETRY_DELAYS, queue_reminders, scan_reminders, send_reminder
from reminders.models import Reminder

from .conftest import MONDAY, days, local, make_task

Kind = Reminder.Kind
JOB = (Kind.OFFICIAL, MONDAY)


@pytest.fixture
def due_task(plan, official):
    return make_task(plan, "1.1.a", due=MONDAY + days(1), lead=official)


@pytest.fixture
def queued(monkeypatch):
    """Jobs that `send_reminder.delay` was asked to queue, in order (not run)."""
    jobs_queued = []
    monkeypatch.setattr(send_reminder, "delay", lambda *args: jobs_queued.append(args))
    return jobs_queued


@pytest.fixture
def smtp_fails(monkeypatch):
    """smtp_fails(*errors): the next sends raise these, in order; later sends go through."""

    def arrange(*errors):
        pending = list(errors)
        original = EmailMultiAlternatives.send

        def send(message, fail_silently=False):
            if pending:
                raise pending.pop(0)
            return original(message, fail_silently)

        monkeypatch.setattr(EmailMultiAlternatives, "send", send)

    return arrange


@pytest.fixture
def retries(monkeypatch):
    """The countdowns `send_reminder` asked Celery to retry with."""
    countdowns = []
    task_class = type(app.tasks[send_reminder.name])
    original = task_class.retry

    def spy(self, *args, **kwargs):
        countdowns.append(kwargs.get("countdown"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(task_class, "retry", spy)
    return countdowns


def visibility_timeout():
    """Redis hands an unacknowledged job to another worker after this many seconds."""
    options = app.conf.broker_transport_options or {}
    return options.get("visibility_timeout", RedisChannel.visibility_timeout)


def reminder_notifications(person):
    return Notification.objects.filter(recipient=person, kind=Notification.Kind.REMINDER)


# --- One claim, one message ------------------------------------------------------------------------


def test_delivering_the_same_digest_twice_sends_one_email_and_keeps_one_row(due_task, official):
    first = delivery.deliver(official.pk, *JOB)
    second = delivery.deliver(official.pk, *JOB)

    assert first.status == Reminder.Status.SENT and first.channel == Reminder.Channel.EMAIL
    assert second is None
    assert Reminder.objects.count() == 1
    assert [m.to for m in mail.outbox] == [[official.email]]
    assert mail.outbox[0].subject == first.subject
    assert reminder_notifications(official).count() == 1
    assert first.task_ids == [due_task.pk]


def test_two_scans_before_the_worker_runs_queue_the_job_twice_and_one_email_goes_out(
    due_task, official, queued, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(local(MONDAY, 9, 5), tick=False)
    for _beat_run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            scan_reminders.apply()

    assert queued == [(official.pk, Kind.OFFICIAL, "2024-06-03")] * 2
    for args in queued:
        send_reminder.apply(args=args)

    assert len(mail.outbox) == 1
    assert Reminder.objects.get().status == Reminder.Status.SENT


def test_a_scan_whose_transaction_rolls_back_queues_nothing(
    due_task, official, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(local(MONDAY, 9, 5), tick=False)

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ZeroDivisionError), transaction.atomic():
        queue_reminders(scan.due_now())
        1 / 0  # noqa: B018 - something fails after the jobs were queued
    assert callbacks == []

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        queue_reminders(scan.due_now())
    assert len(callbacks) == 1


def test_with_real_commits_jobs_are_queued_only_when_the_scan_commits(
    transactional_db, plan, official, queued, time_machine
):
    make_task(plan, "1.1.a", due=MONDAY + days(1), lead=official)
    time_machine.move_to(local(MONDAY, 9, 5), tick=False)

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        queue_reminders(scan.due_now())
        assert queued == []  # not before the commit
        1 / 0  # noqa: B018
    assert queued == []

    scan_reminders.apply()
    assert queued == [(official.pk, Kind.OFFICIAL, "2024-06-03")]


def test_a_crash_between_the_claim_and_the_send_keeps_nothing_and_the_next_delivery_sends_once(
    due_task, official, smtp_fails, time_machine
):
    time_machine.move_to(local(MONDAY, 9, 5), tick=False)
    smtp_fails(RuntimeError("worker lost in the middle of the send"))

    with pytest.raises(RuntimeError):
        delivery.deliver(official.pk, *JOB)
    assert not Reminder.objects.exists()
    assert not reminder_notifications(official).exists()
    assert mail.outbox == []
    # Not lost: the next hourly scan still finds it due.
    assert [(d.recipient_id, d.kind) for d in scan.due_now()] == [(official.pk, Kind.OFFICIAL)]

    row = delivery.deliver(official.pk, *JOB)
    assert row.status == Reminder.Status.SENT
    assert delivery.deliver(official.pk, *JOB) is None
    assert len(mail.outbox) == 1
    assert reminder_notifications(official).count() == 1


# --- SMTP errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPResponseException(421, b"4.3.2 Service not available, closing channel"),
        ConnectionRefusedError(111, "Connection refused"),
    ],
    ids=["disconnected", "421", "refused"],
)
def test_a_temporary_smtp_error_is_retried_with_backoff_then_recorded_as_failed_with_the_in_app_reminder(
    due_task, official, smtp_fails, retries, error
):
    smtp_fails(*[error] * (len(RETRY_DELAYS) + 1))

    send_reminder.apply(args=(official.pk, Kind.OFFICIAL, "2024-06-03"))

    assert retries == RETRY_DELAYS == [60, 120, 240, 480, 960]
    assert all(countdown < visibility_timeout() for countdown in retries)
    row = Reminder.objects.get()
    assert (row.status, row.attempts, row.task_ids) == (Reminder.Status.FAILED, len(RETRY_DELAYS) + 1, [due_task.pk])
    assert row.reason and row.subject
    assert reminder_notifications(official).get().detail == row.subject
    assert mail.outbox == []


def test_a_temporary_error_that_clears_up_sends_once_on_the_retry(due_task, official, smtp_fails, retries):
    smtp_fails(smtplib.SMTPResponseException(451, b"4.7.1 Try again later"), smtplib.SMTPServerDisconnected())

    send_reminder.apply(args=(official.pk, Kind.OFFICIAL, "2024-06-03"))

    assert retries == [60, 120]
    row = Reminder.objects.get()
    assert (row.status, row.channel, row.attempts) == (Reminder.Status.SENT, Reminder.Channel.EMAIL, 3)
    assert len(mail.outbox) == 1
    assert reminder_notifications(official).count() == 1


def test_retry_countdowns_stay_below_a_lowered_broker_visibility_timeout(
    due_task, official, smtp_fails, retries, monkeypatch
):
    monkeypatch.setitem(app.conf, "broker_transport_options", {"visibility_timeout": 300})
    smtp_fails(*[smtplib.SMTPServerDisconnected()] * (len(RETRY_DELAYS) + 1))

    send_reminder.apply(args=(official.pk, Kind.OFFICIAL, "2024-06-03"))

    assert retries and all(countdown < 300 for countdown in retries)
    assert retries == [jobs.retry_countdown(n) for n in range(len(RETRY_DELAYS))]


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPResponseException(550, b"5.1.1 Mailbox does not exist"),
        smtplib.SMTPRecipientsRefused({"tuphap@xa.example.vn": (550, b"5.1.1 User unknown")}),
        smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication credentials invalid"),
    ],
    ids=["550", "recipient-refused", "auth"],
)
def test_a_permanent_smtp_error_is_recorded_as_failed_at_once_and_the_in_app_reminder_stays(
    due_task, official, smtp_fails, retries, error
):
    smtp_fails(error)

    send_reminder.apply(args=(official.pk, Kind.OFFICIAL, "2024-06-03"))

    assert retries == []
    row = Reminder.objects.get()
    assert (row.status, row.attempts) == (Reminder.Status.FAILED, 1)
    assert "5" in row.reason
    assert reminder_notifications(official).count() == 1
    assert mail.outbox == []
    # Failed today means no more tries today: the scan does not queue it again.
    assert scan.due_now(local(MONDAY, 10, 5)) == []


def test_a_recipient_refused_only_temporarily_is_retried(due_task, official, smtp_fails, retries):
    smtp_fails(smtplib.SMTPRecipientsRefused({"tuphap@xa.example.vn": (450, b"4.2.0 Mailbox busy")}))

    send_reminder.apply(args=(official.pk, Kind.OFFICIAL, "2024-06-03"))

    assert retries == [60]
    assert Reminder.objects.get().status == Reminder.Status.SENT


# --- In-app only ---------------------------------------------------------------------------------------


def test_a_person_without_an_email_address_gets_the_in_app_reminder_only(due_task, official):
    official.email = ""
    official.save()

    row = delivery.deliver(official.pk, *JOB)

    assert (row.status, row.channel) == (Reminder.Status.SENT, Reminder.Channel.IN_APP)
    assert row.reason == gettext("No e-mail address.")
    assert mail.outbox == []
    notice = reminder_notifications(official).get()
    assert notice.detail == row.subject and notice.url


def test_a_person_who_turned_email_off_gets_the_in_app_reminder_only(due_task, official):
    official.email_notifications = False
    official.save()

    row = delivery.deliver(official.pk, *JOB)

    assert (row.status, row.channel) == (Reminder.Status.SENT, Reminder.Channel.IN_APP)
    assert row.reason == gettext("E-mail turned off by the person.")
    assert mail.outbox == []
    assert reminder_notifications(official).count() == 1


def test_a_digest_with_nothing_left_when_the_job_runs_is_skipped_and_not_sent(due_task, official):
    due_task.status = "done"
    due_task.save()

    row = delivery.deliver(official.pk, *JOB)

    assert row.status == Reminder.Status.SKIPPED
    assert mail.outbox == [] and not reminder_notifications(official).exists()


# --- The Celery configuration the guarantees rest on -------------------------------------------------------


def test_jobs_are_acknowledged_late_one_at_a_time_with_time_limits_and_bounded_retries():
    conf = app.conf
    task = app.tasks[send_reminder.name]
    assert conf.task_acks_late is True and task.acks_late is True
    assert conf.worker_prefetch_multiplier == 1
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit <= 300
    assert task.max_retries == len(RETRY_DELAYS)
    assert max(RETRY_DELAYS) < visibility_timeout()
    # A job still running at the visibility timeout would be handed to a second worker.
    assert conf.task_time_limit < visibility_timeout()
    assert app.tasks[scan_reminders.name].name == "reminders.jobs.scan_reminders"
    assert conf.beat_schedule["scan-reminders"]["task"] == "reminders.jobs.scan_reminders"
