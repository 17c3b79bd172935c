"""What every page's layout needs: the menu for the person's role (the bell: notifications.context_processors)."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from plans.models import Role

# (URL name, label, Bootstrap icon) of each menu entry.
DASHBOARD = ("reports:dashboard", _("Dashboard"), "speedometer2")
PLAN_OVERVIEW = ("tasks:plan_overview", _("Plan overview"), "list-check")
MY_TASKS = ("tasks:my_tasks", _("My tasks"), "person-check")
OFFICIALS = ("people:officials", _("Officials"), "people")
PLAN_UPLOAD = ("importing:plan_upload", _("Upload plan"), "cloud-upload")
REMINDERS = ("reminders:reminder_log", _("Reminders"), "alarm")
REPORTS = ("reports:rounds", _("Reports"), "journal-text")
MY_REPORTS = ("reports:my_submissions", _("My reports"), "journal-check")
EXPORT = ("reports:export", _("Export the progress report"), "file-earmark-excel")
SECURITY = ("accounts:security_log", _("Security events"), "shield-lock")

MENU_BY_ROLE = {
    Role.OFFICIAL: [MY_TASKS, MY_REPORTS],
    Role.CLERK: [PLAN_OVERVIEW, MY_TASKS, OFFICIALS, PLAN_UPLOAD, REMINDERS, REPORTS],
    Role.CHAIRMAN: [DASHBOARD, PLAN_OVERVIEW, MY_TASKS, REPORTS, SECURITY],
    Role.VICE_CHAIRMAN: [DASHBOARD, PLAN_OVERVIEW, MY_TASKS, REPORTS],
    Role.OBSERVER: [PLAN_OVERVIEW, REPORTS],
    Role.SUPERVISOR: [DASHBOARD, PLAN_OVERVIEW, REPORTS, EXPORT],
    Role.ACCOUNT_ADMIN: [SECURITY],
}


@dataclass(frozen=True)
class MenuItem:
    url: str
    label: str
    icon: str
    active: bool


def _url(name):
    """The path of a URL name, or None while the page does not exist yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _menu(request, user):
    current = getattr(getattr(request, "resolver_match", None), "view_name", None)
    items = []
    for name, label, icon in MENU_BY_ROLE.get(user.role, [MY_TASKS]):
        url = _url(name)
        if url:
            items.append(MenuItem(url, label, icon, name == current))
    return items


def portal(request):
    """`menu` and `admin_url`."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "menu": _menu(request, user),
        "admin_url": _url("admin:index") if user.is_staff else None,
    }
