"""The clerk's changes to a plan's tasks: assign, deadline, edit, delete, bulk assign, add a task.

For the commune's clerk only: other roles get 403 before any lookup, outsiders 404; a single
task is only ever fetched through `get_task_for_user(..., "manage")`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.http import GET_POST, next_or
from core.versioned import submit_versioned
from plans.models import Plan

from ..access import get_task_for_user
from ..changes import describe_conflict
from ..forms.assignment import AssignForm, BulkAssignForm, DelegateForm
from ..forms.editing import AddTaskForm, DeadlineForm, DeleteForm, TaskEditForm
from ..models import Task
from ..services import assignment, carrying, editing, versions
from .overview import _managed_plan, overview_url

# --- One task: assign, deadline, edit, delete ----------------------------------------


def _stale_task(exc, versions):
    """What changed on a task since the version the clerk saw (``versions``: {task id: version})."""
    return describe_conflict(exc.current, exc.changes, versions[exc.current.pk])


def _task_action(request, pk, form_class, template, apply, success, action="manage"):
    """GET shows the form; POST applies it (``core.versioned.submit_versioned``): a stale form is
    409 with what changed meanwhile and the input kept, a refused one comes back with its message."""
    task, _access = get_task_for_user(request.user, pk, action)

    def page(form, conflict=None, status=200):
        shown = form.task  # after a conflict: the task as it is now
        context = {"task": shown, "form": form, "plan": shown.plan, "next": next_or(request, ""), "conflict": conflict}
        context["task_overview_url"] = overview_url(shown.plan, f"task-{shown.pk}")
        return render(request, template, context, status=status)

    def done(result):
        messages.success(request, success(result))
        return redirect(next_or(request, overview_url(task.plan, f"task-{task.pk}")))

    if request.method != "POST":
        return page(form_class(task=task))
    return submit_versioned(
        form_class(request.POST, task=task), lambda data: apply(task, data), page=page, success=done,
        stale=versions.StaleTaskError, refused=versions.TaskActionError,
        describe=lambda exc, data: _stale_task(exc, {exc.current.pk: data["version"]}),
    )  # fmt: skip


@login_required
@GET_POST
def task_assign(request, pk):
    def apply(task, data):
        lead, cooperating = form_parties(data)
        return assignment.assign(
            task, by=request.user, lead=lead, cooperating=cooperating, expected_version=data["version"]
        )

    def form_parties(data):
        return data.get("lead_department") or data["lead"], [
            *data["cooperating"], *data.get("cooperating_departments", [])
        ]  # fmt: skip

    return _task_action(
        request, pk, AssignForm, "tasks/clerk/task_assign.html", apply,
        lambda task: _("The officials of task %(code)s were saved.") % {"code": task.code},
    )  # fmt: skip


@login_required
@GET_POST
def task_delegate(request, pk):
    """The lead department's head (or the clerk) gives the task to members of the department."""

    def apply(task, data):
        return assignment.delegate(task, by=request.user, people=list(data["people"]), expected_version=data["version"])

    return _task_action(
        request, pk, DelegateForm, "tasks/clerk/task_delegate.html", apply,
        lambda task: _("Task %(code)s was delegated.") % {"code": task.code}, action="delegate",
    )  # fmt: skip


@login_required
@GET_POST
def task_deadline(request, pk):
    def apply(task, data):
        return editing.change_deadline(
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
        return editing.edit_task(
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
        return editing.soft_delete(task, by=request.user, reason=data["reason"], expected_version=data["version"])

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
        .select_related("lead", "lead_department")
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
            return assignment.bulk_assign(
                items, by=request.user, lead=form.chosen_lead(), cooperating=list(data["cooperating"]),
                cooperating_mode=data["cooperating_mode"],
            )  # fmt: skip
        except versions.StaleTaskError:
            raise
        except versions.TaskActionError as exc:
            raise versions.TaskActionError(_("Nothing was saved: %(reason)s") % {"reason": exc}) from exc

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
        form, apply, page=page, success=done, stale=versions.StaleTaskError, refused=versions.TaskActionError,
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
                task = editing.add_task(
                    plan, by=request.user, code=data["code"], title=data["title"], text=data["text"],
                    deadline=data["deadline"], content_area=data["content_area"],
                    sub_dimensions=data["sub_dimensions"], lead=data["lead"], cooperating=list(data["cooperating"]),
                    expected_output=data["expected_output"],
                )  # fmt: skip
            except versions.TaskActionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Task %(code)s was added.") % {"code": task.code})
                return redirect(overview_url(plan, f"task-{task.pk}"))
    else:
        form = AddTaskForm(plan=plan, initial={"code": editing.next_ad_hoc_code(plan)})
    return render(
        request, "tasks/clerk/task_add.html", {"plan": plan, "form": form, "overview_url": overview_url(plan)}
    )


@login_required
@GET_POST
def carry_over(request):
    """The clerk carries a merged unit's open tasks (``?from=`` its plan) into their plan (``?plan=``)."""
    target = _managed_plan(request)
    try:
        source = get_object_or_404(
            Plan.objects.for_user(request.user).select_related("unit"), pk=int(request.GET["from"])
        )
    except (KeyError, ValueError):
        raise Http404 from None
    if source.unit.succeeded_by_id != target.unit_id:
        raise Http404
    if request.method == "POST":
        made = carrying.carry_open_tasks(source, target, by=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s open task of %(unit)s was carried into this plan.",
                "%(count)s open tasks of %(unit)s were carried into this plan.",
                len(made),
            )
            % {"count": len(made), "unit": source.unit},
        )
        return redirect(overview_url(target))
    tasks = list(carrying.carriable(source, target).select_related("lead", "lead_department"))
    return render(request, "tasks/clerk/carry_over.html", {"source": source, "plan": target, "tasks": tasks})


urlpatterns = [
    path("plan/assign/", bulk_assign, name="bulk_assign"),
    path("plan/add/", task_add, name="task_add"),
    path("plan/carry/", carry_over, name="carry_over"),
    path("<int:pk>/assign/", task_assign, name="task_assign"),
    path("<int:pk>/delegate/", task_delegate, name="task_delegate"),
    path("<int:pk>/deadline/", task_deadline, name="task_deadline"),
    path("<int:pk>/edit/", task_edit, name="task_edit"),
    path("<int:pk>/delete/", task_delete, name="task_delete"),
]
