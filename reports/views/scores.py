"""PAPI scores of a commune: the comparison table, entry by form, and the spreadsheet upload.

Who: everyone in the commune reads the comparison; a supervisor reads the communes below (?unit=);
another commune's unit is 404. Only the commune's clerk enters or uploads figures (others 403,
refused on their role before anything is looked up).

The upload is a dry run first: every row is shown as new / changed / unchanged or with its errors.
Only an error-free preview offers Confirm, carrying the checked rows in a signed token bound to the
clerk and the commune; confirming checks them again and writes all or nothing.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.versioned import editors_of, submit_versioned
from plans.models import AdministrativeUnit, PapiScore
from tasks.access import is_unit_manager

from .. import score_sheet
from .. import scores as papi
from ..forms_scores import NeverRefused, ScoreConfirmForm, ScoreEntryForm, ScoreUploadForm, StaleScoresError

TOKEN_SALT = "reports.scores.upload"  # noqa: S105 (a signing salt, not a secret)
TOKEN_MAX_AGE = 3600
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request, default):
    value = request.GET.get("year") or request.POST.get("year")
    if not value:
        return default
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not papi.MIN_YEAR <= year <= papi.MAX_YEAR:
        raise Http404
    return year


def _managed_unit(request):
    """The clerk's own commune, else 403."""
    user = request.user
    if user.unit_id is None or not is_unit_manager(user, user.unit_id):
        raise PermissionDenied
    return user.unit


@login_required
@require_http_methods(["GET", "HEAD"])
def scores(request):
    user = request.user
    visible = AdministrativeUnit.objects.visible_to(user)
    unit_id = request.GET.get("unit") or user.unit_id
    if not unit_id:
        raise Http404
    try:
        unit = get_object_or_404(visible, pk=int(unit_id))
    except (TypeError, ValueError):
        raise Http404 from None
    year = _year(request, papi.default_year(unit) or datetime.date.today().year)
    table = papi.comparison(unit, year)
    choices = []
    if not unit.is_local or unit.pk != user.unit_id:
        choices = list(visible.filter(kind__in=AdministrativeUnit.LOCAL_KINDS).only("pk", "name"))
    return render(
        request,
        "reports/scores/compare.html",
        {
            "table": table,
            "unit": unit,
            "year": year,
            "units": choices,
            "can_edit": user.unit_id == unit.pk and is_unit_manager(user, unit.pk),
            "few_tasks": papi.FEW_TASKS,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def scores_edit(request):
    unit = _managed_unit(request)
    year = _year(request, papi.default_year(unit) or datetime.date.today().year)

    def page(form, conflict=None, status=200):
        context = {"form": form, "unit": unit, "year": year, "conflict": conflict}
        return render(request, "reports/scores/edit.html", context, status=status)

    def success(saved):
        messages.success(request, _("%(n)s figures for %(year)s are saved.") % {"n": saved, "year": year})
        return redirect(f"{reverse('reports:scores')}?year={year}")

    if request.method == "POST":
        form = ScoreEntryForm(request.POST, unit=unit, year=year)
        return submit_versioned(
            form, lambda data: form.save(), page=page, success=success, stale=StaleScoresError,
            refused=NeverRefused, describe=lambda exc, data: exc.conflict,
        )  # fmt: skip
    form = ScoreEntryForm(unit=unit, year=year)
    source = request.GET.get("source")
    form.load(source if source in PapiScore.Source.values else PapiScore.Source.OFFICIAL)
    return page(form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def scores_upload(request):
    unit = _managed_unit(request)
    context = {"unit": unit, "form": ScoreUploadForm()}
    if request.method == "POST" and "token" in request.POST:
        return _confirm_upload(request, unit, context)
    if request.method == "POST":
        form = ScoreUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            try:
                rows = score_sheet.read_workbook(form.cleaned_data["file"], unit)
            except score_sheet.ScoreUploadError as error:
                form.add_error("file", error.message)
            else:
                context.update(_preview(request, unit, rows))
    return render(request, "reports/scores/upload.html", context)


def _preview(request, unit, rows):
    """The preview's context: the rows, their counts and, when error-free with changes, a Confirm
    carrying the checked rows and what each would replace (signed, bound to the person and unit)."""
    context = {
        "rows": rows,
        "errors": sum(1 for row in rows if row.errors),
        "changes": sum(1 for row in rows if row.status in ("new", "changed")),
    }
    if not context["errors"] and context["changes"]:
        token = signing.dumps(
            {
                "u": request.user.pk,
                "unit": unit.pk,
                "rows": [row.as_token() for row in rows],
                "was": [row.saved_text() for row in rows],
                "at": timezone.now().isoformat(),
            },
            salt=TOKEN_SALT,
        )
        context["confirm"] = ScoreConfirmForm(initial={"token": token})
    return context


def _confirm_upload(request, unit, context):
    """Save a confirmed preview. If a figure it would replace changed since the preview, nothing is
    saved: 409, the preview again against the figures as they are now, with what changed and who."""
    confirm = ScoreConfirmForm(request.POST)
    data = None
    if confirm.is_valid():
        try:
            data = signing.loads(confirm.cleaned_data["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            data = None
    if not data or data.get("u") != request.user.pk or data.get("unit") != unit.pk:
        messages.error(request, _("This preview has expired or is not yours; upload the file again."))
        return redirect("reports:scores_upload")
    with transaction.atomic():
        AdministrativeUnit.objects.select_for_update().filter(pk=unit.pk).first()  # one writer per unit
        rows = score_sheet.rows_from_token(data["rows"], unit)
        was = data.get("was") or [row.saved_text() for row in rows]
        changed = [(row, before) for row, before in zip(rows, was, strict=False) if row.saved_text() != before]
        if not changed and not any(row.errors for row in rows):
            written = score_sheet.apply_rows(rows, unit)
            messages.success(request, _("%(n)s figures are saved.") % {"n": written})
            return redirect("reports:scores")
    if any(row.errors for row in rows):
        messages.error(request, _("The figures changed since the preview; upload the file again."))
        return redirect("reports:scores_upload")
    years = {row.year for row, _before in changed}
    since = PapiScore.history.filter(unit=unit, year__in=years, history_date__gt=data.get("at") or timezone.now())
    context["conflict"] = {
        "changes": [
            (f"{row.year} · {row.code} · {row.source}", before or "—", row.saved_text() or "—")
            for row, before in changed
        ],
        "editors": editors_of(since),
    }
    context.update(_preview(request, unit, rows))
    return render(request, "reports/scores/upload.html", context, status=409)


@login_required
@require_http_methods(["GET", "HEAD"])
def scores_template(request):
    unit = _managed_unit(request)
    year = _year(request, papi.default_year(unit) or datetime.date.today().year)
    response = HttpResponse(papi.template_workbook(year), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="diem-papi-{year}.xlsx"'
    return response


urlpatterns = [
    path("scores/", scores, name="scores"),
    path("scores/edit/", scores_edit, name="scores_edit"),
    path("scores/upload/", scores_upload, name="scores_upload"),
    path("scores/template/", scores_template, name="scores_template"),
]
