"""The clerk's edits of a plan's tasks: title and output, deadline, removal, and tasks added by hand."""

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification
from plans.models import Plan, PlanSection

from ..access import is_unit_manager
from ..models import Task, TaskOrigin
from .assignment import check_assignable
from .versions import TaskActionError, lock_task, notify_about, require, save_task

_AD_HOC_CODE = re.compile(r"PL\.(\d+)", re.IGNORECASE)


@transaction.atomic
def edit_task(task, *, by, title, expected_output, reason="", expected_version=None):
    """Change the short title and expected output. Returns (task, changed)."""
    task = lock_task(task, expected_version)
    require(by, task, "manage")
    title = " ".join((title or "").split())
    if not title:
        raise TaskActionError(_("The short title cannot be empty."))
    expected_output = (expected_output or "").strip()
    if (title, expected_output) == (task.title, task.expected_output):
        return task, False
    task.title, task.expected_output = title, expected_output
    save_task(task, by, reason=reason, fields=["title", "expected_output"])
    return task, True


def next_ad_hoc_code(plan):
    """ "PL.n" after the highest one the plan has used (deleted tasks count, to avoid look-alikes)."""
    codes = Task.all_objects.filter(plan=plan, code__istartswith="PL.").values_list("code", flat=True)
    numbers = [int(match[1]) for code in codes if (match := _AD_HOC_CODE.fullmatch(code))]
    return f"PL.{max(numbers, default=0) + 1}"


@transaction.atomic
def add_task(
    plan,
    *,
    by,
    code,
    title,
    text,
    deadline,
    content_area=None,
    sub_dimensions=(),
    lead=None,
    cooperating=(),
    expected_output="",
):
    """Add a task the plan text does not hold (e.g. from an appendix); its people are notified.

    It is filed under the plan's section for its content area, if the plan has one.
    """
    if not is_unit_manager(by, plan.unit_id):
        raise PermissionDenied
    # Lock the plan row: two clerks adding the same code one after the other get a clear message.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    code = (code or "").strip()
    title = " ".join((title or "").split())
    if not code or not title:
        raise TaskActionError(_("A task needs a code and a short title."))
    if Task.objects.filter(plan=plan, code__iexact=code).exists():
        raise TaskActionError(_("Another task of this plan already has the code %(code)s.") % {"code": code})
    cooperating = [p for p in cooperating if lead is None or p.pk != lead.pk]
    check_assignable(plan.unit_id, [p for p in [lead, *cooperating] if p is not None])
    sub_dimensions = list(sub_dimensions)
    if sub_dimensions and (content_area is None or any(s.area_id != content_area.pk for s in sub_dimensions)):
        raise TaskActionError(_("The sub-dimensions must belong to the task's content area."))
    section = None
    if content_area is not None:
        section = PlanSection.objects.filter(plan=plan, content_area=content_area).order_by("order").first()
    last_order = Task.all_objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0
    task = Task(
        plan=plan,
        section=section,
        code=code,
        order=last_order + 1,
        title=title,
        text=(text or "").strip() or title,
        origin=TaskOrigin.AD_HOC,
        content_area=content_area,
        lead=lead,
        expected_output=(expected_output or "").strip(),
        **deadline.as_task_fields(),
    )
    task._history_user = by
    task.save()
    if cooperating:
        task.cooperating.set(cooperating)
    if sub_dimensions:
        task.sub_dimensions.set(sub_dimensions)
    notify_about(Notification.Kind.ASSIGNED, task, by, [lead, *cooperating])
    return task


@transaction.atomic
def change_deadline(task, *, by, deadline, reason, expected_version=None):
    """Move a deadline (a `tasks.deadlines.Deadline`); the reason is kept in the audit history."""
    task = lock_task(task, expected_version)
    require(by, task, "manage")
    if not reason.strip():
        raise TaskActionError(_("Please give the reason for changing the deadline."))
    fields = deadline.as_task_fields()
    for name, value in fields.items():
        setattr(task, name, value)
    save_task(task, by, reason=reason, fields=list(fields))
    notify_about(Notification.Kind.DEADLINE_CHANGED, task, by, [task.lead, *task.cooperating.all()], reason)
    return task


@transaction.atomic
def soft_delete(task, *, by, reason="", expected_version=None):
    task = lock_task(task, expected_version)
    require(by, task, "manage")
    task.deleted_at, task.deleted_by = timezone.now(), by
    save_task(task, by, reason=reason, fields=["deleted_at", "deleted_by"])
    return task
