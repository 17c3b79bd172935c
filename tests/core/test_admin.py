"""The admin is the clerk's fallback: every model is there, in Vietnamese, scoped to the unit."""

import pytest
from django.contrib import admin
from django.urls import reverse

from plans.models import ContentArea, Plan, User
from tasks.models import Task


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.vn", "pw", full_name="Quản trị viên")


def _plan_with_task(unit, code):
    plan = Plan.objects.create(unit=unit, year=2024, title=f"Kế hoạch PAPI {unit.name}")
    Task.objects.create(
        plan=plan, code=code, title=f"Nhiệm vụ {code}", text="…", content_area=ContentArea.objects.get(code=1)
    )
    return plan


def test_every_model_of_the_portal_has_an_admin_page_in_vietnamese(client, superuser, commune):
    _plan_with_task(commune, "1.1.a")
    client.force_login(superuser)

    ours = [m for m in admin.site._registry if m._meta.app_label in {"core", "plans", "tasks", "reports"}]
    assert {m.__name__ for m in ours} >= {
        "AdministrativeUnit", "ContentArea", "SubDimension", "Department", "Position", "User",
        "Plan", "PlanSection", "PapiScore", "Task", "ProgressUpdate", "Heartbeat",
    }  # fmt: skip
    for model in ours:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "vi"
        # Django's own admin chrome in Vietnamese, and our verbose names too.
        assert "Thêm" in response.text or "Đăng xuất" in response.text
    assert "Kế hoạch và cán bộ" in client.get(reverse("admin:index")).text


def test_clerk_sees_only_their_own_communes_tasks_in_the_admin(client, clerk, commune, other_commune):
    _plan_with_task(commune, "1.1.a")
    _plan_with_task(other_commune, "9.9.z")
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)

    response = client.get(reverse("admin:tasks_task_changelist"))

    assert response.status_code == 200
    assert "1.1.a" in response.text
    assert "9.9.z" not in response.text
    other = Task.objects.get(code="9.9.z")
    assert client.get(reverse("admin:tasks_task_change", args=[other.pk])).status_code in (302, 404)


def test_clerk_cannot_make_anyone_a_superuser_in_the_admin(client, clerk, official):
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)

    response = client.get(reverse("admin:plans_user_change", args=[official.pk]))

    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.text
