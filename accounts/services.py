"""Every change to a person's sign-in attributes goes through here.

The clerk's people page, "my account", the admin's user forms and the commands call these
functions; each checks `accounts.privileges`, writes the change, records a security event and
tells the person by e-mail where the model says so. `actor=None` is an operator at the
server's command line (who owns the database anyway): allowed everything, recorded as such.
"""

import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.client_ip import client_ip_address
from plans.models import User

from . import privileges
from .models import EmailChange, SecurityEvent, token_digest
from .privileges import ATTR_OF_FIELD, Attr

logger = logging.getLogger(__name__)
Kind, Via = SecurityEvent.Kind, SecurityEvent.Via

# The fields `change_account` accepts; the password has its own function.
CHANGEABLE_FIELDS = (
    "role",
    "groups",
    "user_permissions",
    "email",
    "username",
    "is_active",
    "unit",
    "department",
    "is_staff",
    "is_superuser",
    "full_name",
    "phone",
    "position",
)


class Refused(PermissionDenied):
    """The actor may not make this change; nothing was written."""

    def __init__(self, attrs):
        self.attrs = sorted(attrs)
        names = ", ".join(str(Attr(attr).label) for attr in self.attrs)
        super().__init__(_("You may not change: %(what)s.") % {"what": names})


# --- Security events -------------------------------------------------------------------


def _label(user):
    if user is None:
        return ""
    return f"{user.get_full_name()} ({user.get_username()})"


def record(kind, *, target, actor, via, request=None, ip_address=None, **details):
    """One row in the audit list."""
    if request is not None and ip_address is None:
        ip_address = client_ip_address(request)
    return SecurityEvent.objects.create(
        kind=kind,
        via=via,
        actor=actor,
        actor_label=_label(actor),
        target=target,
        target_label=_label(target),
        unit_id=getattr(target, "unit_id", None),
        ip_address=ip_address,
        details=details,
    )


def record_refusal(actor, target, attrs, *, via, request=None):
    """A change that was tried and not allowed (a crafted request, a locked field)."""
    return record(Kind.CHANGE_REFUSED, target=target, actor=actor, via=via, request=request, attributes=sorted(attrs))


def record_tampering(actor, target, post, locked_fields, *, via, request=None):
    """A form ignores its locked fields; a request that still carries a different value for
    one of them was crafted by hand. Record it as a refused change (nothing was changed)."""
    stored = User.objects.get(pk=target.pk)
    tried = {
        ATTR_OF_FIELD[field]
        for field in locked_fields
        if field in post and field in ATTR_OF_FIELD and _posted_differs(stored, field, post.getlist(field))
    }
    if tried:
        return record_refusal(actor, stored, tried, via=via, request=request)
    return None


def _posted_differs(stored, field, posted):
    if field == "password":
        return any(posted)
    if field in ("groups", "user_permissions"):
        current = {str(pk) for pk in getattr(stored, field).values_list("pk", flat=True)}
        return set(posted) != current
    value = getattr(stored, f"{field}_id") if hasattr(stored, f"{field}_id") else getattr(stored, field)
    if isinstance(value, bool):
        return (posted[-1] in ("on", "true", "True", "1")) != value
    return (posted[-1] or "") != ("" if value is None else str(value))


# --- E-mail to the person ----------------------------------------------------------------

SUBJECTS = {
    "email_confirm": lambda: _("Confirm your new e-mail address for the PAPI Portal"),
    "email_change_notice": lambda: _("A change of your e-mail address on the PAPI Portal was requested"),
    "email_changed": lambda: _("Your e-mail address on the PAPI Portal was changed"),
    "password_set": lambda: _("Your PAPI Portal password was set by someone else"),
    "password_changed": lambda: _("Your PAPI Portal password was changed"),
}


def _notify(to, notice, **context):
    """Send one notice after the change commits; a failing mail server loses the mail, not the change."""
    if not to:
        return

    def send():
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "accounts/emails/security_notice.txt",
                {"notice": notice, "site_url": settings.SITE_URL.rstrip("/"), **context},
            )
            subject = SUBJECTS[notice]()
        try:
            send_mail(subject, body, None, [to])
        except Exception:  # SMTP down, bad address: logged; the event is in the audit list
            logger.exception("security notice %s to %s not sent", notice, to)

    transaction.on_commit(send)


# --- Accounts ----------------------------------------------------------------------------


def _may(actor, target, attr):
    return actor is None or privileges.may(actor, target, attr)


def _check_values(actor, target, changes):
    """Value rules beyond who/whom: the role given, the unit moved to, the department's unit."""
    if actor is not None:
        _check_grants(actor, changes)
    if "unit" in changes and "department" not in changes and target.department is not None:
        changes["department"] = None  # a department belongs to the unit left behind
    department = changes.get("department", target.department)
    unit_id = changes["unit"].pk if changes.get("unit") is not None else target.unit_id
    if department is not None and department.unit_id != unit_id:
        raise ValidationError({"department": _("The department belongs to another unit.")})


def _check_grants(actor, changes):
    if "role" in changes and changes["role"] not in privileges.grantable_roles(actor):
        raise Refused({Attr.ROLE})
    if "unit" in changes:
        unit = changes["unit"]
        if unit is None or not privileges.unit_in_scope(actor, unit.pk):
            raise Refused({Attr.UNIT})


def _current(target, field):
    if field in ("groups", "user_permissions"):
        return set(getattr(target, field).all())
    return getattr(target, field)


def _normalise(field, value):
    if field in ("groups", "user_permissions"):
        return set(value)
    if field == "email":
        return (value or "").strip()
    return value


def pending_changes(target, changes):
    """The subset of `changes` that differs from the stored person."""
    real = {}
    for field, value in changes.items():
        if field not in CHANGEABLE_FIELDS:
            raise ValueError(f"not a changeable field: {field}")
        value = _normalise(field, value)
        if value != _current(target, field):
            real[field] = value
    return real


def change_account(actor, target, changes, *, via, request=None):
    """Apply `changes` (field → new value) to `target`, all or nothing.

    Raises `Refused` (after recording the attempt) when any changed field is not the
    actor's to change. An e-mail change is stored as a pending request (`EmailChange`).
    Returns the security events recorded.
    """
    current = User.objects.get(pk=target.pk)
    refused = {
        ATTR_OF_FIELD[field]
        for field in pending_changes(current, changes)
        if not _may(actor, current, ATTR_OF_FIELD[field])
    }
    if actor is not None and not refused:
        try:
            _check_grants(actor, pending_changes(current, changes))
        except Refused as exc:
            refused = set(exc.attrs)
    if refused:
        raise _refuse(actor, current, refused, via=via, request=request)
    return _apply(actor, target, changes, via=via, request=request)


@transaction.atomic
def _apply(actor, target, changes, *, via, request):
    target = User.objects.select_for_update().get(pk=target.pk)
    changes = pending_changes(target, changes)
    if any(not _may(actor, target, ATTR_OF_FIELD[field]) for field in changes):
        raise Refused({ATTR_OF_FIELD[field] for field in changes})  # changed between the check and the lock
    _check_values(actor, target, changes)
    before = {field: _current(target, field) for field in changes}
    new_email = changes.pop("email", None)
    for field in ("groups", "user_permissions"):
        if field in changes:
            getattr(target, field).set(changes.pop(field))
    for field, value in changes.items():
        setattr(target, field, value)
    if changes:
        target.full_clean(exclude=[f.name for f in User._meta.fields if f.name not in changes])
        target.save(update_fields=list(changes))
    events = _events_for(actor, target, before, via=via, request=request)
    if new_email is not None:
        events.append(request_email_change(actor, target, new_email, via=via, request=request))
    return events


def _refuse(actor, target, attrs, *, via, request):
    """Record the refused attempt, then hand back the exception to raise."""
    record_refusal(actor, target, attrs, via=via, request=request)
    return Refused(attrs)


def _events_for(actor, target, before, *, via, request):
    def event(kind, **details):
        return record(kind, target=target, actor=actor, via=via, request=request, **details)

    events = []
    if "role" in before:
        events.append(event(Kind.ROLE_REMOVED, role=before["role"]))
        events.append(event(Kind.ROLE_GRANTED, role=target.role))
    if "groups" in before or "user_permissions" in before:
        events.append(
            event(
                Kind.GROUPS_CHANGED,
                groups=sorted(target.groups.values_list("name", flat=True)),
                permissions=target.user_permissions.count(),
            )
        )
    if "username" in before:
        events.append(event(Kind.USERNAME_CHANGED, old=before["username"], new=target.username))
    if "unit" in before:
        events.append(event(Kind.UNIT_CHANGED, old=str(before["unit"] or ""), new=str(target.unit or "")))
    if "department" in before:
        old, new = before["department"], target.department
        events.append(event(Kind.DEPARTMENT_CHANGED, old=str(old or ""), new=str(new or "")))
    if "is_staff" in before or "is_superuser" in before:
        events.append(event(Kind.FLAGS_CHANGED, is_staff=target.is_staff, is_superuser=target.is_superuser))
    if "is_active" in before:
        events.append(event(Kind.ACCOUNT_ACTIVATED if target.is_active else Kind.ACCOUNT_DEACTIVATED))
    return events


ALREADY_SET = object()  # create_account(password=ALREADY_SET): the form hashed it into the instance


@transaction.atomic
def create_account(actor, person, *, password=None, via, request=None):
    """Save the new, unsaved `person`. `password`: a raw password, None for an unusable one
    (until they follow an e-mailed link), or ALREADY_SET. The e-mail given at creation takes
    effect at once: nobody has used the account yet."""
    if actor is not None and not privileges.may_create(actor, role=person.role, unit_id=person.unit_id):
        raise Refused({Attr.ROLE} if person.role not in privileges.creatable_roles(actor) else {Attr.UNIT})
    if password is None:
        person.set_unusable_password()
    elif password is not ALREADY_SET:
        person.set_password(password)
    person.full_clean(exclude=["password"])
    person.save()
    record(Kind.ACCOUNT_CREATED, target=person, actor=actor, via=via, request=request, role=person.role)
    return person


def set_password(actor, target, raw_password, *, via, request=None):
    """Set `target`'s password (None: unusable). The person's sessions end with the old
    password's hash; someone else's doing is told to the person's address."""
    if not _may(actor, target, Attr.PASSWORD):
        raise _refuse(actor, target, {Attr.PASSWORD}, via=via, request=request)
    with transaction.atomic():
        return _set_password(actor, target, raw_password, via=via, request=request)


def _set_password(actor, target, raw_password, *, via, request):
    if raw_password is None:
        target.set_unusable_password()
    else:
        target.set_password(raw_password)
    target.save(update_fields=["password"])
    return password_was_set(actor, target, via=via, request=request)


def password_was_set(actor, target, *, via, request=None):
    """Record (and tell the person of) a password just saved by another path (Django's forms)."""
    if actor is not None and actor.pk == target.pk:
        _notify(target.email, "password_changed", person=target)
        return record(Kind.PASSWORD_CHANGED, target=target, actor=actor, via=via, request=request)
    _notify(target.email, "password_set", person=target, by=actor, at=timezone.now())
    return record(Kind.PASSWORD_SET, target=target, actor=actor, via=via, request=request)


def password_was_reset(target, *, request):
    """The person set a new password from an e-mailed reset link."""
    _notify(target.email, "password_changed", person=target)
    return record(Kind.PASSWORD_RESET, target=target, actor=target, via=Via.PORTAL, request=request)


def temporary_password():
    """A password to read out or write down: 12 characters without look-alikes (0/O, 1/l)."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


# --- E-mail changes ------------------------------------------------------------------------


def request_email_change(actor, target, new_email, *, via, request=None):
    """Ask `target` to confirm `new_email` from that address; tell the old address."""
    if not _may(actor, target, Attr.EMAIL):
        raise _refuse(actor, target, {Attr.EMAIL}, via=via, request=request)
    EmailChange.objects.filter(user=target, confirmed_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    change = EmailChange.objects.create(
        user=target, new_email=new_email, requested_by=actor, token_hash=token_digest(token)
    )
    _notify(new_email, "email_confirm", person=target, by=actor, token=token, change=change)
    _notify(target.email, "email_change_notice", person=target, by=actor, new_email=new_email)
    return record(
        Kind.EMAIL_CHANGE_REQUESTED,
        target=target,
        actor=actor,
        via=via,
        request=request,
        old=target.email,
        new=new_email,
    )


def pending_email(target):
    return EmailChange.objects.filter(user=target).pending().first()


def email_change_for(user, token):
    """The open request behind a confirmation link, if it is `user`'s own (else None)."""
    return EmailChange.objects.pending().filter(token_hash=token_digest(token), user=user).first()


@transaction.atomic
def confirm_email_change(change, *, request):
    """The person, signed in, confirmed the new address from the link sent to it."""
    change = EmailChange.objects.select_for_update().get(pk=change.pk)
    person = User.objects.select_for_update().get(pk=change.user_id)
    old = person.email
    person.email = change.new_email
    person.save(update_fields=["email"])
    change.confirmed_at = timezone.now()
    change.save(update_fields=["confirmed_at"])
    _notify(old, "email_changed", person=person, new_email=person.email)
    return record(
        Kind.EMAIL_CHANGED, target=person, actor=person, via=Via.PORTAL, request=request, old=old, new=person.email
    )


def cancel_email_change(target):
    EmailChange.objects.filter(user=target, confirmed_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now()
    )


# --- Sign-in -------------------------------------------------------------------------------


def account_locked(username, *, ip_address=None):
    """django-axes locked `username` after repeated failures (the person may not exist).

    Axes signals again on every further failure during the lockout: one event per lockout."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = SecurityEvent.objects.filter(kind=Kind.ACCOUNT_LOCKED, at__gte=since, ip_address=ip_address)
    if recent.filter(details__username=username).exists():
        return None
    target = User.objects.filter(username=username).first()
    return record(
        Kind.ACCOUNT_LOCKED, target=target, actor=None, via=Via.SIGN_IN, ip_address=ip_address, username=username
    )
