"""A task's changes as people read them (names, labels, dd/mm/yyyy): for the timeline of the task
page and for what changed under a stale form (``describe_conflict``, on every versioned form)."""

import datetime

from django.utils import formats, timezone

from core.versioned import editors_since
from plans.models import ContentArea, Department, User

from .models import Task
from .services.versions import changes_since


def format_value(name, value, people, areas, departments=None):
    """A field's value as a person reads it (names, labels, dd/mm/yyyy)."""
    departments = departments or {}
    if value is None or value == "" or (isinstance(value, list | set | tuple) and not value):
        return "—"
    if name in ("cooperating", "delegates"):
        ids = sorted(m2m_ids(value), key=lambda pk: people[pk].sort_name if pk in people else "")
        return ", ".join(str(people.get(pk, pk)) for pk in ids)
    if name == "cooperating_departments":
        return ", ".join(sorted(str(departments.get(pk, pk)) for pk in m2m_ids(value, "department")))
    if name in ("lead", "deleted_by", "history_user"):
        return str(people.get(value, value))
    if name == "lead_department":
        return str(departments.get(value, value))
    if name == "content_area":
        return str(areas.get(value, value))
    model_field = Task._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def m2m_ids(rows, key="user"):
    """simple_history gives m2m values as [{"task": id, "user": id}]; a set of the other side's ids."""
    return {row[key] for row in rows} if isinstance(rows, list) else set(rows or ())


class Lookups:
    """The people and areas named by history changes, fetched in one query each."""

    def __init__(self):
        self.user_ids, self.area_ids, self.department_ids = set(), set(), set()

    def note(self, name, *values):
        for value in values:
            if name in ("cooperating", "delegates"):
                self.user_ids |= m2m_ids(value)
            elif name == "cooperating_departments":
                self.department_ids |= m2m_ids(value, "department")
            elif name in ("lead", "deleted_by") and value:
                self.user_ids.add(value)
            elif name == "lead_department" and value:
                self.department_ids.add(value)
            elif name == "content_area" and value:
                self.area_ids.add(value)

    def fetch(self):
        """(people, areas, departments): {id: object}, one query each for those named."""
        people = {u.pk: u for u in User.objects.filter(pk__in=self.user_ids)} if self.user_ids else {}
        areas = {a.pk: a for a in ContentArea.objects.filter(pk__in=self.area_ids)} if self.area_ids else {}
        ids = self.department_ids
        departments = {d.pk: d for d in Department.objects.filter(pk__in=ids)} if ids else {}
        return people, areas, departments


def _field_name(label):
    """StaleTaskError.changes names fields by their (translated) label; find the field again."""
    by_label = {str(f.verbose_name): f.name for f in Task._meta.get_fields() if hasattr(f, "verbose_name")}
    return by_label.get(str(label))


def describe_conflict(current, changes, loaded_version):
    """What changed on ``current`` since the user loaded a form at ``loaded_version``:
    {"changes": [(label, before, after)], "editors": [(user, when)]}.

    ``changes`` are a StaleTaskError's ([(field label, old, new)]). Queries: the people and areas
    the changes name (0–2), the history records since (1)."""
    lookups, rows = Lookups(), []
    for label, old, new in changes:
        name = _field_name(label)
        if name:
            lookups.note(name, old, new)
        rows.append((label, name, old, new))
    people, areas, departments = lookups.fetch()
    readable = [
        (
            label,
            format_value(name, old, people, areas, departments),
            format_value(name, new, people, areas, departments),
        )
        if name
        else (label, str(old), str(new))
        for label, name, old, new in rows
    ]
    return {"changes": readable, "editors": editors_since(current.history, loaded_version)}


def describe_since(task, version):
    """``describe_conflict`` for a task someone saw at ``version``, from its history alone."""
    return describe_conflict(task, changes_since(task, version), version)
