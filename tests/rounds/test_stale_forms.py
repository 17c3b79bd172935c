"""A report's forms sent after someone else changed the report: 409, what changed (what, who, when),
the typed input kept, nothing saved. The official's report form, the clerk's return and accept."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Role
from reports import services
from reports.models import Submission

from ..conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(commune):
    return make_person("vanphong2", commune, Role.CLERK, "Công chức Văn phòng - Thống kê", "Lý Thị Lan")


def opened_version(response, action):
    """The hidden version of the form posting to ``action`` on the page."""
    html = response.content.decode()
    form = html[html.index(f'action="{action}"') :] if action else html
    return int(re.search(r'name="version" value="(\d+)"', form).group(1))


def results(submission, text):
    return {item.task_id: f"{text} {item.task.code}" for item in submission.items.select_related("task")}


def save(submission, by, text, submit=False, version=None):
    return services.save_submission(
        submission, by=by, data={"results": text}, items=results(submission, text), submit=submit,
        expected_version=version,
    )  # fmt: skip


def saved(submission):
    submission = Submission.objects.get(pk=submission.pk)
    items = sorted(submission.items.values_list("task_id", "result"))
    return (submission.version, submission.status, submission.results, submission.returned_reason, items)


def when(submission):
    latest = submission.history.latest("history_date")
    return timezone.localtime(latest.history_date).strftime("%d/%m/%Y %H:%M")


def test_the_report_saved_in_another_window_is_listed_and_the_typed_report_kept(client, official, submission):
    url = reverse("reports:submission", args=[submission.pk])
    client.force_login(official)
    version = opened_version(client.get(url), None)
    save(submission, official, "Bản trong cửa sổ khác", version=version)
    before, history = saved(submission), submission.history.count()
    task = submission.items.select_related("task").first().task
    typed = {"version": version, "action": "save", "results": "Bản của tôi", "causes": "Thiếu người"}
    typed.update({f"task-{item.task_id}": "Kết quả của tôi" for item in submission.items.all()})

    response = client.post(url, typed)

    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="conflict"' in html
    assert "<strong>Kết quả</strong>: — → Bản trong cửa sổ khác" in html
    assert f"<strong>Kết quả nhiệm vụ {task.code}</strong>: — → Bản trong cửa sổ khác {task.code}" in html
    assert f"Trần Văn Bình ({when(submission)})" in html
    form = response.context["form"]
    assert (form["results"].value(), form["causes"].value()) == ("Bản của tôi", "Thiếu người")
    assert "Bản của tôi</textarea>" in html and "Kết quả của tôi</textarea>" in html
    assert opened_version(response, None) == version + 1
    assert (saved(submission), submission.history.count()) == (before, history)


def test_a_return_after_a_colleague_returned_it_is_409_with_the_reason_kept(
    client, clerk, colleague, official, submission
):
    save(submission, official, "Đã làm", submit=True)
    url = reverse("reports:submission", args=[submission.pk])
    client.force_login(clerk)
    version = opened_version(client.get(url), reverse("reports:submission_return", args=[submission.pk]))
    services.return_submission(submission, by=colleague, reason="Thiếu số liệu", expected_version=version)
    before = saved(submission)

    response = client.post(
        reverse("reports:submission_return", args=[submission.pk]), {"version": version, "reason": "Bổ sung ảnh"}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "<strong>Trạng thái</strong>: Đã nộp → Bị trả lại" in html
    assert "<strong>Lý do trả lại</strong>: — → Thiếu số liệu" in html
    assert f"Lý Thị Lan ({when(submission)})" in html
    assert response.context["return_form"]["reason"].value() == "Bổ sung ảnh"
    assert "Bổ sung ảnh</textarea>" in html
    assert saved(submission) == before


def test_an_accept_after_the_report_was_returned_and_resubmitted_is_409(client, clerk, colleague, official, submission):
    save(submission, official, "Bản đầu", submit=True)
    url = reverse("reports:submission", args=[submission.pk])
    client.force_login(clerk)
    version = opened_version(client.get(url), reverse("reports:submission_accept", args=[submission.pk]))
    services.return_submission(submission, by=colleague, reason="Thiếu số liệu", expected_version=version)
    save(submission, official, "Bản bổ sung", submit=True)
    before = saved(submission)

    response = client.post(reverse("reports:submission_accept", args=[submission.pk]), {"version": version})

    assert response.status_code == 409
    html = response.content.decode()
    assert "<strong>Kết quả</strong>: Bản đầu → Bản bổ sung" in html
    editors = [person.username for person, _when in response.context["conflict"]["editors"]]
    assert editors == ["vanphong2", "tuphap"]  # who returned it, who submitted it again
    assert saved(submission) == before
    assert saved(submission)[1] == Submission.Status.SUBMITTED
    # The page offers the accept again, on the report as it is now.
    assert opened_version(response, reverse("reports:submission_accept", args=[submission.pk])) == before[0]
