"""The admin's people pages, held to the privilege model like every other path.

A clerk with staff rights keeps the admin as a fallback; on a person's page they can edit only
what `accounts.privileges` lets them change about that person. Everything else is shown
read-only (the password hash never), the password page answers 403, and every save goes
through `accounts.services` (so an e-mail change waits for confirmation there too).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plans.models import AdministrativeUnit, Department, Role, User

from . import privileges, services
from .models import SecurityEvent
from .privileges import FIELDS, Attr

Via = SecurityEvent.Via
# Shown, never edited here.
ALWAYS_READ_ONLY = ("last_login", "date_joined")


class PersonChangeForm(UserChangeForm):
    def clean(self):
        data = super().clean()
        unit = data.get("unit", self.instance.unit) if "unit" in self.fields else self.instance.unit
        # A department left as it was is dropped with a move (accounts.services); a new one must fit.
        department = data.get("department") if "department" in self.changed_data else None
        if department is not None and department.unit_id != getattr(unit, "pk", None):
            self.add_error("department", gettext("The department belongs to another unit."))
        return data


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = PersonChangeForm
    list_display = ["username", "full_name", "position", "role", "unit", "email", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    list_select_related = ["position", "unit"]
    search_fields = ["username", "full_name", "email", "phone"]
    ordering = ["sort_name"]
    autocomplete_fields = ["unit", "position", "department"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "email", "phone", "email_notifications"]}),
        (_("Work"), {"fields": ["unit", "department", "position", "role"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "full_name", "unit", "role", "password1", "password2"]}),
    ]

    def get_queryset(self, request):
        return privileges.scope(request.user, super().get_queryset(request))

    # --- what the actor may touch -------------------------------------------------------

    def _editable_fields(self, request, obj):
        allowed = privileges.changeable_on_forms(request.user, obj)
        fields = {field for attr in allowed for field in FIELDS[attr]}
        if obj.pk == request.user.pk:
            fields.add("email_notifications")  # a preference of their own
        elif privileges.may(request.user, obj, Attr.CONTACT):
            fields.add("email_notifications")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or Attr.PASSWORD in privileges.changeable_on_forms(request.user, obj):
            return fieldsets
        # Not theirs to set: no link to the password page, and never the hash itself.
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f != "password"]}) for name, opts in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        editable = self._editable_fields(request, obj)
        shown = [f for _, opts in self.get_fieldsets(request, obj) for f in opts["fields"]]
        return [f for f in shown if f not in editable or f in ALWAYS_READ_ONLY]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        actor = request.user
        roles = privileges.creatable_roles(actor) if obj is None else privileges.grantable_roles(actor)
        if "role" in form.base_fields:
            keep = {*roles, *([] if obj is None else [obj.role])}
            form.base_fields["role"].choices = [(value, label) for value, label in Role.choices if value in keep]
        units = privileges.scope_units(actor, AdministrativeUnit.objects.all())
        if "unit" in form.base_fields:
            form.base_fields["unit"].queryset = units
        if "department" in form.base_fields:
            form.base_fields["department"].queryset = Department.objects.filter(unit__in=units)
        return form

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or bool(privileges.changeable(request.user, obj))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and bool(privileges.creatable_roles(request.user))

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None:
            return request.user.is_superuser
        return privileges.may_delete(request.user, obj)

    # --- saving through the service -------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            services.create_account(request.user, obj, password=services.ALREADY_SET, via=Via.ADMIN, request=request)
            return
        self._note_tampering(request, obj, form)
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f in services.CHANGEABLE_FIELDS}
        services.change_account(request.user, obj, changes, via=Via.ADMIN, request=request)
        obj.refresh_from_db()
        if "email" in changes:
            messages.info(
                request,
                gettext("The new e-mail address takes effect when %(name)s confirms it from that address.")
                % {"name": obj},
            )

    def save_related(self, request, form, formsets, change):
        # Groups and permissions were saved by the service (after the role's group was synced).
        if change:
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
        else:
            super().save_related(request, form, formsets, change)

    def _note_tampering(self, request, obj, form):
        """A crafted POST naming read-only fields changes nothing; it is recorded as refused."""
        locked = set(self.get_readonly_fields(request, obj)) - set(ALWAYS_READ_ONLY)
        if Attr.PASSWORD not in privileges.changeable_on_forms(request.user, obj):
            locked.add("password")
        services.record_tampering(request.user, obj, request.POST, locked, via=Via.ADMIN, request=request)

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, unquote(id))
        if target is not None and target.pk == request.user.pk:
            return redirect("password_change")  # one's own: with the current password
        if target is not None and not privileges.may(request.user, target, Attr.PASSWORD):
            if request.method == "POST":
                services.record_refusal(request.user, target, {Attr.PASSWORD}, via=Via.ADMIN, request=request)
            raise PermissionDenied
        before = target.password if target is not None else None
        response = super().user_change_password(request, id, form_url)
        if target is not None and request.method == "POST":
            target.refresh_from_db(fields=["password"])
            if target.password != before:
                services.password_was_set(request.user, target, via=Via.ADMIN, request=request)
        return response


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "target_label", "actor_label", "via", "ip_address"]
    list_filter = ["kind", "via"]
    search_fields = ["target_label", "actor_label"]

    def get_queryset(self, request):
        return SecurityEvent.objects.for_user(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
