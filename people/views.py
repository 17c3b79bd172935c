"""The clerk's people, positions and departments screens: who works in the commune, their accounts,
the shared list of positions, and the commune's departments with their heads.

The models stay in ``plans`` (the custom user model is not worth a swap migration); every change
of a person's access goes through ``accounts.services`` (the privilege model). This app sits after
``tasks`` because the list shows the tasks each person leads.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import services as account_services
from accounts.models import SecurityEvent
from accounts.services import Refused
from core.http import GET_ONLY, GET_POST
from plans.models import Department, Position, User
from tasks.access import managed_unit
from tasks.models import Task, TaskStatus
from tasks.overview import task_list_url
from tasks.services.assignment import ASSIGNABLE_ROLES

from . import services
from .forms import DepartmentForm, OfficialForm, PositionForm

TEMP_PASSWORD_KEY = "clerk_temporary_password"  # noqa: S105 (a session key, not a password)


@login_required
@GET_ONLY
def officials(request):
    """The commune's people by given name, with the tasks each leads (one query)."""
    unit = managed_unit(request)
    alive = Q(led_tasks__deleted_at__isnull=True)
    people = (
        User.objects.filter(unit=unit)
        .select_related("position")
        .annotate(
            led=Count("led_tasks", filter=alive),
            led_open=Count("led_tasks", filter=alive & ~Q(led_tasks__status=TaskStatus.DONE)),
        )
        .order_by("-is_active", "sort_name", "pk")
    )
    people = list(people)
    for person in people:
        person.led_url = task_list_url(lead=person.pk)
    temporary = request.session.pop(TEMP_PASSWORD_KEY, None)
    return render(request, "people/officials.html", {"unit": unit, "people": people, "temporary": temporary})


@login_required
@GET_POST
def official_edit(request, pk=None):
    """Add or edit a person; every change goes through accounts.services (the privilege model)."""
    unit = managed_unit(request)
    person = get_object_or_404(User.objects.filter(unit=unit), pk=pk) if pk is not None else User(unit=unit)
    form = OfficialForm(request.POST or None, instance=person, unit=unit, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person, temporary = _save_official(request, form, person)
        except Refused as refused:
            messages.error(request, str(refused.args[0]))
            return redirect("people:officials")
        emailed = form.cleaned_data.get("password_action") == OfficialForm.PASSWORD_EMAIL
        if emailed and services.send_password_link(person, request):
            messages.info(request, _("A link to set a password was e-mailed to %(email)s.") % {"email": person.email})
        if temporary:
            request.session[TEMP_PASSWORD_KEY] = {"name": str(person), "username": person.username, "pw": temporary}
        messages.success(request, _("%(name)s was saved.") % {"name": person})
        if pending := account_services.pending_email(person):
            messages.info(
                request,
                _("%(email)s becomes %(name)s's address when they confirm it from there.")
                % {"email": pending.new_email, "name": person},
            )
        _warn_if_still_leading(request, person)
        return redirect("people:officials")
    context = {"form": form, "person": person, "unit": unit}
    if person.pk:
        context["pending_email"] = account_services.pending_email(person)
    return render(request, "people/official_form.html", context)


def _save_official(request, form, person):
    """Create or change the person, then their password; returns (person, temporary password)."""
    by, via = request.user, SecurityEvent.Via.PORTAL
    action = form.cleaned_data.get("password_action", OfficialForm.PASSWORD_KEEP)
    temporary = account_services.temporary_password() if action == OfficialForm.PASSWORD_GENERATE else None
    raw = form.cleaned_data["password"] if action == OfficialForm.PASSWORD_SET else temporary
    if person.pk is None:
        person = form.save(commit=False)
        person.unit = form.unit
        return account_services.create_account(by, person, password=raw, via=via, request=request), temporary
    account_services.record_tampering(by, person, request.POST, form.locked, via=via, request=request)
    # Each call checks and records on its own: a refusal stays in the audit list.
    account_services.change_account(by, person, form.account_changes(), via=via, request=request)
    if raw:
        account_services.set_password(by, person, raw, via=via, request=request)
    person.refresh_from_db()
    return person, temporary


def _warn_if_still_leading(request, person):
    unassignable = not person.is_active or person.role not in ASSIGNABLE_ROLES
    if unassignable and (still := Task.objects.filter(lead=person).open().count()):
        messages.warning(
            request,
            ngettext(
                "%(name)s still leads %(count)s open task; assign it to someone else.",
                "%(name)s still leads %(count)s open tasks; assign them to someone else.",
                still,
            )
            % {"name": person, "count": still},
        )


def _require_position_editor(user):
    """Positions are shared by every commune: the clerks (of any commune) and superusers edit them."""
    if not (user.is_superuser or user.is_clerk):
        raise PermissionDenied


@login_required
@GET_ONLY
def positions(request):
    _require_position_editor(request.user)
    rows = Position.objects.annotate(people_count=Count("people")).order_by("order", "name")
    return render(request, "people/positions.html", {"positions": rows})


@login_required
@GET_POST
def position_edit(request, pk=None):
    _require_position_editor(request.user)
    position = get_object_or_404(Position, pk=pk) if pk is not None else Position()
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The position %(name)s was saved.") % {"name": form.instance})
        return redirect("people:positions")
    return render(request, "people/position_form.html", {"form": form, "position": position})


@login_required
@GET_ONLY
def departments(request):
    """The commune's departments with their head, members and the tasks each leads."""
    unit = managed_unit(request)
    rows = (
        Department.objects.filter(unit=unit)
        .select_related("head")
        .annotate(
            member_count=Count("members", filter=Q(members__is_active=True), distinct=True),
            led_open=Count(
                "led_tasks",
                filter=Q(led_tasks__deleted_at__isnull=True) & ~Q(led_tasks__status=TaskStatus.DONE),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    return render(request, "people/departments.html", {"unit": unit, "departments": rows})


@login_required
@GET_POST
def department_edit(request, pk=None):
    unit = managed_unit(request)
    department = get_object_or_404(Department.objects.filter(unit=unit), pk=pk) if pk is not None else Department()
    form = DepartmentForm(request.POST or None, instance=department, unit=unit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The department %(name)s was saved.") % {"name": form.instance})
        return redirect("people:departments")
    return render(request, "people/department_form.html", {"form": form, "department": department})
