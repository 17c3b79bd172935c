"""A person's own password and e-mail are theirs: "my account", confirmation, sessions ending."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import EmailChange, SecurityEvent

from ..accounts.conftest import sign_in
from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind


def ask_for(client, new_email, password=PASSWORD):
    return client.post(
        reverse("accounts:my_account"),
        {"form": "email", "email-new_email": new_email, "email-current_password": password},
    )


def confirmation_link(message):
    return re.search(r"https?://\S+(/accounts/email/confirm/\S+/)", message.body).group(1)


def test_my_account_shows_the_address_and_saves_name_and_phone(client, cast):
    official = cast["tuphap"]
    client.force_login(official)

    page = client.get(reverse("accounts:my_account"))
    client.post(
        reverse("accounts:my_account"),
        {"form": "contact", "contact-full_name": "Trần Văn Bình", "contact-phone": "0911"},
    )

    assert "tuphap@example.vn" in page.content.decode()
    official.refresh_from_db()
    assert (official.full_name, official.phone) == ("Trần Văn Bình", "0911")


def test_changing_ones_own_address_needs_the_current_password(client, cast):
    client.force_login(cast["tuphap"])

    response = ask_for(client, "binh@example.vn", password="wrong")

    assert response.status_code == 400
    assert response.context["email_form"].errors["current_password"]
    assert not EmailChange.objects.exists()


def test_ones_own_new_address_is_confirmed_from_that_address(client, cast, django_capture_on_commit_callbacks):
    official = cast["tuphap"]
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        ask_for(client, "binh@example.vn")
    official.refresh_from_db()
    assert official.email == "tuphap@example.vn"
    assert "binh@example.vn" in client.get(reverse("accounts:my_account")).content.decode()  # waiting

    (confirm,) = [m for m in mail.outbox if m.to == ["binh@example.vn"]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirmation_link(confirm))

    official.refresh_from_db()
    assert official.email == "binh@example.vn"
    assert any(m.to == ["tuphap@example.vn"] and "binh@example.vn" in m.body for m in mail.outbox)


def test_a_link_expires_after_three_days_and_a_new_request_replaces_the_old(
    client, cast, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2024, 5, 6, 8, tzinfo=datetime.UTC)):
        client.force_login(cast["tuphap"])
        with django_capture_on_commit_callbacks(execute=True):
            ask_for(client, "first@example.vn")
            ask_for(client, "second@example.vn")
        first = next(m for m in mail.outbox if m.to == ["first@example.vn"])
        second = next(m for m in mail.outbox if m.to == ["second@example.vn"])
        assert client.get(confirmation_link(first)).status_code == 404  # replaced
        assert client.get(confirmation_link(second)).status_code == 200
    with time_machine.travel(datetime.datetime(2024, 5, 9, 9, tzinfo=datetime.UTC)):
        client.force_login(cast["tuphap"])
        assert client.get(confirmation_link(second)).status_code == 404  # expired after 3 days
    assert EmailChange.objects.filter(confirmed_at__isnull=False).count() == 0


def test_cancelling_a_pending_change_keeps_the_address(client, cast):
    client.force_login(cast["tuphap"])
    ask_for(client, "binh@example.vn")

    client.post(reverse("accounts:email_cancel"))

    assert not EmailChange.objects.pending().exists()


def test_changing_ones_password_ends_the_other_sessions_and_is_recorded(
    client, cast, django_capture_on_commit_callbacks
):
    other = Client()
    assert sign_in(other, "tuphap", PASSWORD).status_code == 302
    assert sign_in(client, "tuphap", PASSWORD).status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": "Sen-hong-2024!", "new_password2": "Sen-hong-2024!"},
        )

    assert response.status_code == 302
    assert client.get(reverse("tasks:my_tasks")).status_code == 200  # this one stays
    assert other.get(reverse("tasks:my_tasks")).status_code == 302  # the other ended
    assert SecurityEvent.objects.filter(kind=Kind.PASSWORD_CHANGED, target=cast["tuphap"]).exists()
    assert any(m.to == ["tuphap@example.vn"] for m in mail.outbox)


def test_a_reset_ends_every_session_and_is_recorded(client, cast):
    other = Client()
    sign_in(other, "tuphap", PASSWORD)
    client.post(reverse("password_reset"), {"email": "tuphap@example.vn"})
    link = re.search(r"https?://\S+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": "Sen-hong-2024!", "new_password2": "Sen-hong-2024!"})

    assert other.get(reverse("tasks:my_tasks")).status_code == 302
    assert SecurityEvent.objects.filter(kind=Kind.PASSWORD_RESET, target=cast["tuphap"]).exists()
