"""Brute-force protection (django-axes): 5 wrong passwords lock that username on that address."""

import datetime
import os
import subprocess
import sys

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from .conftest import sign_in

pytestmark = pytest.mark.django_db

OFFICE_IP = "203.0.113.10"  # the commune office's one public address
HOME_IP = "198.51.100.7"
T0 = datetime.datetime(2024, 5, 6, 8, 0, tzinfo=datetime.UTC)


def fail(client, username, times, ip=OFFICE_IP, **extra):
    return [sign_in(client, username, "wrong", ip=ip, **extra).status_code for _ in range(times)]


def test_the_fifth_wrong_password_locks_the_username_on_that_address(client, official):
    assert fail(client, "tuphap", 5) == [200, 200, 200, 200, 429]

    response = sign_in(client, "tuphap", "pw-tuphap", ip=OFFICE_IP)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "registration/lockout.html" in [t.name for t in response.templates]


def test_four_wrong_passwords_and_the_right_one_sign_in_and_start_afresh(client, official):
    fail(client, "tuphap", 4)
    assert sign_in(client, "tuphap", "pw-tuphap", ip=OFFICE_IP).status_code == 302
    client.logout()

    # AXES_RESET_ON_SUCCESS: the earlier failures no longer count.
    assert fail(client, "tuphap", 4) == [200] * 4
    assert sign_in(client, "tuphap", "pw-tuphap", ip=OFFICE_IP).status_code == 302


def test_a_colleague_in_the_same_office_is_not_locked_out(client, official, clerk):
    fail(client, "tuphap", 5)

    assert sign_in(client, "vanphong", "pw-vanphong", ip=OFFICE_IP).status_code == 302


def test_the_same_username_from_another_address_is_not_locked_out(client, official):
    fail(client, "tuphap", 5)

    assert sign_in(client, "tuphap", "pw-tuphap", ip=HOME_IP).status_code == 302


def test_the_lockout_page_says_when_to_try_again(client, official, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    with time_machine.travel(T0, tick=False):  # 15:00 in Hà Nội
        fail(client, "tuphap", 4)
        response = sign_in(client, "tuphap", "wrong", ip=OFFICE_IP, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 429
    assert '<html lang="en">' in html
    with translation.override("en"):
        assert "Please try again in 15 minutes, after 15:15." in html
        assert "tuphap" in html


def test_the_lock_lifts_after_the_cool_off_and_further_attempts_restart_it(client, official, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    with time_machine.travel(T0, tick=False) as traveller:
        fail(client, "tuphap", 5)

        traveller.shift(datetime.timedelta(minutes=10))
        assert sign_in(client, "tuphap", "pw-tuphap", ip=OFFICE_IP).status_code == 429

        traveller.shift(datetime.timedelta(minutes=10))  # 20 minutes after the lock, 10 after the last try
        assert sign_in(client, "tuphap", "pw-tuphap", ip=OFFICE_IP).status_code == 429

        traveller.shift(datetime.timedelta(minutes=15, seconds=1))
        assert sign_in(client, "tuphap", "pw-tuphap", ip=OFFICE_IP).status_code == 302


def test_the_limits_come_from_settings_and_the_environment(settings):
    limits = (settings.AXES_FAILURE_LIMIT, settings.AXES_LOCKOUT_PARAMETERS, settings.AXES_COOLOFF_TIME)
    assert limits == (5, [["username", "ip_address"]], datetime.timedelta(minutes=15))
    assert (settings.AXES_IPWARE_PROXY_COUNT, settings.AXES_IPWARE_META_PRECEDENCE_ORDER) == (0, ("REMOTE_ADDR",))

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_AXES_SETTINGS],
        cwd=settings.BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "papi_portal.settings.test",
            "AXES_COOLOFF_MINUTES": "30",
            "AXES_IPWARE_PROXY_COUNT": "1",
            "AXES_IPWARE_META_PRECEDENCE_ORDER": "HTTP_X_FORWARDED_FOR,REMOTE_ADDR",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1800.0 1 HTTP_X_FORWARDED_FOR,REMOTE_ADDR"


SHOW_AXES_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.AXES_COOLOFF_TIME.total_seconds(), s.AXES_IPWARE_PROXY_COUNT, "
    "','.join(s.AXES_IPWARE_META_PRECEDENCE_ORDER))"
)


def test_a_forwarded_for_header_is_ignored_by_default(client, official):
    # An attacker cannot escape the lock by inventing a new X-Forwarded-For each time.
    statuses = [
        sign_in(client, "tuphap", "wrong", ip=OFFICE_IP, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code
        for i in range(5)
    ]

    assert statuses[-1] == 429
    assert sign_in(client, "tuphap", "pw-tuphap", ip=OFFICE_IP, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


@pytest.fixture
def behind_one_proxy(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")


PROXY_IP = "127.0.0.1"  # nginx on the same host


def test_behind_a_configured_proxy_the_forwarded_client_address_counts(client, official, behind_one_proxy):
    # Every request arrives from nginx; X-Forwarded-For names the real client.
    assert fail(client, "tuphap", 5, ip=PROXY_IP, HTTP_X_FORWARDED_FOR=OFFICE_IP)[-1] == 429

    from_home = sign_in(client, "tuphap", "pw-tuphap", ip=PROXY_IP, HTTP_X_FORWARDED_FOR=HOME_IP)
    assert from_home.status_code == 302
    client.logout()
    from_office = sign_in(client, "tuphap", "pw-tuphap", ip=PROXY_IP, HTTP_X_FORWARDED_FOR=OFFICE_IP)
    assert from_office.status_code == 429


def test_behind_a_proxy_only_the_address_the_proxy_added_is_believed(client, official, behind_one_proxy):
    # nginx appends the address it saw; whatever the client wrote to the left is ignored.
    for i in range(5):
        sign_in(client, "tuphap", "wrong", ip=PROXY_IP, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, {OFFICE_IP}")

    response = sign_in(client, "tuphap", "pw-tuphap", ip=PROXY_IP, HTTP_X_FORWARDED_FOR=f"192.0.2.77, {OFFICE_IP}")
    assert response.status_code == 429


def test_the_admin_sign_in_is_protected_too(client, official):
    for _ in range(5):
        response = client.post(
            reverse("admin:login"), {"username": "tuphap", "password": "wrong"}, REMOTE_ADDR=OFFICE_IP
        )

    assert response.status_code == 429


def test_the_lockout_page_escapes_the_username_typed(client, official):
    for _ in range(5):
        response = sign_in(client, "<b>x</b>", "wrong", ip=OFFICE_IP)

    html = response.content.decode()
    assert response.status_code == 429
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x</b>" not in html
