"""`manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]`: the scan for cron-only deployments."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from reminders.models import Reminder
from tasks.models import TaskStatus

from .conftest import MONDAY, days, make_task

BASE_DIR = Path(__file__).resolve().parents[2]
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def work(plan, official, second_official, clerk, chairman):
    make_task(plan, "1.1.a", due=MONDAY + days(1), lead=official)
    make_task(plan, "1.1.b", due=MONDAY - days(2), lead=second_official)
    make_task(plan, "1.1.c", due=MONDAY + days(9), lead=official, status=TaskStatus.AWAITING_CONFIRMATION)


def send_reminders(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_lists_what_would_be_sent_and_writes_nothing(work):
    with CaptureQueriesContext(connection) as queries:
        out, _err = send_reminders("--date", "2024-06-03", "--dry-run")

    lines = out.strip().splitlines()
    assert len(lines) == 4  # two officials, the clerk, the chairman
    for username in ("tuphap", "diachinh", "vanphong", "chutich"):
        assert sum(username in line for line in lines) == 1
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_run_sends_the_days_digests_and_a_second_run_for_the_same_date_sends_nothing(
    work, official, second_official, clerk, chairman
):
    out, err = send_reminders("--date", "2024-06-03")

    assert err == ""
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in (official, second_official, clerk, chairman))
    assert Reminder.objects.filter(day=MONDAY, status=Reminder.Status.SENT).count() == 4
    day, counts = out.strip().splitlines()[-1].split(": ", 1)
    assert (day, re.findall(r"\d+", counts)) == ("03/06/2024", ["4", "0", "0", "0"])  # sent, skipped, failed, taken

    again, _err = send_reminders("--date", "2024-06-03")

    assert len(mail.outbox) == 4
    assert Reminder.objects.count() == 4
    assert "03/06/2024" in again and len(again.strip().splitlines()) == 1
    # Another day is another day.
    send_reminders("--date", "2024-06-04")
    assert Reminder.objects.filter(day=MONDAY + days(1)).exists()


def test_the_command_ignores_the_send_hour_and_defaults_to_today(work, commune_settings, time_machine):
    commune_settings.send_hour = 23
    commune_settings.save()
    time_machine.move_to("2024-06-03T06:00:00+07:00", tick=False)

    send_reminders()

    assert Reminder.objects.filter(day=MONDAY).count() == 4


def test_a_date_in_the_wrong_format_is_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        send_reminders("--date", "03/06/2024")


def test_a_date_in_the_wrong_format_is_one_line_on_stderr_and_exit_status_1():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "papi_portal.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "send_reminders", "--date", "2024-13-45"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "YYYY-MM-DD" in result.stderr
