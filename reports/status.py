"""Tasks as they stood at a reporting period's cut-off: the rows of progress reports and snapshots.

    rows = rows_at_cutoff(plan, Period.parse("2024-Q2"))   # 4 queries, whatever the number of tasks

The cut-off is the end of the period's last day in Vietnamese local time (Asia/Ho_Chi_Minh):
``period.as_datetime_range()[1]``, midnight after ``period.end``. Everything a row says about the
task's *progress* (status, %, completion date, latest note, evidence files, deadline bucket) is read
from the task's timeline before that instant, so a report on Q2 made in August still shows Q2.
What the timeline does not record is read from the task as it is now: see ``rows_at_cutoff``.
"""

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import asdict, dataclass, fields

from django.conf import settings
from django.db.models import Count, Q, Value
from django.utils import timezone

from tasks.models import Evidence, ProgressUpdate, Task, TaskStatus
from tasks.states import Facts, bucket_of

_FINISHED = (TaskStatus.DONE, TaskStatus.AWAITING_CONFIRMATION)


@dataclass
class TaskRow:
    """One task in a report. The field names are TaskSnapshot's data fields, so a row and a
    snapshot convert both ways (``from_snapshot`` / ``snapshot_fields``)."""

    task_id: int | None
    order: int
    code: str
    title: str
    text: str
    area_code: int | None
    lead_id: int | None
    lead_name: str
    cooperating_names: str
    deadline_text: str
    due_date: datetime.date | None
    status: str
    bucket: str
    progress: int
    completed_on: datetime.date | None
    latest_note: str
    evidence_count: int
    result: str = ""

    @classmethod
    def from_snapshot(cls, snapshot):
        """The row a TaskSnapshot froze (no query: ``task_id`` is the raw column)."""
        return cls(**{name: getattr(snapshot, name) for name in _FIELD_NAMES})

    def snapshot_fields(self):
        """Keyword arguments for ``TaskSnapshot(round=..., **row.snapshot_fields())``."""
        return asdict(self)


_FIELD_NAMES = tuple(f.name for f in fields(TaskRow))


def bucket_at(status, due_date, completed_on, day, soon_days=None):
    """Where a task stands against its deadline on ``day``: the one bucket rule of
    tasks/states.py, evaluated in Python (``TaskQuerySet.with_bucket`` evaluates it in SQL)."""
    soon = settings.PAPI_DUE_SOON_DAYS if soon_days is None else soon_days
    return bucket_of(Facts(status, due_date, completed_on), day, soon)


@dataclass
class _Timeline:
    """A task's timeline folded up to the cut-off."""

    status: str = TaskStatus.NOT_STARTED
    progress: int = 0
    note: str = ""
    awaiting_at: datetime.datetime | None = None  # the latest "awaiting" of the current done/awaiting run
    done_at: datetime.datetime | None = None  # the first "done" of that run (the confirmation)

    def add(self, created_at, status, progress, note):
        self.status, self.progress = status, progress
        if note.strip():
            self.note = note
        if status not in _FINISHED:  # in progress, returned …: a later "done" starts a new run
            self.awaiting_at = self.done_at = None
        elif status == TaskStatus.AWAITING_CONFIRMATION:
            self.awaiting_at = created_at
        elif self.done_at is None:
            self.done_at = created_at

    def completed_on(self, tz):
        if self.status not in _FINISHED:
            return None
        moment = self.awaiting_at or self.done_at
        return timezone.localtime(moment, tz).date() if moment else None


def cutoff_of(period):
    """The instant the period's data ends: local midnight after its last day."""
    return period.as_datetime_range(zoneinfo.ZoneInfo(settings.TIME_ZONE))[1]


def _cooperating_names(plan):
    """{task id: [names]}: cooperating departments, then officials by name (one query: a union of
    the two link tables)."""
    cooperating = defaultdict(list)
    people = Task.cooperating.through.objects.filter(task__plan=plan).annotate(first=Value(1))
    departments = Task.cooperating_departments.through.objects.filter(task__plan=plan).annotate(first=Value(0))
    links = (
        people.values_list("task_id", "first", "user__sort_name", "user__full_name", "user__username")
        .union(
            departments.values_list("task_id", "first", "department__name", "department__name", "department__name"),
            all=True,
        )
        .order_by("task_id", "first", "user__sort_name")
    )
    for task_id, _first, _sort, full_name, username in links:
        cooperating[task_id].append(full_name or username)
    return cooperating


def rows_at_cutoff(plan, period, *, soon_days=None):
    """Every task of ``plan`` as it stood at the end of ``period``'s cut-off day, in plan order.

    Included: tasks created before the cut-off and not deleted by then (soft-deleted later still
    count). As of the cut-off, from the timeline: status and % (the latest ProgressUpdate; none →
    not started, 0 %), ``completed_on`` (local date the task was reported done: the latest
    "awaiting" update of the last done/awaiting run, else the confirmation's date), the latest
    non-empty note, the evidence files uploaded, and the deadline ``bucket`` on the cut-off day
    (``bucket_at``).

    As they are NOW (there is no history for them here): the lead and cooperating officials (current
    assignments and current names), content area, code, title, text, order, deadline text and due
    date. A report that must never change later is made from a closed round's TaskSnapshot rows.

    ``order`` is the row's position (1, 2, …) in plan order (Task.order, then code): task orders
    may repeat, TaskSnapshot's may not.

    Four queries whatever the number of tasks: tasks with lead and area; cooperating names;
    updates before the cut-off (one ordered query); evidence counts (one aggregate).
    """
    cutoff = cutoff_of(period)
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    tasks = list(
        Task.all_objects.filter(plan=plan, created_at__lt=cutoff)
        .filter(Q(deleted_at__isnull=True) | Q(deleted_at__gte=cutoff))
        .select_related("lead", "lead_department", "content_area")
        .order_by("order", "code", "pk")
    )
    cooperating = _cooperating_names(plan)
    timelines = defaultdict(_Timeline)
    updates = (
        ProgressUpdate.objects.filter(task__plan=plan, created_at__lt=cutoff)
        .order_by("task_id", "created_at", "pk")
        .values_list("task_id", "created_at", "status", "progress", "note")
    )
    for task_id, created_at, status, progress, note in updates.iterator(chunk_size=5000):
        timelines[task_id].add(created_at, status, progress, note)
    evidence = dict(
        Evidence.objects.filter(task__plan=plan, uploaded_at__lt=cutoff)
        .order_by()
        .values("task_id")
        .annotate(n=Count("pk"))
        .values_list("task_id", "n")
    )

    rows = []
    for position, task in enumerate(tasks, 1):
        timeline = timelines.get(task.pk) or _Timeline()
        completed_on = timeline.completed_on(tz)
        rows.append(
            TaskRow(
                task_id=task.pk,
                order=position,
                code=task.code,
                title=task.title,
                text=task.text,
                area_code=task.content_area.code if task.content_area_id else None,
                lead_id=task.lead_id,
                lead_name=task.lead_name,
                cooperating_names=", ".join(cooperating.get(task.pk, ())),
                deadline_text=task.deadline_text,
                due_date=task.due_date,
                status=timeline.status,
                bucket=bucket_at(timeline.status, task.due_date, completed_on, period.end, soon_days),
                progress=timeline.progress,
                completed_on=completed_on,
                latest_note=timeline.note,
                evidence_count=evidence.get(task.pk, 0),
            )
        )
    return rows
