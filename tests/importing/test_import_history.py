"""A task's history starts with the import of its plan: shown as an import, dated when it happened,
attributed to whoever imported it (the clerk's upload in the portal, `import_plan --by`, the operator)."""

import datetime
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from plans.models import Plan
from tasks.deadlines import Deadline
from tasks.models import Task
from tasks.services import assignment, editing

from .conftest import SEED

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SMALL_PLAN = Path(__file__).resolve().parent.parent / "clerk" / "data" / "ke-hoach-nho-2025.txt"
IMPORTED = datetime.datetime(2025, 1, 6, 9, 15, tzinfo=HANOI)
ASSIGNED = datetime.datetime(2025, 1, 8, 14, 30, tzinfo=HANOI)


def at(moment):
    return time_machine.travel(moment, tick=False)


def history_items(client, task):
    """The task page's history, oldest last, each entry as one line of text."""
    html = client.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    section = re.search(r'id="timeline".*?</section>', html, re.S)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in re.findall(r"<li\b.*?</li>", section, re.S)]


def vietnamese(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


def upload_in_the_portal(clerk):
    client = vietnamese(clerk)
    url = reverse("importing:plan_upload")
    file = SimpleUploadedFile("ke-hoach.txt", SMALL_PLAN.read_bytes(), content_type="text/plain")
    preview = client.post(url, {"file": file, "year": 2025})
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())[1]
    assert client.post(url, {"token": token, "confirm": "1"}).status_code == 302
    return Plan.objects.get(year=2025)


def test_a_plan_uploaded_in_the_portal_starts_each_tasks_history_with_the_clerks_import(commune, clerk, official):
    with at(IMPORTED):
        plan = upload_in_the_portal(clerk)
    task = Task.objects.get(plan=plan, code="1.1.a")
    with at(ASSIGNED):
        assignment.assign(task, by=clerk, lead=official, cooperating=[], expected_version=task.version)

    with at(ASSIGNED + datetime.timedelta(days=1)):
        items = history_items(vietnamese(official), task)

    # Newest first: the assignment, then (at the bottom) the import, which is not shown as an edit.
    assert len(items) == 2
    assert items[0].startswith("08/01/2025 14:30 · Nguyễn Thị Hoa Đã sửa nhiệm vụ")
    assert items[-1] == "06/01/2025 09:15 · Nguyễn Thị Hoa Nhập từ kế hoạch 07/KH-UBND"
    first = task.history.earliest("history_id")
    assert (first.history_type, first.history_user, first.history_date) == ("+", clerk, plan.imported_at)
    assert plan.imported_at == IMPORTED and task.created_at == IMPORTED


def test_every_task_of_an_import_has_one_first_record_dated_at_the_import(commune, clerk, people):
    with at(IMPORTED):
        plan = upload_in_the_portal(clerk)
    tasks = list(Task.objects.filter(plan=plan))
    assert len(tasks) == 6
    for task in tasks:
        records = list(task.history.order_by("history_id"))
        assert records[0].history_type == "+"
        # The cooperating officials the importer matched are part of the import, not a change.
        assert {(r.version, r.history_user_id, r.history_date) for r in records} == {(1, clerk.pk, IMPORTED)}


def test_the_command_records_the_import_as_the_person_named_by_by(commune, people):
    clerk, official = people["clerk"], people["official"]
    with at(IMPORTED):
        call_command("import_plan", str(SEED), unit="12100", year=2024, by="vanphong", stdout=io.StringIO())
    plan = Plan.objects.get(unit=commune, year=2024)
    task = plan.tasks.get(code="1.2.a")

    items = history_items(vietnamese(official), task)

    assert items == ["06/01/2025 09:15 · Nguyễn Thị Hoa Nhập từ kế hoạch Nâng cao chỉ số hiệu quả Quản trị và "
                     "Hành chính công năm 2024"]  # fmt: skip
    assert {r.history_user for r in task.history.all()} == {clerk}


def test_the_command_without_by_records_the_import_as_the_servers_operator(commune, people):
    with at(IMPORTED):
        call_command("import_plan", str(SEED), unit="12100", year=2024, stdout=io.StringIO())
    task = Task.objects.get(plan__unit=commune, code="1.2.a")

    (item,) = history_items(vietnamese(people["official"]), task)

    assert item.startswith("06/01/2025 09:15 · người vận hành (lệnh trên máy chủ) Nhập từ kế hoạch Nâng cao")
    assert "một người" not in item and "Đã tạo nhiệm vụ" not in item


def test_the_command_refuses_an_unknown_by_and_writes_nothing(commune, people):
    with pytest.raises(CommandError, match="nobody"):
        call_command("import_plan", str(SEED), unit="12100", year=2024, by="nobody", stdout=io.StringIO())
    assert not Plan.objects.exists()


def test_a_task_the_clerk_adds_later_is_still_created_not_imported(commune, clerk, official):
    with at(IMPORTED):
        plan = upload_in_the_portal(clerk)
    with at(ASSIGNED):
        added = editing.add_task(
            plan, by=clerk, code="PL.1", title="Nhiệm vụ bổ sung", text="", deadline=Deadline.ongoing()
        )

    assert history_items(vietnamese(official), added) == ["08/01/2025 14:30 · Nguyễn Thị Hoa Đã tạo nhiệm vụ"]
