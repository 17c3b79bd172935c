"""Issue #12 item 3: the ward formed in 2025 from Trung Trắc and Lạc Hồng reads their plans, open
tasks and PAPI scores (read-only, labelled with the old names) and its clerk carries their open
tasks into its own plan with the reason "sáp nhập"."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from plans.models import AdministrativeUnit, ContentArea, PapiScore, Plan, PlanSection, Role
from tasks.models import Task, TaskOrigin, TaskStatus
from tasks.services.carrying import MERGER_REASON
from tests.conftest import make_person

pytestmark = pytest.mark.django_db
MERGED_ON = datetime.date(2025, 7, 1)


@pytest.fixture
def ward(province, commune, other_commune):
    """Phường Như Quỳnh (2025), successor of both communes."""
    ward = AdministrativeUnit.objects.create(kind="ward", code="11986", name="Như Quỳnh", parent=province)
    for old in (commune, other_commune):
        old.succeeded_by, old.dissolved_on = ward, MERGED_ON
        old.save()
    return ward


@pytest.fixture
def ward_clerk(ward):
    return make_person("vanphongnq", ward, Role.CLERK, "Công chức Văn phòng - Thống kê", "Đào Thị Ngọc")


@pytest.fixture
def old_plan(commune, official):
    plan = Plan.objects.create(unit=commune, year=2025, title="Kế hoạch PAPI 2025 xã Trung Trắc")
    area = ContentArea.objects.get(code=5)
    for code, status in (("5.a", TaskStatus.DONE), ("5.b", TaskStatus.IN_PROGRESS), ("5.c", TaskStatus.NOT_STARTED)):
        Task.objects.create(
            plan=plan, code=code, title=f"Nhiệm vụ {code}", text="Niêm yết thủ tục hành chính.", content_area=area,
            lead=official, status=status, progress=50 if status == TaskStatus.IN_PROGRESS else 0,
            deadline_kind="date", due_date=datetime.date(2025, 12, 31),
        )  # fmt: skip
    PapiScore.objects.create(unit=commune, year=2024, score=Decimal("41.2"), source=PapiScore.Source.OFFICIAL)
    return plan


@pytest.fixture
def new_plan(ward):
    plan = Plan.objects.create(unit=ward, year=2026, title="Kế hoạch PAPI 2026 phường Như Quỳnh")
    PlanSection.objects.create(plan=plan, order=1, kind="area", number="5", heading="THỦ TỤC HÀNH CHÍNH CÔNG",
                               content_area=ContentArea.objects.get(code=5))  # fmt: skip
    return plan


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_wards_people_read_the_old_communes_plan_but_do_not_manage_it(ward_clerk, old_plan):
    client = signed_in(ward_clerk)
    task = old_plan.tasks.get(code="5.b")

    overview = client.get("/tasks/plan/", {"plan": old_plan.pk})
    assert overview.status_code == 200
    assert overview.context["can_manage"] is False
    assert client.get(f"/tasks/{task.pk}/").status_code == 200
    assert client.post(f"/tasks/{task.pk}/assign/", {"version": task.version}).status_code == 403


def test_the_old_communes_people_do_not_see_the_ward(official, new_plan):
    assert signed_in(official).get("/tasks/plan/", {"plan": new_plan.pk}).status_code == 404


def test_the_wards_dashboard_shows_the_merged_communes_plans_and_scores(ward_clerk, old_plan, new_plan):
    page = signed_in(ward_clerk).get("/reports/dashboard/", {"plan": new_plan.pk})

    section = page.content.decode().split('id="predecessors"', 1)[1].split("</section>", 1)[0]
    assert "Trung Trắc" in section and "Lạc Hồng" in section
    assert "2 of 3 tasks still open" in section
    assert "2024: 41.20" in section
    assert f"/tasks/plan/carry/?from={old_plan.pk}&amp;plan={new_plan.pk}" in section


def test_a_unit_nothing_was_merged_into_shows_no_such_section(clerk, commune):
    plan = Plan.objects.create(unit=commune, year=2024, title="Kế hoạch 2024")

    page = signed_in(clerk).get("/reports/dashboard/", {"plan": plan.pk})

    assert page.status_code == 200
    assert 'id="predecessors"' not in page.content.decode()


def test_the_clerk_carries_the_open_tasks_over_once_with_the_merger_as_reason(ward_clerk, official, ward, old_plan,
                                                                                new_plan):  # fmt: skip
    official.unit = ward  # the official now works in the ward
    official.save()
    client = signed_in(ward_clerk)
    url = f"/tasks/plan/carry/?from={old_plan.pk}&plan={new_plan.pk}"

    listed = client.get(url)
    assert [t.code for t in listed.context["tasks"]] == ["5.b", "5.c"]
    assert client.post(url).status_code == 302
    client.post(url)  # a second click carries nothing twice

    carried = list(Task.objects.filter(plan=new_plan).order_by("order"))
    assert [(t.code, t.origin, t.carried_from.code, t.status, t.progress) for t in carried] == [
        ("5.b", TaskOrigin.CARRIED, "5.b", TaskStatus.IN_PROGRESS, 50),
        ("5.c", TaskOrigin.CARRIED, "5.c", TaskStatus.NOT_STARTED, 0),
    ]
    assert all(t.section.number == "5" and t.lead == official for t in carried)
    assert {t.history.earliest().history_change_reason for t in carried} == {MERGER_REASON}
    assert old_plan.tasks.exclude(status=TaskStatus.DONE).count() == 2  # the old plan stays as it was


def test_only_the_successors_clerk_carries(official, ward_clerk, old_plan, new_plan, clerk, ward):
    url = f"/tasks/plan/carry/?from={old_plan.pk}&plan={new_plan.pk}"
    ward_official = make_person("vhxh", ward, Role.OFFICIAL, "Công chức Văn hóa - Xã hội", "Lò Văn Tâm")

    assert signed_in(ward_official).post(url).status_code == 403
    assert signed_in(clerk).post(url).status_code == 404  # the old commune's clerk does not see the ward
    assert not Task.objects.filter(plan=new_plan).exists()


def test_a_supervisor_of_the_province_sees_the_new_units_and_the_old_ones_through_them(province, ward, commune):
    supervisor = make_person("tinh", province, Role.SUPERVISOR, None, "Hoàng Văn Tỉnh")

    visible = set(AdministrativeUnit.objects.visible_to(supervisor))
    current = set(AdministrativeUnit.objects.visible_to(supervisor).current())

    assert {ward, commune} <= visible
    assert ward in current and commune not in current


def test_the_provinces_table_lists_the_merged_communes_only_for_a_year_they_had_a_plan(
    province, ward, commune, other_commune, old_plan, new_plan
):
    from reports.communes import communes_table

    PapiScore.objects.create(unit=other_commune, year=2024, score=Decimal("39.5"), source=PapiScore.Source.OFFICIAL)

    in_2025 = {row.name: row.successor for row in communes_table(province, 2025)}
    in_2026 = {row.name: row.successor for row in communes_table(province, 2026)}

    assert in_2025 == {"Trung Trắc": "Như Quỳnh", "Như Quỳnh": ""}  # Lạc Hồng had no 2025 plan
    assert in_2026 == {"Như Quỳnh": ""}


def test_the_communes_page_labels_a_merged_commune_with_its_successor(province, ward, old_plan):
    supervisor = make_person("tinh2", province, Role.SUPERVISOR, None, "Hoàng Văn Tỉnh")

    page = signed_in(supervisor).get("/reports/communes/", {"year": 2025})

    assert "(now part of Như Quỳnh)" in page.content.decode()
