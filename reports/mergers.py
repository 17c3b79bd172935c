"""What a unit inherited in the 2025 reform: the units merged into it (`succeeded_by`), their plans
with the tasks left open, and their PAPI totals, for the successor's dashboard (read-only: they
are another unit's, which `tasks.access` never lets the successor's clerk manage)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from plans.models import AdministrativeUnit, PapiScore, Plan
from tasks.models import TaskStatus


@dataclass
class PlanLine:
    plan: Plan
    total: int
    open: int


@dataclass
class Predecessor:
    unit: AdministrativeUnit
    plans: list = field(default_factory=list)  # PlanLine, newest first
    scores: list = field(default_factory=list)  # (year, total score), newest first


def predecessors_of(unit):
    """The units merged into `unit`, with their plans and PAPI totals: three queries (none more for
    more units), or one when nothing was merged into it."""
    units = list(AdministrativeUnit.objects.filter(succeeded_by=unit).select_related("parent").order_by("name"))
    if not units:
        return []
    found = {u.pk: Predecessor(u) for u in units}
    alive = Q(tasks__deleted_at__isnull=True)
    plans = (
        Plan.objects.filter(unit__in=units)
        .annotate(
            total=Count("tasks", filter=alive),
            open=Count("tasks", filter=alive & ~Q(tasks__status=TaskStatus.DONE)),
        )
        .order_by("-year", "pk")
    )
    for plan in plans:
        found[plan.unit_id].plans.append(PlanLine(plan, plan.total, plan.open))
    totals = PapiScore.objects.filter(
        unit__in=units, area__isnull=True, sub_dimension__isnull=True, source=PapiScore.Source.OFFICIAL
    ).order_by("-year")
    for unit_id, year, score in totals.values_list("unit_id", "year", "score"):
        found[unit_id].scores.append((year, score))
    return list(found.values())
