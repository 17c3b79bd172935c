"""Tasks (one per actionable plan item), their officials, deadlines and progress."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import ContentArea, Plan, PlanSection, SubDimension

from .deadlines import DeadlineKind, PeriodKind, ReviewFrequency


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    AWAITING_CONFIRMATION = "awaiting", _("Awaiting confirmation")
    RETURNED = "returned", _("Returned")
    DONE = "done", _("Done")

    @classmethod
    def open_values(cls):
        return [s for s in cls.values if s != cls.DONE]


class TaskOrigin(models.TextChoices):
    PLAN_TEXT = "plan", _("Plan text")
    APPENDIX = "appendix", _("Appendix table")
    AD_HOC = "adhoc", _("Added later")


class TaskQuerySet(models.QuerySet):
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

    def involving(self, user):
        """Tasks the person leads or cooperates on."""
        return self.filter(models.Q(lead=user) | models.Q(cooperating=user)).distinct()


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
    expected_output = models.TextField(_("expected output"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True)

    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[cooperating])

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="task_unique_code_per_plan"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="task_progress_at_most_100"),
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
    def deadline_display(self):
        """The deadline as a person reads it: the plan's words, else the date or period."""
        if self.deadline_text:
            return self.deadline_text
        if self.deadline_kind == DeadlineKind.ONGOING:
            return str(DeadlineKind.ONGOING.label)
        return self.due_date.strftime("%d/%m/%Y") if self.due_date else ""


class ProgressUpdate(models.Model):
    """One entry of a task's timeline: status and % reported, with a note."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
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
