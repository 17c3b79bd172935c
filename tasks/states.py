"""A task's status, and the deadline bucket it falls in: the bucket rule stated once.

`BUCKET_RULES` is the rule, as a table read top to bottom (the first that matches wins). Each
condition it uses is written here once, in both its forms side by side: a Q for the SQL
annotation (`TaskQuerySet.with_bucket`, today's lists) and a Python test for the evaluation at
a past cut-off (`reports.status.bucket_at`, frozen report snapshots). A test evaluates both on
the same constructed tasks across every boundary and finds them equal.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    AWAITING_CONFIRMATION = "awaiting", _("Awaiting confirmation")
    RETURNED = "returned", _("Returned")
    DONE = "done", _("Done")

    @classmethod
    def open_values(cls):
        return [s for s in cls.values if s != cls.DONE]


class Bucket(models.TextChoices):
    """Where a task stands against its deadline, as Vietnamese task systems count it."""

    OVERDUE = "overdue", _("Overdue")
    DUE_SOON = "due_soon", _("Due soon")
    IN_PROGRESS = "in_progress", _("In progress within deadline")
    NOT_STARTED = "not_started", _("Not started")
    AWAITING = "awaiting", _("Awaiting confirmation")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")

    @property
    def colour(self):
        """The Bootstrap colour users associate with the bucket (red, yellow, blue...)."""
        return BUCKET_COLOURS[self]

    @property
    def status(self):
        """The status the bucket's name already says ("Chờ xác nhận" is both), or None when the
        bucket is about the deadline only (overdue, due soon: the status then says more)."""
        return BUCKET_STATUS.get(self)


BUCKET_COLOURS = {
    Bucket.OVERDUE: "danger",
    Bucket.DUE_SOON: "warning",
    Bucket.IN_PROGRESS: "primary",
    Bucket.NOT_STARTED: "secondary",
    Bucket.AWAITING: "info",
    Bucket.DONE_ON_TIME: "success",
    Bucket.DONE_LATE: "orange",
}

# The status each bucket's name already says. A blocked or returned task also falls in the default
# row ("in progress within deadline"): its status differs from this one, so its badge is shown.
BUCKET_STATUS = {
    Bucket.IN_PROGRESS: TaskStatus.IN_PROGRESS,
    Bucket.NOT_STARTED: TaskStatus.NOT_STARTED,
    Bucket.AWAITING: TaskStatus.AWAITING_CONFIRMATION,
    Bucket.DONE_ON_TIME: TaskStatus.DONE,
    Bucket.DONE_LATE: TaskStatus.DONE,
}


@dataclass(frozen=True)
class Facts:
    """What the rule reads about a task on a day: its status, due date and local completion date."""

    status: str
    due_date: datetime.date | None
    completed_on: datetime.date | None


@dataclass(frozen=True)
class Condition:
    """One condition in both forms. `sql(today, soon)` → Q over the annotated queryset (which has
    `completed_on`); `test(facts, today, soon)` → bool."""

    name: str
    sql: object
    test: object


def _status(value):
    return Condition(
        f"status={value}",
        lambda today, soon: Q(status=value),
        lambda t, today, soon: t.status == value,
    )


DONE = _status(TaskStatus.DONE)
AWAITING = _status(TaskStatus.AWAITING_CONFIRMATION)
NOT_STARTED = _status(TaskStatus.NOT_STARTED)
NO_DATE_TO_COMPARE = Condition(
    "no due date or no completion date",
    lambda today, soon: Q(due_date__isnull=True) | Q(completed_at__isnull=True),
    lambda t, today, soon: t.due_date is None or t.completed_on is None,
)
COMPLETED_BY_DUE_DATE = Condition(
    "completed (local date) on or before the due date",
    lambda today, soon: Q(completed_on__lte=models.F("due_date")),
    lambda t, today, soon: t.completed_on is not None and t.due_date is not None and t.completed_on <= t.due_date,
)
DUE_BEFORE_TODAY = Condition(
    "due date before the day",
    lambda today, soon: Q(due_date__lt=today),
    lambda t, today, soon: t.due_date is not None and t.due_date < today,
)
DUE_WITHIN_SOON = Condition(
    "due date within the due-soon days after the day",
    lambda today, soon: Q(due_date__lte=soon),
    lambda t, today, soon: t.due_date is not None and t.due_date <= soon,
)

# (bucket, conditions that must all hold); read top to bottom, the first match wins; the last
# row has no conditions and is the default.
BUCKET_RULES = (
    (Bucket.DONE_ON_TIME, (DONE, NO_DATE_TO_COMPARE)),
    (Bucket.DONE_ON_TIME, (DONE, COMPLETED_BY_DUE_DATE)),
    (Bucket.DONE_LATE, (DONE,)),
    (Bucket.AWAITING, (AWAITING,)),
    (Bucket.OVERDUE, (DUE_BEFORE_TODAY,)),
    (Bucket.DUE_SOON, (DUE_WITHIN_SOON,)),
    (Bucket.NOT_STARTED, (NOT_STARTED,)),
    (Bucket.IN_PROGRESS, ()),
)


def soon_after(day, soon_days):
    return day + datetime.timedelta(days=soon_days)


def bucket_case(today, soon_days):
    """The rule as a SQL CASE (for a queryset annotated with `completed_on`)."""
    soon = soon_after(today, soon_days)
    whens = []
    for bucket, conditions in BUCKET_RULES[:-1]:
        q = Q()
        for condition in conditions:
            q &= condition.sql(today, soon)
        whens.append(models.When(q, then=models.Value(bucket)))
    return models.Case(*whens, default=models.Value(BUCKET_RULES[-1][0]), output_field=models.CharField())


def bucket_of(facts, day, soon_days):
    """The rule evaluated in Python for `facts` on `day`."""
    soon = soon_after(day, soon_days)
    for bucket, conditions in BUCKET_RULES:
        if all(condition.test(facts, day, soon) for condition in conditions):
            return bucket
    raise AssertionError("the last rule has no conditions")  # pragma: no cover
