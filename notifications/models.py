"""In-app notifications (the bell): one row per notice to one person."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice; the message is rendered in the reader's language from `kind`."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("You were assigned a task")
        REPORTED = "reported", _("A task was reported done")
        CONFIRMED = "confirmed", _("Your task was confirmed done")
        RETURNED = "returned", _("Your task was returned")
        COMMENTED = "commented", _("New comment on a task")
        DEADLINE_CHANGED = "deadline", _("A task's deadline changed")
        REMINDER = "reminder", _("Reminder")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for a reminder digest, which covers several tasks."),
    )
    url = models.CharField(_("link"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            # Serves the bell's unread count and the list, newest first.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.task.code if self.task_id else self.detail[:40]}"
