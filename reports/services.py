"""Everything that changes a reporting round, one function per action.

The clerk opens a round for a period; every official who leads or cooperates on a task of
the plan gets a submission (a result per task they lead, and a narrative for their field) and
an in-app notice. Officials save drafts and submit; the clerk reminds, returns or accepts, and
closes the round, which freezes every task as it stood at the cut-off (`TaskSnapshot`), so the
round's report comes out the same whenever it is made.

Each action runs in one transaction and checks permissions again (`reports.access`); a rule of
the workflow that refuses an action raises `RoundError` with a message for the user.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from notifications.models import Notification
from notifications.services import notify
from plans.models import Plan, Role, User
from reminders.models import Reminder, ReminderSettings
from tasks.models import Bucket, Task

from .access import can_manage_rounds
from .models import ReportingRound, ReportingSettings, Submission, SubmissionItem, TaskSnapshot
from .periods import Period
from .reminders import is_listed

NARRATIVE_FIELDS = ("results", "limitations", "causes", "proposals")
EDITABLE = (Submission.Status.PENDING, Submission.Status.RETURNED)
DONE = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)
# Roles that are never asked for a report, even if a task names them.
NOT_REPORTING = (Role.OBSERVER, Role.SUPERVISOR)


class RoundError(Exception):
    """A rule of the workflow refused the action; the message is for the user."""


class StaleSubmissionError(RoundError):
    """The submission changed after the user loaded it; `current` is the submission as it is now,
    `changes` what changed since the version the user saw ([(label, before, after)], from the history)."""

    def __init__(self, current, changes=()):
        self.current = current
        self.changes = list(changes)
        super().__init__(
            _("This report was changed (in another window or by the clerk) while you were editing it. ")
            + _("Your input is kept below: check it and save again to replace the saved version.")
        )


def _require_manager(by, unit_id):
    if not can_manage_rounds(by, unit_id):
        raise PermissionDenied


def _date(day):
    return formats.date_format(day, "d/m/Y")


def submission_url(submission):
    return reverse("reports:submission", args=[submission.pk])


def _notify(recipients_by_url, actor, detail):
    """In-app notices (kind REMINDER, no task: the notice links to the submission).

    `recipients_by_url` is [(recipient_id, url)]; `detail` is built in the site's language,
    as the reminder digests are, because a stored notice is shown as written.
    """
    notify(Notification.Kind.REMINDER, recipients_by_url, actor=actor, detail=detail)


def _round_detail(round_, message):
    """A notice text in the site's language: "Báo cáo Quý I/2024: hạn nộp 01/04/2024"-style."""
    with translation.override(settings.LANGUAGE_CODE):
        return message() % {"period": round_.period.name, "date": _date(round_.due_date)}


def _queue_digests(round_, submissions, actor):
    """Once the transaction commits, queue today's official digest for each submission's official
    whose digest lists it (see `reports.reminders.is_listed`), through the reminders' exactly-once
    mechanism: a person gets at most one official digest e-mail a day, so a second ask the same
    day (or an ask after the morning's digest went out) sends no second e-mail.

    The commune's reminder settings are read in the commit callback (one query, outside the
    clerk's transaction); a commune with reminders turned off, or a plan not in force, gets none."""
    if round_.plan.status != Plan.Status.ACTIVE:
        return
    day = timezone.localdate()
    asked = [(s.official_id, s.status) for s in submissions if s.official_id != getattr(actor, "pk", None)]
    if asked:
        transaction.on_commit(lambda: _send_digests(round_.plan.unit_id, round_.due_date, round_.opened_at, asked, day))


def _send_digests(unit_id, due_date, opened_at, asked, day):
    from reminders.jobs import send_reminder  # the Celery job; imported late like the rest of the jobs

    config = ReminderSettings.for_unit_ids([unit_id])[unit_id]
    if not config.enabled:
        return
    kind = Reminder.Kind.OFFICIAL.value
    for official_id in sorted(
        {
            official_id
            for official_id, status in asked
            if is_listed(day, due_date=due_date, opened_at=opened_at, status=status, due_days=config.due_days)
        }
    ):
        send_reminder.delay(official_id, kind, day.isoformat())


def officials_to_report(plan):
    """The active people who lead or cooperate on a (not deleted) task of the plan, observers and
    supervisors excepted, ordered by name. One query."""
    leads = Task.objects.filter(plan=plan, lead__isnull=False).values("lead_id")
    cooperating = Task.cooperating.through.objects.filter(task__plan=plan, task__deleted_at__isnull=True).values(
        "user_id"
    )
    return (
        User.objects.filter(unit_id=plan.unit_id, is_active=True)
        .exclude(role__in=NOT_REPORTING)
        .filter(Q(pk__in=leads) | Q(pk__in=cooperating))
        .order_by("sort_name", "pk")
    )


# --- The clerk: open, remind, close ------------------------------------------------------


def period_for(plan, kind, index, year, style=None):
    """The period a round of `plan` would cover, in the commune's style unless `style` is given.
    Raises ValueError (translated message) for a number out of range."""
    style = style or ReportingSettings.for_unit(plan.unit).period_style
    return Period(kind, year, index, style)


@transaction.atomic
def open_round(plan, period, *, by, style=None):
    """Open a round of `plan` for `period` and ask its officials for their reports.

    The period's style (Decree 09 cut-off or calendar) is the commune's setting unless `style` is
    given; only kind, year and number are taken from `period`. The deadline is the commune's
    number of working days after the cut-off. Refuses a second round for the same plan and period.
    """
    _require_manager(by, plan.unit_id)
    reporting = ReportingSettings.for_unit(plan.unit)
    period = Period(period.kind, period.year, period.index, style or reporting.period_style)
    fields = {
        "plan": plan,
        "period_kind": period.kind,
        "period_year": period.year,
        "period_index": period.index,
        "period_style": period.style,
    }
    duplicate = _("A reporting round for %(period)s of this plan already exists.") % {"period": period.name}
    if ReportingRound.objects.filter(**fields).exists():
        raise RoundError(duplicate)
    try:
        with transaction.atomic():  # two clerks at once: the constraint refuses the second
            round_ = ReportingRound.objects.create(
                **fields,
                start=period.start,
                end=period.end,
                due_date=period.submission_due(days_after=reporting.submission_working_days),
                opened_by=by,
            )
    except IntegrityError:
        raise RoundError(duplicate) from None

    people = list(officials_to_report(plan))
    # With their first historical record (version 1, no results yet): what later changes are told against.
    submissions = bulk_create_with_history(
        [Submission(round=round_, official=p) for p in people], Submission, default_user=by
    )
    by_official = {s.official_id: s for s in submissions}
    SubmissionItem.objects.bulk_create(
        SubmissionItem(submission=by_official[task.lead_id], task=task)
        for task in Task.objects.filter(plan=plan, lead_id__in=by_official).order_by("order", "code", "pk")
    )
    detail = _round_detail(round_, lambda: _("Report for %(period)s: due %(date)s"))
    _notify([(s.official_id, submission_url(s)) for s in submissions], by, detail)
    _queue_digests(round_, submissions, by)
    return round_


def _lock_round(round_):
    return ReportingRound.objects.select_for_update().select_related("plan").get(pk=round_.pk)


@transaction.atomic
def remind_pending(round_, *, by):
    """Remind every official who has not submitted (pending or returned) in-app, and by e-mail through
    today's reminder digest when it lists the report (at most one digest e-mail a day per person,
    so pressing remind twice a day sends one); returns how many were reminded."""
    round_ = _lock_round(round_)
    _require_manager(by, round_.plan.unit_id)
    if not round_.is_open:
        raise RoundError(_("This round is closed."))
    pending = list(round_.submissions.filter(status__in=EDITABLE).only("pk", "official_id", "status"))
    detail = _round_detail(round_, lambda: _("Reminder: your report for %(period)s is due %(date)s"))
    _notify([(s.official_id, submission_url(s)) for s in pending], None, detail)
    _queue_digests(round_, pending, None)
    return len(pending)


@transaction.atomic
def close_round(round_, *, by):
    """Close the round: freeze every task as it stood at the cut-off, with the lead's result.

    A closed round cannot be reopened; its submissions can no longer change.
    """
    from .status import rows_at_cutoff  # written alongside; imported late to keep start-up light

    round_ = _lock_round(round_)
    _require_manager(by, round_.plan.unit_id)
    if not round_.is_open:
        raise RoundError(_("This round is already closed."))
    results = dict(
        SubmissionItem.objects.filter(submission__round=round_).exclude(result="").values_list("task_id", "result")
    )
    snapshots = []
    for position, row in enumerate(rows_at_cutoff(round_.plan, round_.period), start=1):
        row.result = results.get(row.task_id, "")
        # Tasks may share an `order` value; the snapshot's order is the row's place in the plan.
        row.order = position
        snapshots.append(TaskSnapshot(round=round_, **row.snapshot_fields()))
    TaskSnapshot.objects.bulk_create(snapshots)
    round_.status, round_.closed_at, round_.closed_by = ReportingRound.Status.CLOSED, timezone.now(), by
    round_.save(update_fields=["status", "closed_at", "closed_by"])
    return round_


def bucket_counts(round_):
    """[(Bucket, count)] of a closed round's frozen tasks, in Bucket order (one query)."""
    counts = dict(round_.snapshots.order_by().values("bucket").annotate(n=Count("pk")).values_list("bucket", "n"))
    return [(bucket, counts.get(bucket, 0)) for bucket in Bucket]


# --- The official: save a draft, submit ---------------------------------------------------


def _changes_since(submission, version):
    """What changed on ``submission`` (as it is now) since ``version``: [(label, before, after)], the
    narrative, status and reason for returning, then each task's result; [] if ``version`` left no
    record (a submission from before the history). Queries: the record (1), the items (1)."""
    then = submission.history.filter(version=version).order_by("-history_date").first()
    if then is None:
        return []
    changes = []
    for name in (*NARRATIVE_FIELDS, "status", "returned_reason"):
        old, new = getattr(then, name), getattr(submission, name)
        if old != new:
            model_field = Submission._meta.get_field(name)
            if model_field.choices:
                old, new = Submission.Status(old).label, Submission.Status(new).label
            changes.append((model_field.verbose_name, old or "—", new or "—"))
    before = then.item_results or {}
    for item in submission.items.select_related("task").order_by("task__order", "task__code", "pk"):
        old = before.get(str(item.task_id), "")
        if old != item.result:
            label = _("result of task %(code)s") % {"code": item.task.code}
            changes.append((label, old or "—", item.result or "—"))
    return changes


def _check_version(submission, expected_version):
    """StaleSubmissionError if ``submission`` (locked, as it is now) is past the version the user saw.
    Checked before the workflow's rules: a form opened before someone else's change is told what
    changed, whatever that change made of the report."""
    if expected_version is not None and submission.version != int(expected_version):
        raise StaleSubmissionError(submission, _changes_since(submission, int(expected_version)))


def _lock_submission(submission):
    current = Submission.objects.select_for_update().select_related("round__plan").get(pk=submission.pk)
    # Lock the round too, so that closing waits for a save in progress and a save after the close sees it.
    ReportingRound.objects.select_for_update().filter(pk=current.round_id).exists()
    return current


@transaction.atomic
def save_submission(submission, *, by, data, items, submit=False, expected_version=None):
    """Save the official's narrative (`data`: results, limitations, causes, proposals) and task
    results (`items`: {task_id: text}); `submit` hands it in.

    Only the submission's official, while it is pending or returned and the round is open.
    A save over a version newer than `expected_version` raises StaleSubmissionError.
    """
    submission = _lock_submission(submission)
    if submission.official_id != by.pk:
        raise PermissionDenied
    _check_version(submission, expected_version)
    if not submission.round.is_open:
        raise RoundError(_("This round is closed: its reports can no longer be changed."))
    if submission.status not in EDITABLE:
        raise RoundError(_("This report has been handed in and can no longer be changed."))

    own_items = {item.task_id: item for item in submission.items.select_related("task")}
    unknown = set(items) - set(own_items)
    if unknown:
        raise RoundError(_("Some of the tasks sent are not part of this report."))
    changed = []
    for task_id, text in items.items():
        item = own_items[task_id]
        text = (text or "").strip()
        if item.result != text:
            item.result = text
            changed.append(item)
    for name in NARRATIVE_FIELDS:
        if name in data:
            setattr(submission, name, (data[name] or "").strip())

    fields = [*NARRATIVE_FIELDS, "version"]
    if submit:
        missing = sorted((i.task.order, i.task.code) for i in own_items.values() if not i.result)
        if missing:
            raise RoundError(
                _("Please write the result of every task before submitting (missing: %(codes)s).")
                % {"codes": ", ".join(code for _order, code in missing)}
            )
        if not submission.results:
            raise RoundError(_("Please write the results of your field before submitting."))
        submission.status, submission.submitted_at = Submission.Status.SUBMITTED, timezone.now()
        fields += ["status", "submitted_at"]
    submission.version += 1
    submission._history_user = by
    submission._item_results = {task_id: item.result for task_id, item in own_items.items()}
    submission.save(update_fields=fields)
    if changed:
        SubmissionItem.objects.bulk_update(changed, ["result"])
    return submission


# --- The clerk: return, accept ------------------------------------------------------------


def _lock_for_review(submission, by, expected_version):
    submission = _lock_submission(submission)
    _require_manager(by, submission.round.plan.unit_id)
    _check_version(submission, expected_version)
    if not submission.round.is_open:
        raise RoundError(_("This round is closed: its reports can no longer be changed."))
    if submission.status != Submission.Status.SUBMITTED:
        raise RoundError(_("This report is not waiting for review."))
    submission._history_user = by
    return submission


@transaction.atomic
def return_submission(submission, *, by, reason, expected_version=None):
    """Send a submitted report back to its official with a reason; they edit and submit again."""
    reason = (reason or "").strip()
    if not reason:
        raise RoundError(_("Please give the reason for returning the report."))
    submission = _lock_for_review(submission, by, expected_version)
    submission.status, submission.returned_reason = Submission.Status.RETURNED, reason
    submission.version += 1
    submission.save(update_fields=["status", "returned_reason", "version"])
    with translation.override(settings.LANGUAGE_CODE):
        detail = _("Your report for %(period)s was returned: %(reason)s") % {
            "period": submission.round.period.name,
            "reason": reason,
        }
    _notify([(submission.official_id, submission_url(submission))], by, detail)
    return submission


@transaction.atomic
def accept_submission(submission, *, by, expected_version=None):
    submission = _lock_for_review(submission, by, expected_version)
    submission.status = Submission.Status.ACCEPTED
    submission.version += 1
    submission.save(update_fields=["status", "version"])
    return submission
