"""Keep each person's role group in step with their role field.

Roles are data: every role is a Group (created by a data migration) whose
permissions an administrator may edit; a person belongs to exactly one role group.
"""

from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Role, User


@receiver(post_save, sender=User, dispatch_uid="plans.sync_role_group")
def sync_role_group(sender, instance, raw=False, **kwargs):
    if raw:
        return
    wanted = Role(instance.role).group_name
    current = set(instance.groups.filter(name__startswith="role:").values_list("name", flat=True))
    if current == {wanted}:
        return
    role_groups = Group.objects.filter(name__startswith="role:")
    instance.groups.remove(*[g for g in role_groups if g.name != wanted])
    group, _ = Group.objects.get_or_create(name=wanted)
    instance.groups.add(group)


# Model permissions the clerk needs to use the admin as a fallback. Object-level
# scoping (own commune only) is enforced by the portal's views, not by these.
CLERK_ADMIN_PERMISSIONS = {
    "plans": ["department", "position", "user", "plan", "plansection", "basisdocument", "responsibility", "papiscore"],
    "tasks": ["task", "progressupdate"],
    "reminders": ["reminder", "remindersettings"],
    "reports": ["reportingsettings", "reportinground", "submission", "tasksnapshot", "exportjob"],
}


def grant_clerk_admin_permissions(sender, **kwargs):
    from django.contrib.auth.models import Permission

    group, _ = Group.objects.get_or_create(name=Role.CLERK.group_name)
    wanted = Permission.objects.none()
    for app_label, models in CLERK_ADMIN_PERMISSIONS.items():
        wanted = wanted | Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models)
    group.permissions.add(*wanted)
