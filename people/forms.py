"""Forms of the clerk's people, positions and departments screens."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import privileges
from accounts.privileges import Attr
from accounts.services import CHANGEABLE_FIELDS
from plans.models import Department, Position, Role, User
from tasks.forms.assignment import person_label
from tasks.services.assignment import assignable_people


class OfficialForm(forms.ModelForm):
    """A person of the clerk's commune, held to the privilege model (accounts/privileges.py).

    Fields the clerk may not change about this person are shown locked; the password choices
    appear only where the clerk may set it. The view saves through accounts.services, which
    checks again (a hand-made POST to a locked field changes nothing).
    """

    PASSWORD_KEEP, PASSWORD_EMAIL, PASSWORD_GENERATE, PASSWORD_SET = "keep", "email", "generate", "set"

    password_action = forms.ChoiceField(
        label=_("Password"),
        widget=forms.RadioSelect,
        choices=[
            (PASSWORD_KEEP, _("Leave the password as it is")),
            (PASSWORD_EMAIL, _("E-mail the person a link to set their own password")),
            (PASSWORD_GENERATE, _("Generate a temporary password and show it to me once")),
            (PASSWORD_SET, _("Set this password:")),
        ],
    )
    password = forms.CharField(
        label=_("New password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["full_name", "username", "email", "phone", "position", "department", "role", "is_active"]
        labels = {"is_active": _("Active (may sign in)")}
        help_texts = {
            "is_active": _("Deactivate people who have left instead of deleting them: their tasks' history stays."),
            "username": _("Short, without accents, e.g. tuphap or nguyenvana."),
        }

    def __init__(self, *args, unit, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit, self.by = unit, by
        creating = self.instance.pk is None
        self.fields["full_name"].required = True
        self.fields["position"].queryset = Position.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.position_id or 0)
        )
        self.fields["department"].queryset = Department.objects.filter(unit=unit)
        if creating:
            self.allowed = frozenset(Attr)  # the role among those the clerk may create with
            roles = set(privileges.creatable_roles(by))
        else:
            self.allowed = privileges.changeable_on_forms(by, self.instance)
            roles = {*privileges.grantable_roles(by), self.instance.role} if Attr.ROLE in self.allowed else set()
        # The role: given only by an administrator (the clerk creates officials).
        roles = roles or {self.instance.role}
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]
        self.fields["role"].help_text = _(
            "Roles other than official are given by an account administrator; ask them to change a role."
        )
        self.locked = [
            name
            for name in self.fields
            if name in privileges.ATTR_OF_FIELD and privileges.ATTR_OF_FIELD[name] not in self.allowed
        ]
        if not creating and Attr.ROLE not in self.allowed:
            self.locked.append("role")
        for name in set(self.locked):
            self.fields[name].disabled = True
        # Whether the clerk manages this person's sign-in (the template says so when not).
        self.managed = Attr.PASSWORD in self.allowed
        if not self.managed:
            del self.fields["password_action"], self.fields["password"]
        elif creating:
            self.fields["password_action"].choices = self.fields["password_action"].choices[1:]
            self.fields["password_action"].initial = self.PASSWORD_EMAIL
            self.fields["is_active"].initial = True
        else:
            self.fields["password_action"].initial = self.PASSWORD_KEEP
        if not creating and Attr.EMAIL in self.allowed:
            self.fields["email"].help_text = _(
                "A new address takes effect when the person confirms it from that address; "
                "until then reminders and password links go to the current one."
            )

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip()

    def clean(self):
        data = super().clean()
        action = data.get("password_action")
        if action == self.PASSWORD_EMAIL and not (self.instance.email if self.instance.pk else data.get("email")):
            self.add_error("password_action", _("This person has no e-mail address; generate a password instead."))
        if action == self.PASSWORD_SET:
            password = data.get("password") or ""
            if not password:
                self.add_error("password", _("Type the new password."))
            else:
                probe = User(
                    username=data.get("username", ""), full_name=data.get("full_name", ""), email=data.get("email", "")
                )
                try:
                    validate_password(password, probe)
                except ValidationError as exc:
                    self.add_error("password", exc)
        return data

    def account_changes(self):
        """What the clerk changed, field by field, for accounts.services.change_account."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in CHANGEABLE_FIELDS}


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = ["name", "short_name", "order", "is_active"]


class DepartmentForm(forms.ModelForm):
    """A department of the clerk's commune: its name and its head. Its members are set on each
    person's page (their department), through the privilege model."""

    class Meta:
        model = Department
        fields = ["name", "head"]

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        self.fields["head"].queryset = assignable_people(unit.pk)
        self.fields["head"].label_from_instance = person_label
        self.fields["head"].empty_label = _("(no head yet)")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = Department.objects.filter(unit=self.instance.unit, name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("The commune already has a department of that name."))
        return name
