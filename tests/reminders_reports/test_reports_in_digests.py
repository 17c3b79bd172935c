"""Reporting rounds in the reminder digests: officials are asked for their report, the clerk sees
who has not submitted, and opening or reminding e-mails through the exactly-once digests."""

import datetime

from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from plans.models import Plan, Role
from reminders import delivery
from reminders.digest import compute
from reminders.models import Reminder, ReminderSettings
from reports import services
from reports.models import ReportingRound, Submission
from reports.periods import Period
from tests.conftest import make_person

from .conftest import DUE, OPENED, Q1, at

Kind = Reminder.Kind


def official_digest(day, person):
    return next((d for d in compute(day, kinds=[Kind.OFFICIAL]) if d.recipient_id == person.pk), None)


def period_name(period=Q1):
    with translation.override(settings.LANGUAGE_CODE):
        return period.name


def test_the_official_is_asked_on_the_opening_day_n_days_before_and_on_the_deadline(opened, official):
    submission = opened.submissions.get(official=official)
    listed = {}
    for offset in range(-1, 14):
        day = OPENED + datetime.timedelta(days=offset)
        digest = official_digest(day, official)
        listed[day] = digest.extra.get("reports_due", []) if digest else []

    asked = [day for day, reports in listed.items() if reports]
    # The opening day, 7 and 1 days before 15/03, the deadline, then every day late while open.
    assert asked == [
        OPENED,
        DUE - datetime.timedelta(days=7),
        DUE - datetime.timedelta(days=1),
        DUE,
        DUE + datetime.timedelta(days=1),
        DUE + datetime.timedelta(days=2),
        DUE + datetime.timedelta(days=3),
    ]
    (report,) = listed[DUE]
    assert report["period"] == period_name()
    assert report["due_date"] == DUE
    assert report["url"] == reverse("reports:submission", args=[submission.pk])
    assert report["status"] == Submission.Status.PENDING
    digest = official_digest(DUE, official)
    assert digest.task_ids == [] and digest.extra_count == 1 and not digest.is_empty


def test_a_submitted_report_is_no_longer_listed_and_a_returned_one_is_again(opened, official, second_official):
    opened.submissions.filter(official=official).update(status=Submission.Status.SUBMITTED)
    assert official_digest(DUE, official) is None
    assert official_digest(DUE, second_official).extra["reports_due"]

    opened.submissions.filter(official=official).update(status=Submission.Status.RETURNED)
    assert official_digest(DUE, official).extra["reports_due"][0]["status"] == Submission.Status.RETURNED


def test_nothing_is_listed_once_the_round_is_closed_or_reminders_are_off(opened, official, commune):
    ReminderSettings.objects.create(unit=commune, enabled=False)
    assert official_digest(DUE, official) is None
    ReminderSettings.objects.filter(unit=commune).update(enabled=True)
    ReportingRound.objects.filter(pk=opened.pk).update(status=ReportingRound.Status.CLOSED)
    assert official_digest(DUE, official) is None


def test_the_clerks_digest_counts_the_officials_who_have_not_submitted(opened, official, clerk):
    opened.submissions.filter(official=official).update(status=Submission.Status.SUBMITTED)
    day = OPENED + datetime.timedelta(days=1)  # a Wednesday: the clerk's digest goes out
    (digest,) = [d for d in compute(day, kinds=[Kind.CLERK]) if d.recipient_id == clerk.pk]
    (row,) = digest.extra["reports_pending"]
    assert (row["period"], row["pending"], row["total"], row["due_date"]) == (period_name(), 1, 2, DUE)
    assert row["url"] == reverse("reports:round_detail", args=[opened.pk])

    subject, text, html = delivery.render(digest)
    assert "1 " in subject and period_name() in text
    assert settings.SITE_URL.rstrip("/") + row["url"] in text and row["url"] in html

    saturday = datetime.date(2024, 3, 9)
    assert not [d for d in compute(saturday, kinds=[Kind.CLERK]) if d.recipient_id == clerk.pk]
    opened.submissions.update(status=Submission.Status.SUBMITTED)
    assert not [d for d in compute(day, kinds=[Kind.CLERK]) if d.recipient_id == clerk.pk]


def test_opening_a_round_queues_the_officials_digests_after_the_commit(
    time_machine, plan, tasks, clerk, official, second_official, monkeypatch, django_capture_on_commit_callbacks
):
    from reminders.jobs import send_reminder

    queued = []
    monkeypatch.setattr(send_reminder, "delay", lambda *args: queued.append(args))
    time_machine.move_to(at(OPENED))
    with django_capture_on_commit_callbacks() as callbacks:
        round_ = services.open_round(plan, Q1, by=clerk)
        assert queued == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(queued) == sorted(
        [(official.pk, "official", OPENED.isoformat()), (second_official.pk, "official", OPENED.isoformat())]
    )

    row = delivery.deliver(official.pk, Kind.OFFICIAL, OPENED)
    assert row.status == Reminder.Status.SENT and row.channel == Reminder.Channel.EMAIL
    (message,) = mail.outbox
    link = settings.SITE_URL.rstrip("/") + reverse(
        "reports:submission", args=[round_.submissions.get(official=official).pk]
    )
    assert message.to == [official.email]
    assert period_name() in message.body and link in message.body
    html = message.alternatives[0][0]
    assert link in html
    assert official.notifications.filter(kind="reminder", url=link.removeprefix(settings.SITE_URL.rstrip("/")))


def test_reminding_twice_a_day_sends_one_email(
    opened, clerk, official, second_official, monkeypatch, time_machine, django_capture_on_commit_callbacks
):
    from reminders.jobs import send_reminder

    opened.submissions.filter(official=second_official).update(status=Submission.Status.SUBMITTED)
    monkeypatch.setattr(
        send_reminder, "delay", lambda pk, kind, day: delivery.deliver(pk, kind, datetime.date.fromisoformat(day))
    )
    day = DUE - datetime.timedelta(days=1)
    time_machine.move_to(at(day))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.remind_pending(opened, by=clerk) == 1

    assert [m.to for m in mail.outbox] == [[official.email]]
    assert Reminder.objects.filter(recipient=official, day=day, kind=Kind.OFFICIAL).count() == 1


def test_compute_runs_the_same_queries_for_10_and_40_officials_and_rounds(plan, clerk, commune):
    def setup(count, prefix):
        people = [make_person(f"{prefix}{i}", commune, Role.OFFICIAL, "Cán bộ", f"Cán Bộ {i}") for i in range(count)]
        rounds = [
            ReportingRound.objects.create(
                plan=plan,
                period_kind=p.kind,
                period_year=p.year,
                period_index=p.index,
                period_style=p.style,
                start=p.start,
                end=p.end,
                due_date=DUE,
            )
            for p in (Period.parse(f"{2000 + i + (0 if prefix == 'a' else 50)}-Q1") for i in range(count))
        ]
        Submission.objects.bulk_create(Submission(round=r, official=p) for r in rounds for p in people)
        return people

    def count(expected_reports):
        with CaptureQueriesContext(connection) as queries:
            digests = compute(DUE)
        assert sum(len(d.extra.get("reports_due", [])) for d in digests) == expected_reports
        return len(queries.captured_queries), digests

    setup(10, "a")
    small, _ = count(10 * 10)
    setup(40, "b")
    large, digests = count(10 * 10 + 40 * 40)
    assert small == large
    (clerk_digest,) = [d for d in digests if d.kind == Kind.CLERK]
    assert len(clerk_digest.extra["reports_pending"]) == 50
    assert Plan.objects.count() == 1
