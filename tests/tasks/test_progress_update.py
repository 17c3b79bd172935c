"""Reporting progress (with evidence), and confirming or returning work reported done."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from tasks.models import Evidence, ProgressUpdate, TaskStatus
from tasks.services import workflow

from .conftest import PDF_BYTES, upload


def progress_url(task):
    return reverse("tasks:task_progress", args=[task.pk])


def report(client, task, **data):
    data.setdefault("version", task.version)
    return client.post(progress_url(task), data)


def test_an_official_reports_progress_with_a_pdf_and_it_shows_in_the_timeline(task, as_official, settings):
    pdf = upload("Biên bản họp dân.pdf", PDF_BYTES, "application/pdf")

    response = report(as_official, task, status="in_progress", progress=40, note="Đã họp dân", files=[pdf])

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == (TaskStatus.IN_PROGRESS, 40, 2)
    update = ProgressUpdate.objects.get(task=task)
    assert update.note == "Đã họp dân"
    item = Evidence.objects.get(task=task)
    assert item.update == update
    assert item.original_name == "Biên bản họp dân.pdf"
    assert item.content_type == "application/pdf" and item.size == len(PDF_BYTES)
    assert item.file.name.startswith("evidence/") and item.file.name.endswith(".pdf")
    assert "Biên bản" not in item.file.name  # a generated name on disk
    assert (settings.MEDIA_ROOT / item.file.name).read_bytes() == PDF_BYTES

    followed = as_official.get(response["Location"])
    html = followed.content.decode()
    assert "Progress saved." in html
    assert "Đã họp dân" in html and "Biên bản họp dân.pdf" in html
    assert reverse("tasks:evidence_download", args=[item.pk]) in html

    download = as_official.get(reverse("tasks:evidence_download", args=[item.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert (
        download["Content-Disposition"]
        == "attachment; filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp%20d%C3%A2n.pdf"
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "private" in download["Cache-Control"]


@pytest.mark.parametrize("status", ["done", "blocked"])
def test_a_note_is_required_when_reporting_done_or_blocked(task, as_official, status):
    response = report(as_official, task, status=status, progress=100, note="  ")

    assert response.status_code == 200
    assert "note" in response.context["progress_form"].errors
    assert "Please write a note" in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.version) == (TaskStatus.NOT_STARTED, 1)
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"status": "in_progress", "progress": 101},
        {"status": "in_progress", "progress": -1},
        {"status": "awaiting", "progress": 50},  # only the reviewer's action makes it awaiting/done
        {"status": "returned", "progress": 50},
        {"status": "in_progress", "progress": 50, "version": "abc"},
    ],
)
def test_invalid_reports_are_refused_with_the_input_kept(task, as_official, data):
    response = report(as_official, task, note="Ghi chú của tôi", **data)

    assert response.status_code == 200
    assert response.context["progress_form"].errors
    assert "Ghi chú của tôi" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_reporting_done_asks_for_confirmation_and_the_clerk_confirms(task, official, clerk, as_official, as_clerk):
    response = report(as_official, task, status="done", progress=90, note="Đã hoàn thành")

    assert response.status_code == 302
    assert "sent for confirmation" in as_official.get(response["Location"]).content.decode()
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.AWAITING_CONFIRMATION, 100)
    assert Notification.objects.get(recipient=clerk).kind == Notification.Kind.REPORTED

    response = as_clerk.post(reverse("tasks:task_confirm", args=[task.pk]), {"version": task.version, "note": "Tốt"})

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert Notification.objects.get(recipient=official).kind == Notification.Kind.CONFIRMED
    timeline = as_clerk.get(response["Location"]).context["timeline"]
    assert [e.kind for e in timeline[:2]] == ["confirmed", "progress"]


def test_the_chairman_returns_reported_work_with_a_reason(task, official, as_official, as_chairman):
    report(as_official, task, status="done", progress=100, note="Xong")
    task.refresh_from_db()

    without_reason = as_chairman.post(reverse("tasks:task_return", args=[task.pk]), {"version": task.version})
    assert without_reason.status_code == 200
    assert without_reason.context["return_form"].errors

    response = as_chairman.post(
        reverse("tasks:task_return", args=[task.pk]), {"version": task.version, "reason": "Thiếu biên bản họp"}
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_at) == (TaskStatus.RETURNED, None)
    notice = Notification.objects.get(recipient=official, kind=Notification.Kind.RETURNED)
    assert notice.detail == "Thiếu biên bản họp"
    page = as_official.get(response["Location"])
    assert "Thiếu biên bản họp" in page.content.decode()
    assert page.context["progress_form"] is not None  # the official can report again


def test_confirming_a_task_that_is_not_awaiting_shows_the_services_message(task, as_clerk):
    response = as_clerk.post(reverse("tasks:task_confirm", args=[task.pk]), {"version": task.version})

    assert response.status_code == 200
    assert "not awaiting confirmation" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_reporting_on_a_confirmed_task_is_refused_with_the_input_kept(task, official, clerk, as_official):
    task, _ = workflow.report_progress(task, by=official, status=TaskStatus.DONE, progress=100, note="Xong")
    task = workflow.confirm(task, by=clerk)

    response = report(as_official, task, status="in_progress", progress=50, note="Làm thêm")

    assert response.status_code == 200
    html = response.content.decode()
    assert "already confirmed done" in html and "Làm thêm" in html
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_the_clerk_may_report_for_an_official(task, clerk, as_clerk):
    response = report(as_clerk, task, status="blocked", progress=20, note="Chưa có kinh phí")

    assert response.status_code == 302
    assert ProgressUpdate.objects.get().author == clerk


def test_a_bad_file_refuses_the_whole_report(task, as_official, settings):
    files = [upload("ok.pdf", PDF_BYTES), upload("bad.pdf", b"<html><script>alert(1)</script></html>")]

    response = report(as_official, task, status="in_progress", progress=40, note="Ghi chú", files=files)

    assert response.status_code == 200
    html = response.content.decode()
    assert "“bad.pdf” is not a PDF" in html
    assert "Ghi chú" in html
    assert "choose them again" in html
    task.refresh_from_db()
    assert (task.progress, task.version) == (0, 1)
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    assert not (settings.MEDIA_ROOT / "evidence").exists()
