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
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.models import ContentArea, User

from .. import evidence, services
from ..access import get_task_for_user
from ..forms import CommentForm, ConfirmForm, EvidenceForm, ProgressForm, ReturnForm
from ..models import DEADLINE_FIELDS, Bucket, Evidence, Task, TaskStatus

logger = logging.getLogger(__name__)

# Changes shown in the timeline: who leads, the deadline, the wording. Status and % are
# already there as progress reports; `version` and timestamps are bookkeeping.
AUDITED_FIELDS = [
    "code",
    "title",
    "text",
    "content_area",
    "lead",
    "lead_text",
    "cooperating_text",
    *DEADLINE_FIELDS,
    "expected_output",
    "remarks",
]
# Standalone uploads by one person this close together are one timeline entry.
EVIDENCE_BATCH_SECONDS = 60


def _page_queryset():
    """One query for the task and what the page header needs; two prefetches for the tags and people."""
    cooperating = User.objects.select_related("position").order_by("sort_name")
    return (
        Task.objects.with_bucket()
        .select_related("plan", "section", "content_area", "lead__position")
        .prefetch_related("sub_dimensions", Prefetch("cooperating", queryset=cooperating))
    )


def _get(request, pk, action="view", rich=False):
    queryset = _page_queryset() if rich else None
    task, access = get_task_for_user(request.user, pk, action, queryset=queryset)
    return task, access


# --- Timeline -------------------------------------------------------------------


@dataclass
class Entry:
    kind: str  # progress, confirmed, returned, comment, evidence, change, created
    when: datetime.datetime
    who: object
    update: object = None
    comment: object = None
    files: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # [(label, before, after)]
    reason: str = ""


def _format_value(name, value, people, areas):
    """A field's value as a person reads it (names, labels, dd/mm/yyyy)."""
    if value is None or value == "" or (isinstance(value, list | set | tuple) and not value):
        return "—"
    if name == "cooperating":
        ids = sorted(_m2m_ids(value), key=lambda pk: people[pk].sort_name if pk in people else "")
        return ", ".join(str(people.get(pk, pk)) for pk in ids)
    if name in ("lead", "deleted_by", "history_user"):
        return str(people.get(value, value))
    if name == "content_area":
        return str(areas.get(value, value))
    model_field = Task._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _m2m_ids(rows):
    """simple_history gives m2m values as [{"task": id, "user": id}]; a set of user ids."""
    return {row["user"] for row in rows} if isinstance(rows, list) else set(rows or ())


class _Lookups:
    """The people and areas named by history changes, fetched in one query each."""

    def __init__(self):
        self.user_ids, self.area_ids = set(), set()

    def note(self, name, *values):
        for value in values:
            if name == "cooperating":
                self.user_ids |= _m2m_ids(value)
            elif name in ("lead", "deleted_by") and value:
                self.user_ids.add(value)
            elif name == "content_area" and value:
                self.area_ids.add(value)

    def fetch(self):
        people = {u.pk: u for u in User.objects.filter(pk__in=self.user_ids)} if self.user_ids else {}
        areas = {a.pk: a for a in ContentArea.objects.filter(pk__in=self.area_ids)} if self.area_ids else {}
        return people, areas


def _history_entries(task):
    """Audit entries (assignment, deadline, wording), from the history: 2–4 queries in all."""
    # In the order they were written (ids), which is the order of the versions.
    records = list(task.history.select_related("history_user").order_by("history_id"))
    cooperating_history = Task.history.model._meta.get_field("historicaltask_cooperating").related_model
    cooperating = defaultdict(set)
    for history_id, user_id in cooperating_history.objects.filter(history__id=task.pk).values_list(
        "history_id", "user_id"
    ):
        cooperating[history_id].add(user_id)
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
    lookups, raw, previous = _Lookups(), [], None
    for group in groups:
        record = group[-1]
        who = group[0].history_user
        if previous is None:
            if group[0].history_type == "+":
                raw.append(Entry("created", group[0].history_date, who))
            previous = record
            continue
        delta = record.diff_against(previous, included_fields=AUDITED_FIELDS)
        changes = [(change.field, change.old, change.new) for change in delta.changes]
        if cooperating[previous.pk] != cooperating[record.pk]:
            changes.append(("cooperating", cooperating[previous.pk], cooperating[record.pk]))
        if changes:
            for name, old, new in changes:
                lookups.note(name, old, new)
            reason = next((r.history_change_reason for r in group if r.history_change_reason), "")
            raw.append(Entry("change", group[0].history_date, who, changes=changes, reason=reason))
        previous = record
    people, areas = lookups.fetch()
    for entry in raw:
        entry.changes = [
            (Task._meta.get_field(name).verbose_name, _format_value(name, old, people, areas),
             _format_value(name, new, people, areas))
            for name, old, new in entry.changes
        ]  # fmt: skip
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


# --- Conflicts ------------------------------------------------------------------


def _field_name(label):
    """StaleTaskError.changes names fields by their (translated) label; find the field again."""
    by_label = {str(f.verbose_name): f.name for f in Task._meta.get_fields() if hasattr(f, "verbose_name")}
    return by_label.get(str(label))


def describe_conflict(exc, loaded_version):
    """What changed since the user loaded the form: rows of (label, before, after) and who changed it."""
    current = exc.current
    lookups, rows = _Lookups(), []
    for label, old, new in exc.changes:
        name = _field_name(label)
        if name:
            lookups.note(name, old, new)
        rows.append((label, name, old, new))
    people, areas = lookups.fetch()
    changes = [
        (label, _format_value(name, old, people, areas), _format_value(name, new, people, areas))
        if name
        else (label, str(old), str(new))
        for label, name, old, new in rows
    ]
    records = current.history.filter(version__gt=loaded_version).select_related("history_user")
    editors, seen = [], set()
    for record in records.order_by("history_date"):
        if record.history_user_id not in seen:
            seen.add(record.history_user_id)
            editors.append((record.history_user, record.history_date))
    return {"changes": changes, "editors": editors}


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


def _conflict(request, pk, name, form, exc):
    """409: what changed meanwhile, the task as it is now, and the user's input kept in the form."""
    conflict = describe_conflict(exc, form.cleaned_data["version"])
    conflict["form"] = name
    return _render_page(request, pk, forms={name: form.keep_input(exc.current.version)}, conflict=conflict, status=409)


def _action_error(request, pk, name, form, exc):
    form.add_error(None, str(exc))
    return _render_page(request, pk, forms={name: form})


@login_required
@require_POST
def report_progress(request, pk):
    task, _access = _get(request, pk, "report")
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_page(request, pk, forms={"progress": form})
    data = form.cleaned_data
    try:
        with evidence.atomic_with_files():
            task, update = services.report_progress(
                task,
                by=request.user,
                status=data["status"],
                progress=data["progress"],
                note=data["note"],
                expected_version=data["version"],
            )
            if data["files"]:
                evidence.add_evidence(task, by=request.user, files=data["files"], update=update)
    except services.StaleTaskError as exc:
        return _conflict(request, pk, "progress", form, exc)
    except services.TaskActionError as exc:
        return _action_error(request, pk, "progress", form, exc)
    except ValidationError as exc:
        form.add_error("files", exc)
        return _render_page(request, pk, forms={"progress": form})
    if task.status == TaskStatus.AWAITING_CONFIRMATION:
        messages.success(request, _("Progress saved. The task was sent for confirmation."))
    else:
        messages.success(request, _("Progress saved."))
    return redirect("tasks:task_detail", pk=pk)


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
        services.add_comment(task, by=request.user, text=form.cleaned_data["text"])
    except services.TaskActionError as exc:
        return _action_error(request, pk, "comment", form, exc)
    messages.success(request, _("Comment added."))
    return redirect("tasks:task_detail", pk=pk)


def _review(request, pk, name, form_class, apply, success):
    """Confirm or return a reported task: the form, the service, and the same answers to a stale or
    refused action (input kept)."""
    task, _access = _get(request, pk, "review")
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_page(request, pk, forms={name: form})
    try:
        apply(task, form.cleaned_data)
    except services.StaleTaskError as exc:
        return _conflict(request, pk, name, form, exc)
    except services.TaskActionError as exc:
        return _action_error(request, pk, name, form, exc)
    messages.success(request, success)
    return redirect("tasks:task_detail", pk=pk)


@login_required
@require_POST
def confirm(request, pk):
    def apply(task, data):
        services.confirm(task, by=request.user, note=data["note"], expected_version=data["version"])

    return _review(request, pk, "confirm", ConfirmForm, apply, _("The task is confirmed done."))


@login_required
@require_POST
def return_task(request, pk):
    def apply(task, data):
        services.return_task(task, by=request.user, reason=data["reason"], expected_version=data["version"])

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
