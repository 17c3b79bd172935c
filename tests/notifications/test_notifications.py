"""In-app notifications: the list, opening one, marking read; only ever one's own."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import Notification
from tasks.models import Task

from .conftest import AT, notify

pytestmark = pytest.mark.django_db

LIST = "/tasks/notifications/"


def test_the_list_lives_at_tasks_notifications():
    assert reverse("notifications:notifications") == LIST


def test_the_list_needs_a_signed_in_person(client):
    assert client.get(LIST).url == f"{reverse('login')}?next={LIST}"


def test_each_notification_reads_in_the_readers_language(client, official, clerk, task):
    notify(official, task, Notification.Kind.RETURNED, actor=clerk, detail="Thiếu biên bản niêm yết")
    client.force_login(official)

    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    with translation.override("en"):
        assert "Your task was returned" in html
        assert "by Nguyễn Thị Hoa" in html
    assert "1.1.a" in html
    assert "Niêm yết công khai danh sách hộ nghèo" in html
    assert "Thiếu biên bản niêm yết" in html
    assert "05/03/2024 09:30" in html  # dd/mm/yyyy HH:MM, Hà Nội time


def test_the_list_is_newest_first_and_shows_only_ones_own(client, official, clerk, outsider, task):
    older = notify(official, task, detail="older", at=AT)
    newer = notify(official, task, detail="newer", at=AT + datetime.timedelta(hours=1))
    notify(clerk, task, detail="the clerk's")
    notify(outsider, task, detail="another commune's")
    client.force_login(official)

    response = client.get(LIST)

    assert list(response.context["notifications"]) == [newer, older]
    html = response.content.decode()
    assert "the clerk&#x27;s" not in html and "the clerk's" not in html
    assert "another commune" not in html


def test_the_list_shows_25_a_page(client, official, task):
    for i in range(30):
        notify(official, task, at=AT + datetime.timedelta(minutes=i))
    client.force_login(official)

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(first.context["notifications"]) == 25
    assert len(second.context["notifications"]) == 5
    assert 'href="?page=2"' in first.content.decode()
    assert client.get(LIST, {"page": "x"}).status_code == 200  # a bad page number shows page 1


def test_unread_only(client, official, task):
    unread = notify(official, task)
    notify(official, task, read_at=timezone.now())
    client.force_login(official)

    response = client.get(LIST, {"unread": "1"})

    assert list(response.context["notifications"]) == [unread]


def test_the_list_costs_the_same_few_queries_for_200_notifications(
    client, official, clerk, task, plan, django_assert_num_queries
):
    others = [Task.objects.create(plan=plan, code=f"9.{i}", title=f"Việc {i}", text="...") for i in range(20)]
    Notification.objects.bulk_create(
        Notification(
            recipient=official,
            task=others[i % 20],
            actor=clerk if i % 2 else None,
            kind=Notification.Kind.COMMENTED,
            created_at=AT + datetime.timedelta(minutes=i),
        )
        for i in range(200)
    )
    client.force_login(official)

    # 1. the session  2. the signed-in user
    # 3. COUNT of the person's notifications (the paginator)
    # 4. COUNT of the unread ones (the bell; the same value shows "mark all as read")
    # 5. the page of 25 notifications JOIN task LEFT JOIN actor
    # 6.-8. SAVEPOINT, UPDATE the session's expiry (SESSION_SAVE_EVERY_REQUEST), RELEASE
    with django_assert_num_queries(8):
        response = client.get(LIST)

    assert len(response.context["notifications"]) == 25


def test_opening_a_notification_marks_it_read_and_goes_to_the_task(client, official, task):
    notification = notify(official, task)
    client.force_login(official)

    response = client.post(reverse("notifications:notification_open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == reverse("tasks:task_detail", args=[task.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_changes_nothing_on_a_get(client, official, task):
    notification = notify(official, task)
    client.force_login(official)

    assert client.get(reverse("notifications:notification_open", args=[notification.pk])).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_a_notification_of_a_deleted_task_returns_to_the_list(client, official, task):
    notification = notify(official, task)
    Task.objects.filter(pk=task.pk).update(deleted_at=timezone.now())
    client.force_login(official)

    response = client.post(reverse("notifications:notification_open", args=[notification.pk]), follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert "data-notification" in response.content.decode()


def test_marking_one_read_keeps_the_reader_on_the_same_page(client, official, task):
    notification = notify(official, task)
    client.force_login(official)

    response = client.post(
        reverse("notifications:notification_read", args=[notification.pk]), {"next": f"{LIST}?page=2"}
    )

    assert response.url == f"{LIST}?page=2"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_foreign_next_address_is_ignored(client, official, task):
    notification = notify(official, task)
    client.force_login(official)

    response = client.post(
        reverse("notifications:notification_read", args=[notification.pk]), {"next": "https://evil.example/"}
    )

    assert response.url == LIST


def test_marking_read_keeps_the_first_reading_time(client, official, task):
    first = timezone.now() - datetime.timedelta(days=1)
    notification = notify(official, task, read_at=first)
    client.force_login(official)

    client.post(reverse("notifications:notification_read", args=[notification.pk]))

    notification.refresh_from_db()
    assert notification.read_at == first


@pytest.mark.parametrize("action", ["notifications:notification_open", "notifications:notification_read"])
def test_someone_elses_notification_is_not_found(client, official, clerk, outsider, task, action):
    theirs = notify(clerk, task)
    client.force_login(official)

    assert client.post(reverse(action, args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_marks_only_ones_own(client, official, clerk, task):
    mine = [notify(official, task) for _ in range(3)]
    theirs = notify(clerk, task)
    client.force_login(official)

    response = client.post(reverse("notifications:notifications_read_all"), HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    with translation.override("en"):
        assert "3 notifications marked as read." in response.content.decode()
    assert client.get(reverse("notifications:notifications_read_all")).status_code == 405


def test_the_mark_all_button_shows_only_when_something_is_unread(client, official, task):
    client.force_login(official)
    assert reverse("notifications:notifications_read_all") not in client.get(LIST).content.decode()

    notify(official, task)

    assert reverse("notifications:notifications_read_all") in client.get(LIST).content.decode()


def test_an_empty_list_says_so(client, official):
    client.force_login(official)

    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")

    with translation.override("en"):
        assert "No notifications yet." in response.content.decode()
