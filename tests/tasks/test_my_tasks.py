"""My tasks (/tasks/mine/) and all tasks (/tasks/): deadline buckets, filters, search, pages, query counts."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from plans.models import ContentArea, Plan, Role
from tasks.models import Bucket, Task, TaskStatus
from tests.conftest import make_person

from .conftest import signed_in

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
# "Today" for these tests: 10/06/2024, in the middle of the working day in Vietnam.
TODAY = datetime.datetime(2024, 6, 10, 9, 0, tzinfo=HANOI)
MY_TASKS = reverse("tasks:my_tasks")
ALL_TASKS = reverse("tasks:task_list")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def make_task(plan, code, **fields):
    fields.setdefault("title", f"Nhiệm vụ {code}")
    fields.setdefault("text", f"Nội dung nhiệm vụ {code}.")
    return Task.objects.create(plan=plan, code=code, **fields)


def day(offset):
    return TODAY.date() + datetime.timedelta(days=offset)


def buckets_shown(response):
    return {task.code: task.bucket for task in response.context["tasks"]}


def chip_counts(response):
    return {bucket.value: count for bucket, count, _selected in response.context["chips"]}


# --- Who sees what --------------------------------------------------------------


def test_my_tasks_lists_what_i_lead_or_cooperate_on_with_my_role(plan, official, clerk, as_official):
    make_task(plan, "1.1.a", title="Tôi chủ trì", lead=official)
    make_task(plan, "1.1.b", title="Tôi phối hợp", lead=clerk).cooperating.add(official)
    make_task(plan, "1.1.c", title="Không liên quan", lead=clerk)

    response = as_official.get(MY_TASKS)

    assert response.status_code == 200
    assert [t.code for t in response.context["tasks"]] == ["1.1.a", "1.1.b"]
    html = response.content.decode()
    assert "Tôi chủ trì" in html and "Tôi phối hợp" in html and "Không liên quan" not in html
    assert ">Lead<" in html and ">Cooperating<" in html


def test_all_tasks_lists_the_whole_commune_for_the_clerk_and_chairman(plan, official, clerk, chairman):
    make_task(plan, "1.1.a", lead=official)
    make_task(plan, "1.1.b", lead=clerk)
    make_task(plan, "1.1.c")

    for person in (clerk, chairman):
        response = signed_in(person).get(ALL_TASKS)
        assert [t.code for t in response.context["tasks"]] == ["1.1.a", "1.1.b", "1.1.c"]
    assert "Unassigned" in response.content.decode()


def test_other_communes_tasks_never_appear(plan, official, outsider, as_outsider):
    make_task(plan, "1.1.a", lead=official, title="Việc của xã khác")

    for url in (MY_TASKS, ALL_TASKS):
        response = as_outsider.get(url)
        assert response.status_code == 200
        assert list(response.context["tasks"]) == []
        assert "Việc của xã khác" not in response.content.decode()


def test_the_lists_need_a_signed_in_person(client, db):
    for url in (MY_TASKS, ALL_TASKS):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_soft_deleted_tasks_are_not_listed(plan, official, as_official):
    make_task(plan, "1.1.a", lead=official, deleted_at=TODAY)

    assert list(as_official.get(MY_TASKS).context["tasks"]) == []


# --- Deadline buckets -------------------------------------------------------------


def test_a_task_due_in_three_days_is_due_soon(plan, official, as_official):
    make_task(plan, "1.1.a", lead=official, status=TaskStatus.IN_PROGRESS, due_date=day(3), deadline_kind="date")

    assert buckets_shown(as_official.get(MY_TASKS)) == {"1.1.a": Bucket.DUE_SOON}


def test_the_due_soon_window_is_a_setting(plan, official, as_official, settings):
    settings.PAPI_DUE_SOON_DAYS = 2
    make_task(plan, "1.1.a", lead=official, status=TaskStatus.IN_PROGRESS, due_date=day(3), deadline_kind="date")

    assert buckets_shown(as_official.get(MY_TASKS)) == {"1.1.a": Bucket.IN_PROGRESS}


def test_an_open_task_due_yesterday_is_overdue(plan, official, as_official):
    make_task(plan, "1.1.a", lead=official, status=TaskStatus.IN_PROGRESS, due_date=day(-1), deadline_kind="date")

    response = as_official.get(MY_TASKS)

    assert buckets_shown(response) == {"1.1.a": Bucket.OVERDUE}
    assert "text-bg-danger" in response.content.decode()


@pytest.mark.parametrize(
    ("completed", "bucket"),
    [
        (datetime.datetime(2024, 6, 30, 23, 59, tzinfo=HANOI), Bucket.DONE_ON_TIME),
        (datetime.datetime(2024, 7, 1, 0, 1, tzinfo=HANOI), Bucket.DONE_LATE),
    ],
    ids=["23:59-on-the-due-date", "00:01-the-next-day"],
)
def test_done_on_the_due_date_in_vietnam_is_on_time_and_a_minute_after_midnight_is_late(
    plan, official, completed, bucket
):
    make_task(
        plan,
        "1.1.a",
        lead=official,
        status=TaskStatus.DONE,
        progress=100,
        due_date=datetime.date(2024, 6, 30),
        deadline_kind="date",
        completed_at=completed,
    )

    with time_machine.travel(datetime.datetime(2024, 7, 5, 9, 0, tzinfo=HANOI), tick=False):
        response = signed_in(official).get(MY_TASKS)

    assert buckets_shown(response) == {"1.1.a": bucket}


def test_every_bucket_is_counted_in_the_chips_and_ordered_most_urgent_first(plan, official, as_official):
    make_task(plan, "a", lead=official, status=TaskStatus.DONE, due_date=day(-5), completed_at=TODAY)
    make_task(plan, "b", lead=official, status=TaskStatus.NOT_STARTED, due_date=day(30))
    make_task(plan, "c", lead=official, status=TaskStatus.IN_PROGRESS, due_date=day(-2))
    make_task(plan, "d", lead=official, status=TaskStatus.AWAITING_CONFIRMATION, due_date=day(-2))
    make_task(plan, "e", lead=official, status=TaskStatus.IN_PROGRESS)  # ongoing: never overdue
    make_task(plan, "f", lead=official, status=TaskStatus.BLOCKED, due_date=day(1))
    make_task(
        plan,
        "g",
        lead=official,
        status=TaskStatus.DONE,
        due_date=day(-5),
        completed_at=TODAY - datetime.timedelta(days=6),
    )

    response = as_official.get(MY_TASKS)

    assert chip_counts(response) == {
        "overdue": 1,
        "due_soon": 1,
        "in_progress": 1,
        "not_started": 1,
        "awaiting": 1,
        "done_late": 1,
        "done_on_time": 1,
    }
    assert response.context["total"] == 7
    assert [t.code for t in response.context["tasks"]] == ["c", "f", "e", "b", "d", "a", "g"]


def test_choosing_a_bucket_lists_only_it_and_the_chips_keep_counting_the_others(plan, official, as_official):
    make_task(plan, "a", lead=official, status=TaskStatus.IN_PROGRESS, due_date=day(-1))
    make_task(plan, "b", lead=official, status=TaskStatus.IN_PROGRESS, due_date=day(-3))
    make_task(plan, "c", lead=official, status=TaskStatus.IN_PROGRESS, due_date=day(2))

    response = as_official.get(MY_TASKS, {"bucket": "overdue"})

    assert [t.code for t in response.context["tasks"]] == ["b", "a"]
    assert chip_counts(response)["due_soon"] == 1
    assert 'aria-current="true"' in response.content.decode()


# --- Filters and search -------------------------------------------------------------


@pytest.fixture
def varied(plan, official, clerk):
    areas = {a.code: a for a in ContentArea.objects.all()}
    tasks = [
        make_task(plan, "1.1.a", title="Công khai ngân sách", content_area=areas[1], lead=official,
                  status=TaskStatus.IN_PROGRESS, due_date=datetime.date(2024, 6, 30), deadline_kind="period"),
        make_task(plan, "1.3.a", title="Tiếp công dân", text="Bố trí phòng tiếp dân.", content_area=areas[3],
                  lead=official, status=TaskStatus.NOT_STARTED, due_date=datetime.date(2024, 9, 30),
                  deadline_kind="date"),
        make_task(plan, "1.3.b", title="Giải quyết khiếu nại", content_area=areas[3], lead=clerk,
                  status=TaskStatus.BLOCKED, deadline_kind="ongoing"),
        make_task(plan, "2.a", title="Tuyên truyền trên loa", text="Đài truyền thanh xã phát bản tin.",
                  lead=clerk, status=TaskStatus.DONE, deadline_kind="ongoing"),
    ]  # fmt: skip
    tasks[2].cooperating.add(official)
    return {t.code: t for t in tasks}


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"area": "3"}, ["1.3.a", "1.3.b"]),
        ({"area": "null"}, ["2.a"]),
        ({"status": "blocked"}, ["1.3.b"]),
        ({"deadline": "ongoing"}, ["1.3.b", "2.a"]),
        ({"due_from": "2024-07-01"}, ["1.3.a"]),
        ({"due_to": "30/06/2024"}, ["1.1.a"]),
        ({"due_from": "2024-06-01", "due_to": "2024-12-31", "area": "1"}, ["1.1.a"]),
        ({"q": "1.3"}, ["1.3.a", "1.3.b"]),
        ({"q": "Khiếu nại"}, ["1.3.b"]),
        ({"q": "phòng tiếp"}, ["1.3.a"]),
        ({"q": "truyền thanh bản tin"}, ["2.a"]),
        ({"q": "không có"}, []),
        ({"bucket": "done_on_time"}, ["2.a"]),
    ],
)
def test_filters_and_search_on_all_tasks(varied, as_clerk, query, codes):
    response = as_clerk.get(ALL_TASKS, query)

    assert response.status_code == 200
    assert sorted(t.code for t in response.context["tasks"]) == codes


def test_a_dashboard_can_drill_down_by_lead_person_and_sub_dimension(varied, official, clerk, as_clerk):
    assert {t.code for t in as_clerk.get(ALL_TASKS, {"lead": official.pk}).context["tasks"]} == {"1.1.a", "1.3.a"}
    assert {t.code for t in as_clerk.get(ALL_TASKS, {"lead": "null"}).context["tasks"]} == set()
    involving = as_clerk.get(ALL_TASKS, {"person": official.pk}).context["tasks"]
    assert {t.code for t in involving} == {"1.1.a", "1.3.a", "1.3.b"}
    sub = ContentArea.objects.get(code=3).sub_dimensions.first()
    varied["1.3.b"].sub_dimensions.add(sub)
    assert [t.code for t in as_clerk.get(ALL_TASKS, {"sub": sub.code}).context["tasks"]] == ["1.3.b"]
    assert [t.code for t in as_clerk.get(ALL_TASKS, {"year": 2024, "bucket": "not_started"}).context["tasks"]] == [
        "1.3.a"
    ]


def test_the_plan_filter_accepts_only_visible_plans(varied, plan, outsider, other_commune, as_clerk):
    other_plan = Plan.objects.create(unit=other_commune, year=2024, title="Khác")

    assert len(as_clerk.get(ALL_TASKS, {"plan": plan.pk, "unit": plan.unit_id}).context["tasks"]) == 4
    refused = as_clerk.get(ALL_TASKS, {"plan": other_plan.pk})
    assert "plan" in refused.context["filter"].form.errors


def test_my_role_filter(varied, as_official):
    assert [t.code for t in as_official.get(MY_TASKS, {"role": "cooperating"}).context["tasks"]] == ["1.3.b"]
    assert {t.code for t in as_official.get(MY_TASKS, {"role": "lead"}).context["tasks"]} == {"1.1.a", "1.3.a"}


def test_a_lead_from_another_commune_is_not_a_valid_filter(varied, outsider, as_clerk):
    response = as_clerk.get(ALL_TASKS, {"lead": outsider.pk, "area": "99"})

    assert response.status_code == 200
    assert "lead" in response.context["filter"].form.errors
    assert "area" in response.context["filter"].form.errors
    assert len(response.context["tasks"]) == 4  # invalid filters are shown as errors and ignored


def test_query_string_only_filters_are_kept_when_the_panel_is_used(varied, official, as_clerk):
    response = as_clerk.get(ALL_TASKS, {"person": official.pk, "bucket": "overdue"})

    html = response.content.decode()
    assert f'name="person" value="{official.pk}"' in html
    assert 'name="bucket" value="overdue"' in html


# --- Pagination -------------------------------------------------------------------


def test_twenty_per_page_and_the_page_links_keep_the_filters(plan, official, area, as_official):
    Task.objects.bulk_create(
        Task(plan=plan, code=f"t{i:02}", order=i, title=f"Việc {i}", text="x", lead=official, content_area=area)
        for i in range(45)
    )

    first = as_official.get(MY_TASKS, {"area": "3", "q": "Việc"})
    third = as_official.get(MY_TASKS, {"area": "3", "q": "Việc", "page": 3})

    assert len(first.context["tasks"]) == 20
    assert first.context["page_obj"].paginator.num_pages == 3
    assert "?area=3&amp;q=Vi%E1%BB%87c&amp;page=2" in first.content.decode()
    assert [t.code for t in third.context["tasks"]] == ["t40", "t41", "t42", "t43", "t44"]
    chip = first.content.decode().split('href="?area=3&amp;q=Vi%E1%BB%87c&amp;bucket=overdue"')
    assert len(chip) == 2  # the chips keep the filters and drop the page
    assert as_official.get(MY_TASKS, {"page": 99}).context["page_obj"].number == 3


# --- Query counts -------------------------------------------------------------------


def _bulk_tasks(plan, official, clerk, start, count):
    areas = list(ContentArea.objects.all())
    statuses = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.AWAITING_CONFIRMATION, TaskStatus.DONE]
    tasks = Task.objects.bulk_create(
        Task(
            plan=plan,
            code=f"q{i}",
            order=i,
            title=f"Việc số {i}",
            text="Nội dung",
            content_area=areas[i % len(areas)],
            lead=official if i % 2 else clerk,
            status=statuses[i % 4],
            due_date=day(i % 40 - 20) if i % 5 else None,
            deadline_kind="date" if i % 5 else "ongoing",
            completed_at=TODAY if i % 4 == 3 else None,
        )
        for i in range(start, start + count)
    )
    Task.cooperating.through.objects.bulk_create(
        Task.cooperating.through(task=t, user=official) for t in tasks if t.lead_id == clerk.pk
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # 1 session, 2 user, 3 the content area of ?area=3 (filter validation), 4 bucket counts
        # (one GROUP BY), 5 paginator count, 6 the page of tasks (content area and lead joined),
        # 7 the bell's unread count (base layout), 8 content areas for the filter panel,
        # 9–11 savepoint, session update, release (SESSION_SAVE_EVERY_REQUEST).
        (MY_TASKS, 11),
        # The same, plus 12: the commune's people for the "lead" filter.
        (ALL_TASKS, 12),
    ],
)
def test_the_lists_take_the_same_few_queries_for_50_and_500_tasks(
    plan, official, clerk, url, expected, django_assert_num_queries
):
    client = signed_in(clerk if url == ALL_TASKS else official)
    query = {"area": "3", "q": "Việc", "due_from": "2024-01-01"}
    _bulk_tasks(plan, official, clerk, 0, 50)
    with django_assert_num_queries(expected):
        small = client.get(url, query)

    _bulk_tasks(plan, official, clerk, 50, 450)
    with django_assert_num_queries(expected):
        large = client.get(url, query)

    assert small.status_code == large.status_code == 200
    assert len(large.context["tasks"]) == 20 < large.context["page_obj"].paginator.count


def test_a_supervisor_sees_the_tasks_of_the_communes_below(plan, official, district):
    make_task(plan, "1.1.a", lead=official)
    supervisor = make_person("huyen", district, Role.SUPERVISOR)

    response = signed_in(supervisor).get(ALL_TASKS, {"unit": plan.unit_id})

    assert [t.code for t in response.context["tasks"]] == ["1.1.a"]
