"""A worker killed (SIGKILL) in the middle of sending: the job comes back and the e-mail goes out once.

Real processes all the way: `celery worker` subprocesses of the project's app on Redis, their own
PostgreSQL database (created and dropped here: a subprocess cannot see the test database's
transaction), and a real SMTP server on localhost that holds its reply to the first message's
DATA, so the kill lands while the worker is inside `deliver()`'s transaction, waiting for "250".

Why one e-mail and not two: the held message is never accepted (no "250" reply), the killed
worker's transaction (claim row and notification) dies with its connection, and the job, fetched
but not acknowledged (acks_late), is handed out again by Redis once the visibility timeout has
passed; the second worker claims, sends and commits. The one window for a repeat is an SMTP server
that accepted the message (replied 250) just before the worker died and before the commit: then
the job runs again and a second copy goes out (at-least-once there). It is as wide as the time
between the "250" and the COMMIT, milliseconds; this test holds the server before its reply.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import environ
import psycopg2
import pytest
import redis

from papi_portal.celery import app
from reminders.jobs import send_reminder

from .smtp_server import Inbox, SmtpServer

pytestmark = [pytest.mark.services, pytest.mark.slow]

BASE_DIR = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 3  # seconds; production keeps an hour
SEED = """
import datetime
from django.utils import timezone
from plans.models import AdministrativeUnit, Plan, Role, User
from tasks.models import Task
province = AdministrativeUnit.objects.create(kind="province", code="33", name="Hưng Yên")
district = AdministrativeUnit.objects.create(kind="district", code="330", name="Văn Lâm", parent=province)
commune = AdministrativeUnit.objects.create(kind="commune", code="12100", name="Trung Trắc", parent=district)
person = User.objects.create_user(
    username="tuphap", password="pw-tuphap", full_name="Trần Văn Bình", unit=commune,
    role=Role.OFFICIAL, email="tuphap@xa.example.vn",
)
plan = Plan.objects.create(unit=commune, year=2024, title="Kế hoạch nâng cao Chỉ số PAPI")
Task.objects.create(
    plan=plan, code="1.1.a", title="Tiếp công dân định kỳ", text="Tiếp công dân.", lead=person,
    deadline_kind="date", due_date=timezone.localdate() + datetime.timedelta(days=1),
)
print("SEEDED", person.pk, timezone.localdate().isoformat())
"""


def postgres_or_skip():
    config = environ.Env.db_url_config(os.environ.get("DATABASE_URL", "sqlite://"))
    if "postgresql" in config["ENGINE"]:
        return config
    if os.environ.get("PAPI_REQUIRE_SERVICES"):
        pytest.fail("PAPI_REQUIRE_SERVICES is set but DATABASE_URL does not name PostgreSQL.")
    pytest.skip("needs DATABASE_URL=postgres://...")


def wait(condition, timeout, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


class Scratch:
    """A PostgreSQL database of its own, migrated, for the worker subprocesses."""

    def __init__(self, config):
        self.config = config
        self.name = f"papi_kill_{uuid.uuid4().hex[:10]}"
        self.url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + self.name).geturl()

    def connect(self, name=None):
        connection = psycopg2.connect(
            dbname=name or self.name,
            user=self.config["USER"] or None,
            password=self.config["PASSWORD"] or None,
            host=self.config["HOST"] or None,
            port=self.config["PORT"] or None,
            connect_timeout=5,
        )
        connection.autocommit = True
        return connection

    def create(self):
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, sql):
        # Not `with connection:` (psycopg2 opens a transaction there, where CREATE DATABASE cannot run).
        admin = self.connect("postgres")
        try:
            with admin.cursor() as cursor:
                cursor.execute(sql)
        finally:
            admin.close()

    def one(self, sql, params=()):
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()


def sessions(database):
    """Other sessions connected to the scratch database (the workers')."""
    sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    return database.one(sql, (database.name,))[0][0]


def unacked_for(client, queue):
    """Messages of `queue` that a worker fetched and has not acknowledged."""
    return [value for value in client.hvals("unacked") if queue.encode() in value]


def test_a_worker_killed_inside_the_send_leaves_nothing_and_the_job_is_redelivered_and_sent_once(tmp_path):
    config = postgres_or_skip()
    redis_url = os.environ["REDIS_URL"]
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
    client.ping()
    assert app.conf.broker_url == redis_url
    queue = f"papi-test-killed-{uuid.uuid4().hex[:12]}"
    database = Scratch(config)
    inbox = Inbox(hold_first=True, hold_seconds=120)
    workers = []

    with SmtpServer(inbox) as smtp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "papi_portal.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": database.url,
            "REDIS_URL": redis_url,
            "EMAIL_URL": smtp.url,
            "CELERY_BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "LOG_LEVEL": "INFO",
        }

        def manage(*args):
            return subprocess.run(
                [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
            )

        def start_worker(name):
            log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed with the process below
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "papi_portal", "worker", "--pool=solo", "-Q", queue,
                 "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
                 "-n", f"{name}-{queue}@localhost"],
                cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            workers.append((process, log, name))
            return process

        def logs():
            return "\n".join(f"--- {name}\n{(tmp_path / f'{name}.log').read_text()}" for _p, _l, name in workers)

        try:
            database.create()
            migrated = manage("migrate", "--noinput", "-v0")
            assert migrated.returncode == 0, migrated.stderr
            seeded = manage("shell", "-c", SEED)
            assert seeded.returncode == 0, seeded.stderr
            seed_line = next(line for line in seeded.stdout.splitlines() if line.startswith("SEEDED"))
            _marker, person_id, today = seed_line.split()

            send_reminder.apply_async(args=(int(person_id), "official", today), queue=queue)
            first = start_worker("first")

            # The worker is inside deliver(): claim row inserted, not committed, waiting for the server's reply.
            assert inbox.held.wait(60), logs()
            held_at = time.monotonic()
            assert database.one("SELECT count(*) FROM reminders_reminder") == [(0,)]
            assert database.one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'idle in transaction'",
                (database.name,),
            ) == [(1,)], logs()
            assert len(unacked_for(client, queue)) == 1  # fetched, not acknowledged (acks_late)

            first.send_signal(signal.SIGKILL)
            first.wait(10)

            # Its transaction died with its connection: no claim, no notification, nothing accepted.
            assert wait(lambda: sessions(database) == 0, timeout=10)
            assert database.one("SELECT count(*) FROM reminders_reminder") == [(0,)]
            assert database.one("SELECT count(*) FROM notifications_notification") == [(0,)]
            assert inbox.accepted == []
            assert len(unacked_for(client, queue)) == 1  # still Redis's, to hand out again

            # Past the visibility timeout a new worker gets the job back.
            time.sleep(max(0.0, held_at + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
            second = start_worker("second")
            assert inbox.wait_for(1, timeout=60), logs()
            assert wait(lambda: database.one("SELECT count(*) FROM reminders_reminder") == [(1,)], timeout=20), logs()
            assert wait(lambda: not unacked_for(client, queue), timeout=20), logs()
            time.sleep(1)  # room for a duplicate, if there were one

            assert len(inbox.accepted) == 1
            sender, recipients, _content = inbox.accepted[0]
            assert recipients == ["tuphap@xa.example.vn"]
            assert database.one("SELECT status, channel, attempts FROM reminders_reminder") == [("sent", "email", 1)]
            assert database.one("SELECT count(*) FROM notifications_notification WHERE kind = 'reminder'") == [(1,)]
            assert client.llen(queue) == 0
            assert second.poll() is None, logs()
        finally:
            for process, log, _name in workers:
                if process.poll() is None:
                    process.terminate()
                    try:
                        process.wait(15)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait(5)
                log.close()
            database.drop()
            for key in client.scan_iter(match=f"*{queue}*"):
                client.delete(key)
            for tag, value in client.hgetall("unacked").items():
                if queue.encode() in value:
                    client.hdel("unacked", tag)
                    client.zrem("unacked_index", tag)
            client.close()
