"""Nothing silently lost: a form loaded before someone else's change is refused, with the input kept."""

import re

from django.urls import reverse

from tasks.models import Evidence, ProgressUpdate, TaskStatus

from .conftest import PDF_BYTES, signed_in, upload


def loaded_version(response, form_id):
    """The hidden `version` of one form on the task page, as a browser would send it back."""
    match = re.search(rf'name="version" value="(\d+)" id="id_{form_id}_version"', response.content.decode())
    return int(match.group(1))


def test_two_people_editing_at_once_the_second_is_refused_with_the_changes_and_their_note(task, official, clerk):
    first, second = signed_in(official), signed_in(clerk)
    url = reverse("tasks:task_detail", args=[task.pk])
    progress_url = reverse("tasks:task_progress", args=[task.pk])
    first_version = loaded_version(first.get(url), "progress")
    second_version = loaded_version(second.get(url), "progress")

    saved = first.post(progress_url, {"version": first_version, "status": "in_progress", "progress": 40, "note": "A"})
    refused = second.post(
        progress_url,
        {
            "version": second_version,
            "status": "blocked",
            "progress": 15,
            "note": "Chưa có kinh phí để in tài liệu",
            "files": [upload("bien-ban.pdf", PDF_BYTES)],
        },
    )

    assert saved.status_code == 302
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Someone else changed this task while you were editing it." in html
    assert "<strong>Progress (%)</strong>: 0 → 40" in html
    assert "<strong>Status</strong>: Not started → In progress" in html
    assert "Changed by" in html and "Trần Văn Bình" in html
    assert "The task now: In progress, 40%." in html
    # The typed input is still there, against the current version, so saving again works.
    form = refused.context["progress_form"]
    assert (form["status"].value(), form["progress"].value(), form["note"].value()) == (
        "blocked",
        "15",
        "Chưa có kinh phí để in tài liệu",
    )
    assert "Chưa có kinh phí để in tài liệu</textarea>" in html
    assert 'value="blocked"  id="id_progress_status_2" required checked' in html
    assert "please choose them again" in html
    assert loaded_version(refused, "progress") == 2
    # The database reflects only the first.
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == (TaskStatus.IN_PROGRESS, 40, 2)
    assert list(ProgressUpdate.objects.values_list("note", flat=True)) == ["A"]
    assert not Evidence.objects.exists()

    again = second.post(
        progress_url, {"version": 2, "status": "blocked", "progress": 15, "note": "Chưa có kinh phí để in tài liệu"}
    )
    assert again.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == (TaskStatus.BLOCKED, 15, 3)


def test_two_reviewers_at_once_the_second_sees_the_first_decision(task, official, clerk, chairman):
    signed_in(official).post(
        reverse("tasks:task_progress", args=[task.pk]),
        {"version": 1, "status": "done", "progress": 100, "note": "Xong"},
    )
    as_clerk, as_chairman = signed_in(clerk), signed_in(chairman)
    page = reverse("tasks:task_detail", args=[task.pk])
    clerk_version = loaded_version(as_clerk.get(page), "confirm")
    chairman_version = loaded_version(as_chairman.get(page), "return")

    confirmed = as_clerk.post(reverse("tasks:task_confirm", args=[task.pk]), {"version": clerk_version})
    refused = as_chairman.post(
        reverse("tasks:task_return", args=[task.pk]), {"version": chairman_version, "reason": "Thiếu ảnh"}
    )

    assert confirmed.status_code == 302
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "<strong>Status</strong>: Awaiting confirmation → Done" in html
    assert "Nguyễn Thị Hoa" in html  # who changed it
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    # The task is done now, so there is nothing to return: the form is kept but no longer applies.
    assert refused.context["return_form"]["reason"].value() == "Thiếu ảnh"


def test_a_comment_is_never_refused_for_being_late(task, official, clerk):
    as_official = signed_in(official)
    version = loaded_version(as_official.get(reverse("tasks:task_detail", args=[task.pk])), "comment")
    signed_in(clerk).post(
        reverse("tasks:task_progress", args=[task.pk]),
        {"version": version, "status": "in_progress", "progress": 10, "note": ""},
    )

    response = as_official.post(reverse("tasks:task_comment", args=[task.pk]), {"version": version, "text": "Đã rõ"})

    assert response.status_code == 302
    assert task.comments.get().text == "Đã rõ"
