"""The admin is the clerk's fallback: every model, in Vietnamese, scoped to their unit."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AdministrativeUnit,
    BasisDocument,
    ContentArea,
    Department,
    PapiScore,
    Plan,
    PlanSection,
    Position,
    Responsibility,
    SubDimension,
)


class UnitScopedAdminMixin:
    """Staff who are not superusers see and edit only their own unit's rows.

    `unit_path` names the lookup from the model to its AdministrativeUnit.
    """

    unit_path = "unit"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        if request.user.unit_id is None:
            return qs.none()
        return qs.filter(**{self.unit_path: request.user.unit_id})


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "succeeded_by"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "succeeded_by"]
    autocomplete_fields = ["parent", "succeeded_by"]


class SubDimensionInline(admin.TabularInline):
    model = SubDimension
    extra = 0


@admin.register(ContentArea)
class ContentAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "valid_from"]
    inlines = [SubDimensionInline]


@admin.register(SubDimension)
class SubDimensionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "area", "valid_from", "valid_to", "uncertain"]
    list_filter = ["area", "uncertain"]
    list_select_related = ["area"]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(Department)
class DepartmentAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "unit"]
    list_select_related = ["unit"]
    search_fields = ["name"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "short_name"]


class BasisDocumentInline(admin.TabularInline):
    model = BasisDocument
    extra = 0


class ResponsibilityInline(admin.StackedInline):
    model = Responsibility
    extra = 0
    autocomplete_fields = ["position"]


@admin.register(Plan)
class PlanAdmin(UnitScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "unit", "year", "number", "status", "signer_name", "imported_at"]
    list_filter = ["status", "year"]
    list_select_related = ["unit"]
    search_fields = ["title", "number", "unit__name"]
    readonly_fields = ["source_sha256", "imported_at", "created_at"]
    inlines = [BasisDocumentInline, ResponsibilityInline]
    fieldsets = [
        (None, {"fields": ["unit", "year", "status", "number", "issuing_body", "title", "issue_date", "place"]}),
        (_("Content"), {"fields": ["preamble", "target", "recipients"]}),
        (_("Signature"), {"fields": ["signer_title", "signer_name"]}),
        (_("Source"), {"fields": ["source_file", "source_name", "source_sha256", "imported_at", "created_at"]}),
    ]


@admin.register(PlanSection)
class PlanSectionAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_path = "plan__unit"
    list_display = ["__str__", "plan", "kind", "purpose", "content_area", "order"]
    list_filter = ["kind", "purpose", "content_area"]
    list_select_related = ["plan__unit", "content_area"]
    search_fields = ["heading", "text"]
    raw_id_fields = ["plan", "parent"]


@admin.register(PapiScore)
class PapiScoreAdmin(UnitScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "year", "area", "sub_dimension", "score", "rank_display", "group", "source", "is_demo"]
    list_filter = ["year", "source", "is_demo", "area"]
    list_select_related = ["unit", "area", "sub_dimension"]
    autocomplete_fields = ["unit", "sub_dimension"]

    @admin.display(description=_("rank"))
    def rank_display(self, obj):
        return obj.rank_display
