"""The plan upload: a .docx or .txt plan previewed (a dry run, nothing written), then imported.

For the commune's clerk only (`tasks.access.managed_unit`: other roles 403). The previewed
file waits in `importing.staging` until the clerk confirms or cancels.
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


@login_required
@GET_POST
def plan_upload(request):
    """Step 1: upload and preview (a dry run, nothing written). Step 2: confirm, import for real."""
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
                token = staging.stage_upload(
                    upload, user=request.user, unit=unit, year=data["year"], replace=data["replace"]
                )
                return render(
                    request,
                    "importing/plan_preview.html",
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
    return render(request, "importing/plan_upload.html", {"form": form, "unit": unit})


def _confirm_upload(request, unit):
    form = PlanConfirmForm(request.POST)
    payload = staging.read_staged(form.data.get("token", ""), user=request.user, unit=unit)
    if payload is None:
        messages.error(request, _("The preview has expired; please upload the file again."))
        return redirect("importing:plan_upload")
    if "cancel" in request.POST:
        staging.discard_staged(payload)
        messages.info(request, _("The import was cancelled; nothing was saved."))
        return redirect("importing:plan_upload")
    try:
        report = staging.import_staged(payload, unit=unit)
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
