"""What changed on a department's task, as people read it: the task page's timeline, and the changes
listed under a form that went stale. (The clock runs here: the history is ordered by its dates.)"""

import datetime

import pytest
from django.urls import reverse

from tasks.deadlines import Deadline
from tasks.services import assignment, editing

from .conftest import make_task, signed_in

pytestmark = pytest.mark.django_db


def delegate_url(task):
    return reverse("tasks:task_delegate", args=[task.pk])


def test_a_stale_assign_form_names_the_delegates_and_the_department_that_changed_meanwhile(
    plan, clerk, culture, economy, head, tien
):
    task = make_task(plan, "2.7.a")
    client = signed_in(clerk)
    assignment.assign(task, by=clerk, lead=culture, cooperating=[], expected_version=1)
    assignment.delegate(task, by=head, people=[tien], expected_version=2)

    response = client.post(reverse("tasks:task_assign", args=[task.pk]), {"version": 1, "lead_department": economy.pk})

    assert response.status_code == 409
    html = response.content.decode()
    changes = response.context["conflict"]["changes"]
    assert ("lead department", "—", "Phòng Văn hóa - Xã hội") in [(str(a), b, c) for a, b, c in changes]
    assert ("delegated to", "—", "Mai Văn Tiến") in [(str(a), b, c) for a, b, c in changes]
    assert "{&#x27;task&#x27;" not in html and "{'task'" not in html  # no raw history rows


def test_the_timeline_shows_the_task_given_to_a_department_and_delegated(plan, clerk, culture, head, tien, official):
    task = make_task(plan, "2.7.b", lead=official)
    assignment.assign(task, by=clerk, lead=culture, cooperating=[], expected_version=1)
    assignment.delegate(task, by=head, people=[tien], expected_version=2)

    response = signed_in(clerk).get(reverse("tasks:task_detail", args=[task.pk]))

    changes = [
        (str(label), old, new)
        for entry in response.context["timeline"]
        if entry.kind == "change"
        for label, old, new in entry.changes
    ]
    assert ("lead department", "—", "Phòng Văn hóa - Xã hội") in changes
    assert ("delegated to", "—", "Mai Văn Tiến") in changes


def test_a_stale_delegation_form_answers_409_and_keeps_the_choice(dept_task, clerk, head, tien):
    editing.change_deadline(
        dept_task,
        by=clerk,
        deadline=Deadline.by_date(datetime.date(2024, 9, 30)),
        reason="Dời lịch",
        expected_version=1,
    )

    response = signed_in(head).post(delegate_url(dept_task), {"version": 1, "people": [tien.pk]})

    assert response.status_code == 409
    assert "30/09/2024" in response.content.decode()
    form = response.context["form"]
    assert form["people"].value() == [str(tien.pk)] and int(form["version"].value()) == 2
    assert list(dept_task.delegates.all()) == []
