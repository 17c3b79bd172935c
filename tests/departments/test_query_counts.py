"""My tasks takes the same queries for a department's head with 40 tasks as with 4 (no query per task)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.models import Task

from .conftest import make_task, signed_in

pytestmark = pytest.mark.django_db

MY_TASKS = reverse("tasks:my_tasks")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2024, 6, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


def department_tasks(plan, culture, office, official, tien, nga, first, count):
    """Tasks of Phòng Văn hóa - Xã hội, delegated to Tiến and Nga one in two, Văn phòng cooperating one
    in three; and as many led by Trần Văn Bình with the department cooperating."""
    for n in range(first, first + count):
        led = make_task(
            plan, f"4.{n}.a", lead_department=culture, due=datetime.date(2024, 6, 1) + datetime.timedelta(n)
        )
        if n % 2:
            led.delegates.add(tien, nga)
        if n % 3 == 0:
            led.cooperating_departments.add(office)
        make_task(plan, f"4.{n}.b", lead=official).cooperating_departments.add(culture)


@pytest.mark.parametrize("query", [{}, {"role": "lead"}, {"role": "cooperating"}])
def test_the_heads_my_tasks_takes_the_same_queries_for_40_department_tasks_as_for_4(
    plan, culture, office, head, official, tien, nga, query, django_assert_num_queries
):
    client = signed_in(head)
    department_tasks(plan, culture, office, official, tien, nga, 0, 4)
    client.get(MY_TASKS)  # the first request of a session writes more than the next ones
    with CaptureQueriesContext(connection) as small:
        few = client.get(MY_TASKS, query)

    department_tasks(plan, culture, office, official, tien, nga, 4, 36)
    with django_assert_num_queries(len(small.captured_queries)):
        many = client.get(MY_TASKS, query)

    assert few.status_code == many.status_code == 200
    assert len(few.context["tasks"]) == {"": 8, "lead": 4, "cooperating": 4}[query.get("role", "")]
    assert len(many.context["tasks"]) == 20  # a full page (20 per page) against 4 or 8
    assert many.context["page_obj"].paginator.count == {"": 80, "lead": 40, "cooperating": 40}[query.get("role", "")]
    assert Task.objects.filter(lead_department=culture).count() == 40


def test_a_delegates_my_tasks_takes_the_same_queries_for_40_delegated_tasks_as_for_4(
    plan, culture, office, head, official, tien, nga, django_assert_num_queries
):
    client = signed_in(tien)
    department_tasks(plan, culture, office, official, tien, nga, 0, 8)
    client.get(MY_TASKS)
    with CaptureQueriesContext(connection) as small:
        few = client.get(MY_TASKS)

    department_tasks(plan, culture, office, official, tien, nga, 8, 72)
    with django_assert_num_queries(len(small.captured_queries)):
        many = client.get(MY_TASKS)

    assert len(few.context["tasks"]) == 4 and len(many.context["tasks"]) == 20
    assert all(task.i_answer for task in many.context["tasks"])


def test_all_tasks_for_the_clerk_names_the_departments_with_the_same_queries_for_40_as_for_4(
    plan, culture, office, clerk, official, tien, nga, django_assert_num_queries
):
    client = signed_in(clerk)
    department_tasks(plan, culture, office, official, tien, nga, 0, 2)
    client.get(reverse("tasks:task_list"))
    with CaptureQueriesContext(connection) as small:
        few = client.get(reverse("tasks:task_list"))

    department_tasks(plan, culture, office, official, tien, nga, 2, 18)
    with django_assert_num_queries(len(small.captured_queries)):
        many = client.get(reverse("tasks:task_list"))

    assert len(few.context["tasks"]) == 4 and len(many.context["tasks"]) == 20
    assert many.content.decode().count("Phòng Văn hóa - Xã hội") >= 10  # the lead shown on each department's card


def test_the_task_page_of_a_department_task_takes_the_same_queries_with_2_or_30_delegates(
    plan, culture, head, django_assert_num_queries
):
    from .conftest import staff

    task = make_task(plan, "5.1.a", lead_department=culture)
    task.delegates.add(*(staff(f"canbo{n}", culture, f"Cán bộ số {n}", "Công chức Văn hóa - Xã hội") for n in range(2)))
    client = signed_in(head)
    url = reverse("tasks:task_detail", args=[task.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)

    task.delegates.add(
        *(staff(f"canbo{n}", culture, f"Cán bộ số {n}", "Công chức Văn hóa - Xã hội") for n in range(2, 30))
    )
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()

    assert "Cán bộ số 29" in html and "Cán bộ số 0" in html


def test_the_plan_overview_names_the_lead_departments_with_the_same_queries_for_40_tasks_as_for_4(
    plan, culture, office, clerk, official, tien, nga, django_assert_num_queries
):
    client = signed_in(clerk)
    url = reverse("tasks:plan_overview")
    department_tasks(plan, culture, office, official, tien, nga, 0, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        few = client.get(url)

    department_tasks(plan, culture, office, official, tien, nga, 2, 18)
    with django_assert_num_queries(len(small.captured_queries)):
        many = client.get(url)

    assert few.status_code == many.status_code == 200
    assert many.content.decode().count("Phòng Văn hóa - Xã hội") >= 20  # every task it leads names it
