"""The plan overview and the officials list cost the same number of queries for 50 or 500 rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Role
from tasks.models import Task, TaskStatus
from tests.conftest import make_person

pytestmark = pytest.mark.django_db


def _add_tasks(plan, sections, people, count):
    placed = [sections["area1"], sections["area3"], sections["communication"]]
    start = Task.all_objects.filter(plan=plan).count()
    Task.objects.bulk_create(
        Task(
            plan=plan,
            section=placed[i % 3],
            content_area=placed[i % 3].content_area,
            code=f"X.{start + i}",
            order=start + i,
            title=f"Nhiệm vụ {start + i}",
            text="…",
            lead=people[i % len(people)],
            status=[TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE][i % 3],
            deadline_kind="date",
            due_date=datetime.date(2024, 1 + i % 12, 1),
        )
        for i in range(count)
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured


def test_plan_overview_queries_do_not_grow_with_the_tasks(client, clerk, official, chairman, plan, sections):
    client.force_login(clerk)
    url = reverse("tasks:plan_overview")
    _add_tasks(plan, sections, [official, chairman], 50)
    with_50 = _queries(client, url)
    _add_tasks(plan, sections, [official, chairman], 450)
    with_500 = _queries(client, url)

    assert len(with_50) == len(with_500), [q["sql"] for q in with_500]
    # 1 the session, 2 the signed-in user, 3 the plan (latest of the commune),
    # 4 the plan's sections with their areas, 5 the counts per section/area/bucket (one GROUP BY),
    # 6 the tasks with their lead (and bucket), 7 the navbar's unread notifications count,
    # 8 the commune's plan years (year switcher),
    # 9-11 the session saved (SESSION_SAVE_EVERY_REQUEST): savepoint, UPDATE, release.
    assert len(with_500) == 11, "\n".join(q["sql"] for q in with_500)
    assert "GROUP BY" in with_500[4]["sql"]


def test_officials_list_queries_do_not_grow_with_the_people(client, clerk, commune, plan, sections):
    client.force_login(clerk)
    url = reverse("people:officials")
    people = [make_person(f"cb{i}", commune, Role.OFFICIAL, f"Chức vụ {i % 7}") for i in range(10)]
    _add_tasks(plan, sections, people, 30)
    with_10 = _queries(client, url)
    people += [make_person(f"cb{i}", commune, Role.OFFICIAL, f"Chức vụ {i % 7}") for i in range(10, 100)]
    _add_tasks(plan, sections, people, 300)
    with_100 = _queries(client, url)

    assert len(with_10) == len(with_100)
    # 1 the session, 2 the signed-in user, 3 the clerk's commune,
    # 4 the people with their position and tasks led (one annotated query),
    # 5 the navbar's unread notifications count, 6-8 the session saved: savepoint, UPDATE, release.
    assert len(with_100) == 8, "\n".join(q["sql"] for q in with_100)
