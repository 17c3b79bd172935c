"""What every change of a task does: lock the row, check the version, save with the audit record.

Every action in `tasks.services` runs in one transaction, locks the task row with `lock_task`
(`StaleTaskError` when the task changed since the user loaded it), checks the actor's right
with `require`, saves with `save_task` (the version goes up, the acting user and reason go to
the audit history) and tells the people concerned with `notify_about`.
"""

from django.utils.translation import gettext as _

from notifications.services import notify

from ..access import task_access
from ..models import Task


class TaskActionError(Exception):
    """A rule of the workflow refused the action; the message is for the user."""


class StaleTaskError(TaskActionError):
    """The task changed after the user loaded it; `current` is the task as it is now."""

    def __init__(self, current, changes):
        self.current = current
        self.changes = changes  # [(field verbose name, old, new), ...]
        super().__init__(_("Someone else changed this task while you were editing it."))


def changes_since(task, version):
    """What changed since `version`, from the audit history: [(label, old, new)]."""
    then = task.history.filter(version=version).order_by("-history_date").first()
    now = task.history.order_by("-history_date").first()
    if then is None or now is None or then.pk == now.pk:
        return []
    delta = now.diff_against(then, excluded_fields=["version", "history_change_reason"])
    return [(Task._meta.get_field(c.field).verbose_name, c.old, c.new) for c in delta.changes]


def lock_task(task, expected_version):
    current = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise StaleTaskError(current, changes_since(current, int(expected_version)))
    return current


def save_task(task, by, reason="", fields=None):
    task.version += 1
    task._history_user = by
    if reason:
        task._change_reason = reason
    task.save(update_fields=None if fields is None else [*fields, "version", "updated_at"])


def notify_about(kind, task, actor, recipients, detail=""):
    notify(kind, recipients, actor=actor, task=task, detail=detail)


def require(user, task, action):
    task_access(user, task).require(action)
