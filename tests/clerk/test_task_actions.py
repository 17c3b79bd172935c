"""One task: assign, change the deadline, edit, delete. Only the commune's clerk; stale forms are refused."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from tasks.deadlines import DeadlineKind, PeriodKind
from tasks.models import Task
from tasks.services import editing

pytestmark = pytest.mark.django_db

ACTIONS = ["task_assign", "task_deadline", "task_edit", "task_delete"]


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize(
    ("who", "status"), [("official", 403), ("observer", 403), ("chairman", 403), ("outsider", 404)]
)
def test_only_the_clerk_may_open_or_post_the_task_forms(client, request, task, name, who, status):
    client.force_login(request.getfixturevalue(who))
    url = reverse(f"tasks:{name}", args=[task.pk])

    assert client.get(url).status_code == status
    assert client.post(url, {"version": task.version, "reason": "x"}).status_code == status
    task.refresh_from_db()
    assert task.version == 1 and task.deleted_at is None


@pytest.mark.parametrize("name", ACTIONS)
def test_the_clerk_opens_each_task_form(client, clerk, task, name):
    client.force_login(clerk)

    response = client.get(reverse(f"tasks:{name}", args=[task.pk]))

    assert response.status_code == 200
    assert task.code in response.content.decode()


def test_an_unknown_task_is_404(client, clerk, task):
    client.force_login(clerk)

    assert client.get(reverse("tasks:task_assign", args=[task.pk + 1000])).status_code == 404


# --- Assign -----------------------------------------------------------------------------


def test_clerk_assigns_lead_and_cooperating_officials(client, clerk, task, official, second_official, chairman):
    client.force_login(clerk)

    response = client.post(
        reverse("tasks:task_assign", args=[task.pk]),
        {"version": task.version, "lead": second_official.pk, "cooperating": [official.pk, chairman.pk]},
    )

    assert response.status_code == 302
    assert f"#task-{task.pk}" in response["Location"]
    task.refresh_from_db()
    assert task.lead == second_official
    assert set(task.cooperating.all()) == {official, chairman}
    notified = set(Notification.objects.filter(kind=Notification.Kind.ASSIGNED).values_list("recipient", flat=True))
    assert notified == {second_official.pk, chairman.pk}  # official was already on the task


def test_observers_and_outsiders_are_not_offered_nor_accepted(client, clerk, task, observer, outsider):
    client.force_login(clerk)
    url = reverse("tasks:task_assign", args=[task.pk])

    offered = {p.pk for p in client.get(url).context["form"].fields["lead"].queryset}
    response = client.post(url, {"version": task.version, "lead": observer.pk})

    assert observer.pk not in offered and outsider.pk not in offered
    assert response.status_code == 200
    assert response.context["form"].errors["lead"]
    task.refresh_from_db()
    assert task.version == 1


def test_a_stale_assign_form_comes_back_with_the_changes_and_the_input(client, clerk, task, official, second_official):
    editing.change_deadline(
        task, by=clerk, deadline=services_deadline(), reason="Dời lịch", expected_version=task.version
    )
    client.force_login(clerk)

    response = client.post(reverse("tasks:task_assign", args=[task.pk]), {"version": 1, "lead": second_official.pk})

    assert response.status_code == 409
    html = response.content.decode()
    assert "30/09/2024" in html  # the changed deadline is listed, dd/mm/yyyy
    form = response.context["form"]
    assert form["lead"].value() == str(second_official.pk)  # input kept
    assert int(form["version"].value()) == 2  # sending again applies it over the change
    task.refresh_from_db()
    assert task.lead == official


def services_deadline():
    from tasks.deadlines import Deadline

    return Deadline.by_date(datetime.date(2024, 9, 30))


# --- Deadline ----------------------------------------------------------------------------


def _deadline_post(task, **fields):
    data = {"version": task.version, "deadline_mode": "date", "reason": "Chờ hướng dẫn của huyện"}
    data.update(fields)
    return data


def test_a_deadline_change_needs_a_reason(client, clerk, task):
    client.force_login(clerk)

    response = client.post(
        reverse("tasks:task_deadline", args=[task.pk]), _deadline_post(task, due_date="15/08/2024", reason=" ")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert response.context["form"]["due_date"].value() == "15/08/2024"
    task.refresh_from_db()
    assert task.due_date == datetime.date(2024, 6, 30)


def test_a_deadline_by_date_is_saved_with_its_reason_in_the_history(client, clerk, task, official):
    client.force_login(clerk)

    response = client.post(reverse("tasks:task_deadline", args=[task.pk]), _deadline_post(task, due_date="15/08/2024"))

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.deadline_kind, task.due_date) == (DeadlineKind.DATE, datetime.date(2024, 8, 15))
    latest = task.history.latest()
    assert latest.history_change_reason == "Chờ hướng dẫn của huyện"
    assert latest.history_user == clerk
    assert Notification.objects.get(recipient=official, kind=Notification.Kind.DEADLINE_CHANGED)


def test_a_deadline_by_period(client, clerk, task):
    client.force_login(clerk)

    client.post(
        reverse("tasks:task_deadline", args=[task.pk]),
        _deadline_post(task, deadline_mode="period", period_kind="quarter", period_index=3, period_year=2024),
    )

    task.refresh_from_db()
    assert (task.deadline_kind, task.period_kind, task.period_index) == (DeadlineKind.PERIOD, PeriodKind.QUARTER, 3)
    assert task.due_date == datetime.date(2024, 9, 30)


def test_a_period_number_outside_the_year_is_refused(client, clerk, task):
    client.force_login(clerk)

    response = client.post(
        reverse("tasks:task_deadline", args=[task.pk]),
        _deadline_post(task, deadline_mode="period", period_kind="quarter", period_index=5, period_year=2024),
    )

    assert response.context["form"].errors["period_index"]


def test_an_ongoing_deadline_with_its_review_frequency(client, clerk, task):
    client.force_login(clerk)

    client.post(
        reverse("tasks:task_deadline", args=[task.pk]),
        _deadline_post(task, deadline_mode="ongoing", review_frequency="monthly"),
    )

    task.refresh_from_db()
    assert (task.deadline_kind, task.due_date, task.review_frequency) == (DeadlineKind.ONGOING, None, "monthly")


def test_a_deadline_typed_as_plans_write_it(client, clerk, task):
    client.force_login(clerk)

    client.post(
        reverse("tasks:task_deadline", args=[task.pk]),
        _deadline_post(task, deadline_mode="text", deadline_text="Quý II/2024"),
    )

    task.refresh_from_db()
    assert (task.deadline_kind, task.due_date, task.deadline_text) == (
        DeadlineKind.PERIOD, datetime.date(2024, 6, 30), "Quý II/2024",
    )  # fmt: skip


def test_an_unreadable_deadline_text_is_an_error_on_the_field(client, clerk, task):
    client.force_login(clerk)

    response = client.post(
        reverse("tasks:task_deadline", args=[task.pk]), _deadline_post(task, deadline_mode="text", deadline_text="sớm")
    )

    assert response.context["form"].errors["deadline_text"]


# --- Edit -------------------------------------------------------------------------------


def test_clerk_edits_title_and_expected_output(client, clerk, task):
    client.force_login(clerk)

    response = client.post(
        reverse("tasks:task_edit", args=[task.pk]),
        {"version": 1, "title": "  Tiếp công dân   hằng tháng ", "expected_output": "Sổ tiếp dân", "reason": "Rõ hơn"},
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.expected_output, task.version) == ("Tiếp công dân hằng tháng", "Sổ tiếp dân", 2)
    latest = task.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (clerk, "Rõ hơn")


def test_an_unchanged_edit_saves_nothing(client, clerk, task):
    client.force_login(clerk)

    client.post(reverse("tasks:task_edit", args=[task.pk]), {"version": 1, "title": task.title, "expected_output": ""})

    task.refresh_from_db()
    assert task.version == 1


def test_a_stale_edit_is_refused_and_keeps_the_input(client, clerk, task):
    edited_elsewhere(task, clerk)
    client.force_login(clerk)

    response = client.post(
        reverse("tasks:task_edit", args=[task.pk]), {"version": 1, "title": "Tên của tôi", "expected_output": ""}
    )

    assert response.status_code == 409
    assert response.context["form"]["title"].value() == "Tên của tôi"
    assert response.context["conflict"]["changes"]
    task.refresh_from_db()
    assert task.title == "Tên mới của người khác"


def edited_elsewhere(task, clerk):
    from tasks.services import editing

    editing.edit_task(task, by=clerk, title="Tên mới của người khác", expected_output="", expected_version=1)


# --- Delete -------------------------------------------------------------------------------


def test_soft_delete_hides_the_task_but_keeps_it(client, clerk, task, tasks):
    client.force_login(clerk)

    response = client.post(reverse("tasks:task_delete", args=[task.pk]), {"version": 1, "reason": "Trùng với 1.1.b"})

    assert response.status_code == 302
    assert not Task.objects.filter(pk=task.pk).exists()
    kept = Task.all_objects.get(pk=task.pk)
    assert kept.deleted_by == clerk and kept.deleted_at is not None
    assert kept.history.latest().history_change_reason == "Trùng với 1.1.b"
    overview = client.get(reverse("tasks:plan_overview"))
    assert "Tiếp công dân định kỳ" not in overview.content.decode()
    assert overview.context["tree"].plan_node.total.count == 3
    assert client.get(reverse("tasks:task_edit", args=[task.pk])).status_code == 404


def test_delete_asks_for_confirmation_first(client, clerk, task):
    client.force_login(clerk)

    response = client.get(reverse("tasks:task_delete", args=[task.pk]))

    assert response.status_code == 200
    assert Task.objects.filter(pk=task.pk).exists()


def test_a_safe_next_address_is_followed_and_a_foreign_one_ignored(client, clerk, task):
    client.force_login(clerk)
    url = reverse("tasks:task_edit", args=[task.pk])

    ok = client.post(url, {"version": 1, "title": "A", "expected_output": "", "next": "/tasks/"})
    evil = client.post(url, {"version": 2, "title": "B", "expected_output": "", "next": "https://evil.example/"})

    assert ok["Location"] == "/tasks/"
    assert evil["Location"].startswith(reverse("tasks:plan_overview"))
