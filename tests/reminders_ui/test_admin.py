"""The admin: reminder settings per commune, and the reminder log read-only; both scoped to the unit."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from plans.models import User
from reminders.models import Reminder, ReminderSettings

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 25)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.vn", "pw", full_name="Quản trị viên")


def log_row(person, subject):
    return Reminder.objects.create(
        recipient=person, unit_id=person.unit_id, kind="official", day=DAY, status="failed", subject=subject
    )


def staff_clerk(clerk, *codenames):
    clerk.is_staff = True
    clerk.save()
    clerk.user_permissions.add(*Permission.objects.filter(content_type__app_label="reminders", codename__in=codenames))
    return User.objects.get(pk=clerk.pk)  # no cached permissions


def test_the_reminder_log_is_read_only_in_the_admin(client, superuser, official):
    row = log_row(official, "Nhắc việc 25/06/2024")
    client.force_login(superuser)

    listing = client.get(reverse("admin:reminders_reminder_changelist"))
    detail = client.get(reverse("admin:reminders_reminder_change", args=[row.pk]))

    assert listing.status_code == 200 and "Nhắc việc 25/06/2024" in listing.text
    assert reverse("admin:reminders_reminder_add") not in listing.text
    assert client.get(reverse("admin:reminders_reminder_add")).status_code == 403
    assert detail.status_code == 200 and 'name="_save"' not in detail.text
    assert client.post(reverse("admin:reminders_reminder_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert Reminder.objects.filter(pk=row.pk).exists()


def test_a_staff_clerk_sees_only_their_communes_reminders(client, clerk, official, outsider):
    log_row(official, "Trung Trắc")
    theirs = log_row(outsider, "Lạc Hồng")
    client.force_login(staff_clerk(clerk, "view_reminder"))

    listing = client.get(reverse("admin:reminders_reminder_changelist"))

    assert listing.status_code == 200
    assert "Trung Trắc" in listing.text and "Lạc Hồng" not in listing.text
    assert client.get(reverse("admin:reminders_reminder_change", args=[theirs.pk])).status_code in (302, 404)


def test_a_staff_clerk_edits_settings_of_their_own_commune_only(client, clerk, commune, other_commune):
    ReminderSettings.objects.create(unit=other_commune)
    client.force_login(staff_clerk(clerk, "view_remindersettings", "add_remindersettings", "change_remindersettings"))

    listing = client.get(reverse("admin:reminders_remindersettings_changelist"))
    refused = client.post(
        reverse("admin:reminders_remindersettings_add"),
        {"unit": other_commune.pk, "enabled": "on", "due_days": "3, 10", "overdue_repeat_days": 7,
         "review_notice_days": 3, "send_hour": 7, "chairman_weekday": 0},
    )  # fmt: skip
    accepted = client.post(
        reverse("admin:reminders_remindersettings_add"),
        {"unit": commune.pk, "enabled": "on", "due_days": "3, 10", "overdue_repeat_days": 7,
         "review_notice_days": 3, "send_hour": 7, "chairman_weekday": 0},
    )  # fmt: skip

    assert "Lạc Hồng" not in listing.text
    assert refused.status_code == 200  # the form again: another commune is not a choice
    assert accepted.status_code == 302
    assert ReminderSettings.objects.get(unit=commune).due_days == [3, 10]
    bad = client.post(
        reverse("admin:reminders_remindersettings_change", args=[ReminderSettings.objects.get(unit=commune).pk]),
        {"unit": commune.pk, "enabled": "on", "due_days": "0, 99", "overdue_repeat_days": 7,
         "review_notice_days": 3, "send_hour": 7, "chairman_weekday": 0},
    )  # fmt: skip
    assert bad.status_code == 200 and ReminderSettings.objects.get(unit=commune).due_days == [3, 10]
