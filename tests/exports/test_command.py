"""manage.py export_report: the same workbook as the web; one-line errors with exit status 1."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from .helpers import done, make_task, vn

BASE_DIR = Path(__file__).resolve().parents[2]


def run(*args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "papi_portal.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "export_report", *args],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--unit", "12100", "--period", "2024-Q5", "--out", "x.xlsx"], " 5"),
        (["--unit", "12100", "--period", "soon", "--out", "x.xlsx"], "2024-03"),
        (["--unit", "12100", "--period", "2024-Q2", "--out", "x.xlsx", "--style", "lunar"], "decree09"),
    ],
)
def test_a_bad_period_or_style_is_one_line_on_stderr_and_exit_status_1(args, words):
    result = run(*args)
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert words in result.stderr


@pytest.mark.django_db
def test_an_unknown_unit_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="99999") as error:
        call_command("export_report", "--unit", "99999", "--period", "2024-Q2", "--out", str(tmp_path / "x.xlsx"))
    assert error.value.returncode == 1


@pytest.mark.django_db
def test_a_unit_without_a_plan_for_the_year_is_an_error(plan, tmp_path):
    with pytest.raises(CommandError, match="2023") as error:
        call_command("export_report", "--unit", "12100", "--period", "2023-Q2", "--out", str(tmp_path / "x.xlsx"))
    assert error.value.returncode == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("style", "tasks"), [("decree09", 1), ("calendar", 2)])
def test_writes_the_report(plan, tmp_path, capsys, style, tasks):
    done(make_task(plan, "1.1.a", due_date=vn(2024, 6, 10).date()), vn(2024, 6, 10, 9))
    make_task(plan, "1.1.b", created_at=vn(2024, 6, 20))  # after the Decree 09 cut-off (14/06), before 30/06
    out = tmp_path / "report.xlsx"
    call_command("export_report", "--unit", "12100", "--period", "2024-q2", "--out", str(out), "--style", style)
    assert f"{tasks} nhiệm vụ" in capsys.readouterr().out  # the command speaks Vietnamese
    codes = [row[1] for row in load_workbook(out)["Chi tiết"].iter_rows(values_only=True)]
    assert ("1.1.b" in codes) == (style == "calendar")
