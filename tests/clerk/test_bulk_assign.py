"""/tasks/plan/assign/: several tasks at once, in one transaction: all or nothing."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from tasks.models import Task
from tasks.services import editing

URL = reverse("tasks:bulk_assign")
pytestmark = pytest.mark.django_db


def _post(plan, tasks, versions=None, **fields):
    data = {"plan": plan.pk, "tasks": [t.pk for t in tasks], "lead": "keep", "cooperating_mode": "add"}
    data.update({f"version_{t.pk}": (versions or {}).get(t.pk, t.version) for t in tasks})
    data.update(fields)
    return data


def test_the_page_lists_the_plans_tasks_with_the_chosen_ones_ticked(client, clerk, plan, tasks):
    client.force_login(clerk)

    response = client.get(URL, {"plan": plan.pk, "task": [tasks[0].pk, tasks[3].pk]})

    assert response.status_code == 200
    assert response.context["selected"] == {str(tasks[0].pk), str(tasks[3].pk)}
    html = response.content.decode()
    for task in tasks:
        assert f'name="version_{task.pk}"' in html


def test_bulk_assign_sets_the_lead_and_adds_cooperating_officials(
    client, clerk, plan, tasks, official, second_official, chairman
):
    tasks[0].cooperating.add(chairman)
    client.force_login(clerk)

    response = client.post(
        URL, _post(plan, tasks[:2], lead=second_official.pk, cooperating=[official.pk], cooperating_mode="add")
    )

    assert response.status_code == 302
    first, second = Task.objects.get(pk=tasks[0].pk), Task.objects.get(pk=tasks[1].pk)
    assert (first.lead, second.lead) == (second_official, second_official)
    assert set(first.cooperating.all()) == {chairman, official}
    assert set(second.cooperating.all()) == {official}
    assert (first.version, second.version) == (2, 2)
    assert Notification.objects.filter(recipient=second_official, kind=Notification.Kind.ASSIGNED).count() == 2


def test_bulk_assign_reports_which_tasks_changed(client, clerk, plan, tasks, official):
    client.force_login(clerk)

    # 1.1.b is already led by `official`: only 1.1.a changes
    response = client.post(URL, _post(plan, tasks[:2], lead=official.pk, cooperating_mode="keep"), follow=True)

    changed, unchanged = list(response.context["messages"])
    assert changed.level_tag == "success" and "1.1.a" in str(changed) and "1.1.b" not in str(changed)
    assert unchanged.level_tag == "info"
    assert Task.objects.get(pk=tasks[1].pk).version == 1


def test_replace_mode_replaces_the_cooperating_officials(client, clerk, plan, tasks, official, chairman):
    tasks[3].cooperating.add(official)
    client.force_login(clerk)

    client.post(URL, _post(plan, [tasks[3]], cooperating=[chairman.pk], cooperating_mode="replace"))

    assert set(Task.objects.get(pk=tasks[3].pk).cooperating.all()) == {chairman}


def test_one_stale_task_means_nothing_is_changed(client, clerk, plan, tasks, official, second_official):
    client.force_login(clerk)
    seen = {t.pk: t.version for t in tasks}
    # someone else edits 1.3.a after the page was loaded
    editing.edit_task(tasks[2], by=clerk, title="Đã sửa", expected_output="", expected_version=1)

    response = client.post(URL, _post(plan, tasks, versions=seen, lead=second_official.pk, cooperating=[official.pk]))

    assert response.status_code == 409
    assert "1.3.a" in " ".join(response.context["form"].non_field_errors())
    assert response.context["stale_task"].pk == tasks[2].pk
    assert response.context["conflict"]["changes"]
    for task in Task.objects.filter(pk__in=[t.pk for t in tasks]):
        assert task.lead_id != second_official.pk
        assert not task.cooperating.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.ASSIGNED).exists()
    assert Task.objects.get(pk=tasks[0].pk).version == 1


def test_an_unassignable_person_means_nothing_is_changed(client, clerk, plan, tasks, official, observer):
    client.force_login(clerk)

    response = client.post(URL, _post(plan, tasks[:2], cooperating=[observer.pk]))

    assert response.status_code == 200
    assert response.context["form"].errors["cooperating"]
    assert not Task.objects.get(pk=tasks[0].pk).cooperating.exists()


def test_tasks_of_another_plan_cannot_be_slipped_in(client, clerk, plan, tasks, other_commune, outsider):
    from plans.models import Plan

    from .conftest import make_task

    foreign = make_task(Plan.objects.create(unit=other_commune, year=2024, title="Khác"), "1.1.a")
    client.force_login(clerk)

    response = client.post(URL, _post(plan, [tasks[0], foreign], lead=clerk.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["tasks"]
    assert Task.objects.get(pk=foreign.pk).lead is None


@pytest.mark.parametrize(
    ("who", "status"), [("official", 403), ("observer", 403), ("chairman", 403), ("outsider", 404)]
)
def test_only_the_clerk_may_bulk_assign(client, request, plan, tasks, clerk, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(URL, {"plan": plan.pk}).status_code == status
    assert client.post(URL, _post(plan, tasks, lead=clerk.pk)).status_code == status
    assert not Task.objects.filter(lead=clerk).exists()
