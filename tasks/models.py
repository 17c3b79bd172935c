"""Tasks (one per actionable plan item), their officials, deadlines and progress."""

import os
import uuid
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import AdministrativeUnit, ContentArea, Department, Plan, PlanSection, SubDimension

from .deadlines import DeadlineKind, PeriodKind, ReviewFrequency, deadline_label
from .states import BUCKET_COLOURS, Bucket, TaskStatus, bucket_case

__all__ = ["BUCKET_COLOURS", "Bucket", "TaskStatus"]  # re-exported: their home is tasks/states.py


class TaskOrigin(models.TextChoices):
    PLAN_TEXT = "plan", _("Plan text")
    APPENDIX = "appendix", _("Appendix table")
    AD_HOC = "adhoc", _("Added later")
    CARRIED = "carried", _("Carried over")


# How a task's deadline is stored; the admin's form and the task page's history both list these.
DEADLINE_FIELDS = ("deadline_kind", "due_date", "period_kind", "period_index", "review_frequency", "deadline_text")


class TaskQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def for_user(self, user):
        """The tasks a person may see: their own commune's, or the communes below a supervisor.

        Everyone else's are simply absent (so views answer 404, never 403, to outsiders).
        """
        return self.filter(plan__unit__in=AdministrativeUnit.objects.visible_to(user))

    def with_bucket(self, today=None, soon_days=None):
        """Annotate `bucket` (a Bucket value) and `completed_on` (local date), computed in SQL
        from the one bucket rule (tasks/states.py)."""
        today = today or timezone.localdate()
        local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        return self.annotate(
            completed_on=TruncDate("completed_at", tzinfo=local),
            bucket=bucket_case(today, settings.PAPI_DUE_SOON_DAYS if soon_days is None else soon_days),
        )

    def for_plan(self, plan):
        return self.filter(plan=plan)

    def for_unit(self, unit):
        return self.filter(plan__unit=unit)

    def open(self):
        return self.exclude(status=TaskStatus.DONE)

    def done(self):
        return self.filter(status=TaskStatus.DONE)

    def overdue(self, today=None):
        """Open tasks whose due date has passed (ongoing tasks are never overdue)."""
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def answered_for_by(self, user):
        """Tasks the person answers for: they lead it, it was delegated to them, or it is led by the
        department they head (subqueries, so no duplicate rows)."""
        delegated = Task.delegates.through.objects.filter(user=user).values("task_id")
        return self.filter(Q(lead=user) | Q(pk__in=delegated) | Q(lead_department__head=user))

    def with_my_part(self, user):
        """Annotate `i_answer`: whether `user` answers for the task (see `answered_for_by`)."""
        delegated = Task.delegates.through.objects.filter(task=OuterRef("pk"), user=user)
        return self.annotate(
            i_answer=ExpressionWrapper(
                Q(lead=user) | Q(lead_department__head=user) | Exists(delegated), output_field=models.BooleanField()
            )
        )

    def involving(self, user):
        """Tasks the person answers for or cooperates on, themselves or as head of a cooperating
        department (subqueries, so no duplicate rows)."""
        delegated = Task.delegates.through.objects.filter(user=user).values("task_id")
        cooperating = Task.cooperating.through.objects.filter(user=user).values("task_id")
        departments = Task.cooperating_departments.through.objects.filter(department__head=user).values("task_id")
        return self.filter(
            Q(lead=user)
            | Q(lead_department__head=user)
            | Q(pk__in=delegated)
            | Q(pk__in=cooperating)
            | Q(pk__in=departments)
        )


class TaskManager(models.Manager.from_queryset(TaskQuerySet)):
    """The default manager hides soft-deleted tasks; `Task.all_objects` shows them."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Task(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        PlanSection,
        verbose_name=_("plan section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    code = models.CharField(_("code"), max_length=30, help_text=_('Its place in the plan, e.g. "1.2.b".'))
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("short title"), max_length=300)
    text = models.TextField(_("full text"))
    origin = models.CharField(_("origin"), max_length=10, choices=TaskOrigin.choices, default=TaskOrigin.PLAN_TEXT)
    content_area = models.ForeignKey(
        ContentArea,
        verbose_name=_("content area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        help_text=_("Empty for tasks outside the eight PAPI areas (communication, inspection...)."),
    )
    sub_dimensions = models.ManyToManyField(
        SubDimension, verbose_name=_("sub-dimensions"), blank=True, related_name="tasks"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead official"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_tasks",
    )
    cooperating = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("cooperating officials"), blank=True, related_name="cooperating_tasks"
    )
    # After the 2025 reform a department leads (or cooperates on) a task; its head delegates it to
    # members, who then report as a lead official does. A task is led by a person or by a department.
    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("lead department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_tasks",
    )
    cooperating_departments = models.ManyToManyField(
        Department, verbose_name=_("cooperating departments"), blank=True, related_name="cooperating_tasks"
    )
    delegates = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegated to"),
        blank=True,
        related_name="delegated_tasks",
        help_text=_("The lead department's staff its head gave the task to."),
    )
    lead_text = models.CharField(
        _("lead (as written)"), max_length=300, blank=True, help_text=_("The plan's own words for the lead.")
    )
    cooperating_text = models.TextField(_("cooperating (as written)"), blank=True)

    deadline_kind = models.CharField(
        _("deadline kind"), max_length=10, choices=DeadlineKind.choices, default=DeadlineKind.ONGOING
    )
    due_date = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("For a period, its last day; empty for ongoing tasks.")
    )
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices, blank=True)
    period_index = models.PositiveSmallIntegerField(_("period number"), null=True, blank=True)
    review_frequency = models.CharField(
        _("review frequency"), max_length=12, choices=ReviewFrequency.choices, blank=True
    )
    deadline_text = models.CharField(
        _("deadline (as written)"), max_length=200, blank=True, help_text=_('e.g. "Quý II/2024", "Thường xuyên".')
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        help_text=_("The open task of a merged unit's plan this one continues."),
    )
    expected_output = models.TextField(_("expected output"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True)

    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    completed_at = models.DateTimeField(
        _("completed at"), null=True, blank=True, help_text=_("When the official reported the task done.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking: every change bumps it; a form posted with an older value is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TaskManager()
    all_objects = TaskQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[cooperating, cooperating_departments, delegates], excluded_fields=["updated_at"]
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], condition=Q(deleted_at__isnull=True), name="task_unique_code_per_plan"
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="task_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(lead__isnull=True) | Q(lead_department__isnull=True), name="task_one_kind_of_lead"
            ),
        ]
        indexes = [
            # Serves a person's own tasks ordered by deadline ("Việc của tôi").
            models.Index(fields=["lead", "due_date"], name="task_lead_due_idx"),
            # Serves the plan overview and dashboards: counts per status within a plan.
            models.Index(fields=["plan", "status"], name="task_plan_status_idx"),
            # Serves the reminder scan: open tasks by due date.
            models.Index(fields=["due_date", "status"], name="task_due_status_idx"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @staticmethod
    def title_from_text(text, limit=300):
        """The first sentence of the item, shortened to fit the title."""
        text = " ".join((text or "").split())
        for stop in (". ", "; ", ": "):
            head, sep, _rest = text.partition(stop)
            if sep and len(head) >= 20:
                text = head
                break
        text = text.rstrip(" .;:")
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    @property
    def lead_name(self):
        """Who leads it, as lists show it: the official, else the department ("" for nobody). Lists
        select both `lead` and `lead_department`."""
        if self.lead_id:
            return str(self.lead)
        return str(self.lead_department) if self.lead_department_id else ""

    @property
    def deadline_display(self):
        """The deadline as a person reads it, its date written once ("Quý II/2024 (30/06/2024)",
        "Trước 15/12/2024"): `tasks.deadlines.deadline_label`."""
        return deadline_label(self.deadline_text, self.due_date, self.deadline_kind)

    @property
    def days_overdue(self):
        """Whole local days (Asia/Ho_Chi_Minh) since the due date of a task in the overdue bucket;
        0 otherwise. Reads the `bucket` annotated by `TaskQuerySet.with_bucket` (0 without it)."""
        if getattr(self, "bucket", None) != Bucket.OVERDUE or self.due_date is None:
            return 0
        return max((timezone.localdate() - self.due_date).days, 0)

    @property
    def status_says_more(self):
        """Whether the status badge adds to the bucket badge: not when the bucket already says it
        ("Chờ xác nhận" twice). Reads the annotated `bucket` (True without it)."""
        bucket = getattr(self, "bucket", None)
        return bucket is None or Bucket(bucket).status != self.status


class ProgressUpdate(models.Model):
    """One entry of a task's timeline: status and % reported, or a review, with a note."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        CONFIRMED = "confirmed", _("Confirmed done")
        RETURNED = "returned", _("Returned")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROGRESS)
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["task", "created_at"]
        indexes = [
            # Serves a task's timeline and "latest note" lookups.
            models.Index(fields=["task", "-created_at"], name="update_task_latest_idx"),
        ]

    def __str__(self):
        return f"{self.task.code} {self.get_status_display()} {self.progress}%"


class Comment(models.Model):
    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["task", "created_at"]

    def __str__(self):
        return self.text[:60]


def evidence_path(instance, filename):
    """A generated name: the user's file name is kept in the database, never on disk."""
    extension = os.path.splitext(filename)[1].lower()
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Evidence(models.Model):
    """A file proving work done (PDF, image, Word, Excel), checked by content on upload."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="evidence")
    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["task", "uploaded_at"]

    def __str__(self):
        return self.original_name
