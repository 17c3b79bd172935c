"""The clerk's edits of a task: its deadline, title and output, its removal, and a task added by hand."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plans.models import ContentArea, SubDimension, User

from ..deadlines import Deadline, DeadlineKind, PeriodKind, ReviewFrequency, parse_deadline
from ..models import Task
from ..services.assignment import assignable_people
from .assignment import PeopleChoiceField, PersonChoiceField
from .base import VersionedForm

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"})
PERIOD_COUNT = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF_YEAR: 2, PeriodKind.YEAR: 1}


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
