"""The takeover paths the tester found, tried again: each refused, recorded, nothing changed."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import EmailChange, SecurityEvent
from plans.models import Role

from ..accounts.conftest import sign_in
from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind


def person_form(person, **changes):
    data = {
        "full_name": person.full_name,
        "username": person.username,
        "email": person.email,
        "phone": person.phone,
        "position": "",
        "department": person.department_id or "",
        "role": person.role,
        "is_active": "on",
        "password_action": "keep",
    }
    data.update(changes)
    return data


def test_the_clerk_cannot_set_the_chairmans_password_in_the_admin(client, cast):
    clerk, chairman = cast["vanphong"], cast["chutich"]
    client.force_login(clerk)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[chairman.pk]),
        {"password1": "Takeover-2024!", "password2": "Takeover-2024!", "usable_password": "true"},
    )

    assert response.status_code == 403
    chairman.refresh_from_db()
    assert chairman.check_password(PASSWORD)
    client.logout()
    assert sign_in(client, "chutich", "Takeover-2024!").status_code == 200  # the form again: refused
    refused = SecurityEvent.objects.get(kind=Kind.CHANGE_REFUSED, target=chairman)
    assert refused.actor == clerk and refused.details == {"attributes": ["password"]}


def test_the_clerk_cannot_make_themselves_chairman_in_the_admin(client, cast):
    clerk = cast["vanphong"]
    client.force_login(clerk)
    page = client.get(reverse("admin:plans_user_change", args=[clerk.pk]))
    assert 'name="role"' not in page.content.decode()  # shown, not editable

    client.post(
        reverse("admin:plans_user_change", args=[clerk.pk]),
        {"username": clerk.username, "full_name": clerk.full_name, "role": Role.CHAIRMAN, "_save": "1"},
    )

    clerk.refresh_from_db()
    assert clerk.role == Role.CLERK
    assert list(clerk.groups.values_list("name", flat=True)) == ["role:clerk"]
    assert SecurityEvent.objects.filter(kind=Kind.CHANGE_REFUSED, target=clerk, details__attributes=["role"]).exists()


@pytest.mark.parametrize("victim", ["chutich", "phochutich", "vanphong2"])
def test_the_clerk_cannot_redirect_a_leaders_or_another_clerks_reset_links(client, cast, victim):
    clerk, target = cast["vanphong"], cast[victim]
    client.force_login(clerk)
    page = client.get(reverse("people:official_edit", args=[target.pk]))
    assert page.context["form"].fields["email"].disabled

    client.post(reverse("people:official_edit", args=[target.pk]), person_form(target, email="clerk@evil.example"))
    client.logout()
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": "clerk@evil.example"})

    target.refresh_from_db()
    assert target.email == f"{victim}@example.vn"
    assert not EmailChange.objects.filter(user=target).exists()
    assert mail.outbox == []  # no reset link went to the outside address
    assert SecurityEvent.objects.filter(kind=Kind.CHANGE_REFUSED, target=target, details__attributes=["email"]).exists()


def test_an_officials_new_address_gets_reset_links_only_after_they_confirm_it(
    client, cast, django_capture_on_commit_callbacks
):
    clerk, official = cast["vanphong"], cast["tuphap"]
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:official_edit", args=[official.pk]), person_form(official, email="new@example.vn"))

    official.refresh_from_db()
    assert official.email == "tuphap@example.vn"
    confirm, notice = sorted(mail.outbox, key=lambda m: m.to[0])
    assert confirm.to == ["new@example.vn"] and notice.to == ["tuphap@example.vn"]
    assert "new@example.vn" in notice.body and clerk.full_name in notice.body

    # A reset asked for the new address sends nothing yet.
    client.logout()
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": "new@example.vn"})
    assert mail.outbox == []

    # The clerk cannot confirm it: the link works only for the person, signed in.
    link = re.search(r"https?://\S+(/accounts/email/confirm/\S+/)", confirm.body).group(1)
    client.force_login(clerk)
    assert client.post(link).status_code == 404
    client.force_login(official)
    assert client.get(link).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)

    official.refresh_from_db()
    assert official.email == "new@example.vn"
    changed = [m for m in mail.outbox if m.to == ["tuphap@example.vn"]]
    assert changed and "new@example.vn" in changed[-1].body
    kinds = list(SecurityEvent.objects.filter(target=official).values_list("kind", flat=True))
    assert Kind.EMAIL_CHANGE_REQUESTED in kinds and Kind.EMAIL_CHANGED in kinds


def test_a_password_set_by_the_clerk_is_told_to_the_person_and_ends_their_sessions(
    client, cast, django_capture_on_commit_callbacks
):
    from django.test import Client

    clerk, official = cast["vanphong"], cast["tuphap"]
    phone = Client()
    assert sign_in(phone, "tuphap", PASSWORD).status_code == 302
    assert phone.get(reverse("tasks:my_tasks")).status_code == 200

    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("people:official_edit", args=[official.pk]),
            person_form(official, password_action="set", password="Sen-hong-2024!"),
        )

    official.refresh_from_db()
    assert official.check_password("Sen-hong-2024!")
    assert phone.get(reverse("tasks:my_tasks")).status_code == 302  # signed out
    (notice,) = [m for m in mail.outbox if m.to == ["tuphap@example.vn"]]
    assert clerk.full_name in notice.body
    event = SecurityEvent.objects.get(kind=Kind.PASSWORD_SET, target=official)
    assert (event.actor, event.via, event.ip_address) == (clerk, "portal", "127.0.0.1")


def test_the_vice_chairman_and_an_official_have_no_way_in(client, cast):
    for name in ("phochutich", "tuphap"):
        client.force_login(cast[name])
        chairman = cast["chutich"]
        assert client.get(reverse("people:official_edit", args=[chairman.pk])).status_code == 403
        response = client.post(
            reverse("people:official_edit", args=[chairman.pk]), person_form(chairman, email="x@evil.example")
        )
        assert response.status_code == 403
        assert client.get(reverse("admin:plans_user_change", args=[chairman.pk])).status_code == 302  # admin sign-in
    chairman.refresh_from_db()
    assert chairman.email == "chutich@example.vn"
    assert not EmailChange.objects.exists()


def test_the_account_administrator_grants_roles_below_theirs_in_their_province(client, cast):
    admin = cast["quantri"]
    client.force_login(admin)
    official = cast["tuphap"]

    page = client.get(reverse("admin:plans_user_change", args=[official.pk]))
    roles = [value for value, _ in page.context["adminform"].form.fields["role"].choices]
    assert Role.ACCOUNT_ADMIN not in roles and Role.CHAIRMAN in roles
    assert "is_superuser" not in page.context["adminform"].form.fields

    outsider = cast["root2"]
    assert client.get(reverse("admin:plans_user_change", args=[outsider.pk])).status_code == 302  # not found


def test_the_clerks_admin_shows_a_leader_read_only_without_the_password(client, cast):
    clerk, chairman = cast["vanphong"], cast["chutich"]
    client.force_login(clerk)

    page = client.get(reverse("admin:plans_user_change", args=[chairman.pk]))
    own_people = client.get(reverse("admin:plans_user_changelist"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "../password/" not in html and chairman.password not in html
    assert 'name="email"' not in html and 'name="is_active"' not in html
    assert 'name="phone"' in html  # contact details stay the clerk's to keep current
    listed = {person.username for person in own_people.context["cl"].result_list}
    assert listed == {"chutich", "phochutich", "vanphong", "vanphong2", "tuphap", "diachinh", "mttq"}
