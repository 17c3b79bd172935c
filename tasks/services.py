"""Everything that changes a task, one function per action.

Each action runs in one transaction, locks the task row, refuses a stale form
(`StaleTaskError` when the task changed since the user loaded it), saves with the
acting user recorded in the audit history, and notifies the people concerned.
Callers check permissions with `tasks.access` first; each action checks again.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Role, User

from .access import task_access
from .models import Comment, Notification, ProgressUpdate, Task, TaskStatus


class TaskActionError(Exception):
    """A rule of the workflow refused the action; the message is for the user."""


class StaleTaskError(TaskActionError):
    """The task changed after the user loaded it; `current` is the task as it is now."""

    def __init__(self, current, changes):
        self.current = current
        self.changes = changes  # [(field verbose name, old, new), ...]
        super().__init__(_("Someone else changed this task while you were editing it."))


def _changes_since(task, version):
    """What changed since `version`, from the audit history: [(label, old, new)]."""
    then = task.history.filter(version=version).order_by("-history_date").first()
    now = task.history.order_by("-history_date").first()
    if then is None or now is None or then.pk == now.pk:
        return []
    delta = now.diff_against(then, excluded_fields=["version", "history_change_reason"])
    return [(Task._meta.get_field(c.field).verbose_name, c.old, c.new) for c in delta.changes]


def _lock(task, expected_version):
    current = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise StaleTaskError(current, _changes_since(current, int(expected_version)))
    return current


def _save(task, by, reason="", fields=None):
    task.version += 1
    task._history_user = by
    if reason:
        task._change_reason = reason
    task.save(update_fields=None if fields is None else [*fields, "version", "updated_at"])


def _notify(kind, task, actor, recipients, detail=""):
    Notification.objects.bulk_create(
        Notification(recipient=r, kind=kind, task=task, actor=actor, detail=detail[:300])
        for r in {r for r in recipients if r is not None and r.pk != getattr(actor, "pk", None)}
    )


def reviewers_of(task):
    """The clerk(s) of the task's commune: they confirm reported work."""
    return list(User.objects.filter(unit_id=task.plan.unit_id, role=Role.CLERK, is_active=True))


def _require(user, task, action):
    task_access(user, task).require(action)


@transaction.atomic
def report_progress(task, *, by, status, progress, note="", expected_version=None):
    """An official reports status and %. Reporting done asks for confirmation."""
    task = _lock(task, expected_version)
    _require(by, task, "report")
    if task.status == TaskStatus.DONE:
        raise TaskActionError(_("This task is already confirmed done."))
    if status in (TaskStatus.DONE, TaskStatus.BLOCKED) and not note.strip():
        raise TaskActionError(_("Please write a note when reporting a task done or blocked."))
    if status not in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED, TaskStatus.DONE):
        raise TaskActionError(_("This status cannot be reported."))
    if status == TaskStatus.DONE:
        status, progress = TaskStatus.AWAITING_CONFIRMATION, 100
        task.completed_at = timezone.now()
    else:
        task.completed_at = None
    task.status, task.progress = status, progress
    _save(task, by, fields=["status", "progress", "completed_at"])
    update = ProgressUpdate.objects.create(task=task, author=by, status=status, progress=progress, note=note)
    if status == TaskStatus.AWAITING_CONFIRMATION:
        _notify(Notification.Kind.REPORTED, task, by, reviewers_of(task), note)
    return task, update


@transaction.atomic
def confirm(task, *, by, note="", expected_version=None):
    task = _lock(task, expected_version)
    _require(by, task, "review")
    if task.status != TaskStatus.AWAITING_CONFIRMATION:
        raise TaskActionError(_("This task is not awaiting confirmation."))
    task.status = TaskStatus.DONE
    _save(task, by, fields=["status"])
    ProgressUpdate.objects.create(
        task=task, author=by, kind=ProgressUpdate.Kind.CONFIRMED, status=task.status, progress=task.progress, note=note
    )
    _notify(Notification.Kind.CONFIRMED, task, by, [task.lead], note)
    return task


@transaction.atomic
def return_task(task, *, by, reason, expected_version=None):
    task = _lock(task, expected_version)
    _require(by, task, "review")
    if task.status != TaskStatus.AWAITING_CONFIRMATION:
        raise TaskActionError(_("This task is not awaiting confirmation."))
    if not reason.strip():
        raise TaskActionError(_("Please give the reason for returning the task."))
    task.status, task.completed_at = TaskStatus.RETURNED, None
    _save(task, by, reason=reason, fields=["status", "completed_at"])
    ProgressUpdate.objects.create(
        task=task, author=by, kind=ProgressUpdate.Kind.RETURNED, status=task.status, progress=task.progress, note=reason
    )
    _notify(Notification.Kind.RETURNED, task, by, [task.lead], reason)
    return task


@transaction.atomic
def add_comment(task, *, by, text):
    _require(by, task, "comment")
    if not text.strip():
        raise TaskActionError(_("The comment is empty."))
    comment = Comment.objects.create(task=task, author=by, text=text)
    recipients = [task.lead, *task.cooperating.all(), *reviewers_of(task)]
    _notify(Notification.Kind.COMMENTED, task, by, recipients, text)
    return comment


@transaction.atomic
def assign(task, *, by, lead, cooperating, expected_version=None):
    """Set the lead and cooperating officials; newly assigned people are notified."""
    task = _lock(task, expected_version)
    _require(by, task, "manage")
    unit_id = task.plan.unit_id
    people = [p for p in [lead, *cooperating] if p is not None]
    if any(p.unit_id != unit_id for p in people):
        raise TaskActionError(_("Only officials of this commune can be assigned."))
    if any(p.role in (Role.OBSERVER, Role.SUPERVISOR) for p in people):
        raise TaskActionError(_("Observers and supervisors cannot be assigned tasks."))
    cooperating = [p for p in cooperating if lead is None or p.pk != lead.pk]
    before = {task.lead_id, *task.cooperating.values_list("pk", flat=True)}
    task.lead = lead
    _save(task, by, fields=["lead"])
    task.cooperating.set(cooperating)
    _notify(Notification.Kind.ASSIGNED, task, by, [p for p in [lead, *cooperating] if p and p.pk not in before])
    return task


@transaction.atomic
def change_deadline(task, *, by, deadline, reason, expected_version=None):
    """Move a deadline (a `tasks.deadlines.Deadline`); the reason is kept in the audit history."""
    task = _lock(task, expected_version)
    _require(by, task, "manage")
    if not reason.strip():
        raise TaskActionError(_("Please give the reason for changing the deadline."))
    fields = deadline.as_task_fields()
    for name, value in fields.items():
        setattr(task, name, value)
    _save(task, by, reason=reason, fields=list(fields))
    _notify(Notification.Kind.DEADLINE_CHANGED, task, by, [task.lead, *task.cooperating.all()], reason)
    return task


@transaction.atomic
def soft_delete(task, *, by, reason="", expected_version=None):
    task = _lock(task, expected_version)
    _require(by, task, "manage")
    task.deleted_at, task.deleted_by = timezone.now(), by
    _save(task, by, reason=reason, fields=["deleted_at", "deleted_by"])
    return task
