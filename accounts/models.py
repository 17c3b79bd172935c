"""Security events (the audit list) and e-mail changes waiting for the person's confirmation."""

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import AdministrativeUnit, Role


class SecurityEventQuerySet(models.QuerySet):
    def for_user(self, user):
        """The events a person may read: the chairman their commune's, an account administrator
        those of the units below theirs, a superuser all; anyone else none."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.unit_id is None:
            return self.none()
        if user.role == Role.CHAIRMAN:
            return self.filter(unit_id=user.unit_id)
        if user.role == Role.ACCOUNT_ADMIN:
            return self.filter(unit__in=AdministrativeUnit.objects.within(user.unit))
        return self.none()


def may_read_security_events(user):
    return user.is_active and (
        user.is_superuser or (user.unit_id is not None and user.role in (Role.CHAIRMAN, Role.ACCOUNT_ADMIN))
    )


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        ACCOUNT_CREATED = "account_created", _("Account created")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REMOVED = "role_removed", _("Role removed")
        GROUPS_CHANGED = "groups_changed", _("Groups or permissions changed")
        PASSWORD_SET = "password_set", _("Password set by another person")
        PASSWORD_CHANGED = "password_changed", _("Password changed by the person")
        PASSWORD_RESET = "password_reset", _("Password reset through an e-mailed link")
        EMAIL_CHANGE_REQUESTED = "email_change_requested", _("E-mail change awaiting confirmation")
        EMAIL_CHANGED = "email_changed", _("E-mail address changed")
        USERNAME_CHANGED = "username_changed", _("Username changed")
        UNIT_CHANGED = "unit_changed", _("Unit changed")
        DEPARTMENT_CHANGED = "department_changed", _("Department changed")
        FLAGS_CHANGED = "flags_changed", _("Staff or superuser rights changed")
        ACCOUNT_ACTIVATED = "account_activated", _("Account activated")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("Account deactivated")
        ACCOUNT_LOCKED = "account_locked", _("Account locked after failed sign-ins")
        CHANGE_REFUSED = "change_refused", _("Change refused")

    class Via(models.TextChoices):
        PORTAL = "portal", _("portal")
        ADMIN = "admin", _("administration")
        COMMAND = "command", _("server command")
        SIGN_IN = "sign_in", _("sign-in")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    via = models.CharField(_("through"), max_length=10, choices=Via.choices)
    # None: an operator at the server's command line, or nobody signed in (a lockout).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="security_events_caused",
    )
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="security_events",
    )
    # The names as they were, so the record survives a rename or deletion.
    actor_label = models.CharField(_("by"), max_length=200, blank=True)
    target_label = models.CharField(_("person"), max_length=200, blank=True)
    # The target's unit at the time: who may read the event.
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL
    )
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-pk"]
        indexes = [
            # Serves the audit list of one commune, newest first.
            models.Index(fields=["unit", "-at"], name="securityevent_unit_at_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target_label}"

    def describe(self):
        """One line of what changed, from `details`, in the reader's language."""
        from .describe import describe_event

        return describe_event(self)


EMAIL_CHANGE_DAYS = 3


def token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class EmailChangeQuerySet(models.QuerySet):
    def pending(self, now=None):
        now = now or timezone.now()
        return self.filter(
            confirmed_at__isnull=True,
            cancelled_at__isnull=True,
            requested_at__gt=now - datetime.timedelta(days=EMAIL_CHANGE_DAYS),
        )


class EmailChange(models.Model):
    """A new address that takes effect only when the person confirms it from that address,
    signed in as themselves. Until then password resets go to the old one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="email_changes"
    )
    new_email = models.EmailField(_("new e-mail address"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = EmailChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail change")
        verbose_name_plural = _("e-mail changes")
        ordering = ["-requested_at"]
        constraints = [
            # At most one open request per person: a new one cancels the old.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(confirmed_at__isnull=True, cancelled_at__isnull=True),
                name="emailchange_one_open_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.new_email}"

    @property
    def expires_at(self):
        return self.requested_at + datetime.timedelta(days=EMAIL_CHANGE_DAYS)
