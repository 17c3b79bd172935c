"""notifications.services.notify: the one place notification rows are made (tasks and reports call it)."""

import pytest

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


def test_each_person_is_told_once_and_never_the_actor(task, official, clerk, chairman):
    notify(Notification.Kind.ASSIGNED, [official, None, official, clerk, chairman], actor=chairman, task=task)

    rows = Notification.objects.order_by("recipient_id")
    assert sorted(n.recipient_id for n in rows) == sorted([official.pk, clerk.pk])
    assert {(n.kind, n.task_id, n.actor_id, n.url) for n in rows} == {("assigned", task.pk, chairman.pk, "")}


def test_notices_without_a_task_link_where_each_pair_says(official, clerk):
    notify(Notification.Kind.REMINDER, [(official.pk, "/reports/1/"), (clerk.pk, "/reports/2/")], detail="x" * 400)

    rows = {n.recipient_id: n for n in Notification.objects.all()}
    assert rows[official.pk].url == "/reports/1/" and rows[clerk.pk].url == "/reports/2/"
    assert rows[official.pk].task is None and rows[official.pk].actor is None
    assert len(rows[clerk.pk].detail) == 300


def test_nobody_to_tell_inserts_nothing(official, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert notify(Notification.Kind.COMMENTED, [official], actor=official) == []
