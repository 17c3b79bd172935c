"""The plan overview: the commune's plan by section and content area, with its tasks.

For everyone who can see the commune (supervisors see the communes below theirs); the clerk's
tools on it (`tasks.views.editing`) are for the commune's clerk (`is_unit_manager`).
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from core.http import GET_ONLY
from plans.models import Plan, Role

from ..access import is_unit_manager
from ..overview import PlanTree


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _plan_from(request, params=None):
    """The plan a page is about: ?plan=<id> among the plans the user may see (else 404),
    or the latest (or ?year=) plan of the user's own unit; None if there is none."""
    params = request.GET if params is None else params
    plans = Plan.objects.for_user(request.user).select_related("unit")
    if params.get("plan"):
        pk = _int(params["plan"])
        if pk is None:
            raise Http404
        return get_object_or_404(plans, pk=pk)
    if request.user.unit_id is None:
        return None
    plans = plans.filter(unit_id=request.user.unit_id)
    if year := _int(params.get("year")):
        plans = plans.filter(year=year)
    return plans.order_by("-year").first()


def _managed_plan(request, params=None):
    # Only clerks manage plans: everyone else is refused before any lookup (403, whatever the id).
    if not (request.user.is_superuser or request.user.role == Role.CLERK):
        raise PermissionDenied
    plan = _plan_from(request, params)
    if plan is None:
        raise Http404
    if not is_unit_manager(request.user, plan.unit_id):
        raise PermissionDenied
    return plan


def overview_url(plan, anchor=""):
    url = f"{reverse('tasks:plan_overview')}?{urlencode({'plan': plan.pk})}"
    return f"{url}#{anchor}" if anchor else url


@login_required
@GET_ONLY
def plan_overview(request):
    """The commune's plan by section and content area, with counts per bucket and the tasks."""
    plan = _plan_from(request)
    context = {"plan": plan}
    if plan is None:
        context["requested_year"] = _int(request.GET.get("year"))
        context["can_upload"] = request.user.unit_id is not None and is_unit_manager(request.user, request.user.unit_id)
        return render(request, "tasks/clerk/plan_overview.html", context)
    tree = PlanTree(plan, request.user)
    context.update(
        tree=tree,
        nodes=tree.flat(),
        can_manage=is_unit_manager(request.user, plan.unit_id),
        years=Plan.objects.filter(unit_id=plan.unit_id).order_by("-year").values_list("pk", "year"),
    )
    return render(request, "tasks/clerk/plan_overview.html", context)


urlpatterns = [
    path("plan/", plan_overview, name="plan_overview"),
]
