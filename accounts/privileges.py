"""Who may change which sign-in attribute of whom: the portal's privilege model, as data.

`RULES` is the written model. README's security section is generated from it
(`manage.py privilege_table`), the tests' matrix is generated from it, and every path that
changes a person — the clerk's people page, "my account", the admin's forms, the commands —
asks `may()` through `accounts.services`. Nothing else decides.

Reading a rule: `RULES[attribute][actor] = reach`. The actor is what the acting person is
*relative to the target*: themselves, a superuser, an account administrator or a clerk.
Nobody else changes anybody. The reach says whom:

- `SELF`: only their own account;
- `IN_SCOPE`: anyone in the actor's scope (a clerk: their commune; an account administrator:
  the units below theirs; a superuser: everyone), whatever their rank;
- `LOWER`: someone in the actor's scope whose rank is below the actor's. Equal or higher
  rank is never reachable: a clerk cannot touch another clerk's credentials, nor a chairman's.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import AdministrativeUnit, Role


class Attr(models.TextChoices):
    """What about a person grants access, grouped as the model speaks of it."""

    ROLE = "role", _("role")
    GROUPS = "groups", _("groups and permissions")
    PASSWORD = "password", _("password")
    EMAIL = "email", _("e-mail address (receives reset links)")
    USERNAME = "username", _("username")
    ACTIVE = "is_active", _("active flag")
    UNIT = "unit", _("unit")
    DEPARTMENT = "department", _("department")
    STAFF = "is_staff", _("staff flag (admin access)")
    SUPERUSER = "is_superuser", _("superuser flag")
    CONTACT = "contact", _("name, phone and position")


# The model fields behind each attribute.
FIELDS = {
    Attr.ROLE: ("role",),
    Attr.GROUPS: ("groups", "user_permissions"),
    Attr.PASSWORD: ("password",),
    Attr.EMAIL: ("email",),
    Attr.USERNAME: ("username",),
    Attr.ACTIVE: ("is_active",),
    Attr.UNIT: ("unit",),
    Attr.DEPARTMENT: ("department",),
    Attr.STAFF: ("is_staff",),
    Attr.SUPERUSER: ("is_superuser",),
    Attr.CONTACT: ("full_name", "phone", "position"),
}
ATTR_OF_FIELD = {field: attr for attr, fields in FIELDS.items() for field in fields}


class Actor(models.TextChoices):
    SELF = "self", _("the person themselves")
    SUPERUSER = "superuser", _("a superuser")
    ACCOUNT_ADMIN = "account_admin", _("an account administrator")
    CLERK = "clerk", _("the commune's clerk")


class Reach(models.TextChoices):
    SELF = "self", _("own account")
    IN_SCOPE = "in_scope", _("anyone in their scope")
    LOWER = "lower", _("lower rank, in their scope")


A, R = Actor, Reach
RULES = {
    Attr.ROLE: {A.SUPERUSER: R.LOWER, A.ACCOUNT_ADMIN: R.LOWER},
    Attr.GROUPS: {A.SUPERUSER: R.LOWER},
    Attr.PASSWORD: {A.SELF: R.SELF, A.SUPERUSER: R.LOWER, A.ACCOUNT_ADMIN: R.LOWER, A.CLERK: R.LOWER},
    Attr.EMAIL: {A.SELF: R.SELF, A.SUPERUSER: R.LOWER, A.ACCOUNT_ADMIN: R.LOWER, A.CLERK: R.LOWER},
    Attr.USERNAME: {A.SUPERUSER: R.LOWER, A.ACCOUNT_ADMIN: R.LOWER, A.CLERK: R.LOWER},
    Attr.ACTIVE: {A.SUPERUSER: R.LOWER, A.ACCOUNT_ADMIN: R.LOWER, A.CLERK: R.LOWER},
    Attr.UNIT: {A.SUPERUSER: R.LOWER, A.ACCOUNT_ADMIN: R.LOWER},
    Attr.DEPARTMENT: {A.SUPERUSER: R.LOWER, A.ACCOUNT_ADMIN: R.LOWER, A.CLERK: R.LOWER},
    Attr.STAFF: {A.SUPERUSER: R.LOWER},
    Attr.SUPERUSER: {A.SUPERUSER: R.LOWER},
    Attr.CONTACT: {A.SELF: R.SELF, A.SUPERUSER: R.LOWER, A.ACCOUNT_ADMIN: R.LOWER, A.CLERK: R.IN_SCOPE},
}
del A, R

# Ranks: higher outranks lower. Staff rights (the admin) raise a person to a clerk's rank, so
# a clerk never reaches another staff account; a superuser outranks everyone.
RANK = {
    Role.OFFICIAL: 10,
    Role.OBSERVER: 10,
    Role.CLERK: 20,
    Role.VICE_CHAIRMAN: 30,
    Role.CHAIRMAN: 40,
    Role.SUPERVISOR: 50,
    Role.ACCOUNT_ADMIN: 60,
}
STAFF_RANK = RANK[Role.CLERK]
SUPERUSER_RANK = 100

# Which roles each actor may give (to someone it may change the role of), and with which role
# it may create accounts. The clerk creates officials only: every other role is granted by an
# administrator.
GRANTABLE = {
    Actor.SUPERUSER: tuple(Role),
    Actor.ACCOUNT_ADMIN: tuple(role for role in Role if RANK[role] < RANK[Role.ACCOUNT_ADMIN]),
}
CREATABLE = {**GRANTABLE, Actor.CLERK: (Role.OFFICIAL,)}


def rank(user):
    if user.is_superuser:
        return SUPERUSER_RANK
    base = RANK.get(user.role, 0)
    return max(base, STAFF_RANK) if user.is_staff else base


def actor_kind(actor):
    """What a person is when acting on others (None: they change nobody)."""
    if actor is None or not actor.is_active:
        return None
    if actor.is_superuser:
        return Actor.SUPERUSER
    if actor.role == Role.ACCOUNT_ADMIN and actor.unit_id is not None:
        return Actor.ACCOUNT_ADMIN
    if actor.role == Role.CLERK and actor.unit_id is not None:
        return Actor.CLERK
    return None


def unit_in_scope(actor, unit_id):
    """May `actor` manage people of the unit `unit_id` (None: people of no unit)?"""
    kind = actor_kind(actor)
    if kind == Actor.SUPERUSER:
        return True
    if unit_id is None:
        return False
    if kind == Actor.CLERK:
        return unit_id == actor.unit_id
    if kind == Actor.ACCOUNT_ADMIN:
        return AdministrativeUnit.objects.within(actor.unit).filter(pk=unit_id).exists()
    return False


def scope(actor, people):
    """The people (a User queryset) whom `actor` manages in some way."""
    kind = actor_kind(actor)
    if kind == Actor.SUPERUSER:
        return people
    if kind == Actor.CLERK:
        return people.filter(unit_id=actor.unit_id)
    if kind == Actor.ACCOUNT_ADMIN:
        return people.filter(unit__in=AdministrativeUnit.objects.within(actor.unit))
    return people.none()


def scope_units(actor, units):
    """The units (an AdministrativeUnit queryset) whose people `actor` manages."""
    kind = actor_kind(actor)
    if kind == Actor.SUPERUSER:
        return units
    if kind == Actor.CLERK:
        return units.filter(pk=actor.unit_id)
    if kind == Actor.ACCOUNT_ADMIN:
        return units.filter(pk__in=AdministrativeUnit.objects.within(actor.unit).values("pk"))
    return units.none()


@dataclass(frozen=True)
class Standing:
    """How `actor` stands to `target`: computed once, asked per attribute."""

    kind: Actor | None
    is_self: bool
    in_scope: bool
    outranks: bool

    @classmethod
    def of(cls, actor, target):
        is_self = actor is not None and target.pk is not None and actor.pk == target.pk
        kind = actor_kind(actor)
        reachable = kind is not None and not is_self and unit_in_scope(actor, target.unit_id)
        return cls(kind, is_self, reachable, reachable and rank(target) < rank(actor))

    def may(self, attr):
        rules = RULES[attr]
        if self.is_self:
            return Actor.SELF in rules
        reach = rules.get(self.kind)
        if reach == Reach.IN_SCOPE:
            return self.in_scope
        if reach == Reach.LOWER:
            return self.outranks
        return False


def may(actor, target, attr):
    return Standing.of(actor, target).may(attr)


def changeable(actor, target):
    """Every attribute of `target` that `actor` may change."""
    standing = Standing.of(actor, target)
    return frozenset(attr for attr in Attr if standing.may(attr))


# A person changes their own password and e-mail only where they type their current password
# ("my account", the password change page): never on the clerk's or the admin's forms, so a
# session left open on a desk cannot be turned into a takeover.
SELF_SERVICE_ONLY = frozenset({Attr.PASSWORD, Attr.EMAIL})


def changeable_on_forms(actor, target):
    """What the people page and the admin let `actor` change about `target`."""
    allowed = changeable(actor, target)
    if actor is not None and actor.pk == target.pk:
        allowed -= SELF_SERVICE_ONLY
    return allowed


def grantable_roles(actor):
    return GRANTABLE.get(actor_kind(actor), ())


def creatable_roles(actor):
    return CREATABLE.get(actor_kind(actor), ())


def may_create(actor, *, role, unit_id):
    return role in creatable_roles(actor) and unit_in_scope(actor, unit_id)


def may_delete(actor, target):
    """Deleting loses history: a superuser only, of lower rank (everyone else deactivates)."""
    standing = Standing.of(actor, target)
    return standing.kind == Actor.SUPERUSER and standing.outranks


# --- The table in README ---------------------------------------------------------------

WHERE = {
    Actor.SELF: "“Tài khoản của tôi” `/accounts/me/`, password change and reset",
    Actor.SUPERUSER: "admin, `manage.py account`",
    Actor.ACCOUNT_ADMIN: "admin (people of the units below theirs)",
    Actor.CLERK: "people page `/tasks/officials/`, admin (own commune)",
}


SHORT = {
    Attr.ROLE: "role",
    Attr.GROUPS: "groups",
    Attr.PASSWORD: "password",
    Attr.EMAIL: "e-mail",
    Attr.USERNAME: "username",
    Attr.ACTIVE: "active",
    Attr.UNIT: "unit",
    Attr.DEPARTMENT: "department",
    Attr.STAFF: "staff",
    Attr.SUPERUSER: "superuser",
    Attr.CONTACT: "contact",
}


def _pairwise_lines():
    """Every (actor's role, target's role) pair, the target in the actor's scope, worked out
    from RULES and RANK (no database: scope is taken as given)."""
    from plans.models import User

    def person(role, **flags):
        return User(role=role, unit_id=1, is_active=True, **flags)

    actors = [("superuser", person(Role.OFFICIAL, is_superuser=True))]
    actors += [(role.value, person(role, is_staff=role == Role.CLERK)) for role in Role]
    targets = [(role.value, person(role)) for role in Role]
    targets += [
        ("staff account", person(Role.OFFICIAL, is_staff=True)),
        ("superuser", person(Role.OFFICIAL, is_superuser=True)),
    ]
    lines = ["| actor ↓ / target → | " + " | ".join(name for name, _ in targets) + " |"]
    lines.append("| --- |" + " --- |" * len(targets))
    for actor_name, actor in actors:
        cells = []
        for _name, target in targets:
            kind = actor_kind(actor)
            standing = Standing(kind, False, kind is not None, kind is not None and rank(target) < rank(actor))
            allowed = [SHORT[attr] for attr in Attr if standing.may(attr)]
            cells.append("everything" if len(allowed) == len(Attr) else ", ".join(allowed) or "—")
        lines.append(f"| {actor_name} | " + " | ".join(cells) + " |")
    return lines


def table_markdown():
    """The rules as README shows them (README's text is checked against this)."""
    actors = list(Actor)
    lines = [
        "| attribute | " + " | ".join(actor.value for actor in actors) + " |",
        "| --- |" + " --- |" * len(actors),
    ]
    for attr in Attr:
        cells = [RULES[attr].get(actor, "—") for actor in actors]
        lines.append(f"| {attr.value} | " + " | ".join(str(cell) for cell in cells) + " |")
    lines.append("")
    lines.append("| rank | roles |")
    lines.append("| --- | --- |")
    by_rank = {}
    for role, value in RANK.items():
        by_rank.setdefault(value, []).append(role.value)
    by_rank.setdefault(STAFF_RANK, []).append("(any staff account)")
    by_rank[SUPERUSER_RANK] = ["(superuser)"]
    for value in sorted(by_rank, reverse=True):
        lines.append(f"| {value} | " + ", ".join(by_rank[value]) + " |")
    lines.append("")
    lines.append("| actor | grants the roles | creates accounts with the roles | works in |")
    lines.append("| --- | --- | --- | --- |")
    for actor in actors:
        grants = ", ".join(role.value for role in GRANTABLE.get(actor, ())) or "—"
        creates = ", ".join(role.value for role in CREATABLE.get(actor, ())) or "—"
        lines.append(f"| {actor.value} | {grants} | {creates} | {WHERE[actor]} |")
    lines.append("")
    lines.append("What each actor may change about each target in their scope (outside it: nothing):")
    lines.append("")
    lines.extend(_pairwise_lines())
    return "\n".join(lines) + "\n"
