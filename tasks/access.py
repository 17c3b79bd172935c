"""Who may do what with a task: the one place that decides.

Seeing a task is scoped by `Task.objects.for_user()` (outsiders get 404). Within what a
person can see, `TaskAccess` says which actions they may take (others get 403):

| action | who |
| --- | --- |
| view | everyone who can see the task's commune |
| report progress | the lead official; the clerk |
| comment, add evidence | the lead and cooperating officials; the clerk; chairman and vice-chairman |
| confirm / return a reported task | the clerk; chairman and vice-chairman |
| manage (assign, deadline, edit, delete) | the clerk |

Observers (Fatherland Front, council) and supervisors at a higher level only read.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from plans.models import Role

from .models import Task

ACTIONS = ("view", "report", "comment", "review", "manage")


@dataclass(frozen=True)
class TaskAccess:
    view: bool = False
    report: bool = False
    comment: bool = False
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


def task_access(user, task, cooperating_ids=None):
    """What `user` may do with `task` (which they can already see).

    `cooperating_ids` avoids a query when the caller has prefetched them.
    """
    unit_id = task.plan.unit_id
    in_unit = user.unit_id == unit_id
    manager = is_unit_manager(user, unit_id)
    leader = is_unit_leader(user, unit_id)
    if cooperating_ids is None:
        cooperating_ids = set(task.cooperating.values_list("pk", flat=True))
    is_lead = in_unit and task.lead_id == user.pk
    cooperates = in_unit and user.pk in cooperating_ids
    official_role = user.role in (Role.OFFICIAL, Role.CLERK, Role.CHAIRMAN, Role.VICE_CHAIRMAN)
    return TaskAccess(
        view=True,
        report=manager or (is_lead and official_role),
        comment=manager or leader or ((is_lead or cooperates) and official_role),
        review=manager or leader,
        manage=manager,
    )


def get_task_for_user(user, pk, action="view", queryset=None):
    """Fetch a task the user may see (else 404) and check the action (else 403)."""
    base = queryset if queryset is not None else Task.objects
    task = get_object_or_404(base.for_user(user).select_related("plan"), pk=pk)
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
