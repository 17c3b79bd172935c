"""Who does a task: the lead and the cooperating officials, one task or many at once."""

from django.db import transaction
from django.utils.translation import gettext as _

from notifications.models import Notification
from plans.models import Department, Role, User

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


def _split(parties):
    """People and departments, apart: ([User], [Department])."""
    parties = [p for p in parties if p is not None]
    return [p for p in parties if not isinstance(p, Department)], [p for p in parties if isinstance(p, Department)]


def lead_of(task):
    """The task's lead, a person or a department (None when nobody leads it)."""
    return task.lead if task.lead_id else task.lead_department


def cooperating_of(task):
    """The cooperating parties, people then departments."""
    return [*task.cooperating.all(), *task.cooperating_departments.all()]


def _check_parties(unit_id, people, departments):
    if any(p.unit_id != unit_id for p in people) or any(d.unit_id != unit_id for d in departments):
        raise TaskActionError(_("Only officials of this commune can be assigned."))
    if any(p.role in (Role.OBSERVER, Role.SUPERVISOR) for p in people):
        raise TaskActionError(_("Observers and supervisors cannot be assigned tasks."))


@transaction.atomic
def assign(task, *, by, lead, cooperating, expected_version=None):
    """Set the lead (a person or a department) and the cooperating parties (people and departments);
    the people newly concerned are notified (for a department, its head). A department's delegates
    stay while they belong to the lead department."""
    task = lock_task(task, expected_version)
    require(by, task, "manage")
    people, departments = _split(cooperating)
    lead_person = None if isinstance(lead, Department) else lead
    lead_department = lead if isinstance(lead, Department) else None
    _check_parties(
        task.plan.unit_id, [*people, *filter(None, [lead_person])], [*departments, *filter(None, [lead_department])]
    )
    people = [p for p in people if lead_person is None or p.pk != lead_person.pk]
    departments = [d for d in departments if lead_department is None or d.pk != lead_department.pk]
    before = {task.lead_id, *task.cooperating.values_list("pk", flat=True)}
    heads_before = {d.head_id for d in [task.lead_department, *task.cooperating_departments.all()] if d}
    task.lead, task.lead_department = lead_person, lead_department
    save_task(task, by, fields=["lead", "lead_department"])
    task.cooperating.set(people)
    task.cooperating_departments.set(departments)
    if lead_department is None:
        task.delegates.clear()
    else:
        task.delegates.set(task.delegates.filter(department=lead_department))
    heads = [d.head for d in [lead_department, *departments] if d is not None and d.head_id not in heads_before]
    told = [p for p in [lead_person, *people] if p and p.pk not in before]
    notify_about(Notification.Kind.ASSIGNED, task, by, [*told, *filter(None, heads)])
    return task


@transaction.atomic
def delegate(task, *, by, people, expected_version=None):
    """The lead department's head (or the clerk) gives a department's task to members of the
    department, who then report on it; the newly delegated are notified."""
    task = lock_task(task, expected_version)
    require(by, task, "delegate")
    department = task.lead_department
    if department is None:
        raise TaskActionError(_("Only a task led by a department is delegated."))
    people = list(people)
    if any(p.department_id != department.pk or not p.is_active for p in people):
        raise TaskActionError(_("A task is delegated to active members of its lead department only."))
    before = set(task.delegates.values_list("pk", flat=True))
    if {p.pk for p in people} == before:
        return task
    save_task(task, by, fields=[])
    task.delegates.set(people)
    notify_about(Notification.Kind.ASSIGNED, task, by, [p for p in people if p.pk not in before])
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
        new_lead = lead_of(current) if lead is KEEP else lead
        before = cooperating_of(current)
        if cooperating_mode == "replace":
            wanted = list(cooperating)
        elif cooperating_mode == "add":
            wanted = before + [p for p in cooperating if p not in before]
        else:
            wanted = before
        wanted = [p for p in wanted if p != new_lead]
        if new_lead == lead_of(current) and set(wanted) == set(before):
            results.append((current, False))
            continue
        results.append((assign(current, by=by, lead=new_lead, cooperating=wanted, expected_version=None), True))
    return results
