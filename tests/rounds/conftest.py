"""A 2024 plan of the Trung Trắc commune with tasks led and shared by its officials.

Tasks were created before Q1/2024 began (Decree 09 window 15/12/2023 → 14/03/2024), so that
they count at its cut-off.
"""

import datetime

import pytest
from django.utils import timezone

from plans.models import Plan, Role
from reports import services
from reports.periods import Period
from tasks.models import Task
from tests.conftest import make_person

BEFORE_Q1 = timezone.make_aware(datetime.datetime(2023, 12, 1, 8, 0))
Q1 = Period.parse("2024-Q1")


@pytest.fixture
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch nâng cao Chỉ số PAPI năm 2024")


def make_task(plan, code, order, **fields):
    fields.setdefault("title", f"Nhiệm vụ {code}")
    fields.setdefault("text", f"Nội dung nhiệm vụ {code}.")
    fields.setdefault("created_at", BEFORE_Q1)
    return Task.objects.create(plan=plan, code=code, order=order, **fields)


@pytest.fixture
def tasks(plan, official, second_official, chairman, observer):
    """1.1.a and 1.3.a led by `official` (1.1.a shared with `second_official` and, wrongly, the
    observer); 2.a led by `chairman`; 3.a led by nobody."""
    first = make_task(plan, "1.1.a", 1, lead=official, deadline_kind="date", due_date=datetime.date(2024, 2, 28))
    first.cooperating.add(second_official, observer)
    return [
        first,
        make_task(plan, "1.3.a", 2, lead=official, deadline_kind="date", due_date=datetime.date(2024, 6, 30)),
        make_task(plan, "2.a", 3, lead=chairman),
        make_task(plan, "3.a", 4),
    ]


@pytest.fixture
def round_(plan, tasks, clerk):
    return services.open_round(plan, Q1, by=clerk)


@pytest.fixture
def submission(round_, official):
    return round_.submissions.get(official=official)


def many_officials(unit, count, prefix="cb"):
    return [
        make_person(f"{prefix}{i}", unit, Role.OFFICIAL, f"Chức danh {i % 5}", f"Cán Bộ Số {i}") for i in range(count)
    ]
