"""The clerk's tools: the plan overview, assigning, deadlines, edits, ad-hoc tasks, people, plan upload.

Who may do what (see tasks.access): the plan overview is for everyone who can see the
commune (supervisors see the communes below theirs); everything else is for the
commune's clerk (`is_unit_manager`). Outsiders get 404, other roles 403. A single task
is only ever fetched through `get_task_for_user(..., "manage")`.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts import services as account_services
from accounts.models import SecurityEvent
from accounts.services import Refused
from core.versioned import submit_versioned
from plans.models import Plan, Position, Role, User

from .. import services, services_clerk
from ..access import get_task_for_user, is_unit_manager
from ..changes import describe_conflict
from ..forms_clerk import (
    AddTaskForm,
    AssignForm,
    BulkAssignForm,
    DeadlineForm,
    DeleteForm,
    OfficialForm,
    PlanConfirmForm,
    PlanUploadForm,
    PositionForm,
    TaskEditForm,
)
from ..importing import PlanImportError, import_plan
from ..models import Task, TaskStatus
from ..overview import PlanTree, task_list_url

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
GET_ONLY = require_http_methods(["GET", "HEAD"])


# --- Helpers --------------------------------------------------------------------------


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


def _managed_unit(request):
    """The commune the user is the clerk of: 404 without a unit, 403 for other roles."""
    user = request.user
    if user.unit_id is None:
        raise Http404
    if not is_unit_manager(user, user.unit_id):
        raise PermissionDenied
    return user.unit


def overview_url(plan, anchor=""):
    url = f"{reverse('tasks:plan_overview')}?{urlencode({'plan': plan.pk})}"
    return f"{url}#{anchor}" if anchor else url


def _next_or(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


# --- Plan overview ----------------------------------------------------------------------


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


# --- One task: assign, deadline, edit, delete ----------------------------------------


def _stale_task(exc, versions):
    """What changed on a task since the version the clerk saw (``versions``: {task id: version})."""
    return describe_conflict(exc.current, exc.changes, versions[exc.current.pk])


def _task_action(request, pk, form_class, template, apply, success):
    """GET shows the form; POST applies it (``core.versioned.submit_versioned``): a stale form is
    409 with what changed meanwhile and the input kept, a refused one comes back with its message."""
    task, _access = get_task_for_user(request.user, pk, "manage")

    def page(form, conflict=None, status=200):
        shown = form.task  # after a conflict: the task as it is now
        context = {"task": shown, "form": form, "plan": shown.plan, "next": _next_or(request, ""), "conflict": conflict}
        context["task_overview_url"] = overview_url(shown.plan, f"task-{shown.pk}")
        return render(request, template, context, status=status)

    def done(result):
        messages.success(request, success(result))
        return redirect(_next_or(request, overview_url(task.plan, f"task-{task.pk}")))

    if request.method != "POST":
        return page(form_class(task=task))
    return submit_versioned(
        form_class(request.POST, task=task), lambda data: apply(task, data), page=page, success=done,
        stale=services.StaleTaskError, refused=services.TaskActionError,
        describe=lambda exc, data: _stale_task(exc, {exc.current.pk: data["version"]}),
    )  # fmt: skip


@login_required
@GET_POST
def task_assign(request, pk):
    def apply(task, data):
        return services.assign(
            task, by=request.user, lead=data["lead"], cooperating=list(data["cooperating"]),
            expected_version=data["version"],
        )  # fmt: skip

    return _task_action(
        request, pk, AssignForm, "tasks/clerk/task_assign.html", apply,
        lambda task: _("The officials of task %(code)s were saved.") % {"code": task.code},
    )  # fmt: skip


@login_required
@GET_POST
def task_deadline(request, pk):
    def apply(task, data):
        return services.change_deadline(
            task, by=request.user, deadline=data["deadline"], reason=data["reason"],
            expected_version=data["version"],
        )  # fmt: skip

    return _task_action(
        request, pk, DeadlineForm, "tasks/clerk/task_deadline.html", apply,
        lambda task: _("The deadline of task %(code)s is now %(deadline)s.")
        % {"code": task.code, "deadline": task.deadline_display or task.get_deadline_kind_display()},
    )  # fmt: skip


@login_required
@GET_POST
def task_edit(request, pk):
    def apply(task, data):
        return services_clerk.edit_task(
            task, by=request.user, title=data["title"], expected_output=data["expected_output"],
            reason=data["reason"], expected_version=data["version"],
        )  # fmt: skip

    def success(result):
        task, changed = result
        if not changed:
            return _("Nothing to save: task %(code)s is unchanged.") % {"code": task.code}
        return _("Task %(code)s was saved.") % {"code": task.code}

    return _task_action(request, pk, TaskEditForm, "tasks/clerk/task_edit.html", apply, success)


@login_required
@GET_POST
def task_delete(request, pk):
    def apply(task, data):
        return services.soft_delete(task, by=request.user, reason=data["reason"], expected_version=data["version"])

    return _task_action(
        request, pk, DeleteForm, "tasks/clerk/task_delete.html", apply,
        lambda task: _("Task %(code)s was deleted; its record and history are kept.") % {"code": task.code},
    )  # fmt: skip


# --- Several tasks at once; adding a task ---------------------------------------------


@login_required
@GET_POST
def bulk_assign(request):
    """Give several tasks the same lead and/or cooperating officials: all or nothing."""
    plan = _managed_plan(request, request.POST if request.method == "POST" else request.GET)
    tasks = (
        Task.objects.for_user(request.user)
        .filter(plan=plan)
        .select_related("lead")
        .prefetch_related("cooperating")
        .order_by("order", "pk")
    )

    def page(form, conflict=None, status=200):
        if conflict is not None:
            form.add_error(
                None,
                _(
                    "Nothing was saved: task %(code)s was changed by someone else meanwhile. "
                    "Check the selection and send again."
                )
                % {"code": conflict["task"].code},
            )
        context = {"plan": plan, "form": form, "tasks": tasks, "overview_url": overview_url(plan)}
        context.update(selected={str(v) for v in (form["tasks"].value() or [])}, conflict=conflict)
        context["stale_task"] = conflict["task"] if conflict else None
        return render(request, "tasks/clerk/bulk_assign.html", context, status=status)

    def apply(data):
        items = [(task, data["versions"][task.pk]) for task in data["tasks"]]
        try:
            return services_clerk.bulk_assign(
                items, by=request.user, lead=form.chosen_lead(), cooperating=list(data["cooperating"]),
                cooperating_mode=data["cooperating_mode"],
            )  # fmt: skip
        except services.StaleTaskError:
            raise
        except services.TaskActionError as exc:
            raise services.TaskActionError(_("Nothing was saved: %(reason)s") % {"reason": exc}) from exc

    def done(results):
        changed = [task.code for task, was_changed in results if was_changed]
        if changed:
            messages.success(
                request,
                ngettext("%(count)s task changed: %(codes)s.", "%(count)s tasks changed: %(codes)s.", len(changed))
                % {"count": len(changed), "codes": ", ".join(changed)},
            )
        if len(changed) < len(results):
            messages.info(request, _("The other selected tasks already had these officials."))
        return redirect(overview_url(plan))

    def describe(exc, data):
        return {**_stale_task(exc, data["versions"]), "task": exc.current}

    if request.method != "POST":
        return page(BulkAssignForm(initial={"tasks": request.GET.getlist("task")}, plan=plan, tasks=tasks))
    form = BulkAssignForm(request.POST, plan=plan, tasks=tasks)
    return submit_versioned(
        form, apply, page=page, success=done, stale=services.StaleTaskError, refused=services.TaskActionError,
        describe=describe,
    )  # fmt: skip


@login_required
@GET_POST
def task_add(request):
    """Add a task the plan text does not hold, e.g. a row of an appendix."""
    plan = _managed_plan(request, request.POST if request.method == "POST" else request.GET)
    if request.method == "POST":
        form = AddTaskForm(request.POST, plan=plan)
        if form.is_valid():
            data = form.cleaned_data
            try:
                task = services_clerk.add_task(
                    plan, by=request.user, code=data["code"], title=data["title"], text=data["text"],
                    deadline=data["deadline"], content_area=data["content_area"],
                    sub_dimensions=data["sub_dimensions"], lead=data["lead"], cooperating=list(data["cooperating"]),
                    expected_output=data["expected_output"],
                )  # fmt: skip
            except services.TaskActionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Task %(code)s was added.") % {"code": task.code})
                return redirect(overview_url(plan, f"task-{task.pk}"))
    else:
        form = AddTaskForm(plan=plan, initial={"code": services_clerk.next_ad_hoc_code(plan)})
    return render(
        request, "tasks/clerk/task_add.html", {"plan": plan, "form": form, "overview_url": overview_url(plan)}
    )


# --- Officials and positions --------------------------------------------------------------

TEMP_PASSWORD_KEY = "clerk_temporary_password"  # noqa: S105 (a session key, not a password)


@login_required
@GET_ONLY
def officials(request):
    """The commune's people by given name, with the tasks each leads (one query)."""
    unit = _managed_unit(request)
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
    return render(request, "tasks/clerk/officials.html", {"unit": unit, "people": people, "temporary": temporary})


@login_required
@GET_POST
def official_edit(request, pk=None):
    """Add or edit a person; every change goes through accounts.services (the privilege model)."""
    unit = _managed_unit(request)
    person = get_object_or_404(User.objects.filter(unit=unit), pk=pk) if pk is not None else User(unit=unit)
    form = OfficialForm(request.POST or None, instance=person, unit=unit, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person, temporary = _save_official(request, form, person)
        except Refused as refused:
            messages.error(request, str(refused.args[0]))
            return redirect("tasks:officials")
        emailed = form.cleaned_data.get("password_action") == OfficialForm.PASSWORD_EMAIL
        if emailed and services_clerk.send_password_link(person, request):
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
        return redirect("tasks:officials")
    context = {"form": form, "person": person, "unit": unit}
    if person.pk:
        context["pending_email"] = account_services.pending_email(person)
    return render(request, "tasks/clerk/official_form.html", context)


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
    unassignable = not person.is_active or person.role not in services_clerk.ASSIGNABLE_ROLES
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
    return render(request, "tasks/clerk/positions.html", {"positions": rows})


@login_required
@GET_POST
def position_edit(request, pk=None):
    _require_position_editor(request.user)
    position = get_object_or_404(Position, pk=pk) if pk is not None else Position()
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The position %(name)s was saved.") % {"name": form.instance})
        return redirect("tasks:positions")
    return render(request, "tasks/clerk/position_form.html", {"form": form, "position": position})


# --- Plan upload -------------------------------------------------------------------------


@login_required
@GET_POST
def plan_upload(request):
    """Step 1: upload and preview (a dry run, nothing written). Step 2: confirm, import for real."""
    unit = _managed_unit(request)
    if request.method == "POST" and "token" in request.POST:
        return _confirm_upload(request, unit)
    form = PlanUploadForm(request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            report = import_plan(upload, unit=unit, year=data["year"], replace=data["replace"], dry_run=True)
        except PlanImportError as exc:
            form.add_error("file", str(exc))
        else:
            existing = Plan.objects.filter(unit=unit, year=data["year"]).first()
            if existing is not None and not data["replace"]:
                # The importer's own words, plus what to do in the browser.
                said = [w for w in report.warnings if w not in report.draft.warnings]
                form.add_error("replace", " ".join([*said, _("Tick the box to replace it.")]))
            else:
                upload.seek(0)
                token = services_clerk.stage_upload(
                    upload, user=request.user, unit=unit, year=data["year"], replace=data["replace"]
                )
                return render(
                    request,
                    "tasks/clerk/plan_preview.html",
                    {
                        "unit": unit,
                        "report": report,
                        "year": data["year"],
                        "replace": data["replace"],
                        "existing": existing,
                        "filename": upload.name,
                        "confirm_form": PlanConfirmForm(initial={"token": token}),
                    },
                )
    return render(request, "tasks/clerk/plan_upload.html", {"form": form, "unit": unit})


def _confirm_upload(request, unit):
    form = PlanConfirmForm(request.POST)
    payload = services_clerk.read_staged(form.data.get("token", ""), user=request.user, unit=unit)
    if payload is None:
        messages.error(request, _("The preview has expired; please upload the file again."))
        return redirect("tasks:plan_upload")
    if "cancel" in request.POST:
        services_clerk.discard_staged(payload)
        messages.info(request, _("The import was cancelled; nothing was saved."))
        return redirect("tasks:plan_upload")
    try:
        report = services_clerk.import_staged(payload, unit=unit)
    except PlanImportError as exc:
        messages.error(request, str(exc))
        return redirect("tasks:plan_upload")
    messages.success(
        request,
        _("The plan for %(year)s was imported: %(counts)s.") % {"year": payload["y"], "counts": report.counts_line()},
    )
    return redirect(overview_url(report.plan))


urlpatterns = [
    path("plan/", plan_overview, name="plan_overview"),
    path("plan/assign/", bulk_assign, name="bulk_assign"),
    path("plan/add/", task_add, name="task_add"),
    path("plan/upload/", plan_upload, name="plan_upload"),
    path("<int:pk>/assign/", task_assign, name="task_assign"),
    path("<int:pk>/deadline/", task_deadline, name="task_deadline"),
    path("<int:pk>/edit/", task_edit, name="task_edit"),
    path("<int:pk>/delete/", task_delete, name="task_delete"),
    path("officials/", officials, name="officials"),
    path("officials/add/", official_edit, name="official_add"),
    path("officials/<int:pk>/", official_edit, name="official_edit"),
    path("positions/", positions, name="positions"),
    path("positions/add/", position_edit, name="position_add"),
    path("positions/<int:pk>/", position_edit, name="position_edit"),
]
