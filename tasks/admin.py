from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from plans.admin import UnitScopedAdminMixin
from plans.models import AdministrativeUnit

from .forms_reminders import ReminderSettingsForm
from .models import DEADLINE_FIELDS, ProgressUpdate, Reminder, ReminderSettings, Task


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["created_at", "author", "status", "progress", "note"]
    autocomplete_fields = ["author"]


@admin.register(Task)
class TaskAdmin(UnitScopedAdminMixin, SimpleHistoryAdmin):
    unit_path = "plan__unit"
    list_display = ["code", "title", "content_area", "lead", "deadline_display", "status", "progress"]
    list_filter = ["status", "deadline_kind", "content_area", "origin", "plan__year"]
    list_select_related = ["content_area", "lead", "plan"]
    search_fields = ["code", "title", "text", "lead__full_name"]
    autocomplete_fields = ["lead", "cooperating", "sub_dimensions"]
    raw_id_fields = ["plan", "section"]
    inlines = [ProgressUpdateInline]
    fieldsets = [
        (None, {"fields": ["plan", "section", "code", "order", "origin", "title", "text"]}),
        (_("PAPI"), {"fields": ["content_area", "sub_dimensions"]}),
        (_("Officials"), {"fields": ["lead", "cooperating", "lead_text", "cooperating_text"]}),
        (
            _("Deadline and output"),
            {"fields": [*DEADLINE_FIELDS, "expected_output", "remarks"]},
        ),
        (_("Progress"), {"fields": ["status", "progress", "completed_at"]}),
    ]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_path = "task__plan__unit"
    list_display = ["task", "author", "created_at", "status", "progress"]
    list_filter = ["status"]
    list_select_related = ["task", "author"]
    date_hierarchy = "created_at"
    raw_id_fields = ["task"]
    autocomplete_fields = ["author"]


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_path = "unit"
    form = ReminderSettingsForm  # the same checks as the clerk's page ("7, 1": 1–60, at most five)
    fields = ["unit", *ReminderSettingsForm.Meta.fields]
    list_display = ["unit", "enabled", "due_days", "overdue_repeat_days", "review_notice_days", "send_hour"]
    list_filter = ["enabled"]
    list_select_related = ["unit"]

    def get_autocomplete_fields(self, request):
        return ["unit"] if request.user.is_superuser else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Staff who are not superusers keep to their own commune here too, not only in the list.
        if db_field.name == "unit" and not request.user.is_superuser:
            kwargs["queryset"] = AdministrativeUnit.objects.filter(pk=request.user.unit_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Reminder)
class ReminderAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """The log of reminders, read-only: rows are written by the delivery (tasks/reminders/delivery.py)
    and only the clerk's "resend" removes one."""

    unit_path = "unit"
    list_display = ["day", "recipient", "kind", "status", "channel", "subject", "attempts"]
    list_filter = ["status", "kind", "channel"]
    list_select_related = ["recipient", "unit"]
    search_fields = ["recipient__full_name", "recipient__username", "subject", "reason"]
    date_hierarchy = "day"
    ordering = ["-day", "-created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
