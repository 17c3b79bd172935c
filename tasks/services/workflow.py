"""The work on a task: the official reports progress, the clerk confirms or returns it, anyone comments."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification
from plans.models import Role, User

from ..models import Comment, ProgressUpdate, TaskStatus
from .versions import TaskActionError, lock_task, notify_about, require, save_task


def answerers_of(task):
    """Who answers for the task: the lead official; for a department's task the people it was
    delegated to, else the department's head."""
    if task.lead_id:
        return [task.lead]
    if task.lead_department_id is None:
        return []
    delegates = list(task.delegates.filter(is_active=True))
    return delegates or [p for p in [task.lead_department.head] if p is not None]


def reviewers_of(task):
    """The clerk(s) of the task's commune: they confirm reported work."""
    return list(User.objects.filter(unit_id=task.plan.unit_id, role=Role.CLERK, is_active=True))


@transaction.atomic
def report_progress(task, *, by, status, progress, note="", expected_version=None):
    """An official reports status and %. Reporting done asks for confirmation."""
    task = lock_task(task, expected_version)
    require(by, task, "report")
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
    save_task(task, by, fields=["status", "progress", "completed_at"])
    update = ProgressUpdate.objects.create(task=task, author=by, status=status, progress=progress, note=note)
    if status == TaskStatus.AWAITING_CONFIRMATION:
        notify_about(Notification.Kind.REPORTED, task, by, reviewers_of(task), note)
    return task, update


@transaction.atomic
def confirm(task, *, by, note="", expected_version=None):
    task = lock_task(task, expected_version)
    require(by, task, "review")
    if task.status != TaskStatus.AWAITING_CONFIRMATION:
        raise TaskActionError(_("This task is not awaiting confirmation."))
    task.status = TaskStatus.DONE
    save_task(task, by, fields=["status"])
    ProgressUpdate.objects.create(
        task=task, author=by, kind=ProgressUpdate.Kind.CONFIRMED, status=task.status, progress=task.progress, note=note
    )
    notify_about(Notification.Kind.CONFIRMED, task, by, answerers_of(task), note)
    return task


@transaction.atomic
def return_task(task, *, by, reason, expected_version=None):
    task = lock_task(task, expected_version)
    require(by, task, "review")
    if task.status != TaskStatus.AWAITING_CONFIRMATION:
        raise TaskActionError(_("This task is not awaiting confirmation."))
    if not reason.strip():
        raise TaskActionError(_("Please give the reason for returning the task."))
    task.status, task.completed_at = TaskStatus.RETURNED, None
    save_task(task, by, reason=reason, fields=["status", "completed_at"])
    ProgressUpdate.objects.create(
        task=task, author=by, kind=ProgressUpdate.Kind.RETURNED, status=task.status, progress=task.progress, note=reason
    )
    notify_about(Notification.Kind.RETURNED, task, by, answerers_of(task), reason)
    return task


@transaction.atomic
def add_comment(task, *, by, text):
    require(by, task, "comment")
    if not text.strip():
        raise TaskActionError(_("The comment is empty."))
    comment = Comment.objects.create(task=task, author=by, text=text)
    recipients = [*answerers_of(task), *task.cooperating.all(), *reviewers_of(task)]
    notify_about(Notification.Kind.COMMENTED, task, by, recipients, text)
    return comment
