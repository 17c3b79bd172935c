"""A previewed task summary table applied to its tasks through the task services.

    apply_appendix(preview, by=clerk)            # all of it, in one transaction, or nothing

Changes go through the task services (``assign``, ``change_deadline``, ``edit_task``), with the
versions seen at preview time: if any task changed since, nothing is applied.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tasks.access import is_unit_manager
from tasks.models import Task
from tasks.services.assignment import assign, lead_of
from tasks.services.editing import change_deadline, edit_task
from tasks.services.versions import TaskActionError, lock_task, require, save_task

from .common import AppendixError, StaleAppendixError, change_reason
from .reading import KEEP, AppendixPreview


def _set_remarks(task, *, by, remarks, reason, expected_version):
    """The remarks, in the services' manner (``edit_task`` covers title and output only)."""
    task = lock_task(task, expected_version)
    require(by, task, "manage")
    task.remarks = remarks
    save_task(task, by, reason=reason, fields=["remarks"])
    return task


def _give_reason(task, reason):
    """``assign()`` takes no reason: write it on the history rows of the version it made."""
    Task.history.filter(id=task.pk, version=task.version, history_change_reason__isnull=True).update(
        history_change_reason=reason
    )


@transaction.atomic
def apply_appendix(preview: AppendixPreview, *, by, versions=None, fingerprint=None) -> list[Task]:
    """Apply every change of ``preview`` in one transaction, or none.

    ``versions`` ({task id: version}, default: the preview's own) are the versions the person saw;
    ``fingerprint`` the digest of the changes they saw (see ``AppendixPreview.fingerprint``). Refused
    (nothing written): PermissionDenied unless ``by`` is the commune's clerk; StaleAppendixError if
    any task changed since those versions (checked first, with the rows locked); AppendixError if the
    preview has errors or its changes differ from the fingerprint. Returns the changed tasks.
    """
    plan = preview.plan
    if not is_unit_manager(by, plan.unit_id):
        raise PermissionDenied
    versions = preview.versions if versions is None else {int(k): int(v) for k, v in versions.items()}
    # Lock every task first (in id order, as any other writer would), then check them all: the
    # message names every task that changed, not just the first.
    codes = {c.task.pk: c.task.code for c in preview.changes}
    ids = sorted({*versions, *codes})
    locked = {
        pk: (code, version)
        for pk, code, version in Task.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "code", "version")
    }
    # A task deleted, changed, or changed now but not at preview time (it has no version here).
    stale = [pk for pk in ids if pk not in locked or pk not in versions or locked[pk][1] != versions[pk]]
    if stale:
        names = [locked.get(pk, (codes.get(pk, f"#{pk}"), None))[0] for pk in stale]
        raise StaleAppendixError(names, {pk: versions.get(pk) for pk in stale})
    # The tasks are as they were; the people may not be (a new official makes a name ambiguous).
    if preview.errors:
        raise AppendixError(_("The table has errors; nothing was applied. Upload it again to see them."))
    if fingerprint is not None and fingerprint != preview.fingerprint():
        raise AppendixError(_("The changes are no longer those of the preview; nothing was applied. Upload again."))

    reason = change_reason()
    done = []
    try:
        for change in preview.changes:
            task, version = change.task, versions[change.task.pk]
            # The deadline before the people: those who stay are told of the new deadline,
            # those who join get the assignment (which shows it).
            if change.deadline is not KEEP:
                task = change_deadline(task, by=by, deadline=change.deadline, reason=reason, expected_version=version)
                version = task.version
            if change.assigns:
                lead = lead_of(task) if change.lead is KEEP else change.lead
                task = assign(task, by=by, lead=lead, cooperating=change.cooperating, expected_version=version)
                _give_reason(task, reason)
                version = task.version
            if change.output is not KEEP:
                task, _changed = edit_task(
                    task,
                    by=by,
                    title=task.title,
                    expected_output=change.output,
                    reason=reason,
                    expected_version=version,
                )
                version = task.version
            if change.remarks is not KEEP:
                task = _set_remarks(task, by=by, remarks=change.remarks, reason=reason, expected_version=version)
            done.append(task)
    except TaskActionError as exc:
        raise AppendixError(
            _("Nothing was applied: task %(code)s: %(error)s") % {"code": change.task.code, "error": exc}
        ) from exc
    return done
