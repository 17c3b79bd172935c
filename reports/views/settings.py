"""The commune's reporting rules, set by its clerk: period style, submission deadline, file retention."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tasks.access import is_unit_manager

from ..models import ReportingSettings


class ReportingSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportingSettings
        fields = ["period_style", "submission_working_days", "export_retention_days"]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reporting_settings(request):
    user = request.user
    if user.unit_id is None or not is_unit_manager(user, user.unit_id):
        raise PermissionDenied
    current = ReportingSettings.for_unit(user.unit)
    form = ReportingSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The reporting settings are saved."))
        return redirect("reports:settings")
    return render(request, "reports/settings.html", {"form": form, "unit": user.unit})


urlpatterns = [path("settings/", reporting_settings, name="settings")]
