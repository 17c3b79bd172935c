"""The commune dashboard's numbers: one plan, one day, a fixed number of queries.

`commune_dashboard(plan, today)` runs seven queries whatever the size of the plan:

1. the tasks counted by (content area, lead, bucket) in one GROUP BY (every count comes from it),
2. the content areas, 3. the leads named in 1., 4. the ten most overdue tasks,
5. completions by month (`Task.completed_at`), 6. the last ten progress updates,
7. the current reporting round.

Buckets are those of `TaskQuerySet.with_bucket(today)`, the very annotation the task list
filters on, so every count links to `/tasks/?plan=…&bucket=…` and lands on exactly those tasks.

Traffic light of a content area (`AreaRow.light`), where "done or on track" is
done (on time or late) + awaiting confirmation + in progress within the deadline
(started, not due within the "due soon" window, not overdue):

* red — any overdue task, or under 40 % of the area's tasks done or on track;
* green — no overdue task and at least 70 % done or on track;
* amber — everything in between (no overdue, 40–69 %), e.g. many tasks not started or due soon;
* none (grey) — the area has no task.
"""

import calendar
import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth

from plans.models import ContentArea, Department, User
from tasks.models import Bucket, ProgressUpdate, Task, TaskStatus

from .models import ReportingRound

GREEN_AT = 70  # % done or on track, and no overdue task
RED_BELOW = 40  # % done or on track (or any overdue task)
OVERDUE_SHOWN = 10
UPDATES_SHOWN = 10

DONE_BUCKETS = {Bucket.DONE_ON_TIME, Bucket.DONE_LATE}
ON_TRACK_BUCKETS = {Bucket.AWAITING, Bucket.IN_PROGRESS}


def percent(part, whole):
    return round(100 * part / whole) if whole else 0


@dataclass
class Counts:
    """Tasks of one group (the plan, an area, a lead) counted by bucket."""

    by_bucket: dict = field(default_factory=dict)

    def add(self, bucket, n):
        self.by_bucket[bucket] = self.by_bucket.get(bucket, 0) + n

    def __getitem__(self, bucket):
        return self.by_bucket.get(Bucket(bucket), 0)

    @property
    def total(self):
        return sum(self.by_bucket.values())

    @property
    def done(self):
        return sum(self[b] for b in DONE_BUCKETS)

    @property
    def done_on_time(self):
        return self[Bucket.DONE_ON_TIME]

    @property
    def awaiting(self):
        return self[Bucket.AWAITING]

    @property
    def on_track(self):
        """In progress within the deadline (the `in_progress` bucket)."""
        return self[Bucket.IN_PROGRESS]

    @property
    def overdue(self):
        return self[Bucket.OVERDUE]

    @property
    def done_or_on_track(self):
        return self.done + self.awaiting + self.on_track

    @property
    def done_percent(self):
        return percent(self.done, self.total)

    @property
    def awaiting_percent(self):
        return percent(self.awaiting, self.total)

    @property
    def on_track_percent(self):
        return percent(self.on_track, self.total)

    @property
    def overdue_percent(self):
        return percent(self.overdue, self.total)

    @property
    def done_or_on_track_percent(self):
        return percent(self.done_or_on_track, self.total)


@dataclass
class AreaRow:
    area: ContentArea | None  # None: tasks outside the eight areas
    counts: Counts

    @property
    def param(self):
        """The task list's `area` value: the code, or "null" for outside the areas."""
        return "null" if self.area is None else str(self.area.code)

    @property
    def light(self):
        counts = self.counts
        if not counts.total:
            return "none"
        if counts.overdue or counts.done_or_on_track_percent < RED_BELOW:
            return "red"
        if counts.done_or_on_track_percent >= GREEN_AT:
            return "green"
        return "amber"


@dataclass
class OfficialRow:
    lead: User | None  # None: unassigned tasks (or a department's row)
    counts: Counts
    department: Department | None = None  # a row of the tasks a department leads

    @property
    def param(self):
        return "null" if self.lead is None else str(self.lead.pk)

    @property
    def query(self):
        """The task list's filter for the row's tasks."""
        return f"department={self.department.pk}" if self.department else f"lead={self.param}"

    @property
    def on_time_rate(self):
        """Done on time / done, in %; None when nothing is done yet."""
        return percent(self.counts.done_on_time, self.counts.done) if self.counts.done else None


@dataclass
class MonthPoint:
    month: datetime.date  # the first day of the month
    done_in_month: int
    cumulative: int | None  # None for months still to come

    @property
    def last_day(self):
        return self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1])


@dataclass
class CommuneDashboard:
    plan: object
    today: datetime.date
    counts: Counts
    areas: list
    officials: list
    overdue_tasks: list
    months: list
    recent_updates: list
    current_round: ReportingRound | None

    @property
    def chart_data(self):
        """What the line chart draws (the table under it shows the same numbers)."""
        return {
            "labels": [f"{point.month:%m/%Y}" for point in self.months],
            "values": [point.cumulative for point in self.months],
            "total": self.counts.total,
        }


def _month_points(plan, today):
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    done_by_month = {}
    rows = (
        Task.objects.filter(plan=plan, status=TaskStatus.DONE, completed_at__isnull=False)
        .annotate(month=TruncMonth("completed_at", tzinfo=local))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    for month, n in rows:
        month = month.date() if isinstance(month, datetime.datetime) else month
        done_by_month[month] = done_by_month.get(month, 0) + n
    before = sum(n for month, n in done_by_month.items() if month.year < plan.year)
    points, cumulative = [], before
    for m in range(1, 13):
        month = datetime.date(plan.year, m, 1)
        n = done_by_month.get(month, 0)
        cumulative += n
        points.append(MonthPoint(month, n, cumulative if month <= today else None))
    return points


def current_round(plan):
    """The open round ending last, else the last round of the plan."""
    # "open" sorts after "closed": descending puts the open rounds first.
    return ReportingRound.objects.filter(plan=plan).order_by("-status", "-end", "-opened_at").first()


def commune_dashboard(plan, today):
    """Everything the dashboard shows for `plan` as seen on `today` (seven queries; eight where departments lead)."""
    tasks = Task.objects.filter(plan=plan).with_bucket(today)
    grouped = (
        tasks.order_by()
        .values_list("content_area_id", "lead_id", "lead_department_id", "bucket")
        .annotate(n=Count("pk"))
    )

    overall, by_area, by_lead, by_department = Counts(), {}, {}, {}
    for area_id, lead_id, department_id, bucket, n in grouped:
        bucket = Bucket(bucket)
        overall.add(bucket, n)
        by_area.setdefault(area_id, Counts()).add(bucket, n)
        if department_id is not None:
            by_department.setdefault(department_id, Counts()).add(bucket, n)
        else:
            by_lead.setdefault(lead_id, Counts()).add(bucket, n)

    areas = [AreaRow(area, by_area.get(area.pk, Counts())) for area in ContentArea.objects.order_by("code")]
    if None in by_area:
        areas.append(AreaRow(None, by_area[None]))

    # Departments first (after the 2025 reform they lead), then officials, then the unassigned.
    departments = Department.objects.filter(pk__in=by_department).order_by("name") if by_department else []
    officials = [OfficialRow(None, by_department[d.pk], department=d) for d in departments]
    leads = User.objects.filter(pk__in=[pk for pk in by_lead if pk is not None]).order_by("sort_name")
    officials += [OfficialRow(lead, by_lead[lead.pk]) for lead in leads]
    if None in by_lead:
        officials.append(OfficialRow(None, by_lead[None]))

    overdue_tasks = list(
        tasks.filter(bucket=Bucket.OVERDUE)
        .select_related("lead", "lead_department", "content_area")
        .order_by("due_date", "order", "pk")[:OVERDUE_SHOWN]
    )
    for task in overdue_tasks:
        task.days_late = (today - task.due_date).days

    recent_updates = list(
        ProgressUpdate.objects.filter(task__plan=plan, task__deleted_at__isnull=True)
        .select_related("task", "author")
        .order_by("-created_at", "-pk")[:UPDATES_SHOWN]
    )

    return CommuneDashboard(
        plan=plan,
        today=today,
        counts=overall,
        areas=areas,
        officials=officials,
        overdue_tasks=overdue_tasks,
        months=_month_points(plan, today),
        recent_updates=recent_updates,
        current_round=current_round(plan),
    )
