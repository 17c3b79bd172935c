"""manage.py import_plan: dry run, replace, bad input, and one transaction."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from importing.plan import PlanImportError, import_plan, service
from plans.models import Plan
from tasks.models import Task

from .conftest import MINH_HAI, SEED, row_counts, stored_files
from .test_bad_input import PNG

BASE_DIR = Path(__file__).resolve().parents[2]


def run(*args, **options):
    out = io.StringIO()
    call_command("import_plan", *map(str, args), stdout=out, **options)
    return out.getvalue()


def test_dry_run_prints_the_tree_and_the_unplaced_text_and_writes_nothing(commune, people, settings, tmp_path):
    # The seed, with a stray note after the signature that belongs nowhere.
    plan_file = tmp_path / "ke-hoach.txt"
    plan_file.write_text(Path(SEED).read_text(encoding="utf-8") + "\n\nGhi chú: bản chụp gửi kèm qua Zalo\n")
    before = row_counts()
    output = run(str(plan_file), unit="12100", year=2024, dry_run=True)
    assert row_counts() == before
    assert stored_files(settings) == []
    lines = output.splitlines()
    assert lines[0] == "Dry run: nothing was written."
    assert "Plan: Nâng cao chỉ số hiệu quả Quản trị và Hành chính công năm 2024" in lines
    assert "  Signed by: TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH - Lê Ngọc Tuân" in lines
    assert "  Basis document: Kế hoạch 182/KH-UBND, 29/12/2023, Ủy ban nhân dân huyện Văn Lâm" in lines
    assert (
        "    1.2. Nội dung “Công khai, minh bạch trong hoạch định chính sách”  "
        "[Tasks; area 2 Công khai, minh bạch trong việc ra quyết định ở địa phương]"
    ) in lines
    assert "      1.6.a  Nâng cao chất lượng công tác khám, chữa bệnh của mạng lưới y tế tuyến xã" in lines
    assert "    4.e  Các cán bộ, công chức thuộc UBND xã chịu trách nhiệm tự kiểm tra về nghiệp vụ chuyên môn" in lines
    assert "Responsibilities:" in lines
    assert "37 tasks: 29 in 8 areas (1: 4, 2: 4, 3: 3, 4: 3, 5: 4, 6: 4, 7: 3, 8: 4), 8 outside the areas" in lines
    assert any(line.startswith("  Closing: Trên đây là Kế hoạch nâng cao chỉ số") for line in lines)
    unplaced = lines[lines.index("Could not place:") + 1 :]
    assert unplaced == ["  line 185: Ghi chú: bản chụp gửi kèm qua Zalo"]


def test_a_real_import_prints_a_summary(commune, people):
    output = run(SEED, unit="12100", year=2024)
    assert output.splitlines() == [
        "Imported plan “Nâng cao chỉ số hiệu quả Quản trị và Hành chính công năm 2024”: 37 tasks: 29 in 8 areas "
        "(1: 4, 2: 4, 3: 3, 4: 3, 5: 4, 6: 4, 7: 3, 8: 4), 8 outside the areas; 4 responsibilities, "
        "2 basis documents.",
    ]
    assert Plan.objects.get().tasks.count() == 37


def test_a_second_plan_is_refused_without_replace_and_replaces_the_first_with_it(
    commune, people, settings, django_capture_on_commit_callbacks
):
    run(SEED, unit="12100", year=2024)
    first = Plan.objects.get()
    first_tasks = set(Task.objects.values_list("pk", flat=True))
    first_file = first.source_file.name
    before = row_counts()

    with pytest.raises(CommandError) as refused:
        run(MINH_HAI, unit="12100", year=2024)
    assert refused.value.returncode == 1
    assert str(refused.value) == "A plan for Trung Trắc in 2024 already exists. Use --replace to replace it."
    assert row_counts() == before
    assert stored_files(settings) == [first_file]

    with django_capture_on_commit_callbacks(execute=True):
        run(MINH_HAI, unit="12100", year=2024, replace=True)
    second = Plan.objects.get()
    assert second.pk != first.pk
    assert not Task.objects.filter(pk__in=first_tasks).exists()
    assert Task.objects.filter(plan=second).count() == 21
    assert second.source_name == MINH_HAI.name
    assert stored_files(settings) == [second.source_file.name]  # the old source file went with its plan


BAD = {
    "empty.txt": (b"", "The file is empty."),
    "image.txt": (PNG, "This is not a text or Word document."),
    "plan.docx": (SEED.read_bytes(), "The file is named .docx but is not a Word document."),
    "note.txt": ("Xin chào.\nKhông có mục nào.\n".encode(), "No plan structure was found"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_fails_with_one_line_and_status_one(name, commune, settings, tmp_path):
    data, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = row_counts()
    with pytest.raises(CommandError) as failed:
        run(path, unit="12100", year=2024)
    assert failed.value.returncode == 1
    assert str(failed.value).startswith(message) and "\n" not in str(failed.value)
    assert row_counts() == before
    assert stored_files(settings) == []


def test_an_unknown_unit_or_a_missing_file_fails_with_status_one(commune, tmp_path):
    with pytest.raises(CommandError, match="No administrative unit has the code 99999.") as unknown:
        run(SEED, unit="99999", year=2024)
    assert unknown.value.returncode == 1
    with pytest.raises(CommandError, match="^Cannot read .*nowhere.txt") as missing:
        run(tmp_path / "nowhere.txt", unit="12100", year=2024)
    assert missing.value.returncode == 1


def test_a_failure_in_the_middle_of_an_import_leaves_nothing_behind(commune, people, settings, monkeypatch):
    real = service._store_contents

    def store_then_fail(plan, draft, **kwargs):
        real(plan, draft, **kwargs)
        assert Task.objects.filter(plan=plan).count() == 37  # the rows were written...
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "_store_contents", store_then_fail)
    before = row_counts()
    with pytest.raises(RuntimeError, match="disk full"):
        import_plan(SEED, unit=commune, year=2024)
    assert row_counts() == before  # ...and rolled back
    assert stored_files(settings) == []


def test_a_failed_replacement_keeps_the_old_plan(commune, people, settings, monkeypatch):
    old = import_plan(SEED, unit=commune, year=2024).plan
    before, files = row_counts(), stored_files(settings)
    monkeypatch.setattr(service, "_store_contents", lambda plan, draft, **kwargs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        import_plan(MINH_HAI, unit=commune, year=2024, replace=True)
    assert row_counts() == before
    assert stored_files(settings) == files
    assert Plan.objects.get().pk == old.pk


def test_a_dry_run_over_an_existing_plan_warns_instead_of_failing(commune, people):
    import_plan(SEED, unit=commune, year=2024)
    report = import_plan(MINH_HAI, unit=commune, year=2024, dry_run=True)
    assert report.plan is None
    assert "A plan for Trung Trắc in 2024 already exists." in report.warnings
    with pytest.raises(PlanImportError):
        import_plan(MINH_HAI, unit=commune, year=2024)


# --- The command as a person runs it: a real process on its own SQLite database -------------


@pytest.fixture(scope="module")
def manage(tmp_path_factory):
    """Run manage.py in a subprocess against a fresh SQLite file (never the test database)."""
    root = tmp_path_factory.mktemp("cli")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "papi_portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "MEDIA_ROOT": str(root / "media"),
        # Start-up INFO logs (django-axes announces itself) are not the command's output.
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }

    def manage(*args):
        return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, str(BASE_DIR / "manage.py"), *map(str, args)],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    for step in (
        ("migrate", "--noinput", "-v", "0"),
        (
            "shell",
            "-c",
            "from plans.models import AdministrativeUnit as U; "
            "U.objects.create(kind='commune', code='12100', name='Trung Trắc')",
        ),
    ):
        result = manage(*step)
        assert result.returncode == 0, result.stderr
    manage.root = root
    return manage


CLI_FAILURES = {
    "image.txt": (PNG, "12100"),
    "plan.docx": (SEED.read_bytes(), "12100"),
    "note.txt": ("Không có cấu trúc.\n".encode(), "12100"),
    "seed.txt": (SEED.read_bytes(), "99999"),  # an unknown unit
}


@pytest.mark.slow
@pytest.mark.parametrize("name", CLI_FAILURES)
def test_the_command_fails_with_one_line_on_stderr_and_status_one(manage, name):
    data, unit = CLI_FAILURES[name]
    path = manage.root / name
    path.write_bytes(data)
    result = manage("import_plan", path, "--unit", unit, "--year", "2024")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("CommandError: ")
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


@pytest.mark.slow
def test_the_command_imports_once_and_refuses_a_second_time(manage):
    dry = manage("import_plan", SEED, "--unit", "12100", "--year", "2024", "--dry-run")
    assert (dry.returncode, dry.stderr) == (0, "")
    assert "1.8.d" in dry.stdout
    assert not (manage.root / "media").exists()  # the dry run stored nothing
    first = manage("import_plan", SEED, "--unit", "12100", "--year", "2024")
    assert first.returncode == 0, first.stderr
    assert len(list((manage.root / "media").rglob("*.txt"))) == 1
    second = manage("import_plan", SEED, "--unit", "12100", "--year", "2024")
    assert second.returncode == 1
    assert len(second.stderr.splitlines()) == 1 and "Traceback" not in second.stderr
    replaced = manage("import_plan", SEED, "--unit", "12100", "--year", "2024", "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert len(list((manage.root / "media").rglob("*.txt"))) == 1


def test_replacing_a_plan_says_how_much_recorded_work_goes_with_it(commune, people):
    from tasks.models import ProgressUpdate

    old = import_plan(SEED, unit=commune, year=2024).plan
    task = old.tasks.get(code="1.1.a")
    ProgressUpdate.objects.create(task=task, author=people["clerk"], status="in_progress", progress=50)
    report = import_plan(MINH_HAI, unit=commune, year=2024, replace=True, dry_run=True)
    assert report.warnings[-1] == (
        "Replacing the existing plan deletes its tasks and the work recorded on them: progress updates: 1."
    )
