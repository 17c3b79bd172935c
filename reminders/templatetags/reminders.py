"""Template helpers of the reminder e-mails (reminders/delivery.py) and the reminder pages.

The digests hold task rows as dicts (`digest.TASK_FIELDS`), not model instances, so the
little bits of logic a model property would give (deadline as read, days late) live here.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plans.models import ContentArea
from tasks.deadlines import deadline_label

register = template.Library()

_AREA_NAMES = "_area_names"


def area_names(holder):
    """{code: (name_vi, name_en)} of the PAPI content areas, read in ONE query and kept on
    `holder` (the digest being rendered): its plain text and HTML share it, and a message
    always costs the same number of queries (no process-wide cache to go stale or to make
    query counts depend on what ran before)."""
    names = getattr(holder, _AREA_NAMES, None)
    if names is None:
        names = {
            code: (name_vi, name_en)
            for code, name_vi, name_en in ContentArea.objects.values_list("code", "name_vi", "name_en")
        }
        setattr(holder, _AREA_NAMES, names)
    return names


@register.simple_tag(takes_context=True)
def area_name(context, code):
    """ "3. Trách nhiệm giải trình với người dân": a PAPI content area's official name from its
    code, in the active language (English where there is an English name)."""
    if code is None or code == "":
        return _("Outside the eight PAPI areas")
    holder = context.get("digest") or context.render_context
    names = area_names(holder).get(int(code))
    if names is None:
        return _("Area %(code)s") % {"code": code}
    name_vi, name_en = names
    if (get_language() or "vi").startswith("en") and name_en:
        return f"{code}. {name_en}"
    return f"{code}. {name_vi}"


@register.filter
def deadline(task):
    """A task row's deadline, its date written once: "Quý II/2024 (30/06/2024)", "trước 22/6/2024"
    (`tasks.deadlines.deadline_label`, as on the task's pages)."""
    return deadline_label(task.get("deadline_text"), task.get("due_date"), task.get("deadline_kind"))


@register.filter
def days_late(task, day):
    """How many days past its due date a task row is on `day` (0 if not late)."""
    due = task.get("due_date")
    return max((day - due).days, 0) if due else 0


@register.filter
def by_days(due_soon):
    """A digest's {days left: [tasks]} as [(days, tasks)], the nearest deadline first."""
    return sorted(due_soon.items())


@register.filter
def task_count(due_soon):
    """How many tasks a digest's {days left: [tasks]} holds."""
    return sum(len(tasks) for tasks in due_soon.values())


@register.filter
def area_total(overdue_by_area):
    """The number of overdue tasks in [(area code, count)]."""
    return sum(count for _code, count in overdue_by_area)


@register.simple_tag
def join_parts(*parts, separator=", "):
    """The non-empty parts joined: the pieces of a subject line that apply to this digest."""
    return format_html_join(separator, "{}", ((part,) for part in parts if part))
