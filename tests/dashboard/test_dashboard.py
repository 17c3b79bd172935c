"""The commune dashboard: numbers recomputed from the tasks in Python, every link's task list
equal to the counted tasks, a constant number of queries, permissions and the print view."""

import datetime
import html
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from plans.models import Role
from reports.dashboard import commune_dashboard
from tasks.models import Task, TaskStatus

from ..conftest import make_person
from .conftest import LOCAL, add_task

pytestmark = pytest.mark.django_db

URL = "/reports/dashboard/"


# --- An independent reading of the tasks, in Python ----------------------------------------


def bucket_of(task, today):
    soon = today + datetime.timedelta(days=settings.PAPI_DUE_SOON_DAYS)
    if task.status == TaskStatus.DONE:
        if task.due_date is None or task.completed_at is None:
            return "done_on_time"
        return "done_on_time" if task.completed_at.astimezone(LOCAL).date() <= task.due_date else "done_late"
    if task.status == TaskStatus.AWAITING_CONFIRMATION:
        return "awaiting"
    if task.due_date and task.due_date < today:
        return "overdue"
    if task.due_date and task.due_date <= soon:
        return "due_soon"
    if task.status == TaskStatus.NOT_STARTED:
        return "not_started"
    return "in_progress"


def plan_tasks(plan):
    return list(Task.objects.filter(plan=plan, deleted_at__isnull=True).select_related("content_area"))


def expected_for(query, tasks, today):
    """The tasks a task-list query string should show, by the documented meaning of each parameter."""
    params = {key: values[0] for key, values in parse_qs(query).items()}
    chosen = set()
    for task in tasks:
        if "plan" in params and str(task.plan_id) != params["plan"]:
            continue
        if "area" in params:
            code = str(task.content_area.code) if task.content_area else "null"
            if code != params["area"]:
                continue
        if "lead" in params and (str(task.lead_id) if task.lead_id else "null") != params["lead"]:
            continue
        if "status" in params and task.status != params["status"]:
            continue
        if "bucket" in params and bucket_of(task, today) != params["bucket"]:
            continue
        if "done_from" in params or "done_to" in params:
            if task.completed_at is None:
                continue
            done_on = timezone.localtime(task.completed_at).date()
            if "done_from" in params and done_on < datetime.date.fromisoformat(params["done_from"]):
                continue
            if "done_to" in params and done_on > datetime.date.fromisoformat(params["done_to"]):
                continue
        chosen.add(task.pk)
    return chosen


def count_links(content):
    """[(href, number)] of every link whose text is a number."""
    return [
        (html.unescape(href), int(number))
        for href, number in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>\s*(\d+)\s*</a>', content)
    ]


# --- Numbers --------------------------------------------------------------------------------


def test_the_numbers_match_the_tasks_counted_independently(world, today):
    plan = world["plan"]
    tasks = plan_tasks(plan)
    buckets = {task.pk: bucket_of(task, today) for task in tasks}
    data = commune_dashboard(plan, today)

    assert data.counts.total == len(tasks) == 12
    assert data.counts.done == sum(t.status == TaskStatus.DONE for t in tasks) == 4
    assert data.counts.overdue == sum(b == "overdue" for b in buckets.values()) == 2

    for row in data.areas:
        mine = [
            t
            for t in tasks
            if (t.content_area.code if t.content_area else None) == (row.area.code if row.area else None)
        ]
        counted = Counter(buckets[t.pk] for t in mine)
        assert row.counts.total == len(mine)
        assert row.counts.done == counted["done_on_time"] + counted["done_late"]
        assert row.counts.overdue == counted["overdue"]
        assert row.counts.awaiting == counted["awaiting"]
        assert row.counts.on_track == counted["in_progress"]
    lights = {row.param: row.light for row in data.areas}
    # 1: an overdue task; 2: 4/4 done or on track; 3: 1/3 (under 40 %); outside: an overdue task.
    assert lights == {"1": "red", "2": "green", "3": "red", "null": "red", **{str(c): "none" for c in range(4, 9)}}

    by_lead = {row.param: row for row in data.officials}
    assert set(by_lead) == {str(world["tasks"][0].lead_id), str(world["tasks"][2].lead_id), "null"}
    for param, row in by_lead.items():
        mine = [t for t in tasks if (str(t.lead_id) if t.lead_id else "null") == param]
        done = [t for t in mine if t.status == TaskStatus.DONE]
        on_time = [t for t in done if buckets[t.pk] == "done_on_time"]
        assert row.counts.total == len(mine)
        assert row.counts.overdue == sum(buckets[t.pk] == "overdue" for t in mine)
        assert row.on_time_rate == (round(100 * len(on_time) / len(done)) if done else None)
    binh = by_lead[str(world["tasks"][0].lead_id)]
    assert (binh.counts.done, binh.counts.done_on_time, binh.on_time_rate) == (2, 1, 50)

    overdue = [t for t in tasks if buckets[t.pk] == "overdue"]
    assert [t.code for t in data.overdue_tasks] == [t.code for t in sorted(overdue, key=lambda t: t.due_date)]
    assert [t.days_late for t in data.overdue_tasks] == [30, 3]

    # The chart: cumulative completions by month (by completed_at), None after this month.
    completed = [t.completed_at.astimezone(LOCAL).date() for t in tasks if t.completed_at]
    for point in data.months:
        if point.month > today:
            assert point.cumulative is None
        else:
            end = (point.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            assert point.cumulative == sum(day < end for day in completed)

    assert len(data.recent_updates) == 10
    assert data.recent_updates[0].task.code == "1.1"


def test_light_boundaries(db, commune, today):
    from plans.models import Plan

    plan = Plan.objects.create(unit=commune, year=today.year, title="P")
    far = today + datetime.timedelta(days=90)
    # Area 4: 7 of 10 in progress within the deadline (70 %): green. Area 5: 2 of 5 (40 %): amber.
    for i in range(10):
        add_task(
            plan, f"4.{i + 1}", area=4, status=TaskStatus.IN_PROGRESS if i < 7 else TaskStatus.NOT_STARTED, due=far
        )
    for i in range(5):
        add_task(
            plan, f"5.{i + 1}", area=5, status=TaskStatus.IN_PROGRESS if i < 2 else TaskStatus.NOT_STARTED, due=far
        )
    lights = {row.param: row.light for row in commune_dashboard(plan, today).areas}
    assert lights["4"] == "green"
    assert lights["5"] == "amber"


# --- Links ----------------------------------------------------------------------------------


def test_every_number_links_to_exactly_the_counted_tasks(client, world, chairman, today):
    client.force_login(chairman)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    links = [(href, n) for href, n in count_links(content) if href.startswith(reverse("tasks:task_list"))]
    assert len(links) >= 5 * 9 + 4 * 3 + 3  # areas (8 + outside), officials, overall
    tasks = plan_tasks(world["plan"])
    for href, number in links:
        query = urlsplit(href).query
        assert f"plan={world['plan'].pk}" in query, href
        listed = client.get(href)
        assert listed.status_code == 200
        shown = {task.pk for task in listed.context["filter"].qs}
        assert shown == expected_for(query, tasks, today), href
        assert len(shown) == number, href


def test_the_overdue_link_lists_exactly_the_overdue_tasks(client, world, chairman, today):
    client.force_login(chairman)
    content = client.get(URL).content.decode()
    href = html.unescape(re.search(r'id="overall-overdue" [^>]*href="([^"]+)"', content).group(1))
    shown = {task.code for task in client.get(href).context["filter"].qs}
    assert shown == {"1.3", "9.1"}


def test_the_current_round_is_linked(client, world, chairman, clerk):
    from reports.periods import Period
    from reports.services import open_round

    round_ = open_round(world["plan"], Period.parse(f"{world['plan'].year}-Q1"), by=clerk)
    client.force_login(chairman)
    content = client.get(URL).content.decode()
    assert reverse("reports:round_detail", args=[round_.pk]) in content


def test_the_chart_has_a_label_and_a_table_with_the_same_numbers(client, world, chairman, today):
    client.force_login(chairman)
    response = client.get(URL)
    content = response.content.decode()
    assert re.search(r'<canvas id="completion-chart" role="img" aria-label="[^"]+"', content)
    chart = response.context["chart_data"]
    table = re.search(r'<table class="table table-sm small mb-0" id="completion-table">(.*?)</table>', content, re.S)
    # The last cell of each row: the cumulative count (a link to those tasks), or "–" for months to come.
    cells = re.findall(r'<td class="text-end">(?:<a [^>]*>)?([^<]+)(?:</a>)?</td></tr>', table.group(1))
    assert [None if c == "–" else int(c) for c in cells] == chart["values"]


# --- Queries --------------------------------------------------------------------------------

QUERIES = [
    ("tasks counted by area, lead and bucket", "GROUP BY"),
    ("content areas", '"plans_contentarea"'),
    ("lead officials", '"plans_user"'),
    ("ten most overdue tasks", "LIMIT 10"),
    ("last ten progress updates", '"tasks_progressupdate"'),
    ("tasks done by month", "completed_at"),
    ("current reporting round", '"reports_reportinground"'),
]


def make_many(plan, n, officials, today):
    from plans.models import ContentArea

    areas = list(ContentArea.objects.all())
    leads = [*officials.values(), None]
    statuses = [TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED, TaskStatus.AWAITING_CONFIRMATION]
    Task.objects.bulk_create(
        Task(
            plan=plan,
            code=f"x.{i}",
            order=1000 + i,
            title=f"x {i}",
            text="x",
            content_area=areas[i % len(areas)] if i % 9 else None,
            lead=leads[i % len(leads)],
            status=statuses[i % len(statuses)],
            due_date=today + datetime.timedelta(days=(i % 60) - 30),
            completed_at=datetime.datetime(today.year, 1 + i % today.month, 5, tzinfo=LOCAL) if i % 4 == 0 else None,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("n", [40, 400])
def test_a_constant_number_of_queries(world, officials, today, n, django_assert_num_queries, client, chairman):
    make_many(world["plan"], n, officials, today)
    with django_assert_num_queries(len(QUERIES)) as captured:
        data = commune_dashboard(world["plan"], today)
    for (name, marker), query in zip(QUERIES, captured.captured_queries, strict=True):
        assert marker in query["sql"], name
    assert data.counts.total == 12 + n

    client.force_login(chairman)
    client.get(URL)  # warm up the session
    # Uncached (reports.cache emptied): + session, user, the commune's plan; the navbar's unread
    # notifications; the session's save (savepoint, update, release); the PAPI scores: the newest
    # year with figures, the scores of that year and the one before, the areas of the year, tasks
    # per area, tasks per sub-dimension, the sub-dimensions of the year.
    cache.clear()
    with django_assert_num_queries(len(QUERIES) + 7 + 7):
        assert client.get(URL).status_code == 200
    # Cached (nothing changed): the seven page queries only, neither the numbers nor the scores.
    with django_assert_num_queries(7):
        assert client.get(URL).status_code == 200


# --- Permissions and pages ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["chairman", "vice_chairman", "clerk", "observer", "official"])
def test_the_commune_reads_its_dashboard(client, world, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["plan"] == world["plan"]
    assert client.get(f"{URL}?plan={world['plan'].pk}").status_code == 200


def test_another_communes_plan_is_hidden(client, world, chairman, outsider):
    client.force_login(chairman)
    assert client.get(f"{URL}?plan={world['other_plan'].pk}").status_code == 404
    assert client.get(f"{URL}?plan=nonsense").status_code == 404
    client.force_login(outsider)
    assert client.get(f"{URL}?plan={world['plan'].pk}").status_code == 404
    # Their own commune's dashboard, with their own plan.
    assert client.get(URL).context["plan"] == world["other_plan"]


def test_a_supervisor_is_pointed_to_the_communes_and_reads_a_plan(client, world, supervisor):
    client.force_login(supervisor)
    response = client.get(URL)
    assert response.status_code == 200
    assert "reports/dashboard/choose.html" in [t.name for t in response.templates]
    assert client.get(f"{URL}?plan={world['plan'].pk}").status_code == 200


def test_a_commune_without_a_plan(client, commune):
    client.force_login(make_person("chutich2", commune, Role.CHAIRMAN))
    response = client.get(URL)
    assert response.status_code == 200
    assert "reports/dashboard/no_plan.html" in [t.name for t in response.templates]


def test_anonymous_signs_in_first(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_old_address_redirects(client, world, chairman):
    client.force_login(chairman)
    response = client.get(f"/dashboard/?plan={world['plan'].pk}")
    assert response.status_code == 302
    assert response.url == f"{URL}?plan={world['plan'].pk}"


def test_the_print_view(client, world, chairman):
    client.force_login(chairman)
    response = client.get(f"{URL}?plan={world['plan'].pk}&print=1")
    assert response.status_code == 200
    content = response.content.decode()
    assert "@page { size: A4" in content
    assert 'class="navbar' not in content
    assert "window.print()" in content
    assert 'id="completion-table"' in content
