from django.contrib import admin

from plans.admin import UnitScopedAdminMixin

from .models import ExportJob, ReportingRound, ReportingSettings, Submission, TaskSnapshot


@admin.register(ReportingSettings)
class ReportingSettingsAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "period_style", "submission_working_days", "export_retention_days"]
    list_select_related = ["unit"]


class ReadOnlyAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """Rounds, snapshots and exports change only through the portal's services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportingRound)
class ReportingRoundAdmin(ReadOnlyAdmin):
    unit_path = "plan__unit"
    list_display = ["__str__", "start", "end", "due_date", "status", "closed_at"]
    list_filter = ["status", "period_kind", "period_year"]
    list_select_related = ["plan__unit"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    unit_path = "round__plan__unit"
    list_display = ["official", "round", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["official", "round__plan__unit"]


@admin.register(TaskSnapshot)
class TaskSnapshotAdmin(ReadOnlyAdmin):
    unit_path = "round__plan__unit"
    list_display = ["code", "title", "round", "status", "bucket", "progress"]
    list_filter = ["bucket", "status"]
    list_select_related = ["round__plan__unit"]


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "requested_by", "unit", "kind", "status", "progress", "created_at", "expires_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["requested_by", "unit"]
