"""Who does a task: the lead and the cooperating officials, one task or many at once."""

from django.db import transaction
from django.utils.translation import gettext as _

from notifications.models import Notification
from plans.models import Role, User

from .versions import TaskActionError, lock_task, notify_about, require, save_task

ASSIGNABLE_ROLES = (Role.OFFICIAL, Role.CLERK, Role.CHAIRMAN, Role.VICE_CHAIRMAN)
KEEP = object()  # "leave as it is" for bulk_assign


def assignable_people(unit_id):
    """Who may lead or cooperate: active officials of the commune, never observers or supervisors."""
    return (
        User.objects.filter(unit_id=unit_id, is_active=True, role__in=ASSIGNABLE_ROLES)
        .select_related("position")
        .order_by("sort_name")
    )


def check_assignable(unit_id, people):
    """The rule `assign` applies, for tasks that do not exist yet."""
    if any(p.unit_id != unit_id for p in people):
        raise TaskActionError(_("Only officials of this commune can be assigned."))
    if any(p.role not in ASSIGNABLE_ROLES for p in people):
        raise TaskActionError(_("Observers and supervisors cannot be assigned tasks."))
    if any(not p.is_active for p in people):
        raise TaskActionError(_("Deactivated people cannot be assigned tasks."))


@transaction.atomic
def assign(task, *, by, lead, cooperating, expected_version=None):
    """Set the lead and cooperating officials; newly assigned people are notified."""
    task = lock_task(task, expected_version)
    require(by, task, "manage")
    unit_id = task.plan.unit_id
    people = [p for p in [lead, *cooperating] if p is not None]
    if any(p.unit_id != unit_id for p in people):
        raise TaskActionError(_("Only officials of this commune can be assigned."))
    if any(p.role in (Role.OBSERVER, Role.SUPERVISOR) for p in people):
        raise TaskActionError(_("Observers and supervisors cannot be assigned tasks."))
    cooperating = [p for p in cooperating if lead is None or p.pk != lead.pk]
    before = {task.lead_id, *task.cooperating.values_list("pk", flat=True)}
    task.lead = lead
    save_task(task, by, fields=["lead"])
    task.cooperating.set(cooperating)
    notify_about(Notification.Kind.ASSIGNED, task, by, [p for p in [lead, *cooperating] if p and p.pk not in before])
    return task


@transaction.atomic
def bulk_assign(items, *, by, lead=KEEP, cooperating=(), cooperating_mode="add"):
    """Assign several tasks at once: all or nothing.

    `items` is [(task, version the user saw), ...]. `lead` is a person, None (nobody) or
    KEEP; `cooperating_mode` is "add" (to each task's own), "replace" or "keep".
    A stale task raises StaleTaskError (its `.current` says which) and nothing is saved.
    Returns [(task, changed), ...] in the given order; unchanged tasks keep their version.
    """
    results = []
    for task, version in items:
        current = lock_task(task, version)
        require(by, current, "manage")
        new_lead = current.lead if lead is KEEP else lead
        before = list(current.cooperating.all())
        if cooperating_mode == "replace":
            wanted = list(cooperating)
        elif cooperating_mode == "add":
            wanted = before + [p for p in cooperating if p not in before]
        else:
            wanted = before
        wanted = [p for p in wanted if new_lead is None or p.pk != new_lead.pk]
        unchanged = getattr(new_lead, "pk", None) == current.lead_id and {p.pk for p in wanted} == {
            p.pk for p in before
        }
        if unchanged:
            results.append((current, False))
            continue
        results.append((assign(current, by=by, lead=new_lead, cooperating=wanted, expected_version=None), True))
    return results
