"""Reporting rounds (the clerk asks officials for their periodic reports), frozen snapshots and exports."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from plans.models import AdministrativeUnit, Plan
from tasks.models import Bucket, Task, TaskStatus

from .periods import Period, PeriodKind, PeriodStyle


class ReportingSettings(models.Model):
    """A commune's reporting rules; a commune without a row uses the field defaults."""

    unit = models.OneToOneField(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="reporting_settings"
    )
    period_style = models.CharField(
        _("reporting periods"), max_length=10, choices=PeriodStyle.choices, default=PeriodStyle.DECREE09
    )
    submission_working_days = models.PositiveSmallIntegerField(
        _("officials submit within (working days after the cut-off)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    export_retention_days = models.PositiveSmallIntegerField(
        _("keep exported files (days)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = _("reporting settings")
        verbose_name_plural = _("reporting settings")

    def __str__(self):
        return str(self.unit)

    @classmethod
    def for_unit(cls, unit):
        return cls.objects.filter(unit=unit).first() or cls(unit=unit)


class ReportingRoundQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(plan__unit__in=AdministrativeUnit.objects.visible_to(user))

    def open(self):
        return self.filter(status=ReportingRound.Status.OPEN)


class ReportingRound(models.Model):
    """The clerk asks every official with tasks in the plan to report on a period."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="rounds")
    period_kind = models.CharField(_("period"), max_length=12, choices=PeriodKind.choices)
    period_year = models.PositiveSmallIntegerField(_("year"))
    period_index = models.PositiveSmallIntegerField(_("period number"), default=1)
    period_style = models.CharField(_("reporting periods"), max_length=10, choices=PeriodStyle.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("cut-off date"))
    due_date = models.DateField(_("submission deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-end", "-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_kind", "period_year", "period_index", "period_style"],
                name="round_once_per_plan_and_period",
            ),
        ]

    def __str__(self):
        return f"{self.period.name} · {self.plan.unit}"

    @property
    def period(self):
        return Period(self.period_kind, self.period_year, self.period_index, self.period_style)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class ResultsAtVersion(models.Model):
    """On each historical submission: the task results as they were then ({"task id": text}), so that
    a stale form can say what changed in them (`reports.services.StaleSubmissionError`)."""

    item_results = models.JSONField(_("task results"), default=dict, blank=True)

    class Meta:
        abstract = True


class Submission(models.Model):
    """One official's part of a round: a result per task and a narrative for their field.

    Every save is in its history (who, when, the narrative, the status and the task results)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not submitted")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("reporting round"), on_delete=models.CASCADE, related_name="submissions"
    )
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("official"), on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    results = models.TextField(_("results"), blank=True)
    limitations = models.TextField(_("limitations and shortcomings"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    returned_reason = models.TextField(_("reason for returning"), blank=True)
    # Optimistic locking, as for tasks: a form saved over a newer version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(bases=[ResultsAtVersion])

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["round", "official__sort_name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "official"], name="submission_one_per_official_and_round"),
        ]

    def __str__(self):
        return f"{self.official} · {self.round}"


@receiver(pre_create_historical_record)
def _record_item_results(sender, instance, history_instance, **kwargs):
    """Each historical submission keeps its task results: those the save set (`_item_results`),
    else read from the items (one query)."""
    if not isinstance(instance, Submission):
        return
    results = getattr(instance, "_item_results", None)
    if results is None:
        results = dict(instance.items.values_list("task_id", "result"))
    history_instance.item_results = {str(task_id): text for task_id, text in results.items()}


class SubmissionItem(models.Model):
    """An official's result for one task in the period."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="items"
    )
    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="+")
    result = models.TextField(_("result in the period"), blank=True)

    class Meta:
        verbose_name = _("task result")
        verbose_name_plural = _("task results")
        constraints = [
            models.UniqueConstraint(fields=["submission", "task"], name="submission_item_one_per_task"),
        ]

    def __str__(self):
        return f"{self.task.code}: {self.result[:40]}"


class TaskSnapshot(models.Model):
    """A task as it stood at the round's cut-off, frozen when the round closes.

    The round's report is generated from these rows, so it comes out identical later,
    whatever happens to the tasks afterwards.
    """

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("reporting round"), on_delete=models.CASCADE, related_name="snapshots"
    )
    task = models.ForeignKey(Task, verbose_name=_("task"), null=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("short title"), max_length=300)
    text = models.TextField(_("full text"))
    area_code = models.PositiveSmallIntegerField(_("content area"), null=True, blank=True)
    lead_id = models.BigIntegerField(null=True, blank=True, editable=False)
    lead_name = models.CharField(_("lead official"), max_length=150, blank=True)
    cooperating_names = models.TextField(_("cooperating officials"), blank=True)
    deadline_text = models.CharField(_("deadline (as written)"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices)
    bucket = models.CharField(_("deadline bucket"), max_length=15, choices=Bucket.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    latest_note = models.TextField(_("latest note"), blank=True)
    evidence_count = models.PositiveIntegerField(_("evidence files"), default=0)
    result = models.TextField(_("result in the period"), blank=True)

    class Meta:
        verbose_name = _("task at the cut-off")
        verbose_name_plural = _("tasks at the cut-off")
        ordering = ["round", "order"]
        constraints = [models.UniqueConstraint(fields=["round", "order"], name="snapshot_unique_order")]

    def __str__(self):
        return f"{self.code} {self.get_status_display()}"


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(requested_by=user)

    def expired(self, now=None):
        return self.filter(expires_at__lt=now or timezone.now())


class ExportJob(models.Model):
    """A large export made by a Celery job; the page polls its progress and lists the user's files."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Progress report")
        APPENDIX = "appendix", _("Task appendix")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="exports"
    )
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    params = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [
            # Serves "my files": a person's exports, newest first.
            models.Index(fields=["requested_by", "-created_at"], name="export_owner_created_idx"),
        ]

    def __str__(self):
        return self.file_name or f"{self.get_kind_display()} {self.created_at:%d/%m/%Y %H:%M}"
