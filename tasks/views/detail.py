"""The task page: the plan item, its people and deadline, one timeline, and the allowed actions.

Every task is fetched through `tasks.access.get_task_for_user` (outsiders 404, wrong action
403). Forms post to their own URLs and redirect back on success (POST/redirect/GET); on an
error or a conflict (`StaleTaskError`) the page is rendered again with the typed input kept.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.http.response import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.versioned import submit_versioned
from plans.models import User

from .. import evidence
from ..access import get_task_for_user
from ..changes import Lookups, describe_conflict, format_value
from ..forms.progress import CommentForm, ConfirmForm, EvidenceForm, ProgressForm, ReturnForm
from ..models import DEADLINE_FIELDS, Bucket, Evidence, Task, TaskOrigin, TaskStatus
from ..services import versions, workflow

logger = logging.getLogger(__name__)

# Changes shown in the timeline: who leads, the deadline, the wording. Status and % are
# already there as progress reports; `version` and timestamps are bookkeeping.
AUDITED_FIELDS = [
    "code",
    "title",
    "text",
    "content_area",
    "lead",
    "lead_department",
    "lead_text",
    "cooperating_text",
    *DEADLINE_FIELDS,
    "expected_output",
    "remarks",
]
# Standalone uploads by one person this close together are one timeline entry.
EVIDENCE_BATCH_SECONDS = 60


def _page_queryset():
    """One query for the task and what the page header needs; prefetches for the tags, people and departments."""
    cooperating = User.objects.select_related("position").order_by("sort_name")
    return (
        Task.objects.with_bucket()
        .select_related("plan", "section", "content_area", "lead__position", "lead_department__head")
        .prefetch_related("sub_dimensions", Prefetch("cooperating", queryset=cooperating), "cooperating_departments")
    )


def _get(request, pk, action="view", rich=False):
    queryset = _page_queryset() if rich else None
    task, access = get_task_for_user(request.user, pk, action, queryset=queryset)
    return task, access


# --- Timeline -------------------------------------------------------------------


@dataclass
class Entry:
    kind: str  # progress, confirmed, returned, comment, evidence, change, created, imported
    when: datetime.datetime
    who: object
    update: object = None
    comment: object = None
    files: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # [(label, before, after)]
    reason: str = ""
    plan: str = ""  # imported: the plan's number, else its title
    by_operator: bool = False  # imported at the server's command line, by no one signed in


def _creation(task, record):
    """The first entry: the import of the plan the task came from, or the clerk adding it."""
    plan = task.plan
    if task.origin == TaskOrigin.AD_HOC or plan.imported_at is None:
        return Entry("created", record.history_date, record.history_user)
    return Entry(
        "imported",
        record.history_date,
        record.history_user,
        plan=plan.number or plan.title,
        by_operator=record.history_user_id is None,
    )


# The many-to-many links whose changes the timeline shows: (field, the column naming the other side).
M2M_AUDITED = [("cooperating", "user_id"), ("cooperating_departments", "department_id"), ("delegates", "user_id")]


def _m2m_history(task, name, column):
    """{history record id: the ids linked then} for one many-to-many field (one query)."""
    model = Task.history.model._meta.get_field(f"historicaltask_{name}").related_model
    linked = defaultdict(set)
    for history_id, other_id in model.objects.filter(history__id=task.pk).values_list("history_id", column):
        linked[history_id].add(other_id)
    return linked


def _history_entries(task):
    """Audit entries (assignment, deadline, wording), from the history: 4–6 queries in all."""
    # In the order they were written (ids), which is the order of the versions.
    records = list(task.history.select_related("history_user").order_by("history_id"))
    links = {name: _m2m_history(task, name, column) for name, column in M2M_AUDITED}
    # One save plus the m2m signals it sets off leave several records: one entry per (version, person).
    groups = []
    for record in records:
        if groups and (groups[-1][-1].version, groups[-1][-1].history_user_id) == (
            record.version,
            record.history_user_id,
        ):
            groups[-1].append(record)
        else:
            groups.append([record])
    lookups, raw, previous = Lookups(), [], None
    for group in groups:
        record = group[-1]
        who = group[0].history_user
        if previous is None:
            if group[0].history_type == "+":
                raw.append(_creation(task, group[0]))
            previous = record
            continue
        delta = record.diff_against(previous, included_fields=AUDITED_FIELDS)
        changes = [(change.field, change.old, change.new) for change in delta.changes]
        for name, _column in M2M_AUDITED:
            if links[name][previous.pk] != links[name][record.pk]:
                changes.append((name, links[name][previous.pk], links[name][record.pk]))
        if changes:
            for name, old, new in changes:
                lookups.note(name, old, new)
            reason = next((r.history_change_reason for r in group if r.history_change_reason), "")
            raw.append(Entry("change", group[0].history_date, who, changes=changes, reason=reason))
        previous = record
    named = lookups.fetch()  # people, areas, departments
    for entry in raw:
        entry.changes = [
            (Task._meta.get_field(name).verbose_name, format_value(name, old, *named), format_value(name, new, *named))
            for name, old, new in entry.changes
        ]
    return raw


def build_timeline(task):
    """Progress reports (with their files), reviews, comments, uploads and audit changes, newest first.

    A constant number of queries however long the history: updates, evidence, comments,
    history records, their cooperating rows, and the people/areas the changes name.
    """
    entries = []
    files_by_update = defaultdict(list)
    loose = []
    for item in task.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk"):
        (files_by_update[item.update_id] if item.update_id else loose).append(item)
    for update in task.updates.select_related("author").order_by("created_at", "pk"):
        entries.append(Entry(update.kind, update.created_at, update.author, update=update))
        entries[-1].files = files_by_update.pop(update.pk, [])
    loose.extend(item for items in files_by_update.values() for item in items)
    loose.sort(key=lambda item: (item.uploaded_at, item.pk))
    for item in loose:
        last = entries[-1] if entries and entries[-1].kind == "evidence" else None
        same_batch = (
            last is not None
            and last.files[-1].uploaded_by_id == item.uploaded_by_id
            and (item.uploaded_at - last.files[-1].uploaded_at).total_seconds() <= EVIDENCE_BATCH_SECONDS
        )
        if same_batch:
            last.files.append(item)
        else:
            entries.append(Entry("evidence", item.uploaded_at, item.uploaded_by, files=[item]))
    for comment in task.comments.select_related("author").order_by("created_at", "pk"):
        entries.append(Entry("comment", comment.created_at, comment.author, comment=comment))
    entries.extend(_history_entries(task))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


# --- Page -----------------------------------------------------------------------


def _render_page(request, pk, *, forms=None, conflict=None, status=200):
    """The task page as it is now, with any bound forms (typed input, errors) in place of fresh ones."""
    task, access = _get(request, pk, rich=True)
    task.bucket = Bucket(task.bucket)
    forms = forms or {}
    awaiting = task.status == TaskStatus.AWAITING_CONFIRMATION
    can_report = access.report and task.status != TaskStatus.DONE
    context = {
        "task": task,
        "access": access,
        "timeline": build_timeline(task),
        "progress_form": forms.get("progress") or (ProgressForm.for_task(task) if can_report else None),
        "evidence_form": forms.get("evidence")
        or (EvidenceForm(initial={"version": task.version}) if access.comment or access.report else None),
        "comment_form": forms.get("comment")
        or (CommentForm(initial={"version": task.version}) if access.comment else None),
        "confirm_form": forms.get("confirm")
        or (ConfirmForm(initial={"version": task.version}) if access.review and awaiting else None),
        "return_form": forms.get("return")
        or (ReturnForm(initial={"version": task.version}) if access.review and awaiting else None),
        "conflict": conflict,
        # Browsers cannot send chosen files back: say so when a form with files comes back.
        "files_dropped": bool(request.FILES),
    }
    return render(request, "tasks/task_detail.html", context, status=status)


@login_required
def task_detail(request, pk):
    return _render_page(request, pk)


def _submit(request, pk, name, form, apply, success):
    """A versioned form of the task page, through ``core.versioned.submit_versioned``: errors and
    refusals come back on the page; a stale form is 409 with what changed meanwhile, the task as it
    is now and the input kept; ``success(result)`` is the message before the redirect."""

    def page(form, conflict=None, status=200):
        if conflict is not None:
            conflict["form"] = name
        return _render_page(request, pk, forms={name: form}, conflict=conflict, status=status)

    def done(result):
        messages.success(request, success(result))
        return redirect("tasks:task_detail", pk=pk)

    return submit_versioned(
        form, apply, page=page, success=done, stale=versions.StaleTaskError, refused=versions.TaskActionError,
        describe=lambda exc, data: describe_conflict(exc.current, exc.changes, data["version"]),
    )  # fmt: skip


def _action_error(request, pk, name, form, exc):
    form.add_error(None, str(exc))
    return _render_page(request, pk, forms={name: form})


@login_required
@require_POST
def report_progress(request, pk):
    task, _access = _get(request, pk, "report")

    def apply(data):
        with evidence.atomic_with_files():
            saved, update = workflow.report_progress(
                task, by=request.user, status=data["status"], progress=data["progress"], note=data["note"],
                expected_version=data["version"],
            )  # fmt: skip
            if data["files"]:
                try:
                    evidence.add_evidence(saved, by=request.user, files=data["files"], update=update)
                except ValidationError as exc:  # the form checked them; this is a file that changed since
                    raise versions.TaskActionError(" ".join(exc.messages)) from exc
        return saved

    def success(saved):
        if saved.status == TaskStatus.AWAITING_CONFIRMATION:
            return _("Progress saved. The task was sent for confirmation.")
        return _("Progress saved.")

    return _submit(request, pk, "progress", ProgressForm(request.POST, request.FILES), apply, success)


@login_required
@require_POST
def upload_evidence(request, pk):
    task, access = _get(request, pk)
    if not (access.comment or access.report):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_page(request, pk, forms={"evidence": form})
    try:
        with evidence.atomic_with_files():
            saved = evidence.add_evidence(task, by=request.user, files=form.cleaned_data["files"])
    except ValidationError as exc:
        form.add_error("files", exc)
        return _render_page(request, pk, forms={"evidence": form})
    messages.success(request, _("%(count)d file(s) added.") % {"count": len(saved)})
    return redirect("tasks:task_detail", pk=pk)


@login_required
@require_POST
def comment(request, pk):
    task, _access = _get(request, pk, "comment")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_page(request, pk, forms={"comment": form})
    # A comment never overwrites anything, so it is kept even if the task changed meanwhile.
    try:
        workflow.add_comment(task, by=request.user, text=form.cleaned_data["text"])
    except versions.TaskActionError as exc:
        return _action_error(request, pk, "comment", form, exc)
    messages.success(request, _("Comment added."))
    return redirect("tasks:task_detail", pk=pk)


def _review(request, pk, name, form_class, apply, success):
    """Confirm or return a reported task (``_submit``)."""
    task, _access = _get(request, pk, "review")
    return _submit(request, pk, name, form_class(request.POST), lambda data: apply(task, data), lambda _done: success)


@login_required
@require_POST
def confirm(request, pk):
    def apply(task, data):
        workflow.confirm(task, by=request.user, note=data["note"], expected_version=data["version"])

    return _review(request, pk, "confirm", ConfirmForm, apply, _("The task is confirmed done."))


@login_required
@require_POST
def return_task(request, pk):
    def apply(task, data):
        workflow.return_task(task, by=request.user, reason=data["reason"], expected_version=data["version"])

    return _review(request, pk, "return", ReturnForm, apply, _("The task was returned to the official."))


@login_required
def download_evidence(request, pk):
    """An evidence file, only for people who can see its task; always a download, never shown inline."""
    item = get_object_or_404(Evidence.objects.filter(task__in=Task.objects.for_user(request.user)), pk=pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError):
        logger.error("Evidence %s: file %s is missing", item.pk, item.file.name)
        raise Http404 from None
    extension = "." + item.file.name.rsplit(".", 1)[-1] if "." in item.file.name else ""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.download_name(item.original_name, extension),
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser ever render it anyway: no scripts, no requests, no framing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, max_age=3600)
    return response


urlpatterns = [
    path("<int:pk>/", task_detail, name="task_detail"),
    path("<int:pk>/progress/", report_progress, name="task_progress"),
    path("<int:pk>/evidence/", upload_evidence, name="task_evidence"),
    path("<int:pk>/comment/", comment, name="task_comment"),
    path("<int:pk>/confirm/", confirm, name="task_confirm"),
    path("<int:pk>/return/", return_task, name="task_return"),
    path("evidence/<int:pk>/", download_evidence, name="evidence_download"),
]
