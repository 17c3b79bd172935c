"""The clerk's reminder settings page: the form, its checks, who may use it."""

import pytest
from django.urls import reverse
from django.utils import translation

from reminders.forms import ReminderSettingsForm, describe_schedule
from reminders.models import ReminderSettings

pytestmark = pytest.mark.django_db

URL = "/tasks/reminders/settings/"
VALID = {
    "enabled": "on",
    "due_days": "7, 1",
    "overdue_repeat_days": "7",
    "review_notice_days": "3",
    "send_hour": "7",
    "chairman_weekday": "0",
}


def post(client, **changes):
    return client.post(URL, {**VALID, **changes}, HTTP_ACCEPT_LANGUAGE="en")


def test_the_url_name_is_the_settings_page():
    assert reverse("reminders:reminder_settings") == URL


def test_clerk_sees_the_defaults_and_the_schedule_in_words(client, clerk):
    client.force_login(clerk)

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.text
    assert "Reminders are sent from 07:00" in page
    assert "Officials are reminded 7 and 1 days before a deadline, on the day itself, and again every 7 days" in page
    assert "Ongoing tasks are reminded 3 days before their review period ends." in page
    assert "weekly summary on Monday" in page
    assert 'value="7, 1"' in page  # the list typed back as text, farthest first
    assert not ReminderSettings.objects.exists()  # looking creates nothing


def test_first_save_creates_the_communes_settings_with_sorted_unique_days(client, clerk, commune):
    client.force_login(clerk)

    response = post(client, due_days="14; 3 7,3", overdue_repeat_days="5", send_hour="8", chairman_weekday="4")

    assert response.status_code == 302 and response.url == URL
    config = ReminderSettings.objects.get()
    assert config.unit == commune
    assert config.due_days == [3, 7, 14]
    assert (config.overdue_repeat_days, config.send_hour, config.chairman_weekday) == (5, 8, 4)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").text
    assert "The reminder settings were saved." in page
    assert "Reminders are sent from 08:00" in page
    assert "weekly summary on Friday" in page


def test_saving_again_changes_the_same_row(client, clerk, commune):
    ReminderSettings.objects.create(unit=commune, due_days=[1])
    client.force_login(clerk)

    post(client, due_days="10", enabled="")

    config = ReminderSettings.objects.get()
    assert config.due_days == [10] and config.enabled is False
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").text
    assert "Reminders are turned off for this commune" in page


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter at least one number of days"),
        (" , ", "Enter at least one number of days"),
        ("7, one", "“one” is not a whole number of days"),
        ("7, -1", "“-1” is not a whole number of days"),
        ("1.5", "“1.5” is not a whole number of days"),
        ("0, 7", "between 1 and 60; 0 is not"),
        ("61", "between 1 and 60; 61 is not"),
        ("1, 2, 3, 4, 5, 6", "at most 5 different numbers of days"),
    ],
)
def test_due_days_must_be_up_to_five_whole_numbers_from_1_to_60(client, clerk, typed, error):
    client.force_login(clerk)

    response = post(client, due_days=typed)

    assert response.status_code == 200
    assert error in response.text
    assert not ReminderSettings.objects.exists()


def test_five_values_with_repeats_are_accepted():
    form = ReminderSettingsForm({**VALID, "due_days": "1 2 3 4 5 5 1"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_days"] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("field", "value"),
    [("send_hour", "24"), ("send_hour", "-1"), ("overdue_repeat_days", "0"), ("overdue_repeat_days", "61"),
     ("review_notice_days", "32"), ("chairman_weekday", "7")],
)  # fmt: skip
def test_out_of_range_numbers_are_refused(field, value):
    form = ReminderSettingsForm({**VALID, field: value})

    assert not form.is_valid()
    assert field in form.errors


def test_an_hour_after_the_last_scan_is_refused(settings):
    settings.REMINDER_SCAN_HOURS = "6-18"

    form = ReminderSettingsForm({**VALID, "send_hour": "19"})

    assert not form.is_valid()
    with translation.override("en"):
        assert "from 06:00 to 18:00" in str(form.errors["send_hour"])
    assert ReminderSettingsForm({**VALID, "send_hour": "18"}).is_valid()
    assert ReminderSettingsForm({**VALID, "send_hour": "0"}).is_valid()  # goes out at the first scan


def test_the_schedule_starts_at_the_first_scan_when_the_hour_is_earlier(settings, commune):
    settings.REMINDER_SCAN_HOURS = "6-18"

    with translation.override("en"):
        sentences = describe_schedule(ReminderSettings(unit=commune, send_hour=2, overdue_repeat_days=1))

    assert sentences[0].startswith("Reminders are sent from 06:00")
    assert "again every day while a task is overdue" in sentences[1]


@pytest.mark.parametrize("person", ["official", "chairman", "vice_chairman", "observer", "supervisor"])
def test_only_the_clerk_may_see_or_change_the_settings(client, request, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(URL).status_code == 403
    assert post(client).status_code == 403
    assert not ReminderSettings.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client, commune):
    response = client.get(URL)

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_another_communes_clerk_changes_only_their_own_commune(client, outsider, commune, other_commune):
    client.force_login(outsider)

    post(client, due_days="2")

    config = ReminderSettings.objects.get()
    assert config.unit == other_commune


def test_the_clerks_menu_leads_to_the_reminders(client, clerk, official):
    link = f'href="{reverse("reminders:reminder_log")}"'
    client.force_login(clerk)
    assert link in client.get(reverse("tasks:my_tasks")).text
    client.force_login(official)
    assert link not in client.get(reverse("tasks:my_tasks")).text
