import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from notifications.models import Notification
from plans.models import ContentArea, Plan
from tasks.deadlines import Deadline
from tasks.models import Bucket, Task, TaskStatus
from tasks.services import editing, versions, workflow


@pytest.fixture
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch PAPI 2024")


@pytest.fixture
def task(plan, official):
    return Task.objects.create(
        plan=plan,
        code="1.3.a",
        title="Tiếp công dân",
        text="Thực hiện tốt việc tiếp công dân.",
        content_area=ContentArea.objects.get(code=3),
        lead=official,
        due_date=datetime.date(2024, 6, 30),
        deadline_kind="date",
    )


def test_reporting_done_asks_the_clerk_to_confirm(task, official, clerk):
    task, update = workflow.report_progress(
        task, by=official, status=TaskStatus.DONE, progress=80, note="Đã xong", expected_version=task.version
    )

    assert task.status == TaskStatus.AWAITING_CONFIRMATION
    assert task.progress == 100
    assert update.note == "Đã xong"
    assert Notification.objects.get(recipient=clerk).kind == Notification.Kind.REPORTED


def test_reporting_done_without_a_note_is_refused(task, official):
    with pytest.raises(versions.TaskActionError):
        workflow.report_progress(task, by=official, status=TaskStatus.DONE, progress=100, note=" ")

    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_a_stale_form_is_refused_and_says_what_changed(task, official, clerk):
    loaded_version = task.version
    workflow.report_progress(
        task, by=clerk, status=TaskStatus.IN_PROGRESS, progress=40, expected_version=loaded_version
    )

    with pytest.raises(versions.StaleTaskError) as stale:
        workflow.report_progress(
            task, by=official, status=TaskStatus.IN_PROGRESS, progress=10, expected_version=loaded_version
        )

    changed = {str(label): (old, new) for label, old, new in stale.value.changes}
    assert changed["tiến độ (%)"] == (0, 40)
    assert stale.value.current.progress == 40


def test_clerk_returns_a_reported_task_with_a_reason(task, official, clerk):
    task, _ = workflow.report_progress(task, by=official, status=TaskStatus.DONE, progress=100, note="Xong")

    task = workflow.return_task(task, by=clerk, reason="Thiếu biên bản", expected_version=task.version)

    assert task.status == TaskStatus.RETURNED
    assert task.completed_at is None
    assert Notification.objects.get(recipient=official, kind=Notification.Kind.RETURNED).detail == "Thiếu biên bản"


def test_official_cannot_confirm_their_own_task(task, official):
    task, _ = workflow.report_progress(task, by=official, status=TaskStatus.DONE, progress=100, note="Xong")

    with pytest.raises(PermissionDenied):
        workflow.confirm(task, by=official)


def test_deadline_change_keeps_the_reason_in_the_audit_history(task, clerk, official):
    editing.change_deadline(
        task, by=clerk, deadline=Deadline.by_date(datetime.date(2024, 9, 30), "30/9/2024"), reason="Chờ hướng dẫn"
    )

    latest = task.history.order_by("-history_date").first()
    assert latest.history_change_reason == "Chờ hướng dẫn"
    assert latest.history_user == clerk
    assert latest.due_date == datetime.date(2024, 9, 30)
    assert Notification.objects.filter(recipient=official, kind=Notification.Kind.DEADLINE_CHANGED).exists()


@time_machine.travel(datetime.datetime(2024, 7, 1, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7))))
def test_done_just_before_local_midnight_on_the_deadline_counts_as_on_time(task, official, clerk):
    with time_machine.travel(
        datetime.datetime(2024, 6, 30, 23, 59, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    ):
        task, _ = workflow.report_progress(task, by=official, status=TaskStatus.DONE, progress=100, note="Xong")
    workflow.confirm(task, by=clerk)

    assert Task.objects.with_bucket().get(pk=task.pk).bucket == Bucket.DONE_ON_TIME


def test_soft_deleted_tasks_disappear_but_are_kept(task, clerk):
    editing.soft_delete(task, by=clerk, reason="Trùng lặp")

    assert not Task.objects.filter(pk=task.pk).exists()
    assert Task.all_objects.get(pk=task.pk).deleted_by == clerk
