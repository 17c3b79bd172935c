"""Reminder digests in the bell: a notification without a task, with the subject and a link."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from plans.models import Plan
from tasks.models import Task

pytestmark = pytest.mark.django_db

LIST = "/tasks/notifications/"
SUBJECT = "[PAPI Portal] Reminder 25/06/2024: 2 overdue tasks <b>"


def reminder_notice(person, url="/tasks/mine/", **extra):
    return Notification.objects.create(
        recipient=person, kind=Notification.Kind.REMINDER, detail=SUBJECT, url=url, **extra
    )


def test_a_reminder_without_a_task_shows_its_subject(client, official, commune):
    reminder_notice(official)
    plan = Plan.objects.create(unit=commune, year=2024, title="Kế hoạch")
    task = Task.objects.create(plan=plan, code="1.1.a", title="Niêm yết công khai", text="…")
    Notification.objects.create(recipient=official, kind=Notification.Kind.ASSIGNED, task=task)
    client.force_login(official)

    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.text
    assert "[PAPI Portal] Reminder 25/06/2024: 2 overdue tasks &lt;b&gt;" in page
    assert page.count("2 overdue tasks") == 1  # the subject once, not again as a quoted detail
    assert '<i class="bi bi-alarm"' in page
    assert "Niêm yết công khai" in page  # task notifications as before
    assert page.count('action="/tasks/notifications/') >= 2  # both can be opened


def test_opening_a_reminder_marks_it_read_and_follows_its_link(client, clerk):
    notice = reminder_notice(clerk, url="/tasks/plan/")
    client.force_login(clerk)

    response = client.post(reverse("notifications:notification_open", args=[notice.pk]))

    assert response.status_code == 302 and response.url == "/tasks/plan/"
    notice.refresh_from_db()
    assert notice.read_at is not None


@pytest.mark.parametrize("url", ["", "https://evil.example/phish", "//evil.example/", "javascript:alert(1)"])
def test_a_missing_or_foreign_link_falls_back_to_my_tasks(client, official, url):
    notice = reminder_notice(official, url=url)
    client.force_login(official)

    response = client.post(reverse("notifications:notification_open", args=[notice.pk]))

    assert response.status_code == 302 and response.url == reverse("tasks:my_tasks")


def test_someone_elses_reminder_cannot_be_opened(client, official, clerk):
    notice = reminder_notice(clerk)
    client.force_login(official)

    assert client.post(reverse("notifications:notification_open", args=[notice.pk])).status_code == 404
