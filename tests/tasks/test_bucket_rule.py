"""The deadline-bucket rule is stated once (tasks/states.py) and read two ways: in SQL for
today's lists, in Python at a past cut-off. Both must put every task in the same bucket."""

import datetime
import itertools
import zoneinfo

import pytest
from django.conf import settings
from django.utils import timezone

from reports.status import bucket_at
from tasks.models import Bucket, Task, TaskStatus

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 14)  # the day the buckets are worked out for
LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def local(day, hour, minute):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LOCAL)


@pytest.mark.parametrize("soon_days", [0, 3, 7])
def test_sql_and_python_agree_on_every_boundary(plan, area, soon_days):
    one = datetime.timedelta(days=1)
    soon = datetime.timedelta(days=soon_days)
    due_dates = [None, DAY - 7 * one, DAY - one, DAY, DAY + one, DAY + soon - one, DAY + soon, DAY + soon + one]
    completions = [None, "minute before midnight", "minute after midnight", "long before"]
    cases = []
    for n, (status, due, done) in enumerate(itertools.product(TaskStatus, due_dates, completions)):
        anchor = due or DAY
        completed_at = {
            None: None,
            "minute before midnight": local(anchor, 23, 59),  # the due day, local time
            "minute after midnight": local(anchor + one, 0, 1),  # the next day, local time (still the due day in UTC)
            "long before": local(anchor - 30 * one, 9, 0),
        }[done]
        cases.append(
            Task(plan=plan, content_area=area, code=f"t{n}", title=f"t{n}", status=status, due_date=due,
                 completed_at=completed_at)
        )  # fmt: skip
    Task.objects.bulk_create(cases)

    in_sql = dict(
        Task.objects.filter(plan=plan).with_bucket(today=DAY, soon_days=soon_days).values_list("code", "bucket")
    )

    seen = set()
    for task in Task.objects.filter(plan=plan):
        completed_on = timezone.localtime(task.completed_at, LOCAL).date() if task.completed_at else None
        in_python = bucket_at(task.status, task.due_date, completed_on, DAY, soon_days=soon_days)
        assert in_python == in_sql[task.code], (task.status, task.due_date, task.completed_at)
        seen.add(in_python)
    assert seen == set(Bucket)  # every bucket was reached, so every rule was compared


def test_a_task_done_at_2359_local_on_its_due_day_is_on_time_and_at_0001_late(plan, area):
    due = DAY
    on_time = Task.objects.create(plan=plan, content_area=area, code="a", title="a", status=TaskStatus.DONE,
                                  due_date=due, completed_at=local(due, 23, 59))  # fmt: skip
    late = Task.objects.create(plan=plan, content_area=area, code="b", title="b", status=TaskStatus.DONE,
                               due_date=due, completed_at=local(due + datetime.timedelta(days=1), 0, 1))  # fmt: skip

    buckets = dict(Task.objects.filter(plan=plan).with_bucket(today=DAY).values_list("pk", "bucket"))

    assert buckets == {on_time.pk: Bucket.DONE_ON_TIME, late.pk: Bucket.DONE_LATE}
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
