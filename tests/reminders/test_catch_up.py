"""After an outage of the worker or beat, the next scan sends today's reminders once: no flood of missed days."""

import datetime

import pytest
from django.core import mail

from papi_portal.celery import app
from reminders.jobs import scan_reminders
from reminders.models import Reminder
from tasks.models import TaskStatus

from .conftest import MONDAY, days, local, make_task

Kind = Reminder.Kind
FRIDAY_BEFORE = MONDAY - days(3)  # 31/05/2024, the last day everything ran
WEDNESDAY = MONDAY + days(2)  # 05/06/2024, the first day back


@pytest.fixture
def eager(monkeypatch):
    """Queued jobs run at once, in this process (the wiring is proved with a real worker elsewhere)."""
    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def beat(eager, time_machine, django_capture_on_commit_callbacks):
    """beat(moment) runs the hourly scan at that moment; its jobs run when its transaction commits."""

    def run(moment):
        time_machine.move_to(moment, tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            return scan_reminders.apply().get()

    return run


def test_after_three_days_down_one_scan_sends_todays_reminders_once_and_none_for_the_missed_days(
    plan, official, second_official, clerk, chairman, beat
):
    make_task(plan, "1.1.a", due=WEDNESDAY + days(1), lead=official)  # due in 1 day today
    make_task(plan, "1.1.b", due=datetime.date(2024, 6, 1), lead=official)  # due Saturday: overdue since
    make_task(plan, "1.1.c", due=datetime.date(2024, 6, 10), lead=second_official)  # 7 days ahead on Monday only
    make_task(plan, "1.1.d", due=MONDAY + days(30), lead=second_official, status=TaskStatus.AWAITING_CONFIRMATION)

    assert beat(local(FRIDAY_BEFORE, 9)) == 2  # the official (1.1.b due in 1 day) and the clerk
    before = set(Reminder.objects.values_list("recipient__username", "kind", "day"))
    assert before == {("tuphap", Kind.OFFICIAL, FRIDAY_BEFORE), ("vanphong", Kind.CLERK, FRIDAY_BEFORE)}
    mail.outbox.clear()

    # Worker and beat down from Saturday to Tuesday; back on Wednesday at 09:05.
    queued = beat(local(WEDNESDAY, 9, 5))

    today = Reminder.objects.filter(day=WEDNESDAY)
    assert sorted(today.values_list("recipient__username", "kind", "status")) == [
        ("chutich", Kind.CHAIRMAN, Reminder.Status.SENT),  # Monday's summary, missed, comes once now
        ("tuphap", Kind.OFFICIAL, Reminder.Status.SENT),
        ("vanphong", Kind.CLERK, Reminder.Status.SENT),
    ]
    assert queued == 3
    official_row = today.get(kind=Kind.OFFICIAL)
    # Today's content: due tomorrow and the overdue task; nothing about what Saturday–Tuesday would have said.
    expected = plan.tasks.filter(code__in=["1.1.a", "1.1.b"]).values_list("pk", flat=True)
    assert sorted(official_row.task_ids) == sorted(expected)
    assert official_row.has_overdue
    # second_official's 7-day reminder fell on Monday: it is not sent late.
    assert not Reminder.objects.filter(recipient=second_official).exists()
    assert not Reminder.objects.filter(day__gt=FRIDAY_BEFORE, day__lt=WEDNESDAY).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([official.email, clerk.email, chairman.email])

    # The next hourly scans of the day find nothing more to send.
    assert beat(local(WEDNESDAY, 10, 5)) == 0
    assert beat(local(WEDNESDAY, 16, 5)) == 0
    assert len(mail.outbox) == 3
    assert Reminder.objects.count() == len(before) + 3


def test_a_scan_run_late_in_the_evening_still_sends_the_days_reminders_once(plan, official, beat):
    make_task(plan, "1.2.a", due=MONDAY + days(1), lead=official)

    assert beat(local(MONDAY, 6, 5)) == 0  # before the send hour
    assert beat(local(MONDAY, 18, 5)) == 1
    assert beat(local(MONDAY, 18, 6)) == 0
    assert len(mail.outbox) == 1
