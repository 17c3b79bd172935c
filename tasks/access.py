"""Who may do what with a task: the one place that decides.

Seeing a task is scoped by `Task.objects.for_user()` (outsiders get 404). Within what a
person can see, `TaskAccess` says which actions they may take (others get 403):

| action | who |
| --- | --- |
| view | everyone who can see the task's commune |
| report progress | the lead official; for a department's task its head and those it was delegated to; the clerk |
| comment, add evidence | those who report; cooperating officials and departments' heads; clerk; (vice-)chairman |
| delegate (a task a department leads, to its staff) | the lead department's head; the clerk |
| confirm / return a reported task | the clerk; chairman and vice-chairman |
| manage (assign, deadline, edit, delete) | the clerk |

Observers (Fatherland Front, council) and supervisors at a higher level only read.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from plans.models import Role, User

from .models import Task

ACTIONS = ("view", "report", "comment", "delegate", "review", "manage")


@dataclass(frozen=True)
class TaskAccess:
    view: bool = False
    report: bool = False
    comment: bool = False
    delegate: bool = False
    review: bool = False
    manage: bool = False

    def require(self, action):
        if not getattr(self, action):
            raise PermissionDenied


def is_unit_manager(user, unit_id):
    """The clerk of that unit (or a superuser)."""
    return user.is_superuser or (user.role == Role.CLERK and user.unit_id == unit_id)


def is_unit_leader(user, unit_id):
    return user.role in (Role.CHAIRMAN, Role.VICE_CHAIRMAN) and user.unit_id == unit_id


@dataclass(frozen=True)
class Involvement:
    """How people stand to a task: the ids `task_access` needs, read once (or prefetched)."""

    cooperating: frozenset = frozenset()  # cooperating officials and the heads of cooperating departments
    delegates: frozenset = frozenset()
    lead_head: int | None = None  # the head of the lead department

    @classmethod
    def of(cls, task):
        """One query for a task led by a person, two for a department's (its delegates)."""
        led_by_department = task.lead_department_id is not None
        cooperating = User.objects.filter(
            Q(cooperating_tasks=task) | Q(headed_departments__cooperating_tasks=task)
        ).values_list("pk", flat=True)
        return cls(
            cooperating=frozenset(cooperating),
            delegates=frozenset(task.delegates.values_list("pk", flat=True)) if led_by_department else frozenset(),
            lead_head=task.lead_department.head_id if led_by_department else None,
        )


def task_access(user, task, involvement=None):
    """What `user` may do with `task` (which they can already see).

    `involvement` avoids queries when the caller has prefetched it (`Involvement`).
    """
    unit_id = task.plan.unit_id
    in_unit = user.unit_id == unit_id
    manager = is_unit_manager(user, unit_id)
    leader = is_unit_leader(user, unit_id)
    involvement = Involvement.of(task) if involvement is None else involvement
    heads_lead = in_unit and involvement.lead_head == user.pk
    answers = in_unit and (task.lead_id == user.pk or user.pk in involvement.delegates or heads_lead)
    cooperates = in_unit and user.pk in involvement.cooperating
    official_role = user.role in (Role.OFFICIAL, Role.CLERK, Role.CHAIRMAN, Role.VICE_CHAIRMAN)
    return TaskAccess(
        view=True,
        report=manager or (answers and official_role),
        comment=manager or leader or ((answers or cooperates) and official_role),
        delegate=task.lead_department_id is not None and (manager or (heads_lead and official_role)),
        review=manager or leader,
        manage=manager,
    )


def get_task_for_user(user, pk, action="view", queryset=None):
    """Fetch a task the user may see (else 404) and check the action (else 403)."""
    base = queryset if queryset is not None else Task.objects
    task = get_object_or_404(base.for_user(user).select_related("plan", "lead_department"), pk=pk)
    access = task_access(user, task)
    access.require(action)
    return task, access


def managed_unit(request):
    """The commune the signed-in user is the clerk of: 404 without a unit, 403 for other roles."""
    user = request.user
    if user.unit_id is None:
        raise Http404
    if not is_unit_manager(user, user.unit_id):
        raise PermissionDenied
    return user.unit
