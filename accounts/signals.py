"""Security events that come from outside the portal's own forms: django-axes lockouts."""

from axes.signals import user_locked_out
from django.contrib.auth.models import Group, Permission

from plans.models import Role


def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    from . import services

    if username:
        services.account_locked(username, ip_address=ip_address)


def connect():
    user_locked_out.connect(_on_locked_out, dispatch_uid="accounts.locked_out")


# An account administrator works in the admin on people (and reads units to pick one).
ACCOUNT_ADMIN_PERMISSIONS = [
    ("plans", "user", ("view", "change", "add")),
    ("plans", "department", ("view",)),
    ("plans", "position", ("view",)),
    ("plans", "administrativeunit", ("view",)),
    ("accounts", "securityevent", ("view",)),
]


def grant_account_admin_permissions(sender, **kwargs):
    group, _ = Group.objects.get_or_create(name=Role.ACCOUNT_ADMIN.group_name)
    for app_label, model, actions in ACCOUNT_ADMIN_PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
