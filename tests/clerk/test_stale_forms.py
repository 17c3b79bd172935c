"""A clerk's form sent after someone else changed the task: 409, what changed (what, who, when),
the typed input kept in the form, nothing saved; sending it again then applies it knowingly."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from plans.models import Role
from tasks.models import Task
from tasks.services import editing

from ..conftest import make_person

pytestmark = pytest.mark.django_db

NEW_TITLE = "Tiếp công dân định kỳ vào thứ Năm hằng tuần"


@pytest.fixture
def colleague(commune):
    """A second clerk of the commune, who changes the task while the first has the form open."""
    return make_person("vanphong2", commune, Role.CLERK, "Công chức Văn phòng - Thống kê", "Lý Thị Lan")


def opened_version(response, name="version"):
    """The hidden version in the page, as the browser would send it back."""
    return int(re.search(rf'name="{name}" value="(\d+)"', response.content.decode()).group(1))


def change_behind_its_back(task, colleague):
    editing.edit_task(task, by=colleague, title=NEW_TITLE, expected_output="", expected_version=task.version)
    task.refresh_from_db()
    return task.history.filter(version=task.version).latest("history_date")


def assert_the_change_is_listed(response, record):
    html = response.content.decode()
    assert response.status_code == 409
    assert 'id="conflict"' in html
    assert f"Tiếp công dân định kỳ → {NEW_TITLE}" in html  # what
    when = timezone.localtime(record.history_date).strftime("%d/%m/%Y %H:%M")
    assert f"Lý Thị Lan ({when})" in html  # who and when
    assert response.context["conflict"]["editors"][0][0].username == "vanphong2"


def as_text(value):
    return [str(v) for v in value] if isinstance(value, list | tuple) else str(value)


def saved_state(task):
    task = Task.all_objects.get(pk=task.pk)
    cooperating = sorted(task.cooperating.values_list("pk", flat=True))
    return (task.version, task.title, task.lead_id, cooperating, task.due_date, task.expected_output, task.deleted_at)


FORMS = {
    # name: (typed input, what the re-rendered page must still show of it)
    "task_assign": (lambda people: {"lead": people["second"].pk, "cooperating": [people["chairman"].pk]}, None),
    "task_deadline": (
        lambda people: {"deadline_mode": "date", "due_date": "15/08/2024", "reason": "Chờ hướng dẫn của huyện"},
        ['value="15/08/2024"', "Chờ hướng dẫn của huyện</textarea>"],
    ),
    "task_edit": (
        lambda people: {"title": "Tiếp công dân theo lịch", "expected_output": "Sổ tiếp dân", "reason": "Sửa tên"},
        ['value="Tiếp công dân theo lịch"', "Sổ tiếp dân</textarea>", 'value="Sửa tên"'],
    ),
    "task_delete": (lambda people: {"reason": "Trùng với nhiệm vụ 1.1.a"}, ['value="Trùng với nhiệm vụ 1.1.a"']),
}


@pytest.mark.parametrize("name", FORMS)
def test_a_stale_task_form_is_409_with_the_change_and_the_input_kept(
    client, clerk, colleague, task, second_official, chairman, name
):
    typed_input, shown = FORMS[name]
    typed = typed_input({"second": second_official, "chairman": chairman})
    url = reverse(f"tasks:{name}", args=[task.pk])
    client.force_login(clerk)
    version = opened_version(client.get(url))
    record = change_behind_its_back(task, colleague)
    before, notifications, history = saved_state(task), Notification.objects.count(), Task.history.count()

    response = client.post(url, {"version": version, **typed})

    assert_the_change_is_listed(response, record)
    form = response.context["form"]
    assert {field: as_text(form[field].value()) for field in typed} == {f: as_text(v) for f, v in typed.items()}
    for fragment in shown or [f'<option value="{second_official.pk}" selected>']:
        assert fragment in response.content.decode()
    assert opened_version(response) == version + 1  # sending again applies it over the change
    assert response.context["task"].title == NEW_TITLE  # the summary shows the task as it is now
    assert saved_state(task) == before
    assert (Notification.objects.count(), Task.history.count()) == (notifications, history)


def test_sending_the_kept_input_again_applies_it(client, clerk, colleague, task, second_official):
    url = reverse("tasks:task_assign", args=[task.pk])
    client.force_login(clerk)
    version = opened_version(client.get(url))
    change_behind_its_back(task, colleague)
    refused = client.post(url, {"version": version, "lead": second_official.pk})

    again = client.post(url, {"version": opened_version(refused), "lead": second_official.pk})

    assert again.status_code == 302
    task.refresh_from_db()
    assert (task.lead, task.title) == (second_official, NEW_TITLE)


def test_a_stale_bulk_assignment_is_409_with_the_change_and_the_selection_kept(
    client, clerk, colleague, plan, tasks, second_official, official
):
    client.force_login(clerk)
    page = client.get(reverse("tasks:bulk_assign"), {"plan": plan.pk, "task": [tasks[1].pk, tasks[2].pk]})
    versions = {t.pk: opened_version(page, f"version_{t.pk}") for t in tasks}
    record = change_behind_its_back(tasks[2], colleague)
    before = [saved_state(t) for t in tasks]
    data = {"plan": plan.pk, "tasks": [tasks[1].pk, tasks[2].pk], "lead": second_official.pk}
    data.update({"cooperating": [official.pk], "cooperating_mode": "replace"})
    data.update({f"version_{pk}": version for pk, version in versions.items()})

    response = client.post(reverse("tasks:bulk_assign"), data)

    assert_the_change_is_listed(response, record)
    assert response.context["stale_task"].pk == tasks[2].pk
    form = response.context["form"]
    assert form["lead"].value() == str(second_official.pk)
    assert form["cooperating_mode"].value() == "replace"
    assert response.context["selected"] == {str(tasks[1].pk), str(tasks[2].pk)}
    html = response.content.decode()
    assert f'name="version_{tasks[2].pk}" value="{versions[tasks[2].pk] + 1}"' in html  # sending again applies
    assert [saved_state(t) for t in tasks] == before
