"""/tasks/plan/add/: ad-hoc tasks (e.g. an appendix row) with a unique code, filed under their area."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from plans.models import ContentArea, SubDimension
from tasks.models import Task, TaskOrigin

from .conftest import make_task

URL = reverse("tasks:task_add")
pytestmark = pytest.mark.django_db


def _post(plan, **fields):
    data = {
        "plan": plan.pk,
        "code": "PL.1",
        "title": "Khảo sát sự hài lòng của người dân",
        "text": "Tổ chức khảo sát sự hài lòng của người dân về thủ tục hành chính.",
        "deadline_mode": "text",
        "deadline_text": "Quý III/2024",
        "expected_output": "Báo cáo kết quả khảo sát",
    }
    data.update(fields)
    return data


def test_the_form_suggests_the_next_appendix_code(client, clerk, plan, tasks):
    make_task(plan, "PL.1", order=10)
    gone = make_task(plan, "PL.4", order=11)
    Task.objects.filter(pk=gone.pk).update(deleted_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC))
    client.force_login(clerk)

    response = client.get(URL, {"plan": plan.pk})

    assert response.status_code == 200
    assert response.context["form"]["code"].value() == "PL.5"


def test_clerk_adds_an_ad_hoc_task_and_its_officials_are_notified(
    client, clerk, plan, sections, official, second_official
):
    area = ContentArea.objects.get(code=3)
    sub = SubDimension.objects.filter(area=area).first()
    client.force_login(clerk)

    response = client.post(
        URL,
        _post(plan, content_area=area.pk, sub_dimensions=[sub.pk], lead=official.pk, cooperating=[second_official.pk]),
    )

    assert response.status_code == 302
    task = Task.objects.get(plan=plan, code="PL.1")
    assert task.origin == TaskOrigin.AD_HOC
    assert task.section == sections["area3"]  # filed under the plan's section for its area
    assert (task.lead, list(task.cooperating.all()), list(task.sub_dimensions.all())) == (
        official, [second_official], [sub],
    )  # fmt: skip
    assert (task.due_date, task.deadline_text) == (datetime.date(2024, 9, 30), "Quý III/2024")
    assert task.history.latest().history_user == clerk
    notified = Notification.objects.filter(kind=Notification.Kind.ASSIGNED, task=task)
    assert set(notified.values_list("recipient", flat=True)) == {official.pk, second_official.pk}
    assert notified.first().actor == clerk
    overview = client.get(reverse("tasks:plan_overview"))
    assert "Khảo sát sự hài lòng" in overview.content.decode()


def test_a_task_outside_the_areas_has_no_section(client, clerk, plan, sections):
    client.force_login(clerk)

    client.post(URL, _post(plan, deadline_mode="ongoing", review_frequency="quarterly", deadline_text=""))

    task = Task.objects.get(code="PL.1")
    assert (task.section, task.content_area, task.deadline_kind) == (None, None, "ongoing")


def test_the_code_must_be_unique_among_the_plans_live_tasks(client, clerk, plan, tasks):
    make_task(plan, "PL.1", order=10)
    client.force_login(clerk)

    response = client.post(URL, _post(plan, code="pl.1"))

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert response.context["form"]["title"].value() == "Khảo sát sự hài lòng của người dân"  # input kept


def test_a_deleted_tasks_code_may_be_used_again(client, clerk, plan, tasks):
    gone = make_task(plan, "PL.1", order=10)
    Task.objects.filter(pk=gone.pk).update(deleted_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC))
    client.force_login(clerk)

    assert client.post(URL, _post(plan)).status_code == 302
    assert Task.objects.filter(plan=plan, code="PL.1").count() == 1


def test_sub_dimensions_must_belong_to_the_area(client, clerk, plan):
    other = SubDimension.objects.filter(area__code=5).first()
    client.force_login(clerk)

    response = client.post(URL, _post(plan, content_area=ContentArea.objects.get(code=3).pk, sub_dimensions=[other.pk]))

    assert response.context["form"].errors["sub_dimensions"]
    assert not Task.objects.filter(code="PL.1").exists()


def test_an_observer_cannot_lead_an_ad_hoc_task(client, clerk, plan, observer):
    client.force_login(clerk)

    response = client.post(URL, _post(plan, lead=observer.pk))

    assert response.context["form"].errors["lead"]
    assert not Task.objects.filter(code="PL.1").exists()


@pytest.mark.parametrize(
    ("who", "status"), [("official", 403), ("observer", 403), ("chairman", 403), ("outsider", 404)]
)
def test_only_the_clerk_may_add_tasks(client, request, plan, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(URL, {"plan": plan.pk}).status_code == status
    assert client.post(URL, _post(plan)).status_code == status
    assert not Task.objects.filter(code="PL.1").exists()
