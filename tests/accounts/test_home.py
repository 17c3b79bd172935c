"""`/` sends each person to the page their role starts from."""

import pytest
from django.urls import reverse
from django.utils import translation

from plans.models import User

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/").url == reverse("login")


@pytest.mark.parametrize(
    ("person", "home"),
    [
        ("official", "tasks:my_tasks"),
        ("clerk", "tasks:plan_overview"),
        ("observer", "tasks:plan_overview"),
        ("chairman", "dashboard"),
        ("vice_chairman", "dashboard"),
        ("supervisor", "dashboard"),
    ],
)
def test_each_role_starts_from_its_own_page(client, request, person, home):
    client.force_login(request.getfixturevalue(person))

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == reverse(home)


def test_a_superuser_without_a_unit_goes_to_the_admin(client, db):
    admin = User.objects.create_superuser("quantri", "qt@example.vn", "pw", full_name="Quản trị")
    client.force_login(admin)

    assert client.get("/").url == reverse("admin:index")


def test_the_dashboard_placeholder_points_at_the_plan_and_overdue_tasks(client, chairman):
    client.force_login(chairman)

    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("tasks:plan_overview")}"' in html
    assert f'href="{reverse("tasks:task_list")}?bucket=overdue"' in html
    with translation.override("en"):
        assert "arrives in a later version" in html


def test_the_dashboard_needs_a_signed_in_person(client):
    assert client.get(reverse("dashboard")).url == f"{reverse('login')}?next={reverse('dashboard')}"
