"""Reminder fixtures: the shared cast with e-mail addresses, an active plan, tasks by deadline, a clock.

Days are local dates in Asia/Ho_Chi_Minh. MONDAY (03/06/2024) anchors most scenarios: a working
day and the chairman's default summary day.
"""

import datetime
import os
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from plans.models import ContentArea, Plan
from reminders.models import Reminder, ReminderSettings
from tasks.models import Task, TaskStatus

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime.date(2024, 6, 3)


def days(n):
    return datetime.timedelta(days=n)


def local(day, hour=9, minute=0):
    """A moment on `day` at hour:minute, Hà Nội time."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def require_postgresql():
    """The concurrency proofs mean nothing on SQLite (one writer at a time): run them on PostgreSQL,
    and fail rather than skip when the run promises the real services."""
    if connection.vendor == "postgresql":
        return
    if os.environ.get("PAPI_REQUIRE_SERVICES"):
        pytest.fail(f"PAPI_REQUIRE_SERVICES is set but the database is {connection.vendor}, not PostgreSQL.")
    pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


def with_email(person, address=None):
    person.email = address or f"{person.username}@xa.example.vn"
    person.save(update_fields=["email"])
    return person


@pytest.fixture
def official(official):
    return with_email(official)


@pytest.fixture
def second_official(second_official):
    return with_email(second_official)


@pytest.fixture
def clerk(clerk):
    return with_email(clerk)


@pytest.fixture
def chairman(chairman):
    return with_email(chairman)


@pytest.fixture
def observer(observer):
    return with_email(observer)


@pytest.fixture
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch nâng cao Chỉ số PAPI năm 2024")


@pytest.fixture
def commune_settings(commune):
    """The commune's reminder settings row (the defaults until a test changes them)."""
    return ReminderSettings.objects.create(unit=commune)


def make_task(plan, code, *, due=None, lead=None, cooperating=(), review="", status=TaskStatus.NOT_STARTED, area=3):
    """A task due on `due` (a date), or an ongoing one reviewed at `review` frequency when `due` is None."""
    task = Task.objects.create(
        plan=plan,
        code=code,
        title=f"Nhiệm vụ {code}: tiếp công dân định kỳ",
        text="Thực hiện tốt việc tiếp công dân.",
        lead=lead,
        due_date=due,
        deadline_kind="date" if due else "ongoing",
        review_frequency=review,
        status=status,
        content_area=ContentArea.objects.get(code=area) if area else None,
    )
    task.cooperating.set(cooperating)
    return task


def codes(tasks):
    return sorted(t["code"] for t in tasks)


def sent(day, recipient, kind=Reminder.Kind.OFFICIAL, **fields):
    """A reminder row as a past delivery left it."""
    fields.setdefault("status", Reminder.Status.SENT)
    return Reminder.objects.create(recipient=recipient, unit_id=recipient.unit_id, kind=kind, day=day, **fields)
