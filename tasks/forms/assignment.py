"""Choosing who does a task: the lead and cooperating officials, for one task or many."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plans.models import User

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

        value = self.cleaned_data["lead"]
        if value == self.KEEP_LEAD:
            return KEEP
        if value == self.NO_LEAD:
            return None
        return next(p for p in self.people if str(p.pk) == value)
