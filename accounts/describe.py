"""What a security event's details say, in the reader's language."""

from django.utils.translation import gettext as _

from plans.models import Role

from .privileges import Attr


def _role(value):
    try:
        return str(Role(value).label)
    except ValueError:
        return value


def _attrs(values):
    labels = []
    for value in values:
        try:
            labels.append(str(Attr(value).label))
        except ValueError:
            labels.append(value)
    return ", ".join(labels)


def describe_event(event):
    d, kind = event.details or {}, event.kind
    if kind in ("role_granted", "role_removed", "account_created") and "role" in d:
        return _("role: %(role)s") % {"role": _role(d["role"])}
    if kind in ("username_changed", "unit_changed", "department_changed", "email_changed", "email_change_requested"):
        return _("%(old)s → %(new)s") % {"old": d.get("old") or _("(none)"), "new": d.get("new") or _("(none)")}
    if kind == "flags_changed":
        yes, no = _("yes"), _("no")
        return _("staff: %(staff)s, superuser: %(superuser)s") % {
            "staff": yes if d.get("is_staff") else no,
            "superuser": yes if d.get("is_superuser") else no,
        }
    if kind == "groups_changed":
        return ", ".join(d.get("groups", []))
    if kind == "change_refused":
        return _("tried to change: %(what)s") % {"what": _attrs(d.get("attributes", []))}
    if kind == "account_locked":
        return _("username typed: %(username)s") % {"username": d.get("username", "")}
    return ""
