"""Carrying a merged unit's open tasks into its successor's plan (the 2025 mergers).

The old plan stays as it was, read-only history; each open task gets a continuation in the new
plan (`carried_from`), filed under the section of its content area, with the audit reason
"sáp nhập". Carrying twice carries nothing twice.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from plans.models import Plan, PlanSection

from ..access import is_unit_manager
from ..models import Task, TaskOrigin, TaskStatus

MERGER_REASON = "sáp nhập"  # the audit reason the plan asks for, in the plan's own language


def carriable(source, target):
    """The open tasks of `source` not yet carried into `target`."""
    carried = Task.objects.filter(plan=target, carried_from__isnull=False).values("carried_from_id")
    return source.tasks.exclude(status=TaskStatus.DONE).exclude(pk__in=carried).order_by("order", "pk")


@transaction.atomic
def carry_open_tasks(source, target, *, by):
    """Continue `source`'s open tasks in `target` (a plan of the unit `source`'s unit merged into).

    Only the successor's clerk carries; people who now work in the successor keep their part.
    Returns the new tasks."""
    if not is_unit_manager(by, target.unit_id) or source.unit.succeeded_by_id != target.unit_id:
        raise PermissionDenied
    Plan.objects.select_for_update().filter(pk=target.pk).first()  # two clerks at once carry once
    sections = {}
    for section in PlanSection.objects.filter(plan=target, content_area__isnull=False).order_by("-order"):
        sections[section.content_area_id] = section  # the first section of each area wins
    order = Task.all_objects.filter(plan=target).aggregate(m=Max("order"))["m"] or 0
    codes = set(Task.objects.filter(plan=target).values_list("code", flat=True))
    made = []
    for old in carriable(source, target).select_related("lead").prefetch_related("cooperating", "sub_dimensions"):
        order += 1
        task = Task(
            plan=target,
            section=sections.get(old.content_area_id),
            code=_free_code(old.code, source, codes),
            order=order,
            title=old.title,
            text=old.text,
            origin=TaskOrigin.CARRIED,
            carried_from=old,
            content_area=old.content_area,
            lead=old.lead if old.lead_id and old.lead.unit_id == target.unit_id else None,
            lead_text=old.lead_text,
            cooperating_text=old.cooperating_text,
            expected_output=old.expected_output,
            remarks=old.remarks,
            status=old.status if old.status != TaskStatus.AWAITING_CONFIRMATION else TaskStatus.IN_PROGRESS,
            progress=old.progress,
            **{name: getattr(old, name) for name in ("deadline_kind", "due_date", "period_kind", "period_index")},
            review_frequency=old.review_frequency,
            deadline_text=old.deadline_text,
        )
        task._history_user, task._change_reason = by, MERGER_REASON
        task.save()
        task.cooperating.set([p for p in old.cooperating.all() if p.unit_id == target.unit_id])
        task.sub_dimensions.set(old.sub_dimensions.all())
        made.append(task)
    return made


def _free_code(code, source, taken):
    """The old code, or, if the new plan uses it, the code after the old unit's name ("1.3.a (Trung Trắc)")."""
    if code in taken:
        code = (_("%(code)s (%(unit)s)") % {"code": code, "unit": source.unit.name})[
            : Task._meta.get_field("code").max_length
        ]
    taken.add(code)
    return code
