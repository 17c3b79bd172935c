"""Deadline reminders: each commune's schedule, and the log of every reminder sent (the claim
that makes it go out exactly once)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import AdministrativeUnit


def _default_due_days():
    return [7, 1]


class ReminderSettings(models.Model):
    """How a commune's reminders go out; the clerk edits them in the browser.

    A commune without a row uses the defaults of the fields.
    """

    unit = models.OneToOneField(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="reminder_settings"
    )
    enabled = models.BooleanField(_("send reminders"), default=True)
    due_days = models.JSONField(
        _("remind this many days before a deadline"),
        default=_default_due_days,
        help_text=_("Whole days, e.g. 7 and 1."),
    )
    overdue_repeat_days = models.PositiveSmallIntegerField(
        _("repeat overdue reminders every (days)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    review_notice_days = models.PositiveSmallIntegerField(
        _("remind ongoing tasks this many days before a review period ends"),
        default=3,
        validators=[MaxValueValidator(31)],
    )
    send_hour = models.PositiveSmallIntegerField(
        _("send from this hour"),
        default=7,
        validators=[MaxValueValidator(23)],
        help_text=_("Local time (Asia/Ho_Chi_Minh); reminders go out at the first scan from this hour."),
    )
    chairman_weekday = models.PositiveSmallIntegerField(
        _("chairman's weekly summary on"),
        default=0,
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return str(self.unit)

    @classmethod
    def for_unit_ids(cls, unit_ids):
        """{unit_id: settings} with unsaved defaults where a commune has none (one query)."""
        found = {s.unit_id: s for s in cls.objects.filter(unit_id__in=unit_ids)}
        return {unit_id: found.get(unit_id) or cls(unit_id=unit_id) for unit_id in unit_ids}


class Reminder(models.Model):
    """One reminder message: the claim that makes it go out exactly once, and its log entry.

    A row exists once a worker has claimed (recipient, kind, day): it is inserted in the same
    transaction that sends the e-mail and records the result, so a crash before the commit
    leaves no row and the next attempt sends it; a concurrent attempt hits the unique
    constraint and sends nothing.
    """

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official's digest")
        CLERK = "clerk", _("Clerk's digest")
        CHAIRMAN = "chairman", _("Chairman's weekly summary")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped")
        FAILED = "failed", _("Failed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail and in-app")
        IN_APP = "in_app", _("In-app only")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="reminders"
    )
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    day = models.DateField(_("day"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    task_ids = models.JSONField(_("tasks"), default=list)
    # What the digest contained: the next overdue / review reminders are timed from these.
    has_overdue = models.BooleanField(default=False, editable=False)
    has_review = models.BooleanField(default=False, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-day", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "day"], name="reminder_once_per_person_kind_day"),
        ]
        indexes = [
            # Serves the clerk's log page: a commune's reminders, newest first.
            models.Index(fields=["unit", "-day"], name="reminder_unit_day_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.recipient} {self.day:%d/%m/%Y}: {self.get_status_display()}"
