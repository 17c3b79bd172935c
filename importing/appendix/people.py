"""The commune's officials and departments as the task summary table names them: an official by
position or full name, a department by its name."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from importing.plan.parties import find_parties, party_key
from plans.models import Department, User
from tasks.services.assignment import assignable_people


class People:
    """The commune's assignable officials, found by position name or full name.

    The key of a name is the importer's ``party_key`` (accents, "Công chức", "UBND", "xã" do not
    matter). A key held by several people (two officials with one position) is ambiguous.
    """

    def __init__(self, people: Iterable[User], departments: Iterable[Department] = ()):
        self.people = list(people)
        self.holders: dict[tuple, list[User | Department]] = {}
        self.names: list[str] = []
        parties = [(d, (d.name,)) for d in departments]
        parties += [(p, (p.position.name if p.position_id else "", p.full_name)) for p in self.people]
        for person, names in parties:
            for name in names:
                key = party_key(name)
                if not key:
                    continue
                holders = self.holders.setdefault(key, [])
                if person not in holders:
                    holders.append(person)
                if name not in self.names:
                    self.names.append(name)

    @classmethod
    def of(cls, plan):
        return cls(assignable_people(plan.unit_id), Department.objects.filter(unit_id=plan.unit_id))

    def display(self, person: User | Department | None) -> str:
        """How the table names a party: a department by its name; a person by the position if it
        names only them, else the full name."""
        if person is None:
            return ""
        if isinstance(person, Department):
            return person.name
        if person.position_id and self.holders.get(party_key(person.position.name), [person]) == [person]:
            return person.position.name
        return person.full_name or person.username

    def resolve(self, text: str) -> tuple[list[User], list[str]]:
        """The people a cell names, and error messages for the names it cannot place."""
        found, errors = [], []
        for piece in _pieces(text):
            names = find_parties(piece, self.names)
            covered = {word for name in names for word in party_key(name)}
            leftover = [w for w in party_key(piece) if w not in covered and w != "va"]
            if not names or leftover:
                errors.append(_("Unknown official: “%(text)s”.") % {"text": piece})
                continue
            for name in names:
                holders = self.holders[party_key(name)]
                if len(holders) > 1:
                    errors.append(
                        _("Ambiguous official: “%(text)s” could be %(people)s; write the full name.")
                        % {"text": name, "people": ", ".join(p.full_name or p.username for p in holders)}
                    )
                    continue
                if holders[0] not in found:
                    found.append(holders[0])
        return found, errors


def _pieces(text):
    """A cell cut at ";" and line breaks (commas and "và" are left to the importer's matching)."""
    return [p.strip() for p in re.split(r"[;\n]", text or "") if p.strip()]
