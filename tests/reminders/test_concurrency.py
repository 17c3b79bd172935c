"""Six workers delivering the same digest at the same moment, against PostgreSQL: one e-mail, one row."""

import threading
import time

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connections

from notifications.models import Notification
from reminders import delivery
from reminders.models import Reminder

from .conftest import MONDAY, days, make_task, require_postgresql

WORKERS = 6


@pytest.mark.services
def test_six_concurrent_deliveries_of_the_same_digest_send_one_email_and_keep_one_row(
    transactional_db, plan, official, monkeypatch
):
    require_postgresql()
    make_task(plan, "1.1.a", due=MONDAY + days(1), lead=official)
    original_send = EmailMultiAlternatives.send
    sending = []

    def slow_send(message, fail_silently=False):
        # Keep the claiming transaction open a moment, so that the others really meet its uncommitted row.
        sending.append(time.monotonic())
        time.sleep(0.5)
        return original_send(message, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", slow_send)
    barrier = threading.Barrier(WORKERS)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            row = delivery.deliver(official.pk, Reminder.Kind.OFFICIAL, MONDAY)
            results.append((row, time.monotonic()))
        except Exception as exc:  # reported below, with the thread's result
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert len(results) == WORKERS
    claimed = [row for row, _done in results if row is not None]
    assert len(claimed) == 1 and claimed[0].status == Reminder.Status.SENT
    assert len(sending) == 1  # the five others stopped at the claim, before the send
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1
    assert Notification.objects.filter(recipient=official, kind=Notification.Kind.REMINDER).count() == 1
    # The others did not give up early: each waited on the uncommitted claim until the sender committed.
    assert all(done >= sending[0] + 0.5 for row, done in results if row is None)
