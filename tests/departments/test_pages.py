"""The pages of a department's task: My tasks for the head and the delegates, the delegation form,
reporting progress, the task page and the clerk's assign form."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from notifications.models import Notification
from plans.models import Department, Plan, Role
from tasks.models import Task, TaskStatus
from tasks.services import assignment
from tests.conftest import make_person

from .conftest import make_task, signed_in

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MY_TASKS = reverse("tasks:my_tasks")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2024, 6, 10, 9, 0, tzinfo=HANOI), tick=False):
        yield


def roles_shown(response):
    """{code: "Lead" or "Cooperating"} as the cards of My tasks show them."""
    html = response.content.decode()
    shown = {}
    for card in html.split("<article")[1:]:
        code = re.search(r'<span class="text-body-secondary">([^<]+)</span>', card).group(1)
        badge = re.search(r'<span class="badge text-bg-light border">(Lead|Cooperating)</span>', card)
        shown[code] = badge.group(1) if badge else None
    return shown


def delegate_url(task):
    return reverse("tasks:task_delegate", args=[task.pk])


@pytest.fixture
def tasks_of_culture(plan, culture, economy, tien, official):
    """Phòng Văn hóa - Xã hội leads 2.1.a (given to Tiến) and 2.1.b (not given to anyone yet) and
    cooperates on 2.2.a (led by Trần Văn Bình); Phòng Kinh tế leads 3.1.a."""
    given = make_task(plan, "2.1.a", lead_department=culture)
    given.delegates.add(tien)
    make_task(plan, "2.1.b", lead_department=culture)
    make_task(plan, "2.2.a", lead=official).cooperating_departments.add(culture)
    make_task(plan, "3.1.a", lead_department=economy)


# --- My tasks -----------------------------------------------------------------------------


def test_the_heads_my_tasks_lists_every_task_of_the_department_as_lead(tasks_of_culture, head):
    response = signed_in(head).get(MY_TASKS)

    assert response.status_code == 200
    assert roles_shown(response) == {"2.1.a": "Lead", "2.1.b": "Lead", "2.2.a": "Cooperating"}


def test_a_delegates_my_tasks_lists_the_task_given_to_them_as_lead(tasks_of_culture, tien):
    response = signed_in(tien).get(MY_TASKS)

    assert roles_shown(response) == {"2.1.a": "Lead"}


def test_a_member_the_task_was_not_given_to_does_not_find_it_in_my_tasks(tasks_of_culture, nga):
    response = signed_in(nga).get(MY_TASKS)

    assert response.status_code == 200
    assert roles_shown(response) == {}


@pytest.mark.parametrize(
    ("who", "role", "codes"),
    [
        ("head", "lead", ["2.1.a", "2.1.b"]),
        ("head", "cooperating", ["2.2.a"]),
        ("tien", "lead", ["2.1.a"]),
        ("tien", "cooperating", []),
        ("official", "lead", ["2.2.a"]),
        ("official", "cooperating", []),
    ],
)
def test_the_my_role_filter_splits_lead_and_cooperating(request, tasks_of_culture, who, role, codes):
    response = signed_in(request.getfixturevalue(who)).get(MY_TASKS, {"role": role})

    assert sorted(roles_shown(response)) == codes
    assert set(roles_shown(response).values()) <= {{"lead": "Lead", "cooperating": "Cooperating"}[role]}


# --- Delegating -------------------------------------------------------------------------------


def test_the_delegation_form_offers_only_the_active_members_of_the_department(dept_task, head, tien, nga, luc, lan):
    response = signed_in(head).get(delegate_url(dept_task))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Delegate within Phòng Văn hóa - Xã hội" in html
    assert "Mai Văn Tiến" in html and "Tạ Thị Nga" in html
    assert "Đinh Văn Lực" not in html  # deactivated
    assert "Hồ Thị Lan" not in html  # Phòng Kinh tế
    offered = {p.pk for p in response.context["form"].fields["people"].queryset}
    assert offered == {head.pk, tien.pk, nga.pk}


def test_the_head_delegates_from_the_task_page_and_is_sent_back_to_it(dept_task, head, tien, nga):
    client = signed_in(head)
    detail = reverse("tasks:task_detail", args=[dept_task.pk])
    link = re.search(r'href="([^"]*/delegate/[^"]*)"', client.get(detail).content.decode()).group(1)
    form_page = client.get(link.replace("&amp;", "&"))
    hidden_next = re.search(r'name="next" value="([^"]*)"', form_page.content.decode()).group(1)

    response = client.post(link, {"version": dept_task.version, "people": [tien.pk, nga.pk], "next": hidden_next})

    assert response.status_code == 302 and response["Location"] == detail
    dept_task.refresh_from_db()
    assert set(dept_task.delegates.all()) == {tien, nga} and dept_task.version == 2
    told = Notification.objects.filter(kind=Notification.Kind.ASSIGNED, task=dept_task)
    assert set(told.values_list("recipient", flat=True)) == {tien.pk, nga.pk}
    page = client.get(response["Location"]).content.decode()
    assert "Task 2.1.a was delegated." in page
    assert re.search(r"Delegated to: .*Mai Văn Tiến", page)


def test_without_a_next_the_head_lands_on_a_page_they_may_open(dept_task, head, tien):
    client = signed_in(head)

    response = client.post(delegate_url(dept_task), {"version": 1, "people": [tien.pk]})

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_posting_an_inactive_member_is_refused(dept_task, head, luc):
    response = signed_in(head).post(delegate_url(dept_task), {"version": 1, "people": [luc.pk]})

    assert response.status_code == 200
    assert response.context["form"].errors["people"]
    assert list(dept_task.delegates.all()) == []


@pytest.mark.parametrize("who", ["lan", "nga", "tien", "khanh"])
def test_others_cannot_open_nor_post_the_delegation_form(request, dept_task, tien, who):
    client = signed_in(request.getfixturevalue(who))

    assert client.get(delegate_url(dept_task)).status_code == 403
    assert client.post(delegate_url(dept_task), {"version": 1, "people": [tien.pk]}).status_code == 403
    dept_task.refresh_from_db()
    assert list(dept_task.delegates.all()) == [] and dept_task.version == 1


def test_the_delegation_page_of_a_task_a_person_leads_does_not_say_none(plan, clerk, official):
    task = make_task(plan, "2.1.z", lead=official)

    response = signed_in(clerk).get(delegate_url(task))

    heading = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1)
    assert "None" not in heading


# --- Reporting and the task page ---------------------------------------------------------------------


def test_the_delegate_reports_progress_and_the_head_sees_it(dept_task, head, tien):
    dept_task.delegates.add(tien)
    delegate = signed_in(tien)
    page = delegate.get(reverse("tasks:task_detail", args=[dept_task.pk]))
    assert page.context["progress_form"] is not None

    response = delegate.post(
        reverse("tasks:task_progress", args=[dept_task.pk]),
        {"version": 1, "status": "in_progress", "progress": 40, "note": "Đã tuyên truyền tại 5 thôn"},
    )

    assert response.status_code == 302
    dept_task.refresh_from_db()
    assert (dept_task.status, dept_task.progress) == (TaskStatus.IN_PROGRESS, 40)
    seen = signed_in(head).get(reverse("tasks:task_detail", args=[dept_task.pk]))
    html = seen.content.decode()
    assert "In progress" in html and "40%" in html and "Đã tuyên truyền tại 5 thôn" in html
    assert seen.context["task"].status == TaskStatus.IN_PROGRESS


def test_a_member_it_was_not_given_to_cannot_report(dept_task, tien, nga):
    dept_task.delegates.add(tien)

    client = signed_in(nga)
    assert client.get(reverse("tasks:task_detail", args=[dept_task.pk])).context["progress_form"] is None
    response = client.post(
        reverse("tasks:task_progress", args=[dept_task.pk]), {"version": 1, "status": "in_progress", "progress": 10}
    )

    assert response.status_code == 403
    dept_task.refresh_from_db()
    assert dept_task.status == TaskStatus.NOT_STARTED


@pytest.mark.parametrize(
    ("who", "may_delegate", "may_report"),
    [("head", True, True), ("clerk", True, True), ("tien", False, True), ("lan", False, False)],
)
def test_the_task_page_shows_the_department_its_head_the_delegates_and_who_may_delegate(
    request, dept_task, tien, nga, who, may_delegate, may_report
):
    dept_task.delegates.add(tien, nga)

    response = signed_in(request.getfixturevalue(who)).get(reverse("tasks:task_detail", args=[dept_task.pk]))

    html = response.content.decode()
    assert "Phòng Văn hóa - Xã hội" in html and "head: Lý Thị Thu" in html
    listed = re.search(r"Delegated to: (.*?)</div>", html, re.S).group(1)
    assert "Mai Văn Tiến" in listed and "Tạ Thị Nga" in listed
    assert (delegate_url(dept_task) in html) is may_delegate
    assert (response.context["progress_form"] is not None) is may_report


# --- The clerk's assign form ---------------------------------------------------------------------


def test_a_commune_without_departments_gets_the_assign_form_as_it_was(other_commune):
    clerk = make_person("vanphonglh", other_commune, Role.CLERK, "Công chức Văn phòng - Thống kê", "Phạm Thị Hương")
    plan = Plan.objects.create(unit=other_commune, year=2024, title="Kế hoạch PAPI 2024 xã Lạc Hồng")
    task = make_task(plan, "1.1.a")

    response = signed_in(clerk).get(reverse("tasks:task_assign", args=[task.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "lead_department" not in html and "cooperating_departments" not in html
    assert 'name="lead"' in html and 'name="cooperating"' in html
    assert set(response.context["form"].fields) == {"version", "lead", "cooperating"}


def test_a_commune_with_departments_chooses_them_on_the_assign_form(dept_task, clerk, culture, office, economy):
    response = signed_in(clerk).get(reverse("tasks:task_assign", args=[dept_task.pk]))

    html = response.content.decode()
    assert 'name="lead_department"' in html and 'name="cooperating_departments"' in html
    assert "Phòng Kinh tế" in html and "Văn phòng HĐND và UBND" in html
    assert response.context["form"]["lead_department"].value() == culture.pk  # the current lead is chosen


def test_the_clerk_assigns_a_department_with_cooperating_department_and_official(
    plan, clerk, culture, head, office, hai, official
):
    task = make_task(plan, "2.3.a")

    response = signed_in(clerk).post(
        reverse("tasks:task_assign", args=[task.pk]),
        {
            "version": 1,
            "lead_department": culture.pk,
            "cooperating_departments": [office.pk],
            "cooperating": [official.pk],
        },
    )

    assert response.status_code == 302
    task = Task.objects.get(pk=task.pk)
    assert task.lead is None and task.lead_department == culture
    assert list(task.cooperating_departments.all()) == [office] and list(task.cooperating.all()) == [official]
    told = Notification.objects.filter(kind=Notification.Kind.ASSIGNED, task=task)
    assert set(told.values_list("recipient", flat=True)) == {head.pk, hai.pk, official.pk}


def test_choosing_both_a_lead_official_and_a_lead_department_is_an_error(plan, clerk, culture, official):
    task = make_task(plan, "2.3.b")

    response = signed_in(clerk).post(
        reverse("tasks:task_assign", args=[task.pk]),
        {"version": 1, "lead": official.pk, "lead_department": culture.pk},
    )

    assert response.status_code == 200
    assert "A task is led by an official or by a department, not both." in response.content.decode()
    task = Task.objects.get(pk=task.pk)
    assert task.lead is None and task.lead_department is None and task.version == 1


def test_a_department_of_another_commune_is_not_a_choice(plan, clerk, culture, other_commune):
    elsewhere = Department.objects.create(unit=other_commune, name="Phòng Kinh tế xã Lạc Hồng")
    task = make_task(plan, "2.3.c")

    response = signed_in(clerk).post(
        reverse("tasks:task_assign", args=[task.pk]), {"version": 1, "lead_department": elsewhere.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["lead_department"]
    assert Task.objects.get(pk=task.pk).lead_department is None


def test_reassigning_through_the_form_to_an_official_clears_the_delegates(dept_task, clerk, head, tien, official):
    assignment.delegate(dept_task, by=head, people=[tien], expected_version=1)

    response = signed_in(clerk).post(
        reverse("tasks:task_assign", args=[dept_task.pk]), {"version": 2, "lead": official.pk, "lead_department": ""}
    )

    assert response.status_code == 302
    task = Task.objects.get(pk=dept_task.pk)
    assert task.lead == official and task.lead_department is None and list(task.delegates.all()) == []
    assert roles_shown(signed_in(tien).get(MY_TASKS)) == {}


# --- All tasks ---------------------------------------------------------------------------------


def test_all_tasks_names_the_lead_department_on_its_cards(plan, clerk, culture):
    make_task(plan, "2.4.a", lead_department=culture)

    html = signed_in(clerk).get(reverse("tasks:task_list")).content.decode()

    assert "Phòng Văn hóa - Xã hội" in html
    assert "Unassigned" not in html.split("<article", 1)[1]


def test_the_unassigned_filter_of_all_tasks_leaves_out_a_task_a_department_leads(plan, clerk, culture):
    make_task(plan, "2.4.a", lead_department=culture)
    make_task(plan, "2.4.b")  # nobody leads it

    response = signed_in(clerk).get(reverse("tasks:task_list"), {"lead": "null"})

    assert [t.code for t in response.context["tasks"]] == ["2.4.b"]
