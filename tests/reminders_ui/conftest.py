import datetime

import pytest

from plans.models import Plan
from reminders.digest import Digest
from reminders.models import Reminder

DAY = datetime.date(2024, 6, 25)


def task_row(pk, code, title, *, due=None, text="", kind="date", review="", lead_id=None, area=None, unit_id=1):
    """A task as the digests hold it (a dict from `.values(*TASK_FIELDS)`)."""
    return {
        "id": pk,
        "code": code,
        "title": title,
        "status": "in_progress",
        "due_date": due,
        "deadline_kind": kind,
        "deadline_text": text,
        "review_frequency": review,
        "lead_id": lead_id,
        "plan__unit_id": unit_id,
        "content_area__code": area,
    }


def person_row(person):
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "username": person.username,
        "email": person.email,
        "email_notifications": person.email_notifications,
        "role": person.role,
        "unit_id": person.unit_id,
    }


@pytest.fixture
def official_digest(official):
    official.email = "binh@example.vn"
    return Digest(
        person_row(official),
        official.unit_id,
        Reminder.Kind.OFFICIAL,
        DAY,
        overdue=[
            task_row(11, "1.3.a", "Tiếp công dân <script>alert(1)</script>", due=datetime.date(2024, 6, 20),
                     text="trước 20/6/2024", area=3),
            task_row(12, "1.1.b", "Niêm yết công khai", due=datetime.date(2024, 6, 24), area=1),
        ],
        due_today=[task_row(13, "1.2.a", "Họp dân", due=DAY, text="Tháng 6/2024", kind="period")],
        due_soon={
            7: [task_row(14, "1.4.c", "Báo cáo quý", due=datetime.date(2024, 7, 2), text="Quý II/2024")],
            1: [task_row(15, "1.5.a", "Rà soát thủ tục", due=datetime.date(2024, 6, 26))],
        },
        review=[(task_row(16, "1.8.a", "Tuyên truyền", kind="ongoing", text="Thường xuyên", review="quarterly"),
                 datetime.date(2024, 6, 30))],
    )  # fmt: skip


@pytest.fixture
def clerk_digest(clerk, official, second_official):
    return Digest(
        person_row(clerk),
        clerk.unit_id,
        Reminder.Kind.CLERK,
        DAY,
        awaiting=[
            task_row(21, "1.6.a", "Công khai ngân sách", due=datetime.date(2024, 6, 30), lead_id=official.pk),
            task_row(22, "1.7.b", "Vệ sinh môi trường", kind="ongoing", text="Thường xuyên"),
        ],
        overdue_by_official=[
            ({"id": official.pk, "full_name": official.full_name}, [
                task_row(11, "1.3.a", "Tiếp công dân", due=datetime.date(2024, 6, 20), lead_id=official.pk),
                task_row(12, "1.1.b", "Niêm yết công khai", due=datetime.date(2024, 6, 24), lead_id=official.pk),
            ]),
            ({"id": second_official.pk, "full_name": second_official.full_name}, [
                task_row(17, "1.2.b", "Đo đạc đất đai", due=datetime.date(2024, 5, 31), lead_id=second_official.pk),
            ]),
            ({"id": 999, "full_name": "Lê & <b>Văn</b> Tám"}, [
                task_row(18, "2.1", "Kiểm tra", due=datetime.date(2024, 6, 1), lead_id=999),
            ]),
        ],
    )  # fmt: skip


@pytest.fixture
def chairman_digest(chairman, official):
    day = datetime.date(2024, 6, 24)
    return Digest(
        person_row(chairman),
        chairman.unit_id,
        Reminder.Kind.CHAIRMAN,
        day,
        overdue_by_official=[
            ({"id": official.pk, "full_name": official.full_name}, [
                task_row(11, "1.3.a", "Tiếp công dân", due=datetime.date(2024, 6, 20), area=3, lead_id=official.pk),
                task_row(12, "1.1.b", "Niêm yết công khai", due=datetime.date(2024, 6, 10), area=1,
                         lead_id=official.pk),
            ]),
        ],
        overdue_by_area=[(1, 3), (3, 2), (None, 2)],
    )  # fmt: skip


@pytest.fixture
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch PAPI 2024", status=Plan.Status.ACTIVE)
