from django.contrib import admin

from plans.admin import UnitScopedAdminMixin
from plans.models import AdministrativeUnit

from .forms import ReminderSettingsForm
from .models import Reminder, ReminderSettings


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
    """The log of reminders, read-only: rows are written by the delivery (reminders/delivery.py)
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
