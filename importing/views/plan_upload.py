"""The plan upload: a .docx or .txt plan previewed (a dry run, nothing written), then imported.

For the commune's clerk only (`tasks.access.managed_unit`: other roles 403). The previewed
file waits in `importing.staging` until the clerk confirms or cancels. The preview shows how each
appendix row was matched to the body item it restates, with a select per row; the clerk's
corrections go with the confirmation (or with "Preview again"), checked against the matches and
body items the signed token carries, and the import applies them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from core.http import GET_POST
from plans.models import Plan
from tasks.access import managed_unit
from tasks.views.overview import overview_url

from .. import staging
from ..forms import PlanConfirmForm, PlanUploadForm
from ..plan import PlanImportError, import_plan
from ..plan.appendix_match import NEW


@login_required
@GET_POST
def plan_upload(request):
    """Step 1: upload and preview (a dry run, nothing written). Step 2: confirm, import for real,
    with the clerk's corrections of the appendix matches (or preview again with them)."""
    unit = managed_unit(request)
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
                matches = {m.row.key: m.task.code if m.task is not None else NEW for m in report.matches}
                codes = [task.code for task in report.body_tasks]
                token = staging.stage_upload(
                    upload,
                    user=request.user,
                    unit=unit,
                    year=data["year"],
                    replace=data["replace"],
                    matches=matches,
                    codes=codes,
                )
                confirm = PlanConfirmForm(initial={"token": token}, matches=matches, codes=codes, report=report)
                return _preview(request, unit, report, data["year"], data["replace"], upload.name, confirm)
    return render(request, "importing/plan_upload.html", {"form": form, "unit": unit})


def _preview(request, unit, report, year, replace, filename, confirm_form):
    context = {
        "unit": unit,
        "report": report,
        "year": year,
        "replace": replace,
        "existing": Plan.objects.filter(unit=unit, year=year).first(),
        "filename": filename,
        "confirm_form": confirm_form,
    }
    return render(request, "importing/plan_preview.html", context)


def _confirm_upload(request, unit):
    payload = staging.read_staged(request.POST.get("token", ""), user=request.user, unit=unit)
    if payload is None:
        messages.error(request, _("The preview has expired; please upload the file again."))
        return redirect("importing:plan_upload")
    if "cancel" in request.POST:
        staging.discard_staged(payload)
        messages.info(request, _("The import was cancelled; nothing was saved."))
        return redirect("importing:plan_upload")
    signed = {"matches": payload.get("m", {}), "codes": payload.get("c", [])}
    form = PlanConfirmForm(request.POST, **signed)
    if "review" in request.POST or not form.is_valid():
        # Preview again with the clerk's choices: to see them applied, or to correct what was refused.
        choices = form.choices() if form.is_valid() else None
        try:
            report = staging.preview_staged(payload, unit=unit, choices=choices)
        except PlanImportError as exc:
            messages.error(request, str(exc))
            return redirect("importing:plan_upload")
        form = PlanConfirmForm(request.POST, report=report, **signed)
        form.is_valid()  # shows the refusal again, if any
        return _preview(request, unit, report, payload["y"], payload["r"], payload["n"], form)
    try:
        report = staging.import_staged(payload, unit=unit, choices=form.choices())
    except PlanImportError as exc:
        messages.error(request, str(exc))
        return redirect("importing:plan_upload")
    messages.success(
        request,
        _("The plan for %(year)s was imported: %(counts)s.") % {"year": payload["y"], "counts": report.counts_line()},
    )
    return redirect(overview_url(report.plan))


urlpatterns = [
    path("tasks/plan/upload/", plan_upload, name="plan_upload"),
]
