"""Task lists: "Việc của tôi" (the tasks I lead or cooperate on) and all the tasks I can see.

Both show the deadline buckets as chips with counts (one aggregate query), the filters of
`tasks.filters.TaskFilter` and 20 task cards per page. `/tasks/` is the drill-down target
of dashboards: every filter is a query-string parameter.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Value, When
from django.shortcuts import render
from django.urls import path

from ..filters import TaskFilter
from ..models import Bucket, Task

PAGE_SIZE = 20

# Most urgent first: what needs doing now, then what is waiting, then what is finished.
BUCKET_ORDER = [
    Bucket.OVERDUE,
    Bucket.DUE_SOON,
    Bucket.IN_PROGRESS,
    Bucket.NOT_STARTED,
    Bucket.AWAITING,
    Bucket.DONE_LATE,
    Bucket.DONE_ON_TIME,
]


def with_bucket_choices(tasks):
    """Turn each task's annotated `bucket` string into a `Bucket`, so templates read `.label`/`.colour`."""
    for task in tasks:
        task.bucket = Bucket(task.bucket)
    return tasks


def bucket_chips(queryset, selected):
    """[(Bucket, count, is_selected)] for every bucket, counted in one GROUP BY query."""
    counts = dict(queryset.order_by().values_list("bucket").annotate(n=Count("pk")))
    return [(bucket, counts.get(bucket.value, 0), bucket.value == selected) for bucket in BUCKET_ORDER]


def _ordered(queryset):
    rank = Case(
        *[When(bucket=bucket.value, then=Value(i)) for i, bucket in enumerate(BUCKET_ORDER)],
        output_field=IntegerField(),
    )
    # Ongoing tasks (no date) after dated ones; then the plan's own order.
    return queryset.annotate(bucket_rank=rank).order_by(
        "bucket_rank", F("due_date").asc(nulls_last=True), "plan_id", "order", "pk"
    )


def _task_list(request, base, template, mine):
    filterset = TaskFilter(request.GET or None, queryset=base, request=request)
    filterset.is_valid()
    selected = filterset.form.cleaned_data.get("bucket") if filterset.is_bound else ""
    chips = bucket_chips(filterset.queryset_without("bucket"), selected)
    tasks = _ordered(filterset.qs).select_related("content_area", "lead", "lead_department")
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    with_bucket_choices(page.object_list)
    panel = (*TaskFilter.PANEL_FIELDS, "role" if mine else "lead")
    return render(
        request,
        template,
        {
            "filter": filterset,
            "panel_fields": [filterset.form[name] for name in panel],
            # Query-string-only filters (e.g. from a dashboard) survive a change in the panel.
            "hidden_fields": [
                filterset.form[name] for name in filterset.active_names() if name not in {*panel, "q", "bucket"}
            ],
            "chips": chips,
            "total": sum(count for _bucket, count, _selected in chips),
            "page_obj": page,
            "tasks": page.object_list,
            "mine": mine,
            "filtered": bool(set(filterset.active_names()) - {"bucket"}),
        },
    )


@login_required
def my_tasks(request):
    """The tasks the signed-in person leads or cooperates on."""
    base = Task.objects.for_user(request.user).involving(request.user).with_my_part(request.user).with_bucket()
    return _task_list(request, base, "tasks/my_tasks.html", mine=True)


@login_required
def task_list(request):
    """Every task the person can see (their commune's; a supervisor's communes), same filters."""
    base = Task.objects.for_user(request.user).with_bucket()
    return _task_list(request, base, "tasks/task_list.html", mine=False)


urlpatterns = [
    path("", task_list, name="task_list"),
    path("mine/", my_tasks, name="my_tasks"),
]
