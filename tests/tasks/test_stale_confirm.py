"""Confirming a reported task after the official reported it again: 409, what changed, who, when,
the note typed kept, nothing confirmed (the return form's case is in test_concurrency.py)."""

from django.urls import reverse
from django.utils import timezone

from tasks.models import ProgressUpdate, TaskStatus
from tasks.services import workflow

from .conftest import signed_in
from .test_concurrency import loaded_version


def test_a_confirm_after_the_report_changed_is_409_with_the_change_and_the_note_kept(task, official, clerk):
    workflow.report_progress(task, by=official, status="done", progress=100, note="Xong", expected_version=1)
    as_clerk = signed_in(clerk)
    page = reverse("tasks:task_detail", args=[task.pk])
    version = loaded_version(as_clerk.get(page), "confirm")
    task.refresh_from_db()
    # The official takes it back: not done yet after all.
    workflow.report_progress(
        task, by=official, status="in_progress", progress=80, note="Còn thiếu ảnh", expected_version=version
    )
    task.refresh_from_db()
    record = task.history.latest("history_date")
    updates = ProgressUpdate.objects.count()

    refused = as_clerk.post(reverse("tasks:task_confirm", args=[task.pk]), {"version": version, "note": "Đạt yêu cầu"})

    assert refused.status_code == 409
    html = refused.content.decode()
    assert "<strong>Status</strong>: Awaiting confirmation → In progress" in html
    assert "<strong>Progress (%)</strong>: 100 → 80" in html
    assert f"Trần Văn Bình ({timezone.localtime(record.history_date):%d/%m/%Y %H:%M})" in html
    assert refused.context["confirm_form"]["note"].value() == "Đạt yêu cầu"
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == (TaskStatus.IN_PROGRESS, 80, version + 1)
    assert ProgressUpdate.objects.count() == updates
