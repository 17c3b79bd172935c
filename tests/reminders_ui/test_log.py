"""The clerk's log of reminders: rows, filters, pages, query count, and resending."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from plans.models import Role
from reminders import jobs as celery_jobs
from reminders.models import Reminder
from tests.conftest import make_person

pytestmark = pytest.mark.django_db

URL = "/tasks/reminders/"
DAY = datetime.date(2024, 6, 25)


def reminder(person, day=DAY, kind=Reminder.Kind.OFFICIAL, status=Reminder.Status.SENT, **extra):
    values = {
        "recipient": person,
        "unit_id": person.unit_id,
        "kind": kind,
        "day": day,
        "status": status,
        "channel": Reminder.Channel.EMAIL if status == Reminder.Status.SENT else "",
        "subject": f"[PAPI] {kind} {day:%d/%m/%Y}",
        "task_ids": [1, 2, 3],
        **extra,
    }
    return Reminder.objects.create(**values)


@pytest.fixture
def queued(monkeypatch):
    """The jobs `send_reminder.delay` was asked for (nothing reaches a broker)."""
    calls = []
    monkeypatch.setattr(celery_jobs.send_reminder, "delay", lambda *args: calls.append(args))
    return calls


def rows_of(page):
    return page.count("<tr data-reminder=")


def test_the_url_names():
    assert reverse("reminders:reminder_log") == URL
    assert reverse("reminders:reminder_resend", args=[5]) == "/tasks/reminders/5/resend/"


def test_the_log_shows_the_communes_reminders_newest_first(client, clerk, official, chairman, outsider):
    reminder(official, DAY - datetime.timedelta(days=1))
    reminder(official, DAY, status=Reminder.Status.FAILED, reason="550 mailbox unavailable", attempts=5, task_ids=[4])
    reminder(chairman, DAY, kind=Reminder.Kind.CHAIRMAN, status=Reminder.Status.SKIPPED, reason="Nothing left")
    reminder(outsider, DAY, subject="Lạc Hồng only")
    client.force_login(clerk)

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.text
    assert rows_of(page) == 3
    assert "Lạc Hồng only" not in page
    assert page.index("25/06/2024") < page.index("24/06/2024")
    assert '<span class="badge text-bg-danger">Failed</span>' in page
    assert '<span class="badge text-bg-secondary">Skipped</span>' in page
    assert '<span class="badge text-bg-success">Sent</span>' in page
    assert "550 mailbox unavailable" in page and "Nothing left" in page
    assert "Chairman&#x27;s weekly summary" in page
    assert "E-mail and in-app" in page
    assert page.count("Resend</button>") == 2  # failed and skipped, not sent


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "failed"}, {"failed"}),
        ({"kind": "clerk"}, {"clerk"}),
        ({"day": "24/06/2024"}, {"old"}),
        ({"day": "2024-06-24"}, {"old"}),
        ({"status": "sent", "kind": "official"}, {"old", "sent"}),
        ({"status": "nonsense", "day": "31/02/2024"}, {"old", "sent", "failed", "clerk"}),  # ignored
    ],
)
def test_the_log_filters_by_status_kind_and_day(client, clerk, official, query, expected):
    rows = {
        "old": reminder(official, DAY - datetime.timedelta(days=1)),
        "sent": reminder(official, DAY),
        "failed": reminder(clerk, DAY, status=Reminder.Status.FAILED),
        "clerk": reminder(clerk, DAY, kind=Reminder.Kind.CLERK),
    }
    client.force_login(clerk)

    page = client.get(URL, query).text

    shown = {name for name, row in rows.items() if f'data-reminder="{row.pk}"' in page}
    assert shown == expected


def test_the_log_has_pages_of_50_that_keep_the_filters(client, clerk, official):
    Reminder.objects.bulk_create(
        Reminder(recipient=official, unit=official.unit, kind="official", day=DAY - datetime.timedelta(days=i),
                 status="failed")
        for i in range(60)
    )  # fmt: skip
    client.force_login(clerk)

    first = client.get(URL, {"status": "failed"}).text
    second = client.get(URL, {"status": "failed", "page": 2}).text

    assert rows_of(first) == 50 and rows_of(second) == 10
    assert "?status=failed&amp;page=2" in first


def test_the_log_costs_the_same_queries_for_5_or_200_rows(client, clerk, commune, django_assert_num_queries):
    people = [make_person(f"cb{i}", commune, Role.OFFICIAL) for i in range(20)]

    def add(count):
        start = Reminder.objects.count()
        statuses = ["sent", "failed", "skipped"]
        Reminder.objects.bulk_create(
            Reminder(recipient=people[n % 20], unit=commune, kind="official", status=statuses[n % 3],
                     day=DAY - datetime.timedelta(days=n // 20), task_ids=list(range(n % 7)))
            for n in range(start, start + count)
        )  # fmt: skip

    client.force_login(clerk)
    add(5)
    client.get(URL)  # the session is warm
    # 1 the session, 2 the signed-in user, 3 the clerk's commune, 4 COUNT of the filtered rows,
    # 5 the page of rows with their recipients (one JOIN), 6 the navbar's unread notifications count,
    # 7-9 the session saved (SESSION_SAVE_EVERY_REQUEST): savepoint, UPDATE, release.
    with django_assert_num_queries(9):
        assert rows_of(client.get(URL).text) == 5
    add(195)
    with django_assert_num_queries(9):
        page = client.get(URL, {"page": 4}).text
    assert rows_of(page) == 50


# --- Resending -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Reminder.Status.FAILED, Reminder.Status.SKIPPED])
def test_resend_deletes_the_row_and_queues_the_job_only_after_the_commit(
    client, clerk, official, status, queued, django_capture_on_commit_callbacks
):
    row = reminder(official, status=status, reason="550")
    client.force_login(clerk)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("reminders:reminder_resend", args=[row.pk]), HTTP_ACCEPT_LANGUAGE="en")
        assert queued == []  # nothing before the commit

    assert response.status_code == 302 and response.url == URL
    assert not Reminder.objects.filter(pk=row.pk).exists()
    assert len(callbacks) == 1
    callbacks[0]()
    assert queued == [(official.pk, "official", "2024-06-25")]
    assert "was queued" in client.get(URL, HTTP_ACCEPT_LANGUAGE="en").text


def test_resend_returns_to_the_filtered_log(client, clerk, official, queued, django_capture_on_commit_callbacks):
    row = reminder(official, status=Reminder.Status.FAILED)
    client.force_login(clerk)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reminders:reminder_resend", args=[row.pk]), {"next": f"{URL}?status=failed&page=1"}
        )
        external = client.post(
            reverse("reminders:reminder_resend", args=[reminder(official, DAY.replace(day=1), status="failed").pk]),
            {"next": "https://evil.example/"},
        )

    assert response.url == f"{URL}?status=failed&page=1"
    assert external.url == URL
    assert len(queued) == 2


def test_a_sent_reminder_cannot_be_resent(client, clerk, official, queued, django_capture_on_commit_callbacks):
    row = reminder(official, status=Reminder.Status.SENT)
    client.force_login(clerk)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reminders:reminder_resend", args=[row.pk]), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "cannot be sent again" in response.text
    assert Reminder.objects.filter(pk=row.pk).exists()
    assert callbacks == [] and queued == []


def test_a_failed_resend_queues_nothing(
    client, clerk, official, queued, monkeypatch, django_capture_on_commit_callbacks
):
    """If the transaction fails after the job was registered, the row stays and no job is queued."""
    row = reminder(official, status=Reminder.Status.FAILED)
    client.force_login(clerk)
    client.raise_request_exception = False
    register = transaction.on_commit

    def register_then_fail(func, *args, **kwargs):
        register(func, *args, **kwargs)
        raise RuntimeError("database went away")

    monkeypatch.setattr(transaction, "on_commit", register_then_fail)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reminders:reminder_resend", args=[row.pk]))

    assert response.status_code == 500
    assert Reminder.objects.filter(pk=row.pk).exists()
    assert callbacks == [] and queued == []


def test_another_communes_reminder_is_hidden_from_the_clerk(client, clerk, outsider, queued):
    theirs = reminder(outsider, status=Reminder.Status.FAILED)
    client.force_login(clerk)

    assert client.post(reverse("reminders:reminder_resend", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("reminders:reminder_resend", args=[999999])).status_code == 404
    assert Reminder.objects.filter(pk=theirs.pk).exists() and queued == []


@pytest.mark.parametrize("person", ["official", "chairman", "vice_chairman", "observer", "supervisor"])
def test_only_the_clerk_sees_the_log_and_resends(client, request, person, official, queued):
    row = reminder(official, status=Reminder.Status.FAILED)
    client.force_login(request.getfixturevalue(person))

    assert client.get(URL).status_code == 403
    assert client.post(reverse("reminders:reminder_resend", args=[row.pk])).status_code == 403
    assert Reminder.objects.filter(pk=row.pk).exists() and queued == []


def test_anonymous_people_are_sent_to_sign_in(client, official):
    row = reminder(official, status=Reminder.Status.FAILED)

    for response in (client.get(URL), client.post(reverse("reminders:reminder_resend", args=[row.pk]))):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_resend_is_a_post(client, clerk, official):
    row = reminder(official, status=Reminder.Status.FAILED)
    client.force_login(clerk)

    assert client.get(reverse("reminders:reminder_resend", args=[row.pk])).status_code == 405
