"""Filters of the task lists ("my tasks" and all tasks), all expressible in the query string.

Dashboards link here to drill down, e.g. `/tasks/?bucket=overdue&area=3&lead=12`:

| parameter | meaning |
| --- | --- |
| `bucket` | a `Bucket` value: overdue, due_soon, in_progress, not_started, awaiting, done_on_time, done_late |
| `area` | content area code 1–8, or `null` for tasks outside the eight areas |
| `sub` | sub-dimension code |
| `status` | a `TaskStatus` value |
| `deadline` | deadline kind: date, period, ongoing |
| `due_from`, `due_to` | due date range (yyyy-mm-dd or dd/mm/yyyy), inclusive |
| `done_from`, `done_to` | the day the task was reported done (local date), inclusive |
| `lead` | the lead official's id, or `null` for unassigned tasks (no official, no department) |
| `department` | the lead department's id |
| `person` | an official's id: tasks they lead or cooperate on |
| `role` | (my tasks) `lead` or `cooperating` |
| `plan` | the plan's id |
| `section` | a plan section's id: tasks under it, sub-sections included; `null` for tasks outside any section |
| `year` | the plan's year |
| `unit` | the commune's id (for supervisors who see several) |
| `q` | words to find in the code, title or text (every word must appear) |

The queryset must come from `Task.objects.with_bucket()` (the `bucket` filter uses it).
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import AdministrativeUnit, ContentArea, Department, Plan, PlanSection, SubDimension, User

from .deadlines import DeadlineKind
from .models import Bucket, Task, TaskStatus


def _people(request):
    if request is None:
        return User.objects.none()
    units = AdministrativeUnit.objects.visible_to(request.user)
    return User.objects.filter(unit__in=units).order_by("sort_name")


def _plans(request):
    if request is None:
        return Plan.objects.none()
    return Plan.objects.for_user(request.user)


def _sections(request):
    if request is None:
        return PlanSection.objects.none()
    return PlanSection.objects.filter(plan__in=_plans(request))


def _departments(request):
    if request is None:
        return Department.objects.none()
    return Department.objects.filter(unit__in=AdministrativeUnit.objects.visible_to(request.user))


def _units(request):
    if request is None:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.visible_to(request.user)


class DateInput(forms.DateInput):
    """dd/mm/yyyy typed as text: a native date picker shows the phone's locale order (often mm/dd).

    Links from dashboards may also say yyyy-mm-dd (DATE_INPUT_FORMATS accept both).
    """

    def __init__(self, attrs=None):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class TaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    bucket = django_filters.ChoiceFilter(label=_("Deadline"), choices=Bucket.choices, empty_label=_("All"))
    area = django_filters.ModelChoiceFilter(
        label=_("Content area"),
        field_name="content_area",
        queryset=ContentArea.objects.all(),
        to_field_name="code",
        empty_label=_("All areas"),
        null_label=_("Outside the eight areas"),
    )
    sub = django_filters.ModelChoiceFilter(
        label=_("Sub-dimension"),
        queryset=SubDimension.objects.all(),
        to_field_name="code",
        method="filter_sub_dimension",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TaskStatus.choices, empty_label=_("All"))
    deadline = django_filters.ChoiceFilter(
        label=_("Deadline kind"), field_name="deadline_kind", choices=DeadlineKind.choices, empty_label=_("All")
    )
    due_from = django_filters.DateFilter(
        label=_("Due from"), field_name="due_date", lookup_expr="gte", widget=DateInput
    )
    due_to = django_filters.DateFilter(label=_("Due by"), field_name="due_date", lookup_expr="lte", widget=DateInput)
    # `__date` is taken in the current time zone (Asia/Ho_Chi_Minh): a task done at 23:30 local
    # time on the 31st counts in that month, as on the dashboard's chart.
    done_from = django_filters.DateFilter(
        label=_("Done from"), field_name="completed_at", lookup_expr="date__gte", widget=DateInput
    )
    done_to = django_filters.DateFilter(
        label=_("Done by"), field_name="completed_at", lookup_expr="date__lte", widget=DateInput
    )
    lead = django_filters.ModelChoiceFilter(
        label=_("Lead official"),
        queryset=_people,
        empty_label=_("Anyone"),
        null_label=_("Unassigned"),
        method="filter_lead",
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Lead department"), field_name="lead_department", queryset=_departments
    )
    person = django_filters.ModelChoiceFilter(label=_("Official"), queryset=_people, method="filter_person")
    role = django_filters.ChoiceFilter(
        label=_("My role"),
        choices=[("lead", _("Lead")), ("cooperating", _("Cooperating"))],
        method="filter_role",
        empty_label=_("Lead or cooperating"),
    )
    plan = django_filters.ModelChoiceFilter(label=_("Plan"), queryset=_plans)
    section = django_filters.ModelChoiceFilter(
        label=_("Plan section"), queryset=_sections, method="filter_section", null_label=_("Outside any section")
    )
    year = django_filters.NumberFilter(label=_("Year"), field_name="plan__year")
    unit = django_filters.ModelChoiceFilter(label=_("Commune"), field_name="plan__unit", queryset=_units)

    class Meta:
        model = Task
        fields = []

    # Shown in the filter panel; the rest are kept from the query string as hidden inputs.
    PANEL_FIELDS = ("area", "status", "deadline", "due_from", "due_to")

    def search(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(Q(code__icontains=word) | Q(title__icontains=word) | Q(text__icontains=word))
        return queryset

    def filter_sub_dimension(self, queryset, name, value):
        return queryset.filter(pk__in=Task.sub_dimensions.through.objects.filter(subdimension=value).values("task"))

    def filter_section(self, queryset, name, value):
        if value == "null":  # django-filter passes the null label's value through
            return queryset.filter(section__isnull=True)
        # Sections nest at most three deep (part → section → sub-section).
        return queryset.filter(Q(section=value) | Q(section__parent=value) | Q(section__parent__parent=value))

    def filter_lead(self, queryset, name, value):
        if value == "null":  # unassigned: neither an official nor a department leads it
            return queryset.filter(lead__isnull=True, lead_department__isnull=True)
        return queryset.filter(lead=value)

    def filter_person(self, queryset, name, value):
        return queryset.involving(value)

    def filter_role(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if user is None:
            return queryset
        # "Lead": the tasks the person answers for (led by them, delegated to them, or led by the
        # department they head); "cooperating": the others of My tasks.
        answered = Task.objects.answered_for_by(user).values("pk")
        if value == "lead":
            return queryset.filter(pk__in=answered)
        return queryset.exclude(pk__in=answered)

    def queryset_without(self, *names):
        """The filtered queryset ignoring some filters (the bucket chips count across buckets)."""
        queryset = self.queryset.all()
        if not self.is_bound:
            return queryset
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def active_names(self):
        """Filters with a valid value, e.g. to keep the query-string-only ones in the form."""
        if not self.is_bound or not hasattr(self.form, "cleaned_data"):
            return []
        return [name for name, value in self.form.cleaned_data.items() if value not in (None, "", [])]
