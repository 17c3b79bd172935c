from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from plans.admin import UnitScopedAdminMixin

from .models import DEADLINE_FIELDS, ProgressUpdate, Task


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
