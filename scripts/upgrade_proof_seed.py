"""Run under the OLD code by scripts/upgrade_proof.py, after `migrate` and `load_demo`.

It adds what the demo lacks, each through the old code's own services so that the rows look as
an installation in use would have them: a reporting round opened (one submission handed in, one
draft saved), a task reported done with two evidence files and a comment, then confirmed
(notifications of each kind), commune reminder settings, the reminder scan for a fixed day
(Reminder rows and reminder notices), a password set by the clerk (a security event), a failed
sign-in (django-axes), an admin log entry and permissions of the models that may move to other
apps (granted to a person and to a group), so that the upgrade proof can see them survive.

Started as `python scripts/upgrade_proof_seed.py` with the old checkout first on PYTHONPATH,
its directory as the working directory and DJANGO_SETTINGS_MODULE, DATABASE_URL and MEDIA_ROOT
set by the caller. It imports only names that exist at BASE (41f49c1).
"""

import struct
import zlib

import django

django.setup()

from django.contrib.admin.models import CHANGE, LogEntry  # noqa: E402
from django.contrib.auth import authenticate  # noqa: E402
from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from accounts import services as accounts  # noqa: E402
from papi_portal.celery import app as celery_app  # noqa: E402
from plans.models import Plan, User  # noqa: E402
from reports import services as rounds  # noqa: E402
from reports.models import Submission  # noqa: E402
from reports.periods import PeriodKind  # noqa: E402
from tasks import services  # noqa: E402
from tasks.evidence import add_evidence  # noqa: E402
from tasks.models import Evidence, Notification, Reminder, ReminderSettings, TaskStatus  # noqa: E402

REMINDER_DAY = "2024-06-28"
# Models that the release moves to other apps: their permissions are granted so that the proof
# sees the grants still attached (the content type keeps its id under the new app label).
MOVED_MODELS = ("notification", "reminder", "remindersettings")


def png_bytes():
    """A valid 2×2 grey PNG."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80\x80" for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf_bytes():
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def main():
    # The round's digests are Celery jobs queued on commit: run them here, not in a broker.
    celery_app.conf.task_always_eager = True

    plan = Plan.objects.get(unit__code="12100", year=2024)
    commune = plan.unit
    clerk = User.objects.get(username="vanphong")

    ReminderSettings.objects.update_or_create(unit=commune, defaults={"due_days": [7, 3, 1], "send_hour": 6})

    # A reporting round for Quý I/2024: one official hands in, another saves a draft.
    round_ = rounds.open_round(plan, rounds.period_for(plan, PeriodKind.QUARTER, 1, 2024), by=clerk)
    submissions = list(Submission.objects.filter(round=round_).select_related("official").order_by("pk"))
    narrative = {
        "results": "Đã hoàn thành các nhiệm vụ được giao trong quý.",
        "limitations": "Một số việc còn chậm.",
        "causes": "Thiếu nhân lực.",
        "proposals": "Bổ sung cán bộ hỗ trợ.",
    }
    for n, submission in enumerate(submissions[:2]):
        items = {item.task_id: f"Kết quả nhiệm vụ {item.task.code}" for item in submission.items.select_related("task")}
        rounds.save_submission(submission, by=submission.official, data=narrative, items=items, submit=n == 0)

    # A task reported done with two evidence files, a comment, then confirmed by the clerk.
    task = plan.tasks.filter(status=TaskStatus.IN_PROGRESS, lead__isnull=False).order_by("pk").first()
    task, update = services.report_progress(
        task, by=task.lead, status=TaskStatus.DONE, progress=100, note="Đã xong, gửi kèm minh chứng."
    )
    files = [
        SimpleUploadedFile("Biên bản họp.pdf", pdf_bytes(), content_type="application/pdf"),
        SimpleUploadedFile("Ảnh hiện trường.png", png_bytes(), content_type="image/png"),
    ]
    add_evidence(task, by=task.lead, files=files, update=update)
    services.add_comment(task, by=clerk, text="Đã nhận minh chứng, cảm ơn.")
    services.confirm(task, by=clerk, note="Xác nhận hoàn thành.")

    # The reminder scan for a fixed day of the demo year (what cron or beat would have sent).
    call_command("send_reminders", date=REMINDER_DAY)

    # A security event (password set by the clerk) and a failed sign-in (django-axes).
    official = User.objects.get(username="taichinh")
    accounts.set_password(clerk, official, "Mat-khau-moi-2024", via="portal")
    request = RequestFactory().post("/accounts/login/")
    authenticate(request=request, username="tuphap", password="not-the-password")  # noqa: S106

    # Permissions of the models that may move, granted to a person and to a group, and an
    # admin log entry pointing at a moved model's content type.
    permissions = list(Permission.objects.filter(content_type__app_label="tasks", content_type__model__in=MOVED_MODELS))
    clerk.user_permissions.add(*permissions)
    group, _created = Group.objects.get_or_create(name="Upgrade proof: reminders")
    group.permissions.add(*permissions)
    official.groups.add(group)
    reminder = Reminder.objects.order_by("pk").first()
    if reminder is not None:
        LogEntry.objects.create(
            user=clerk,
            content_type=ContentType.objects.get_for_model(Reminder),
            object_id=str(reminder.pk),
            object_repr=str(reminder)[:200],
            action_flag=CHANGE,
            change_message="upgrade proof",
        )

    print(
        f"seed: round {round_.period.name}, {len(submissions)} submissions; "
        f"{Evidence.objects.count()} evidence files; {Notification.objects.count()} notifications; "
        f"{Reminder.objects.count()} reminders; {len(permissions)} permissions granted"
    )
    if Evidence.objects.count() < 2 or not Notification.objects.exists() or not Reminder.objects.exists():
        raise SystemExit("seed: the old code did not create evidence, notifications and reminders")


if __name__ == "__main__":
    main()
