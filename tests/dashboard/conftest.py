"""A constructed plan for the dashboard: three areas and tasks outside them, two officials and
unassigned tasks, every deadline bucket, a soft-deleted task and another commune's plan."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.utils import timezone

from plans.models import ContentArea, Plan, Role
from tasks.models import ProgressUpdate, Task, TaskStatus

from ..conftest import make_person

LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def at(day, hour=10):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def officials(commune):
    return {
        "binh": make_person("binh", commune, Role.OFFICIAL, None, "Trần Văn Bình"),
        "an": make_person("an", commune, Role.OFFICIAL, None, "Ngô Văn An"),
    }


def add_task(plan, code, *, area=None, lead=None, status=TaskStatus.IN_PROGRESS, due=None, completed=None, **extra):
    return Task.objects.create(
        plan=plan,
        code=code,
        order=int(code.replace(".", "")),
        title=f"Việc {code}",
        text=f"Việc {code}",
        content_area=ContentArea.objects.get(code=area) if area else None,
        lead=lead,
        status=status,
        deadline_kind="date" if due else "ongoing",
        due_date=due,
        completed_at=at(completed) if completed else None,
        **extra,
    )


@pytest.fixture
def world(commune, other_commune, chairman, officials, today):
    d = datetime.timedelta
    binh, an = officials["binh"], officials["an"]
    plan = Plan.objects.create(unit=commune, year=today.year, title="Kế hoạch PAPI")
    other_plan = Plan.objects.create(unit=other_commune, year=today.year, title="Kế hoạch PAPI Lạc Hồng")
    done = TaskStatus.DONE
    tasks = [
        # Area 1: one done on time, one done late, one overdue (red).
        add_task(plan, "1.1", area=1, lead=binh, status=done, due=today - d(20), completed=today - d(25)),
        add_task(plan, "1.2", area=1, lead=binh, status=done, due=today - d(20), completed=today - d(10)),
        add_task(plan, "1.3", area=1, lead=an, status=TaskStatus.NOT_STARTED, due=today - d(3)),
        # Area 2: all done or on track (green): done, awaiting (past due!), in progress far off, ongoing.
        add_task(plan, "2.1", area=2, lead=an, status=done, due=None, completed=today - d(40)),
        add_task(plan, "2.2", area=2, lead=an, status=TaskStatus.AWAITING_CONFIRMATION, due=today - d(1)),
        add_task(plan, "2.3", area=2, lead=binh, status=TaskStatus.IN_PROGRESS, due=today + d(60)),
        add_task(plan, "2.4", area=2, lead=None, status=TaskStatus.BLOCKED, due=None),
        # Area 3: 1 of 2 done or on track (amber): due soon and not started far off... then in progress.
        add_task(plan, "3.1", area=3, lead=binh, status=TaskStatus.IN_PROGRESS, due=today + d(2)),
        add_task(plan, "3.2", area=3, lead=None, status=TaskStatus.NOT_STARTED, due=today + d(90)),
        add_task(plan, "3.3", area=3, lead=an, status=TaskStatus.RETURNED, due=today + d(30)),
        # Outside the areas: overdue, unassigned; and done with no completion date.
        add_task(plan, "9.1", area=None, lead=None, status=TaskStatus.IN_PROGRESS, due=today - d(30)),
        add_task(plan, "9.2", area=None, lead=an, status=done, due=today + d(5)),
    ]
    # Not counted: a soft-deleted overdue task, another commune's task.
    add_task(plan, "8.1", area=1, lead=binh, status=TaskStatus.NOT_STARTED, due=today - d(5), deleted_at=timezone.now())
    add_task(other_plan, "1.1", area=1, status=TaskStatus.NOT_STARTED, due=today - d(5))
    for i, task in enumerate(tasks):
        ProgressUpdate.objects.create(
            task=task, author=task.lead, status=task.status, progress=50, created_at=timezone.now() - d(hours=i)
        )
    return {"plan": plan, "other_plan": other_plan, "tasks": tasks}
