"""Reporting rounds in the reminder digests (registered in `ReportsConfig.ready()`).

- "reports_due", in the official's digest: their reports (pending or returned, open round) on the
  day the round was opened (pending ones), on each of the commune's `due_days` before the
  deadline, on the deadline and every day after it while the round stays open.
- "reports_pending", in the clerk's digest: per open round of the commune, how many officials
  have not submitted yet.

Providers as `reminders.digest.register_section` expects them: one query each for the
submissions (the clerks' provider one more for the clerks), whatever the number of rounds.
"""

import datetime
from collections import defaultdict

from django.conf import settings as django_settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation

from plans.models import Role, User
from reminders.models import ReminderSettings

from .models import ReportingRound, Submission
from .periods import Period

TO_SUBMIT = (Submission.Status.PENDING, Submission.Status.RETURNED)


def _period_name(row, prefix="round__"):
    period = Period(
        row[f"{prefix}period_kind"],
        row[f"{prefix}period_year"],
        row[f"{prefix}period_index"],
        row[f"{prefix}period_style"],
    )
    with translation.override(django_settings.LANGUAGE_CODE):  # the digests are written in the site's language
        return period.name


def _day_bounds(day):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def is_listed(day, *, due_date, opened_at, status, due_days):
    """Whether the official's digest of `day` lists a report (pending or returned, open round)."""
    days_left = (due_date - day).days
    if days_left <= 0 or days_left in due_days:
        return True
    return status == Submission.Status.PENDING and timezone.localtime(opened_at).date() == day


def _settings(unit_ids, settings):
    return settings if settings is not None else ReminderSettings.for_unit_ids(unit_ids)


def reports_due(day, people_ids, unit_ids, settings=None):
    """{official id: [report]} for the official digests of `day`. One query."""
    settings = _settings(unit_ids, settings)
    horizon = day + datetime.timedelta(days=max([0, *(n for s in settings.values() for n in s.due_days)]))
    start, end = _day_bounds(day)
    rows = Submission.objects.filter(
        round__status=ReportingRound.Status.OPEN, round__plan__unit_id__in=unit_ids, status__in=TO_SUBMIT
    ).filter(
        Q(round__due_date__lte=horizon)
        | Q(status=Submission.Status.PENDING, round__opened_at__gte=start, round__opened_at__lt=end)
    )
    if people_ids is not None:
        rows = rows.filter(official_id__in=people_ids)
    found = defaultdict(list)
    for row in rows.order_by("round__due_date", "pk").values(
        "id",
        "official_id",
        "status",
        "round__period_kind",
        "round__period_year",
        "round__period_index",
        "round__period_style",
        "round__due_date",
        "round__opened_at",
        "round__plan__unit_id",
    ):
        due_days = settings[row["round__plan__unit_id"]].due_days
        due_date = row["round__due_date"]
        if not is_listed(
            day, due_date=due_date, opened_at=row["round__opened_at"], status=row["status"], due_days=due_days
        ):
            continue
        found[row["official_id"]].append(
            {
                "id": row["id"],
                "period": _period_name(row),
                "due_date": due_date,
                "days_left": (due_date - day).days,
                "status": row["status"],
                "url": reverse("reports:submission", args=[row["id"]]),
            }
        )
    return dict(found)


def reports_pending(day, people_ids, unit_ids, settings=None):
    """{clerk id: [open round with reports outstanding]} for the clerk digests. Two queries."""
    rounds = (
        ReportingRound.objects.open()
        .filter(plan__unit_id__in=unit_ids)
        .annotate(
            pending=Count("submissions", filter=Q(submissions__status__in=TO_SUBMIT)),
            total=Count("submissions"),
        )
        .filter(pending__gt=0)
        .order_by("due_date", "pk")
        .values(
            "id",
            "plan__unit_id",
            "period_kind",
            "period_year",
            "period_index",
            "period_style",
            "due_date",
            "pending",
            "total",
        )
    )
    by_unit = defaultdict(list)
    for row in rounds:
        by_unit[row["plan__unit_id"]].append(
            {
                "id": row["id"],
                "period": _period_name(row, prefix=""),
                "due_date": row["due_date"],
                "days_left": (row["due_date"] - day).days,
                "pending": row["pending"],
                "total": row["total"],
                "url": reverse("reports:round_detail", args=[row["id"]]),
            }
        )
    clerks = User.objects.filter(role=Role.CLERK, is_active=True, unit_id__in=by_unit)
    if people_ids is not None:
        clerks = clerks.filter(pk__in=people_ids)
    return {pk: by_unit[unit_id] for pk, unit_id in clerks.values_list("pk", "unit_id")}


def register():
    from reminders.digest import register_section
    from reminders.models import Reminder

    register_section("reports_due", reports_due, kind=Reminder.Kind.OFFICIAL)
    register_section("reports_pending", reports_pending, kind=Reminder.Kind.CLERK)
