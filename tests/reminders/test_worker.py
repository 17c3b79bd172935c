"""The wiring, with a real Celery worker (the project's app) on Redis and the PostgreSQL test database.

The worker runs in a thread of this process (celery.contrib.testing.worker.start_worker), so it sees
the test database and the locmem e-mail outbox; each test consumes from a queue of its own, so
parallel test processes sharing the Redis database never take each other's jobs.
"""

import faulthandler
import os
import threading
import time
import uuid

import pytest
import redis
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from papi_portal.celery import app
from reminders.jobs import scan_reminders, send_reminder
from reminders.models import Reminder, ReminderSettings

from .conftest import days, make_task, require_postgresql

pytestmark = pytest.mark.services

WAIT_SECONDS = 30


class Jobs:
    """Counts the jobs published and those the worker finished (task_postrun), and where they ran."""

    def __init__(self):
        self.published, self.finished, self.threads = [], [], set()
        self._changed = threading.Condition()

    def on_publish(self, sender=None, **kwargs):
        with self._changed:
            self.published.append(sender)

    def on_finish(self, sender=None, **kwargs):
        with self._changed:
            self.finished.append(sender.name)
            self.threads.add(threading.get_ident())
            self._changed.notify_all()

    def wait_until_drained(self):
        """Wait until every published job has finished, including jobs queued by jobs."""
        with self._changed:
            return self._changed.wait_for(
                lambda: self.published and len(self.finished) >= len(self.published), timeout=WAIT_SECONDS
            )


def forget_queue(client, queue):
    """Remove the test queue, its exchange's bindings and any binding to it from Redis."""
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)
    for key in client.scan_iter(match="_kombu.binding*"):
        if client.type(key) == b"set":
            client.srem(key, *[m for m in client.smembers(key) if queue.encode() in m] or [b""])


@pytest.fixture
def worker(transactional_db):
    """A real worker of `papi_portal.celery.app` (six threads) consuming a fresh queue on REDIS_URL; yields `Jobs`."""
    require_postgresql()
    url = os.environ["REDIS_URL"]
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    client.ping()  # unreachable Redis: fail here, clearly
    queue = f"papi-test-reminders-{uuid.uuid4().hex[:12]}"
    overrides = {
        "broker_url": url,
        "task_always_eager": False,
        "task_default_queue": queue,
        "worker_hijack_root_logger": False,
        "broker_connection_retry_on_startup": False,
        "broker_connection_timeout": 5,
    }
    saved = {key: app.conf[key] for key in overrides}
    app.conf.update(overrides)
    jobs = Jobs()
    signals.after_task_publish.connect(jobs.on_publish, weak=False)
    signals.task_postrun.connect(jobs.on_finish, weak=False)
    # Nothing here may hang the test run: dump the stacks and stop the process if it still runs then.
    faulthandler.dump_traceback_later(120, exit=True)
    try:
        with start_worker(app, pool="threads", concurrency=6, perform_ping_check=False, queues=[queue]):
            yield jobs
    finally:
        faulthandler.cancel_dump_traceback_later()
        signals.after_task_publish.disconnect(jobs.on_publish)
        signals.task_postrun.disconnect(jobs.on_finish)
        app.conf.update(saved)
        forget_queue(client, queue)
        client.close()


@pytest.fixture
def slow_smtp(monkeypatch):
    """The e-mail send takes a while (so that concurrent jobs overlap) and notes the thread it ran on."""
    original = EmailMultiAlternatives.send
    threads = []

    def send(message, fail_silently=False):
        threads.append(threading.get_ident())
        time.sleep(0.3)
        return original(message, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    return threads


def test_six_copies_of_the_same_job_through_a_real_worker_send_one_email(worker, plan, official, slow_smtp):
    today = timezone.localdate()
    make_task(plan, "1.1.a", due=today + days(1), lead=official)

    for _copy in range(6):
        send_reminder.delay(official.pk, Reminder.Kind.OFFICIAL, today.isoformat())

    assert worker.wait_until_drained(), f"the worker finished {len(worker.finished)} of 6 jobs"
    assert worker.finished == [send_reminder.name] * 6
    # The worker ran them on its own threads, and the e-mail it sent landed in this process's outbox.
    assert threading.get_ident() not in worker.threads
    assert len(slow_smtp) == 1 and slow_smtp[0] in worker.threads
    assert [m.to for m in mail.outbox] == [[official.email]]
    row = Reminder.objects.get()
    assert (row.status, row.channel, row.day) == (Reminder.Status.SENT, Reminder.Channel.EMAIL, today)


def test_the_scan_through_a_real_worker_queues_each_digest_once_and_it_is_sent(
    worker, plan, official, second_official, clerk, commune
):
    ReminderSettings.objects.create(unit=commune, send_hour=0)  # due whatever the hour of this run
    today = timezone.localdate()
    make_task(plan, "1.1.a", due=today + days(1), lead=official)
    make_task(plan, "1.1.b", due=today + days(7), lead=second_official)

    scan_reminders.delay()
    scan_reminders.delay()  # beat ran twice

    assert worker.wait_until_drained(), f"{len(worker.finished)} of {len(worker.published)} jobs finished"
    sends = worker.published.count(send_reminder.name)
    # Each scan queued the two digests, unless it ran after the first scan's jobs had claimed them.
    assert sorted(worker.finished) == sorted([scan_reminders.name] * 2 + [send_reminder.name] * sends)
    assert 2 <= sends <= 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted([official.email, second_official.email])
    assert sorted(Reminder.objects.values_list("recipient__username", "status")) == [
        ("diachinh", Reminder.Status.SENT),
        ("tuphap", Reminder.Status.SENT),
    ]
