"""Forms of the clerk's tools: assigning, deadlines, editing, adding tasks, people, plan upload."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import privileges
from accounts.privileges import Attr
from accounts.services import CHANGEABLE_FIELDS
from core.versioned import KeepsInput
from plans.models import ContentArea, Department, Position, Role, SubDimension, User

from .deadlines import Deadline, DeadlineKind, PeriodKind, ReviewFrequency, parse_deadline
from .models import Task
from .services_clerk import ASSIGNABLE_ROLES

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"})
PERIOD_COUNT = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF_YEAR: 2, PeriodKind.YEAR: 1}


def assignable_people(unit_id):
    """Who may lead or cooperate: active officials of the commune, never observers or supervisors."""
    return (
        User.objects.filter(unit_id=unit_id, is_active=True, role__in=ASSIGNABLE_ROLES)
        .select_related("position")
        .order_by("sort_name")
    )


def person_label(person):
    """ "Trần Văn Bình — Tư pháp - Hộ tịch": the name and, where known, the position."""
    name = person.full_name or person.username
    title = (person.position.short_name or person.position.name) if person.position else ""
    return f"{name} — {title}" if title else name


class PersonChoiceMixin:
    def label_from_instance(self, person):
        return person_label(person)


class PersonChoiceField(PersonChoiceMixin, forms.ModelChoiceField):
    pass


class PeopleChoiceField(PersonChoiceMixin, forms.ModelMultipleChoiceField):
    pass


class VersionedForm(KeepsInput, forms.Form):
    """A form about one task: carries the version the user saw (optimistic locking); after a
    conflict, `keep_input(task)` is the typed input against the task as it is now."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, task, **kwargs):
        self.task = task
        kwargs.setdefault("initial", {}).setdefault("version", task.version)
        super().__init__(*args, **kwargs)

    def with_data(self, data, current):
        return type(self)(data, task=current, prefix=self.prefix)


class AssignForm(VersionedForm):
    lead = PersonChoiceField(label=_("Lead official"), queryset=User.objects.none(), required=False)
    cooperating = PeopleChoiceField(
        label=_("Cooperating officials"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, task, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("lead", task.lead_id)
        initial.setdefault("cooperating", [p.pk for p in task.cooperating.all()])
        super().__init__(*args, task=task, **kwargs)
        people = assignable_people(task.plan.unit_id)
        self.fields["lead"].queryset = people
        self.fields["lead"].empty_label = _("(nobody yet)")
        self.fields["cooperating"].queryset = people


class BulkAssignForm(forms.Form):
    COOPERATING_MODES = [
        ("add", _("Add them to each task's cooperating officials")),
        ("replace", _("Replace each task's cooperating officials with them")),
        ("keep", _("Leave cooperating officials as they are")),
    ]
    KEEP_LEAD, NO_LEAD = "keep", "none"

    tasks = forms.ModelMultipleChoiceField(
        label=_("Tasks"), queryset=Task.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    lead = forms.ChoiceField(label=_("Lead official"))
    cooperating = PeopleChoiceField(
        label=_("Cooperating officials"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cooperating_mode = forms.ChoiceField(
        label=_("What to do with them"), choices=COOPERATING_MODES, initial="add", widget=forms.RadioSelect
    )

    def __init__(self, *args, plan, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.people = list(assignable_people(plan.unit_id))
        self.fields["tasks"].queryset = tasks
        self.fields["lead"].choices = [
            (self.KEEP_LEAD, _("(keep each task's lead)")),
            (self.NO_LEAD, _("(nobody)")),
            *[(str(p.pk), person_label(p)) for p in self.people],
        ]
        self.fields["cooperating"].queryset = assignable_people(plan.unit_id)

    def clean(self):
        data = super().clean()
        versions = {}
        for task in data.get("tasks") or []:
            try:
                versions[task.pk] = int(self.data.get(f"version_{task.pk}", ""))
            except ValueError:
                raise ValidationError(_("The form is incomplete; please reload the page.")) from None
        data["versions"] = versions
        return data

    def keep_input(self, current):
        """After a conflict: the form as typed (the page lists every task's current version)."""
        return self

    def chosen_lead(self):
        """A person, None (nobody) or KEEP."""
        from .services_clerk import KEEP

        value = self.cleaned_data["lead"]
        if value == self.KEEP_LEAD:
            return KEEP
        if value == self.NO_LEAD:
            return None
        return next(p for p in self.people if str(p.pk) == value)


class DeadlineFieldsMixin(forms.Form):
    """Choose a deadline by its kind and fields, or type it as plans write it ("Quý II/2024")."""

    TEXT = "text"
    deadline_mode = forms.ChoiceField(
        label=_("Deadline"),
        choices=[
            (DeadlineKind.DATE, _("By a date")),
            (DeadlineKind.PERIOD, _("By the end of a period")),
            (DeadlineKind.ONGOING, _("Ongoing (reviewed periodically)")),
            (TEXT, _("As written in the plan")),
        ],
        widget=forms.RadioSelect(attrs={"class": "js-deadline-mode"}),
    )
    due_date = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT)
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, required=False)
    period_index = forms.IntegerField(
        label=_("Number"), required=False, min_value=1, max_value=12, help_text=_("e.g. 2 for the second quarter")
    )
    period_year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    review_frequency = forms.ChoiceField(
        label=_("Review"), choices=ReviewFrequency.choices, required=False, initial=ReviewFrequency.QUARTERLY
    )
    deadline_text = forms.CharField(
        label=_("Deadline as written"),
        required=False,
        max_length=200,
        help_text=_('e.g. "Quý II/2024", "trước 30/6/2024", "Thường xuyên", "6 tháng đầu năm"'),
    )

    def deadline_initial(self, task):
        return {
            # A deadline the plan worded ("Quý II/2024") is shown as written, to edit in place.
            "deadline_mode": self.TEXT if task.deadline_text else task.deadline_kind,
            "due_date": task.due_date if task.deadline_kind == DeadlineKind.DATE else None,
            "period_kind": task.period_kind or PeriodKind.QUARTER,
            "period_index": task.period_index,
            "period_year": task.due_date.year if task.due_date else task.plan.year,
            "review_frequency": task.review_frequency or ReviewFrequency.QUARTERLY,
            "deadline_text": task.deadline_text,
        }

    def clean_deadline(self, plan_year):
        data = self.cleaned_data
        mode = data.get("deadline_mode")
        if mode == self.TEXT:
            text = (data.get("deadline_text") or "").strip()
            deadline = parse_deadline(text, plan_year) if text else None
            if deadline is None:
                self.add_error("deadline_text", _("This deadline could not be read; choose its kind instead."))
            return deadline
        if mode == DeadlineKind.DATE:
            if not data.get("due_date"):
                self.add_error("due_date", _("Enter the date as dd/mm/yyyy."))
                return None
            return Deadline.by_date(data["due_date"])
        if mode == DeadlineKind.PERIOD:
            kind, index, year = data.get("period_kind"), data.get("period_index"), data.get("period_year")
            if kind == PeriodKind.YEAR:
                index = 1
            if not kind or not year:
                self.add_error("period_kind", _("Choose the period and its year."))
                return None
            if not index or index > PERIOD_COUNT[kind]:
                self.add_error("period_index", _("A year has %(n)s of these periods.") % {"n": PERIOD_COUNT[kind]})
                return None
            return Deadline.period(kind, index, year)
        if mode == DeadlineKind.ONGOING:
            return Deadline.ongoing(review_frequency=data.get("review_frequency") or ReviewFrequency.QUARTERLY)
        return None


class DeadlineForm(DeadlineFieldsMixin, VersionedForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the task's history and sent to its officials."),
    )

    def __init__(self, *args, task, **kwargs):
        kwargs.setdefault("initial", {}).update(
            {k: v for k, v in self.deadline_initial(task).items() if k not in kwargs["initial"]}
        )
        super().__init__(*args, task=task, **kwargs)

    def clean(self):
        data = super().clean()
        data["deadline"] = self.clean_deadline(self.task.plan.year)
        return data


class TaskEditForm(VersionedForm):
    title = forms.CharField(label=_("Short title"), max_length=300)
    expected_output = forms.CharField(
        label=_("Expected output"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=200)

    def __init__(self, *args, task, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("title", task.title)
        initial.setdefault("expected_output", task.expected_output)
        super().__init__(*args, task=task, **kwargs)


class DeleteForm(VersionedForm):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=200)


class SubDimensionSelect(forms.CheckboxSelectMultiple):
    """Each option says its area, so a few lines of JS can hide the other areas' options."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-area"] = instance.area_id
        return option


class AddTaskForm(DeadlineFieldsMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30, help_text=_("Unique within the plan, e.g. PL.1"))
    title = forms.CharField(label=_("Short title"), max_length=300)
    text = forms.CharField(
        label=_("Full text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("As written in the appendix or decision; the short title is used if empty."),
    )
    content_area = forms.ModelChoiceField(
        label=_("Content area"),
        queryset=ContentArea.objects.all(),
        required=False,
        empty_label=_("(outside the eight PAPI areas)"),
        widget=forms.Select(attrs={"class": "js-area"}),
    )
    sub_dimensions = forms.ModelMultipleChoiceField(
        label=_("Sub-dimensions"),
        queryset=SubDimension.objects.none(),
        required=False,
        widget=SubDimensionSelect(attrs={"class": "js-sub-dimension"}),
    )
    lead = PersonChoiceField(label=_("Lead official"), queryset=User.objects.none(), required=False)
    cooperating = PeopleChoiceField(
        label=_("Cooperating officials"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expected_output = forms.CharField(
        label=_("Expected output"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["code", "title", "text", "content_area", "sub_dimensions", "lead", "cooperating"]

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("deadline_mode", DeadlineKind.DATE)
        initial.setdefault("period_kind", PeriodKind.QUARTER)
        initial.setdefault("period_year", plan.year)
        super().__init__(*args, **kwargs)
        people = assignable_people(plan.unit_id)
        self.fields["lead"].queryset = people
        self.fields["lead"].empty_label = _("(nobody yet)")
        self.fields["cooperating"].queryset = people
        self.fields["sub_dimensions"].queryset = SubDimension.objects.valid_in(plan.year).select_related("area")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if Task.objects.filter(plan=self.plan, code__iexact=code).exists():
            raise ValidationError(_("Another task of this plan already has this code."))
        return code

    def clean(self):
        data = super().clean()
        area, subs = data.get("content_area"), data.get("sub_dimensions") or []
        if any(area is None or s.area_id != area.pk for s in subs):
            self.add_error("sub_dimensions", _("Choose only sub-dimensions of the task's content area."))
        data["deadline"] = self.clean_deadline(self.plan.year)
        return data


# --- People and positions ------------------------------------------------------------


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


# --- Plan upload ------------------------------------------------------------------------

UPLOAD_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_SUFFIXES = (".txt", ".md", ".docx")


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Plan document"), help_text=_("A Word document (.docx) or a text file (.txt, .md), at most 5 MB.")
    )
    year = forms.IntegerField(label=_("Year of the plan"), min_value=2000, max_value=2100)
    replace = forms.BooleanField(
        label=_("Replace the plan I already have for this year"),
        required=False,
        help_text=_("The old plan is deleted with its tasks and their progress reports."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(UPLOAD_SUFFIXES):
            raise ValidationError(_("Upload a .docx, .txt or .md file."))
        if uploaded.size > UPLOAD_MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        return uploaded


class PlanConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
