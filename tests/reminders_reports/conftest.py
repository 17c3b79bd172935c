"""A 2024 plan in force with two officials leading tasks, a clerk, and a clock set in Hà Nội time.

The Q1/2024 round (Decree 09 cut-off 14/03/2024) is due on Friday 15/03/2024; it is opened on
Tuesday 05/03/2024, ten days before (not one of the default reminder days, 7 and 1).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from plans.models import Plan
from reports import services
from reports.periods import Period
from tasks.models import Task
from tests.reminders.conftest import with_email

VN = ZoneInfo("Asia/Ho_Chi_Minh")
Q1 = Period.parse("2024-Q1")
OPENED = datetime.date(2024, 3, 5)
DUE = datetime.date(2024, 3, 15)


def at(day, hour=10):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=VN)


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
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch nâng cao Chỉ số PAPI năm 2024")


@pytest.fixture
def tasks(plan, official, second_official):
    """Ongoing tasks without a review: they never remind by themselves, only the report does."""
    return [
        Task.objects.create(plan=plan, code=code, order=i, title=f"Nhiệm vụ {code}", text="…", lead=lead)
        for i, (code, lead) in enumerate([("1.1.a", official), ("2.a", second_official)], start=1)
    ]


@pytest.fixture
def opened(time_machine, plan, tasks, clerk, monkeypatch):
    """The Q1 round, opened on OPENED (the queued e-mails are dropped)."""
    from reminders.jobs import send_reminder

    monkeypatch.setattr(send_reminder, "delay", lambda *args: None)
    time_machine.move_to(at(OPENED))
    return services.open_round(plan, Q1, by=clerk)
