"""Forms of reporting rounds: opening a round, an official's submission, returning one."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.versioned import KeepsInput
from plans.models import Plan

from .models import Submission
from .periods import FIRST_YEAR, LAST_YEAR, Period, PeriodKind

TEXTAREA = forms.Textarea(attrs={"rows": 3})


capfirst_lazy = lazy(capfirst, str)


def _label(name):
    return capfirst_lazy(Submission._meta.get_field(name).verbose_name)


class OpenRoundForm(forms.Form):
    """Which plan and period a new round covers; the style comes from the commune's settings."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    index = forms.IntegerField(
        label=_("Period number"),
        min_value=1,
        max_value=12,
        help_text=_("The month (1–12), quarter (1–4) or half-year (1–2); 1 for nine months and a year."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def __init__(self, *args, unit_id, style, **kwargs):
        self.style = style
        super().__init__(*args, **kwargs)
        plans = Plan.objects.filter(unit_id=unit_id).order_by("-year", "-pk")
        field = self.fields["plan"]
        field.queryset = plans
        # Listed once (one query) however often the widget is rendered; validation still looks the
        # choice up in `queryset`, so only this commune's plans are accepted.
        field.choices = [(plan.pk, f"{plan.title} ({plan.year})") for plan in plans.only("pk", "title", "year")]
        if not self.is_bound and field.choices:
            self.initial.setdefault("plan", field.choices[0][0])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["period"] = Period(data["kind"], data["year"], data["index"], self.style)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        return data


class SubmissionForm(KeepsInput, forms.Form):
    """The official's narrative and one result per task they lead (fields `task-<task id>`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Labels are the model's (already in the catalogue): kết quả; tồn tại, hạn chế; nguyên nhân; đề xuất, kiến nghị.
    results = forms.CharField(label=_label("results"), required=False, widget=TEXTAREA)
    limitations = forms.CharField(label=_label("limitations"), required=False, widget=TEXTAREA)
    causes = forms.CharField(label=_label("causes"), required=False, widget=TEXTAREA)
    proposals = forms.CharField(label=_label("proposals"), required=False, widget=TEXTAREA)

    def __init__(self, *args, submission, items, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("version", submission.version)
        for name in ("results", "limitations", "causes", "proposals"):
            initial.setdefault(name, getattr(submission, name))
        super().__init__(*args, **kwargs)
        self.submission, self.items = submission, items
        for item in items:
            self.fields[self.item_field(item)] = forms.CharField(
                label=f"{item.task.code} {item.task.title}",
                required=False,
                initial=item.result,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def with_data(self, data, current):
        return type(self)(data, submission=current, items=self.items, prefix=self.prefix)

    @staticmethod
    def item_field(item):
        return f"task-{item.task_id}"

    def item_rows(self):
        """[(item, bound field)] for the template."""
        return [(item, self[self.item_field(item)]) for item in self.items]

    def narrative_fields(self):
        return [self[name] for name in ("results", "limitations", "causes", "proposals")]

    def item_results(self):
        return {item.task_id: self.cleaned_data[self.item_field(item)] for item in self.items}

    def narrative(self):
        return {name: self.cleaned_data[name] for name in ("results", "limitations", "causes", "proposals")}


class ReturnForm(KeepsInput, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    reason = forms.CharField(label=_("Reason for returning"), widget=TEXTAREA)


class AcceptForm(KeepsInput, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
