"""Choosing who does a task: the lead and cooperating officials, for one task or many."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plans.models import Department, User

from ..models import Task
from ..services.assignment import KEEP, assignable_people
from .base import VersionedForm


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


class AssignForm(VersionedForm):
    lead = PersonChoiceField(label=_("Lead official"), queryset=User.objects.none(), required=False)
    cooperating = PeopleChoiceField(
        label=_("Cooperating officials"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    lead_department = forms.ModelChoiceField(
        label=_("Lead department"), queryset=Department.objects.none(), required=False
    )
    cooperating_departments = forms.ModelMultipleChoiceField(
        label=_("Cooperating departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, task, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("lead", task.lead_id)
        initial.setdefault("cooperating", [p.pk for p in task.cooperating.all()])
        initial.setdefault("lead_department", task.lead_department_id)
        initial.setdefault("cooperating_departments", [d.pk for d in task.cooperating_departments.all()])
        super().__init__(*args, task=task, **kwargs)
        people = assignable_people(task.plan.unit_id)
        self.fields["lead"].queryset = people
        self.fields["lead"].empty_label = _("(nobody yet)")
        self.fields["cooperating"].queryset = people
        departments = Department.objects.filter(unit_id=task.plan.unit_id).select_related("head")
        if departments.exists():
            self.fields["lead_department"].queryset = departments
            self.fields["lead_department"].empty_label = _("(no department)")
            self.fields["cooperating_departments"].queryset = departments
        else:  # a commune of individual officials: the form is as it always was
            del self.fields["lead_department"], self.fields["cooperating_departments"]

    def clean(self):
        data = super().clean()
        if data.get("lead") and data.get("lead_department"):
            raise ValidationError(_("A task is led by an official or by a department, not both."))
        return data


class DelegateForm(VersionedForm):
    """The head gives a department's task to members of the department."""

    people = PeopleChoiceField(
        label=_("Delegate to"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The department's staff who carry the task out and report on it."),
    )

    def __init__(self, *args, task, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("people", [p.pk for p in task.delegates.all()])
        super().__init__(*args, task=task, **kwargs)
        members = task.lead_department.members if task.lead_department_id else User.objects.none()
        self.fields["people"].queryset = members.filter(is_active=True).select_related("position").order_by("sort_name")


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

        value = self.cleaned_data["lead"]
        if value == self.KEEP_LEAD:
            return KEEP
        if value == self.NO_LEAD:
            return None
        return next(p for p in self.people if str(p.pk) == value)
