"""Exporting the progress report to Excel: at once for one commune, as a background job for many.

Who may do what: the commune's clerk, chairman and vice-chairman export their commune's report;
supervisors export (read) the communes below them, one at a time or all together. Other roles
get 403; a unit or file that is not the person's answers 404. "My files" and the downloads show a
person only the exports they asked for themselves.
"""

import tempfile

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from plans.models import AdministrativeUnit, Role

from ..jobs import queue_export
from ..models import ExportJob, ReportingSettings
from ..periods import Period, PeriodKind, PeriodStyle
from ..report_workbook import ReportError, export_unit_report, plan_for, report_file_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_ROLES = (Role.CLERK, Role.CHAIRMAN, Role.VICE_CHAIRMAN, Role.SUPERVISOR)
MY_FILES_SHOWN = 100


def may_export(user):
    return user.is_superuser or user.role in EXPORT_ROLES


def export_units(user):
    """The units a person may export: their commune, or a supervisor's unit and every unit below."""
    return AdministrativeUnit.objects.visible_to(user).order_by("kind", "name", "code")


def get_unit_for_export(user, pk):
    """The unit to export for ``user``: 404 when they cannot see it, 403 when their role may not export."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    unit = get_object_or_404(export_units(user), pk=pk)
    if not may_export(user):
        raise PermissionDenied
    return unit


def get_export_for_user(user, pk):
    """One of the person's own exports; anyone else's answers 404."""
    return get_object_or_404(ExportJob.objects.for_user(user).select_related("unit"), pk=pk)


class ExportForm(forms.Form):
    unit = forms.TypedChoiceField(label=gettext_lazy("Unit"), coerce=int)
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=10,
        help_text=gettext_lazy("2024-03 (a month), 2024-Q2, 2024-H1, 2024-9M or 2024 (a year)."),
    )
    style = forms.ChoiceField(label=gettext_lazy("Reporting periods"), choices=PeriodStyle.choices)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["unit"].choices = [(unit.pk, self._unit_label(unit)) for unit in units]

    @staticmethod
    def _unit_label(unit):
        if unit.is_local:
            return str(unit)
        return _("%(unit)s — every commune (made in the background)") % {"unit": unit}

    def clean(self):
        data = super().clean()
        if "period" in data and "style" in data:
            try:
                data["period_obj"] = Period.parse(data["period"], data["style"])
            except ValueError as exc:
                self.add_error("period", str(exc))
        return data


def _suggestions(style, today):
    """Period codes to offer: this year's and last year's, newest first."""
    codes = []
    for year in (today.year, today.year - 1):
        for kind in (PeriodKind.YEAR, PeriodKind.NINE_MONTHS, PeriodKind.HALF_YEAR, PeriodKind.QUARTER):
            codes += [p.code for p in reversed(Period.for_year(kind, year, style))]
    return codes


@login_required
@require_http_methods(["GET", "POST"])
def export(request):
    """Pick a unit and a period; one commune's workbook downloads at once, a district or province
    is made by a background job (see "My files")."""
    if not may_export(request.user):
        raise PermissionDenied
    units = list(export_units(request.user))
    if not units:
        raise PermissionDenied
    if request.method == "POST":
        # A unit the person cannot see is 404; no unit at all is a form error below.
        unit = get_unit_for_export(request.user, request.POST["unit"]) if request.POST.get("unit") else None
        form = ExportForm(request.POST, units=units)
        if form.is_valid() and unit is not None:
            period = form.cleaned_data["period_obj"]
            try:
                if unit.is_local:
                    plan_for(unit, period)  # a missing plan is said on the form, not as an error page
            except ReportError as exc:
                form.add_error(None, str(exc))
            else:
                if unit.is_local and "background" not in request.POST:
                    return _download_now(unit, period)
                job = queue_export(by=request.user, unit=unit, period=period)
                return redirect(f"{reverse('reports:my_exports')}?job={job.pk}")
    else:
        first = next((u for u in units if u.pk == request.user.unit_id), units[0])
        style = ReportingSettings.for_unit(first).period_style
        period = Period.current(PeriodKind.QUARTER, style)
        form = ExportForm(initial={"unit": first.pk, "period": period.code, "style": style}, units=units)
    style = form["style"].value() or PeriodStyle.DECREE09
    return render(
        request,
        "reports/exports/export.html",
        {"form": form, "suggestions": _suggestions(style, timezone.localdate())},
    )


def _download_now(unit, period):
    # A temporary file, not memory: FileResponse streams it and closes it (which deletes it).
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by FileResponse)
    try:
        export_unit_report(unit, period, output)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return _attachment(output, report_file_name(unit, period))


def _attachment(fileobj, name):
    response = FileResponse(fileobj, as_attachment=True, filename=name, content_type=XLSX)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def my_exports(request):
    """The person's own exports, newest first, with their state and download links."""
    now = timezone.now()
    jobs = list(ExportJob.objects.for_user(request.user).select_related("unit")[:MY_FILES_SHOWN])
    for job in jobs:
        job.is_expired = job.expires_at is not None and job.expires_at < now
    return render(
        request,
        "reports/exports/my_exports.html",
        {"jobs": jobs, "highlight": request.GET.get("job", ""), "may_export": may_export(request.user)},
    )


def _status_payload(job):
    payload = {
        "id": job.pk,
        "status": job.status,
        "status_display": job.get_status_display(),
        "progress": job.progress,
        "finished": job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED),
    }
    if job.status == ExportJob.Status.DONE:
        payload["download_url"] = reverse("reports:export_download", args=[job.pk])
    if job.status == ExportJob.Status.FAILED:
        payload["error"] = job.error
    return payload


@login_required
@require_GET
def export_status(request, pk):
    """JSON for the page's progress bar (polled every few seconds)."""
    response = JsonResponse(_status_payload(get_export_for_user(request.user, pk)))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def export_download(request, pk):
    job = get_export_for_user(request.user, pk)
    if job.status != ExportJob.Status.DONE or not job.file or (job.expires_at and job.expires_at < timezone.now()):
        raise Http404
    try:
        fileobj = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return _attachment(fileobj, job.file_name or report_file_name(job.unit, Period.parse(job.params["period"])))


urlpatterns = [
    path("export/", export, name="export"),
    path("exports/", my_exports, name="my_exports"),
    path("exports/<int:pk>/status", export_status, name="export_status"),
    path("exports/<int:pk>/download", export_download, name="export_download"),
]
