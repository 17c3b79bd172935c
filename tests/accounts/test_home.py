"""`/` sends each person to the page their role starts from."""

import pytest
from django.urls import reverse

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
        ("chairman", "reports:dashboard"),
        ("vice_chairman", "reports:dashboard"),
        ("supervisor", "reports:communes"),
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


def test_the_old_dashboard_address_leads_to_the_dashboard(client, chairman):
    client.force_login(chairman)

    assert client.get(reverse("dashboard")).url == reverse("reports:dashboard")


def test_the_dashboard_needs_a_signed_in_person(client):
    url = reverse("reports:dashboard")
    assert client.get(url).url == f"{reverse('login')}?next={url}"
