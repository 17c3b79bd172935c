"""Every actor against every target, through every path, for every attribute — generated from
the written model (accounts.privileges.RULES), so README's table and these tests cannot disagree.

Each attempt is a hand-made POST carrying the whole form with one attribute changed (locked
fields included, as an attacker would send them), made in a rolled-back savepoint. An allowed
attempt must change exactly that attribute (an e-mail only as a pending request); a refused one
must leave the person's row, groups, password and pending e-mails exactly as they were.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from accounts import privileges
from accounts.models import EmailChange, SecurityEvent
from accounts.privileges import Attr
from plans.models import Department, Role, User

from .conftest import CAST

pytestmark = pytest.mark.django_db

ACTORS = ["root", "quantri", "giamsat", "chutich", "phochutich", "vanphong", "tuphap", "mttq", "ngoai_vanphong"]
TARGETS = [*CAST]  # everyone, the actor themselves included

# Which attributes each path can carry.
ADMIN_ATTRS = [a for a in Attr if a != Attr.PASSWORD]
PORTAL_ATTRS = [Attr.CONTACT, Attr.EMAIL, Attr.USERNAME, Attr.ACTIVE, Attr.DEPARTMENT, Attr.ROLE, Attr.PASSWORD]


def snapshot(person):
    person = User.objects.get(pk=person.pk)
    return {
        Attr.ROLE: person.role,
        Attr.GROUPS: sorted(person.groups.values_list("name", flat=True)),
        Attr.PASSWORD: person.password,
        Attr.EMAIL: (person.email, list(EmailChange.objects.filter(user=person).pending().values_list("new_email"))),
        Attr.USERNAME: person.username,
        Attr.ACTIVE: person.is_active,
        Attr.UNIT: person.unit_id,
        Attr.DEPARTMENT: person.department_id,
        Attr.STAFF: person.is_staff,
        Attr.SUPERUSER: person.is_superuser,
        Attr.CONTACT: (person.full_name, person.phone, person.position_id),
    }


def new_value(attr, target, units):
    """The value an attempt sets for `attr` (always different from the current one)."""
    if attr == Attr.ROLE:
        return Role.OBSERVER if target.role != Role.OBSERVER else Role.OFFICIAL
    if attr == Attr.EMAIL:
        return f"attacker+{target.username}@evil.example"
    if attr == Attr.USERNAME:
        return f"{target.username}x"
    if attr == Attr.ACTIVE:
        return not target.is_active
    if attr == Attr.UNIT:
        return units["other"] if target.unit_id != units["other"].pk else units["commune"]
    if attr == Attr.DEPARTMENT:
        return Department.objects.filter(unit_id=target.unit_id).exclude(pk=target.department_id).first()
    if attr in (Attr.STAFF, Attr.SUPERUSER):
        return not getattr(target, privileges.FIELDS[attr][0])
    if attr == Attr.CONTACT:
        return "0987654321"
    if attr == Attr.GROUPS:
        return "extra"
    raise AssertionError(attr)


def expected(actor, target, attr, value):
    """What the written model says about the forms, with its value rules (role given, unit moved to)."""
    if attr not in privileges.changeable_on_forms(actor, target):
        return False
    if attr == Attr.ROLE:
        return value in privileges.grantable_roles(actor)
    if attr == Attr.UNIT:
        return privileges.unit_in_scope(actor, value.pk)
    return True


def admin_form(target, attr, value):
    """The admin's change form as a superuser sees it, every field, one of them changed."""
    data = {
        "username": target.username,
        "full_name": target.full_name,
        "email": target.email,
        "phone": target.phone,
        "unit": target.unit_id or "",
        "department": target.department_id or "",
        "position": target.position_id or "",
        "role": target.role,
        "groups": [str(pk) for pk in target.groups.values_list("pk", flat=True)],
        "_save": "Save",
    }
    flags = {"is_active": target.is_active, "is_staff": target.is_staff, "is_superuser": target.is_superuser}
    flags["email_notifications"] = target.email_notifications
    if attr in (Attr.ACTIVE, Attr.STAFF, Attr.SUPERUSER):
        flags[privileges.FIELDS[attr][0]] = value
    elif attr == Attr.GROUPS:
        from django.contrib.auth.models import Group

        data["groups"].append(str(Group.objects.get(name=value).pk))
    elif attr == Attr.CONTACT:
        data["phone"] = value
    else:
        data[privileges.FIELDS[attr][0]] = getattr(value, "pk", value)
    data.update({name: "on" for name, on in flags.items() if on})
    return data


def portal_form(target, attr, value):
    data = {
        "full_name": target.full_name,
        "username": target.username,
        "email": target.email,
        "phone": target.phone,
        "position": target.position_id or "",
        "department": target.department_id or "",
        "role": target.role,
        "password_action": "keep",
    }
    if target.is_active:
        data["is_active"] = "on"
    if attr == Attr.ACTIVE:
        data.pop("is_active", None) if not value else data.update(is_active="on")
    elif attr == Attr.CONTACT:
        data["phone"] = value
    elif attr == Attr.PASSWORD:
        data.update(password_action="set", password="Sen-hong-2024!")
    else:
        data[privileges.FIELDS[attr][0]] = getattr(value, "pk", value)
    return data


def changed_as_expected(before, after, attr, allowed, value):
    others = {a: v for a, v in before.items() if a != attr}
    # A new role moves the person's role group; a new unit leaves the old unit's department.
    side_effects = {Attr.ROLE: {Attr.GROUPS}, Attr.UNIT: {Attr.DEPARTMENT}}.get(attr, set()) if allowed else set()
    others = {a: v for a, v in others.items() if a not in side_effects}
    assert {a: v for a, v in after.items() if a != attr and a not in side_effects} == others, (
        "an attribute other than the one attempted changed"
    )
    if not allowed:
        return after[attr] == before[attr]
    if attr == Attr.EMAIL:
        # Not in effect before the person confirms it: pending only.
        return after[attr] == (before[attr][0], [(value,)])
    return after[attr] != before[attr]


def attempt(client, actor, target, attr, url, data):
    """POST in a savepoint that is rolled back; returns (allowed?, whether it changed, refusal recorded)."""
    with transaction.atomic():
        before = snapshot(target)
        refusals = SecurityEvent.objects.filter(kind="change_refused").count()
        response = client.post(url, data)
        after = snapshot(target)
        refused_recorded = SecurityEvent.objects.filter(kind="change_refused").count() > refusals
        transaction.set_rollback(True)
    assert response.status_code in (200, 302, 400, 403, 404), response.status_code
    return before, after, refused_recorded, response


def cases():
    for actor in ACTORS:
        for target in TARGETS:
            yield pytest.param(actor, target, id=f"{actor}->{'self' if actor == target else target}")


@pytest.mark.parametrize(("actor_name", "target_name"), list(cases()))
def test_admin_change_form(client, cast, units, actor_name, target_name):
    actor, target = cast[actor_name], cast[target_name]
    client.force_login(actor)
    url = reverse("admin:plans_user_change", args=[target.pk])
    # The admin serves staff with the right to change people (clerk, account administrator, superuser).
    reaches = actor.is_staff and actor.has_perm("plans.change_user")
    for attr in ADMIN_ATTRS:
        value = new_value(attr, target, units)
        if value is None:
            continue
        allowed = reaches and expected(actor, target, attr, value)
        before, after, _, response = attempt(client, actor, target, attr, url, admin_form(target, attr, value))
        assert changed_as_expected(before, after, attr, allowed, value), (
            f"{attr}: expected {'a change' if allowed else 'no change'} ({response.status_code})"
        )


@pytest.mark.parametrize(("actor_name", "target_name"), list(cases()))
def test_admin_password_form(client, cast, actor_name, target_name):
    actor, target = cast[actor_name], cast[target_name]
    client.force_login(actor)
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    data = {"password1": "Sen-hong-2024!", "password2": "Sen-hong-2024!", "usable_password": "true"}
    data["set-password"] = "1"
    before, after, _, response = attempt(client, actor, target, Attr.PASSWORD, url, data)
    # The admin's own password page is for others; one's own goes through the portal.
    allowed = Attr.PASSWORD in privileges.changeable_on_forms(actor, target) and actor.is_staff
    changed = after[Attr.PASSWORD] != before[Attr.PASSWORD]
    assert changed == allowed, f"expected {'a change' if allowed else 'no change'} ({response.status_code})"
    if actor == target and actor.is_staff:
        assert response.url == reverse("password_change")  # one's own: with the current password
    elif not allowed and actor.is_staff and privileges.scope(actor, User.objects).filter(pk=target.pk).exists():
        assert response.status_code == 403


@pytest.mark.parametrize(("actor_name", "target_name"), list(cases()))
def test_clerks_people_page(client, cast, units, actor_name, target_name):
    actor, target = cast[actor_name], cast[target_name]
    client.force_login(actor)
    url = reverse("people:official_edit", args=[target.pk])
    # The page is the commune clerk's, for the people of their commune.
    reaches = actor.role == Role.CLERK and actor.unit_id is not None and actor.unit_id == target.unit_id
    for attr in PORTAL_ATTRS:
        value = "Sen-hong-2024!" if attr == Attr.PASSWORD else new_value(attr, target, units)
        if value is None:
            continue
        allowed = reaches and expected(actor, target, attr, value)
        before, after, refusal, response = attempt(client, actor, target, attr, url, portal_form(target, attr, value))
        assert changed_as_expected(before, after, attr, allowed, value), (
            f"{attr}: expected {'a change' if allowed else 'no change'} ({response.status_code})"
        )
        if not reaches:
            assert response.status_code in (403, 404)
        elif not allowed and not (attr == Attr.ACTIVE and not value):
            # (An unticked box sends nothing, as a locked one does: nothing to tell them apart by.)
            assert refusal, f"{attr}: the refused attempt is not in the security events"


def test_the_matrix_covers_every_attribute_and_rank():
    covered = set(ADMIN_ATTRS) | set(PORTAL_ATTRS)
    assert covered == set(Attr)
    ranks = {
        privileges.rank(
            User(role=role, is_staff=extra.get("is_staff", False), is_superuser=extra.get("is_superuser", False))
        )
        for _, role, extra in CAST.values()
    }
    assert ranks == {*privileges.RANK.values(), privileges.SUPERUSER_RANK}


@pytest.mark.parametrize("actor_name", ACTORS)
def test_creating_accounts_in_the_admin_and_on_the_people_page(client, cast, units, actor_name):
    actor = cast[actor_name]
    client.force_login(actor)
    admin_reaches = actor.is_staff and actor.has_perm("plans.add_user")
    for role in Role:
        for unit_key, unit in units.items():
            username = f"new_{role.value}_{unit_key}"
            data = {"username": username, "full_name": "Người Mới", "unit": unit.pk, "role": role.value}
            data.update(password1="Sen-hong-2024!", password2="Sen-hong-2024!", usable_password="true")
            with transaction.atomic():
                client.post(reverse("admin:plans_user_add"), data)
                created = User.objects.filter(username=username, role=role, unit=unit).exists()
                transaction.set_rollback(True)
            allowed = admin_reaches and privileges.may_create(actor, role=role, unit_id=unit.pk)
            assert created == allowed, f"admin: {role} in {unit}: expected {'created' if allowed else 'refused'}"
        # The people page creates in the clerk's own commune.
        data = {"full_name": "Người Mới", "username": f"p_{role.value}", "role": role.value, "is_active": "on"}
        data["password_action"] = "generate"
        with transaction.atomic():
            client.post(reverse("people:official_add"), data)
            created = User.objects.filter(username=f"p_{role.value}", role=role).exists()
            transaction.set_rollback(True)
        allowed = actor.role == Role.CLERK and privileges.may_create(actor, role=role, unit_id=actor.unit_id)
        assert created == allowed, f"people page: {role}: expected {'created' if allowed else 'refused'}"
