"""The security events: who may read them, what they hold, and the commands that write them."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts import privileges, services
from accounts.models import SecurityEvent
from plans.models import Role, User

from ..accounts.conftest import sign_in

pytestmark = pytest.mark.django_db
Kind, Via = SecurityEvent.Kind, SecurityEvent.Via
README = Path(__file__).resolve().parents[2] / "README.md"


def test_a_lockout_is_an_event_with_the_address_once_per_lockout(client, cast):
    for _ in range(7):
        sign_in(client, "tuphap", "wrong", ip="203.0.113.10")

    (event,) = SecurityEvent.objects.filter(kind=Kind.ACCOUNT_LOCKED)
    assert (event.target, event.ip_address, event.unit) == (cast["tuphap"], "203.0.113.10", cast["tuphap"].unit)


@pytest.mark.parametrize(
    ("reader", "sees"),
    [
        ("chutich", {"tuphap", "ngoai_tuphap"} - {"ngoai_tuphap"}),
        ("quantri", {"tuphap", "ngoai_tuphap"}),
        ("root", {"tuphap", "ngoai_tuphap"}),
    ],
)
def test_the_chairman_reads_their_communes_events_an_administrator_those_below(client, cast, reader, sees):
    services.change_account(None, cast["tuphap"], {"is_active": False}, via=Via.COMMAND)
    services.change_account(None, cast["ngoai_tuphap"], {"is_active": False}, via=Via.COMMAND)
    client.force_login(cast[reader])

    response = client.get(reverse("accounts:security_log"))

    assert response.status_code == 200
    shown = {event.target.username for event in response.context["page"].object_list}
    assert shown == sees
    assert "operator (server command)" in response.content.decode() or "máy chủ" in response.content.decode()


@pytest.mark.parametrize("reader", ["phochutich", "vanphong", "tuphap", "mttq", "giamsat", "ngoai_vanphong"])
def test_everyone_else_gets_404(client, cast, reader):
    client.force_login(cast[reader])

    assert client.get(reverse("accounts:security_log")).status_code == 404


def test_the_list_filters_and_shows_who_when_and_from_where(client, cast):
    clerk = cast["vanphong"]
    client.force_login(clerk)
    client.post(
        reverse("admin:auth_user_password_change", args=[cast["chutich"].pk]),
        {"password1": "x-Takeover-1", "password2": "x-Takeover-1"},
        REMOTE_ADDR="198.51.100.7",
    )
    client.force_login(cast["chutich"])

    response = client.get(reverse("accounts:security_log"), {"kind": Kind.CHANGE_REFUSED})

    (event,) = response.context["page"].object_list
    html = response.content.decode()
    assert event.actor == clerk and "198.51.100.7" in html and clerk.full_name in html


@pytest.mark.parametrize("events", [3, 300])
def test_the_list_takes_the_same_queries_for_many_events(client, cast, django_assert_num_queries, events):
    client.force_login(cast["chutich"])
    official = cast["tuphap"]
    SecurityEvent.objects.bulk_create(
        SecurityEvent(kind=Kind.PASSWORD_SET, via=Via.PORTAL, target=official, unit=official.unit)
        for _ in range(events)
    )
    # session, user, count of events, the page of events (unit joined), the bell's count,
    # then the session renewed (savepoint, update, release)
    with django_assert_num_queries(8):
        response = client.get(reverse("accounts:security_log"))
    assert len(response.context["page"].object_list) == min(events, 50)


def test_the_account_command_grants_a_role_through_the_same_service(cast):
    out = io.StringIO()
    call_command("account", "tuphap", "--role", Role.CLERK, stdout=out)

    person = User.objects.get(username="tuphap")
    assert person.role == Role.CLERK
    assert list(person.groups.values_list("name", flat=True)) == ["role:clerk"]
    granted = SecurityEvent.objects.get(kind=Kind.ROLE_GRANTED, target=person)
    assert (granted.actor, granted.via, granted.details) == (None, Via.COMMAND, {"role": "clerk"})


def test_changepassword_is_recorded(cast, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Sen-hong-2024!")

    call_command("changepassword", "tuphap", stdout=io.StringIO())

    assert SecurityEvent.objects.filter(kind=Kind.PASSWORD_SET, target=cast["tuphap"], via=Via.COMMAND).exists()


def test_readme_states_the_privilege_model_as_the_code_has_it():
    text = README.read_text(encoding="utf-8")
    start, end = "<!-- privilege-table -->\n", "<!-- /privilege-table -->"
    assert start in text and end in text, "README's security section lost its privilege table markers"
    table = text.split(start, 1)[1].split(end, 1)[0]
    assert table == privileges.table_markdown(), "README's privilege table is stale: run manage.py privilege_table"


def test_accounts_depends_on_plans_and_core_only():
    """README: reports → tasks → accounts → plans (→ core)."""
    import ast

    root = Path(__file__).resolve().parents[2] / "accounts"
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] not in ("tasks", "reports"), f"{path.name} imports {name}"
