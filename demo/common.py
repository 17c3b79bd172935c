"""What both demo units share: the password, the clock, and creating people and positions in place.

The 2024 commune (`loader.py`) and the 2026 ward (`ward.py`) are made the same way: every row is
found by its natural key and updated only where it differs, so a second run writes nothing.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from plans.models import Position, User

DEMO_PASSWORD = "papi2024"  # noqa: S105 - demo logins only, printed by the command
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class DemoError(Exception):
    """The demo cannot be loaded (e.g. the importer numbered a demo plan differently)."""


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    role: str
    position: str
    is_staff: bool = False
    at_province: bool = False  # an account administrator works at the province
    department: str = ""  # after the 2025 reform: the department the person belongs to


class DemoPassword:
    """The demo password's hash, made once per run on first need: a dozen slow hashes take seconds."""

    def __init__(self):
        self._hash = None

    def __call__(self):
        if self._hash is None:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash


def at(day, hour, minute):
    """That local time (Asia/Ho_Chi_Minh) on `day`."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN_TZ)


def update_changed(obj, values):
    """Save only the fields that differ, so a second run writes nothing (and no history row)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def upsert_positions(positions, first_order=10):
    """{name: Position} for [(name, short name)], created where missing; an administrator's later
    edits (short names, order) are kept."""
    return {
        name: Position.objects.get_or_create(name=name, defaults={"short_name": short, "order": first_order + i * 10})[
            0
        ]
        for i, (name, short) in enumerate(positions)
    }


def upsert_people(cast, *, unit, province, positions, email_domain, password, departments=None):
    """({username: User}, how many were created) for the `cast` of `unit`.

    A person's password is set once, when they are created; a later run does not reset a changed
    one. A username that belongs to someone of another unit is never taken over (DemoError).
    """
    departments = departments or {}
    people, created = {}, 0
    for person in cast:
        values = {
            "full_name": person.full_name,
            "unit": province if person.at_province else unit,
            "position": positions[person.position] if person.position else None,
            "role": person.role,
            "email": f"{person.username}@{email_domain}",
            "is_staff": person.is_staff,
            "is_active": True,
        }
        if person.department:  # people of a unit without departments keep theirs
            values["department"] = departments[person.department]
        user = User.objects.filter(username=person.username).first()
        if user is not None and user.unit_id not in (None, unit.pk, province.pk):
            # Never move a real person into a demo unit: the demo wants its own database.
            raise DemoError(
                _(
                    "The username %(username)s already belongs to someone in %(unit)s; "
                    "load the demo into a database of its own."
                )
                % {"username": person.username, "unit": user.unit}
            )
        if user is None:
            user = User.objects.create(username=person.username, password=password(), **values)
            created += 1
        else:
            update_changed(user, values)
        people[person.username] = user
    return people, created
