"""The task summary table (Biểu tổng hợp nhiệm vụ): download, upload an edited one, preview, apply.

Who: the commune's clerk does everything; the chairman and vice-chairman may open the page and
download the table. Other roles get 403 before any lookup (as the clerk's tools do), another
commune's plan is 404.

The upload is a dry run (``read_appendix``); only a preview without errors and with changes stages
the file (``importing.staging.stage_upload``) and offers Confirm. The confirm step reads the
staged file again and applies it with the task versions and the digest of the changes the clerk
saw, both carried in a signed token: what is applied is what was shown, or nothing. If tasks
changed since the preview, the answer is 409: what changed on each (who, what, when) and the same
staged file previewed again against the tasks as they are now, to confirm or cancel.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from plans.models import Plan, Role
from tasks.access import is_unit_leader, is_unit_manager
from tasks.changes import describe_since
from tasks.models import Task

from .. import staging
from ..appendix.applying import apply_appendix
from ..appendix.common import AppendixError, StaleAppendixError
from ..appendix.reading import read_appendix
from ..appendix.workbook import write_appendix
from ..forms import AppendixConfirmForm, AppendixUploadForm

TOKEN_SALT = "reports.appendix.apply"  # noqa: S105 (a signing salt, not a secret)
READERS = (Role.CLERK, Role.CHAIRMAN, Role.VICE_CHAIRMAN)


def _plan_for(request, pk=None, *, write):
    """The plan the page is about, for reading (clerk, chairman, vice) or writing (clerk).

    ``pk`` (or ?plan=) among the plans the user may see, else 404; without one, the latest plan
    of the user's commune."""
    user = request.user
    if not (user.is_superuser or user.role in ((Role.CLERK,) if write else READERS)):
        raise PermissionDenied
    plans = Plan.objects.for_user(user).select_related("unit")
    pk = pk if pk is not None else request.GET.get("plan")
    if pk:
        try:
            plan = get_object_or_404(plans, pk=int(pk))
        except (TypeError, ValueError):
            raise Http404 from None
    else:
        plan = plans.filter(unit_id=user.unit_id).order_by("-year").first() if user.unit_id else None
        if plan is None:
            raise Http404
    allowed = is_unit_manager(user, plan.unit_id) or (not write and is_unit_leader(user, plan.unit_id))
    if not allowed:
        raise PermissionDenied
    return plan


def page_url(plan):
    return f"{reverse('importing:appendix')}?plan={plan.pk}"


def _page(request, plan, form=None, status=200):
    can_edit = is_unit_manager(request.user, plan.unit_id)
    context = {
        "plan": plan,
        "can_edit": can_edit,
        "form": form or (AppendixUploadForm() if can_edit else None),
        "plans": Plan.objects.filter(unit_id=plan.unit_id).order_by("-year").values_list("pk", "year"),
    }
    return render(request, "importing/appendix/index.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def appendix(request):
    """GET: the page (download; upload for the clerk). POST: an edited table → the preview."""
    if request.method != "POST":
        return _page(request, _plan_for(request, write=False))
    plan = _plan_for(request, write=True)
    form = AppendixUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, plan, form)
    upload = form.cleaned_data["file"]
    try:
        preview = read_appendix(upload, plan)
    except AppendixError as exc:
        form.add_error("file", str(exc))
        return _page(request, plan, form)
    staged = None
    if preview.ok and preview.changes:
        upload.seek(0)
        staged = staging.stage_upload(upload, user=request.user, unit=plan.unit, year=plan.year, replace=False)
    return _preview_page(request, plan, preview, upload.name, staged)


def _preview_page(request, plan, preview, filename, staged, *, stale=None, status=200):
    """The preview. With changes and no errors, Confirm carries ``staged`` (the staged file's token),
    the task versions and the digest of the changes shown. ``stale``: after a refused apply, the
    StaleAppendixError, whose tasks the page says what happened to (who, what, when)."""
    confirm_form = None
    if staged and preview.ok and preview.changes:
        token = signing.dumps(
            {"s": staged, "p": plan.pk, "v": preview.versions, "h": preview.fingerprint()},
            salt=TOKEN_SALT,
            compress=True,
        )
        confirm_form = AppendixConfirmForm(initial={"token": token})
    context = {"plan": plan, "preview": preview, "filename": filename, "confirm_form": confirm_form}
    if stale is not None:
        context.update(stale_codes=", ".join(stale.codes), conflicts=_conflicts(stale))
    return render(request, "importing/appendix/preview.html", context, status=status)


def _conflicts(stale):
    """Per task of a StaleAppendixError: the task (deleted ones too), what changed since the preview,
    who and when ([] for a task the first preview did not change)."""
    tasks = Task.all_objects.filter(pk__in=stale.seen).order_by("order", "code", "pk")
    return [
        {"task": task, **(describe_since(task, stale.seen[task.pk]) if stale.seen[task.pk] else {})} for task in tasks
    ]


@login_required
@require_http_methods(["GET", "HEAD"])
def appendix_download(request):
    plan = _plan_for(request, write=False)
    buffer = io.BytesIO()
    write_appendix(buffer, plan)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"bieu-tong-hop-nhiem-vu-{plan.year}.xlsx")


def _read_token(request):
    """(plan, staged-file payload, token payload), or None if the token is forged, expired or foreign."""
    try:
        token = signing.loads(request.POST.get("token", ""), salt=TOKEN_SALT, max_age=staging.UPLOAD_MAX_AGE)
    except signing.BadSignature:
        return None
    plan = Plan.objects.for_user(request.user).select_related("unit").filter(pk=token.get("p")).first()
    if plan is None or not is_unit_manager(request.user, plan.unit_id):
        return None
    staged = staging.read_staged(token.get("s", ""), user=request.user, unit=plan.unit)
    if staged is None or staged.get("y") != plan.year:
        return None
    return plan, staged, token


@login_required
@require_POST
def appendix_apply(request):
    """Confirm (apply the staged table) or cancel (forget it); the staged file goes either way, but
    for a table refused because tasks changed since its preview: that comes back as a new preview."""
    if not (request.user.is_superuser or request.user.role == Role.CLERK):
        raise PermissionDenied
    found = _read_token(request)
    if found is None:
        messages.error(request, _("The preview has expired; please upload the file again."))
        return redirect("importing:appendix")
    plan, staged, token = found
    keep = False  # the staged file, for a new preview after someone else's change
    try:
        if "cancel" in request.POST:
            messages.info(request, _("The table was not applied; nothing was changed."))
            return redirect(page_url(plan))
        with default_storage.open(staged["f"], "rb") as file:
            preview = read_appendix(file, plan)  # against the tasks as they are now
        tasks = apply_appendix(preview, by=request.user, versions=token["v"], fingerprint=token["h"])
    except StaleAppendixError as exc:
        # 409 with what changed, and the same file checked again: confirming it applies it knowingly.
        keep = preview.ok and bool(preview.changes)
        return _preview_page(request, plan, preview, staged["n"], token["s"], stale=exc, status=409)
    except AppendixError as exc:
        messages.error(request, str(exc))
        return redirect(page_url(plan))
    finally:
        if not keep:
            staging.discard_staged(staged)
    messages.success(
        request,
        ngettext(
            "The table was applied: %(count)s task was updated.",
            "The table was applied: %(count)s tasks were updated.",
            len(tasks),
        )
        % {"count": len(tasks)},
    )
    return redirect(page_url(plan))


urlpatterns = [
    path("appendix/", appendix, name="appendix"),
    path("appendix/download/", appendix_download, name="appendix_download"),
    path("appendix/apply/", appendix_apply, name="appendix_apply"),
]
