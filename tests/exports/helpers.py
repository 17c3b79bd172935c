"""Building tasks with a timeline at chosen local times (Asia/Ho_Chi_Minh)."""

import datetime
import zoneinfo

from tasks.models import Evidence, ProgressUpdate, Task, TaskStatus

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
LONG_AGO = datetime.datetime(2024, 1, 1, 8, 0, tzinfo=VN)


def vn(year, month, day, hour=0, minute=0):
    """An aware datetime in Vietnamese local time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VN)


def make_task(plan, code, *, order=None, created_at=LONG_AGO, **fields):
    fields.setdefault("title", f"Nhiệm vụ {code}")
    fields.setdefault("text", f"Nội dung đầy đủ của nhiệm vụ {code}.")
    return Task.objects.create(
        plan=plan,
        code=code,
        order=order if order is not None else plan.tasks.count() + 1,
        created_at=created_at,
        **fields,
    )


def update(task, at, status, progress=None, note="", kind=ProgressUpdate.Kind.PROGRESS):
    if progress is None:
        progress = 100 if status in (TaskStatus.DONE, TaskStatus.AWAITING_CONFIRMATION) else 50
    return ProgressUpdate.objects.create(
        task=task, created_at=at, status=status, progress=progress, note=note, kind=kind
    )


def done(task, reported_at, confirmed_at=None, note="Đã hoàn thành"):
    """Reported done (awaiting) at `reported_at`, confirmed at `confirmed_at` (default: an hour later)."""
    update(task, reported_at, TaskStatus.AWAITING_CONFIRMATION, 100, note)
    update(
        task,
        confirmed_at or reported_at + datetime.timedelta(hours=1),
        TaskStatus.DONE,
        100,
        kind=ProgressUpdate.Kind.CONFIRMED,
    )


def evidence(task, at, name="bien-ban.pdf"):
    return Evidence.objects.create(
        task=task, uploaded_at=at, file="evidence/x.pdf", original_name=name, content_type="application/pdf", size=10
    )
