"""Changing one's password, and choosing a new one through a link sent by e-mail."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from .conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_with_email(official):
    official.email = "tuphap@trungtrac.example.vn"
    official.save(update_fields=["email"])
    return official


def test_password_reset_sends_a_link_that_sets_a_new_password(client, official_with_email, settings):
    settings.SITE_URL = "https://papi.example.vn"

    response = client.post(reverse("password_reset"), {"email": "tuphap@trungtrac.example.vn"})

    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["tuphap@trungtrac.example.vn"]
    assert "\n" not in message.subject
    link = re.search(r"https://papi\.example\.vn/accounts/reset/\S+/", message.body).group(0)
    assert "tuphap" in message.body  # the username, which people forget too

    form_page = client.get(urlparse(link).path, follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Xa-Trung-Trac-2024", "new_password2": "Xa-Trung-Trac-2024"},
    )
    assert done.url == reverse("password_reset_complete")

    client.logout()
    assert sign_in(client, "tuphap", "Xa-Trung-Trac-2024").status_code == 302
    # The link works once.
    assert client.get(urlparse(link).path, follow=True).context["validlink"] is False


def test_the_reset_email_is_in_the_language_of_the_request(client, official_with_email):
    client.post(reverse("password_reset"), {"email": "tuphap@trungtrac.example.vn"}, HTTP_ACCEPT_LANGUAGE="en")

    with translation.override("en"):
        assert mail.outbox[0].subject == "Your new PAPI Portal password"
        assert "Open this link to choose it" in mail.outbox[0].body


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, official_with_email):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.vn"})

    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_signed_in_person_changes_their_password(client, official):
    client.force_login(official)
    assert client.get(reverse("password_change")).status_code == 200

    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-tuphap", "new_password1": "Xa-Trung-Trac-2024", "new_password2": "Xa-Trung-Trac-2024"},
    )

    assert response.url == reverse("password_change_done")
    assert client.get(reverse("password_change_done")).status_code == 200
    official.refresh_from_db()
    assert official.check_password("Xa-Trung-Trac-2024")


def test_password_change_needs_a_signed_in_person(client):
    assert client.get(reverse("password_change")).url.startswith(reverse("login"))
