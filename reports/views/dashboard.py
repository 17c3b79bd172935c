"""The commune dashboard (`/reports/dashboard/`): where the plan stands, for the weekly meeting.

Read by everyone who can see the plan's commune (`AdministrativeUnit.objects.visible_to`):
the chairman and vice-chairman first, the clerk, officials and observers too. `?plan=<id>`
picks a plan; another commune's plan answers 404. Without it a commune person sees their
commune's plan of this year (else the newest); a supervisor, who sees several communes,
is pointed to the cross-commune view. `?print=1` is the A4 print layout.

The numbers and the PAPI scores come from `reports.cache` (recomputed when the commune's tasks,
updates, scores or rounds change).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from plans.models import AdministrativeUnit, Plan, Role
from tasks.access import is_unit_manager

from .. import scores as papi
from ..cache import cached_comparison, cached_dashboard
from ..dashboard import GREEN_AT, RED_BELOW
from ..mergers import predecessors_of


def _plans(plans):
    """`plans` with their unit and whether units were merged into it (`merged`: the dashboard asks
    for what they left only then)."""
    merged = AdministrativeUnit.objects.filter(succeeded_by=OuterRef("unit_id"))
    return plans.select_related("unit").annotate(merged=Exists(merged))


def _requested_plan(request):
    try:
        plan_id = int(request.GET["plan"])
    except (KeyError, ValueError):
        raise Http404 from None
    plan = _plans(Plan.objects.for_user(request.user)).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


def _own_plan(user, today):
    """The commune's plan of this year, else its newest; None if it has none."""
    plans = list(_plans(Plan.objects.filter(unit_id=user.unit_id)).order_by("-year")[:5])
    return next((p for p in plans if p.year == today.year), plans[0] if plans else None)


def _communes_url():
    try:
        return reverse("reports:communes")
    except NoReverseMatch:
        return None


@login_required
@require_http_methods(["GET", "HEAD"])
def dashboard(request):
    today = timezone.localdate()
    printing = request.GET.get("print") == "1"
    if "plan" in request.GET:
        plan = _requested_plan(request)
    elif request.user.role == Role.SUPERVISOR or request.user.unit_id is None:
        return render(request, "reports/dashboard/choose.html", {"communes_url": _communes_url()})
    else:
        plan = _own_plan(request.user, today)
        if plan is None:
            return render(
                request, "reports/dashboard/no_plan.html", {"predecessors": predecessors_of(request.user.unit)}
            )
    data = cached_dashboard(plan, today)
    return render(
        request,
        "reports/dashboard/dashboard.html",
        {
            "d": data,
            "plan": plan,
            "printing": printing,
            "green_at": GREEN_AT,
            "red_below": RED_BELOW,
            "chart_data": data.chart_data,
            # The commune's PAPI scores for the newest year with figures (else the plan's year).
            "scores": cached_comparison(plan.unit, plan.year),
            "few_tasks": papi.FEW_TASKS,
            # A unit formed by the 2025 mergers reads its predecessors' plans and scores here.
            "predecessors": predecessors_of(plan.unit) if plan.merged else [],
            "can_carry": plan.merged and is_unit_manager(request.user, plan.unit_id),
        },
    )


urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
]
