import datetime
import os
import subprocess
import sys

from django.conf import settings
from django.utils import formats, translation


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage(
        "check",
        env={"DJANGO_SETTINGS_MODULE": "papi_portal.settings.production", "ALLOWED_HOSTS": "papi.example.vn"},
    )

    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set in production." in result.stderr


def test_production_reads_the_secret_key_from_a_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("k" * 60)

    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(len(settings.SECRET_KEY), settings.DEBUG)",
        env={
            "DJANGO_SETTINGS_MODULE": "papi_portal.settings.production",
            "SECRET_KEY_FILE": str(secret),
            "ALLOWED_HOSTS": "papi.example.vn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["60", "False"]


def test_dates_read_day_month_year_in_both_languages():
    day = datetime.date(2024, 3, 5)
    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(day, "SHORT_DATE_FORMAT") == "05/03/2024"


def test_numbers_use_vietnamese_separators():
    with translation.override("vi"):
        assert formats.number_format(1234567.5, decimal_pos=1, use_l10n=True, force_grouping=True) == "1.234.567,5"


def test_portal_runs_in_vietnamese_in_hanoi_time():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True
