"""A commune after the 2025 reform: departments with a head and staff, a task led by one of them.

"Phòng Văn hóa - Xã hội" (culture) leads the task; its head is Lý Thị Thu, its staff Mai Văn Tiến,
Tạ Thị Nga and Đinh Văn Lực (who has left: deactivated). "Phòng Kinh tế" (economy) and "Văn phòng
HĐND và UBND" (office) are the other departments, each with a head and one member.
"""

import datetime

import pytest
from django.test import Client

from plans.models import ContentArea, Department, Plan, Role
from tasks.models import Task
from tests.conftest import make_person


def with_email(person):
    person.email = f"{person.username}@trungtrac.example.vn"
    person.save(update_fields=["email"])
    return person


def staff(username, department, full_name, position, **extra):
    return with_email(
        make_person(username, department.unit, Role.OFFICIAL, position, full_name, department=department, **extra)
    )


def department(unit, name, head_username, head_name, head_position):
    found = Department.objects.create(unit=unit, name=name)
    found.head = staff(head_username, found, head_name, head_position)
    found.save(update_fields=["head"])
    return found


@pytest.fixture
def culture(commune):
    return department(commune, "Phòng Văn hóa - Xã hội", "truongvhxh", "Lý Thị Thu", "Trưởng phòng Văn hóa - Xã hội")


@pytest.fixture
def economy(commune):
    return department(commune, "Phòng Kinh tế", "truongkt", "Bùi Văn Khánh", "Trưởng phòng Kinh tế")


@pytest.fixture
def office(commune):
    return department(commune, "Văn phòng HĐND và UBND", "chanhvp", "Chu Văn Hải", "Chánh Văn phòng HĐND và UBND")


@pytest.fixture
def head(culture):
    return culture.head


@pytest.fixture
def tien(culture):
    return staff("tienmv", culture, "Mai Văn Tiến", "Công chức Văn hóa - Xã hội")


@pytest.fixture
def nga(culture):
    return staff("ngatt", culture, "Tạ Thị Nga", "Công chức Văn hóa - Xã hội")


@pytest.fixture
def luc(culture):
    """A member of the department who has left the commune's service (deactivated)."""
    return staff("lucdv", culture, "Đinh Văn Lực", "Công chức Văn hóa - Xã hội", is_active=False)


@pytest.fixture
def lan(economy):
    """A member of Phòng Kinh tế."""
    return staff("lanht", economy, "Hồ Thị Lan", "Công chức Tài chính - Kế toán")


@pytest.fixture
def khanh(economy):
    """The head of Phòng Kinh tế."""
    return economy.head


@pytest.fixture
def hai(office):
    """The head of the office (Chánh Văn phòng)."""
    return office.head


@pytest.fixture
def clerk(clerk):
    return with_email(clerk)


@pytest.fixture
def official(official):
    """Trần Văn Bình, an official of the commune in no department."""
    return with_email(official)


@pytest.fixture
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch nâng cao Chỉ số PAPI năm 2024")


def make_task(plan, code, *, lead=None, lead_department=None, due=datetime.date(2024, 6, 30), **fields):
    fields.setdefault("title", f"Nhiệm vụ {code}: niêm yết công khai thủ tục hành chính")
    fields.setdefault("text", "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa.")
    return Task.objects.create(
        plan=plan,
        code=code,
        lead=lead,
        lead_department=lead_department,
        due_date=due,
        deadline_kind="date" if due else "ongoing",
        content_area=ContentArea.objects.get(code=3),
        **fields,
    )


@pytest.fixture
def dept_task(plan, culture):
    """Task 2.1.a, led by Phòng Văn hóa - Xã hội, not delegated yet."""
    return make_task(plan, "2.1.a", lead_department=culture, title="Tuyên truyền chính sách an sinh xã hội")


def signed_in(user):
    """A test client signed in as `user`, reading the English interface (stable assertions)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client
