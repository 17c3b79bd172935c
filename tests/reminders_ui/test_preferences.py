"""A person's own choice: reminders by e-mail, or in the portal only."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/tasks/reminders/me/"


def test_the_url_name_is_the_preferences_page():
    assert reverse("reminders:my_reminder_preferences") == URL


def test_the_page_shows_the_choice_the_address_and_that_the_bell_stays(client, official):
    official.email = "binh@example.vn"
    official.save()
    client.force_login(official)

    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").text

    assert "Receive reminders by e-mail" in page
    assert 'name="email_notifications"' in page and "checked" in page
    assert "E-mails go to <strong>binh@example.vn</strong>." in page
    assert "Reminders always appear in the portal under the bell" in page
    assert 'id="no-email-address"' not in page


def test_without_an_address_the_page_says_so(client, official):
    client.force_login(official)

    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").text

    assert 'id="no-email-address"' in page
    assert "You have no e-mail address in the portal" in page


@pytest.mark.parametrize("person", ["official", "clerk", "chairman", "observer", "supervisor", "outsider"])
def test_anyone_signed_in_turns_e_mail_off_and_on_again(client, request, person):
    someone = request.getfixturevalue(person)
    client.force_login(someone)

    response = client.post(URL, {}, HTTP_ACCEPT_LANGUAGE="en")  # an unticked box is not sent

    assert response.status_code == 302 and response.url == URL
    someone.refresh_from_db()
    assert someone.email_notifications is False
    assert "You will no longer receive reminders by e-mail" in client.get(URL, HTTP_ACCEPT_LANGUAGE="en").text

    client.post(URL, {"email_notifications": "on"})

    someone.refresh_from_db()
    assert someone.email_notifications is True


def test_the_form_changes_nothing_else_of_the_person(client, official):
    client.force_login(official)

    client.post(URL, {"email_notifications": "", "role": "clerk", "is_superuser": "on", "email": "x@example.vn"})

    official.refresh_from_db()
    assert (official.role, official.is_superuser, official.email) == ("official", False, "")


def test_anonymous_people_are_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_notifications_page_links_to_the_preferences(client, official):
    client.force_login(official)

    assert f'href="{URL}"' in client.get(reverse("notifications:notifications")).text
