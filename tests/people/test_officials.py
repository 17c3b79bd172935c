"""/tasks/officials/ and /tasks/positions/: the clerk manages the commune's people and the positions."""

import pytest
from django.core import mail
from django.urls import reverse

from people.views import TEMP_PASSWORD_KEY
from plans.models import Position, Role, User
from tests.clerk.conftest import make_task

pytestmark = pytest.mark.django_db


def _person(**fields):
    data = {
        "full_name": "Bùi Thị Lan",
        "username": "vanhoa",
        "email": "lan@example.vn",
        "phone": "0912345678",
        "role": Role.OFFICIAL,
        "is_active": "on",
        "password_action": "email",
    }
    data.update(fields)
    return data


def test_the_list_shows_the_communes_people_by_given_name_with_their_tasks(
    client, clerk, official, chairman, outsider, plan, task
):
    make_task(plan, "9.a", order=9, lead=official)
    client.force_login(clerk)

    response = client.get(reverse("people:officials"))

    assert response.status_code == 200
    people = response.context["people"]
    # Bình, Hoa, Tuân: sorted by the given name (the last word)
    assert [p.username for p in people] == ["tuphap", "vanphong", "chutich"]
    assert outsider not in people
    assert {p.username: p.led for p in people} == {"tuphap": 2, "vanphong": 0, "chutich": 0}
    assert "lead=" in people[0].led_url


def test_clerk_adds_an_official_and_a_link_to_set_the_password_is_emailed(client, clerk, commune):
    client.force_login(clerk)

    response = client.post(reverse("people:official_add"), _person())

    assert response.status_code == 302
    person = User.objects.get(username="vanhoa")
    assert (person.unit, person.role, person.is_active) == (commune, Role.OFFICIAL, True)
    assert not person.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lan@example.vn"]
    assert "/accounts/reset/" in mail.outbox[0].body and "vanhoa" in mail.outbox[0].body


def test_without_an_email_a_temporary_password_is_shown_once(client, clerk):
    client.force_login(clerk)

    client.post(reverse("people:official_add"), _person(email="", password_action="generate"))
    first = client.get(reverse("people:officials"))
    second = client.get(reverse("people:officials"))

    shown = first.context["temporary"]
    assert shown["username"] == "vanhoa"
    assert User.objects.get(username="vanhoa").check_password(shown["pw"])
    assert shown["pw"] in first.content.decode()
    assert second.context["temporary"] is None
    assert TEMP_PASSWORD_KEY not in client.session


def test_emailing_a_link_needs_an_email_address(client, clerk):
    client.force_login(clerk)

    response = client.post(reverse("people:official_add"), _person(email=""))

    assert response.status_code == 200
    assert response.context["form"].errors["password_action"]
    assert not User.objects.filter(username="vanhoa").exists()


def test_a_password_set_by_the_clerk_is_validated(client, clerk):
    client.force_login(clerk)

    weak = client.post(reverse("people:official_add"), _person(password_action="set", password="123"))
    good = client.post(reverse("people:official_add"), _person(password_action="set", password="Sen-hong-2024!"))

    assert weak.context["form"].errors["password"]
    assert good.status_code == 302
    assert User.objects.get(username="vanhoa").check_password("Sen-hong-2024!")


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.CHAIRMAN, Role.CLERK, Role.ACCOUNT_ADMIN])
def test_the_clerk_creates_officials_only_other_roles_come_from_an_administrator(client, clerk, role):
    client.force_login(clerk)

    response = client.post(reverse("people:official_add"), _person(role=role))

    assert response.context["form"].errors["role"]
    assert not User.objects.filter(username="vanhoa").exists()


def test_clerk_edits_and_deactivates_an_official_instead_of_deleting(client, clerk, official, plan, task):
    client.force_login(clerk)

    response = client.post(
        reverse("people:official_edit", args=[official.pk]),
        _person(full_name=official.full_name, username=official.username, is_active="", password_action="keep"),
        follow=True,
    )  # fmt: skip

    official.refresh_from_db()
    assert (official.role, official.is_active, official.phone) == (Role.OFFICIAL, False, "0912345678")
    assert official.check_password("pw-tuphap")  # unchanged
    assert any("1" in str(m) for m in response.context["messages"] if m.level_tag == "warning")  # still leads 1.3.a


def test_a_leaders_role_and_sign_in_are_left_to_the_administrator(client, clerk, chairman):
    client.force_login(clerk)

    client.post(
        reverse("people:official_edit", args=[chairman.pk]),
        _person(full_name="Lê Ngọc Tuân", username="chutich", role=Role.OFFICIAL, is_active="", phone="0988"),
    )

    chairman.refresh_from_db()
    assert (chairman.role, chairman.is_active, chairman.phone) == (Role.CHAIRMAN, True, "0988")
    assert chairman.check_password("pw-chutich")


def test_the_clerk_cannot_deactivate_themselves(client, clerk):
    client.force_login(clerk)

    client.post(
        reverse("people:official_edit", args=[clerk.pk]),
        _person(full_name=clerk.full_name, username=clerk.username, is_active=""),
    )

    clerk.refresh_from_db()
    assert clerk.is_active and clerk.role == Role.CLERK


def test_another_communes_person_is_404(client, clerk, outsider):
    client.force_login(clerk)

    assert client.get(reverse("people:official_edit", args=[outsider.pk])).status_code == 404
    response = client.post(reverse("people:official_edit", args=[outsider.pk]), _person(username="ngoai"))
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.full_name == "Phạm Văn Cường"


@pytest.mark.parametrize("name", ["officials", "official_add"])
@pytest.mark.parametrize("who", ["official", "observer", "chairman"])
def test_other_roles_may_not_manage_people(client, request, name, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse(f"people:{name}")).status_code == 403


def test_a_supervisor_without_a_commune_gets_404(client, supervisor):
    supervisor.unit = None
    supervisor.save()
    client.force_login(supervisor)

    assert client.get(reverse("people:officials")).status_code == 404


# --- Positions -------------------------------------------------------------------------


def test_a_clerk_lists_adds_and_edits_positions(client, clerk):
    client.force_login(clerk)

    assert client.get(reverse("people:positions")).status_code == 200
    response = client.post(
        reverse("people:position_add"), {"name": "Công chức Văn hóa - Xã hội", "short_name": "VH-XH", "order": 40}
    )
    position = Position.objects.get(name="Công chức Văn hóa - Xã hội")
    client.post(
        reverse("people:position_edit", args=[position.pk]),
        {"name": position.name, "short_name": "Văn hóa", "order": 41, "is_active": ""},
    )

    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.short_name, position.order, position.is_active) == ("Văn hóa", 41, False)


def test_a_clerk_of_any_commune_may_edit_positions(client, outsider):
    client.force_login(outsider)

    assert client.get(reverse("people:positions")).status_code == 200


@pytest.mark.parametrize("who", ["official", "observer", "chairman", "supervisor"])
def test_other_roles_may_not_edit_positions(client, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("people:positions")).status_code == 403
    assert client.post(reverse("people:position_add"), {"name": "X", "order": 1}).status_code == 403
    assert not Position.objects.filter(name="X").exists()


def test_an_administrators_password_is_never_the_clerks_to_set(client, clerk, commune):
    admin = User.objects.create_superuser("quantri", "qt@example.vn", "pw-quantri", unit=commune, full_name="Quản Trị")
    client.force_login(clerk)

    client.post(
        reverse("people:official_edit", args=[admin.pk]),
        _person(full_name="Quản Trị", username="quantri", password_action="set", password="Sen-hong-2024!"),
    )

    admin.refresh_from_db()
    assert admin.check_password("pw-quantri") and admin.is_active and admin.is_superuser
