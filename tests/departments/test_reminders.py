"""Who is reminded of a department's task (reminders.digest.compute): the delegates, and the head
while nobody has the task or it is late; the heads of cooperating departments like cooperating officials.

MONDAY (03/06/2024) is the day; the commune keeps the default settings (reminded 7 and 1 days before).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders.digest import compute
from reminders.models import Reminder, ReminderSettings

from .conftest import make_task, staff

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 6, 3)
OFFICIAL = Reminder.Kind.OFFICIAL


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def _settings(commune):
    return ReminderSettings.objects.create(unit=commune)


def reminded(day=MONDAY):
    """{username: {code: section}} of the officials' digests of `day`."""
    found = {}
    for digest in compute(day):
        if digest.kind != OFFICIAL:
            continue
        sections = {t["code"]: f"due in {n}" for n, tasks in digest.due_soon.items() for t in tasks}
        sections |= {t["code"]: "due today" for t in digest.due_today}
        sections |= {t["code"]: "overdue" for t in digest.overdue}
        found[digest.recipient["username"]] = sections
    return found


def test_a_delegated_task_due_in_seven_days_reminds_the_delegates_not_the_head(plan, culture, head, tien, nga):
    task = make_task(plan, "2.1.a", lead_department=culture, due=MONDAY + days(7))
    task.delegates.add(tien, nga)

    found = reminded()

    assert found.get("tienmv") == {"2.1.a": "due in 7"}
    assert found.get("ngatt") == {"2.1.a": "due in 7"}
    assert head.username not in found


def test_a_task_nobody_was_given_reminds_the_head(plan, culture, head, tien):
    make_task(plan, "2.1.b", lead_department=culture, due=MONDAY + days(1))

    found = reminded()

    assert found.get(head.username) == {"2.1.b": "due in 1"}
    assert "tienmv" not in found


def test_an_overdue_delegated_task_reminds_the_delegates_and_the_head(plan, culture, head, tien):
    make_task(plan, "2.1.c", lead_department=culture, due=MONDAY - days(3)).delegates.add(tien)

    found = reminded()

    assert found.get("tienmv") == {"2.1.c": "overdue"}
    assert found.get(head.username) == {"2.1.c": "overdue"}


def test_due_today_and_delegated_the_head_is_not_reminded_yet(plan, culture, head, tien):
    make_task(plan, "2.1.d", lead_department=culture, due=MONDAY).delegates.add(tien)

    found = reminded()

    assert found.get("tienmv") == {"2.1.d": "due today"}
    assert head.username not in found


def test_the_head_of_a_cooperating_department_is_reminded_like_a_cooperating_official(
    plan, culture, office, hai, official, second_official, tien
):
    task = make_task(plan, "2.2.a", lead=official, due=MONDAY + days(1))
    task.cooperating.add(second_official)
    task.cooperating_departments.add(office)
    other = make_task(plan, "2.2.b", lead_department=culture, due=MONDAY + days(7))
    other.delegates.add(tien)
    other.cooperating_departments.add(office)
    office_staff = staff("vanthu", office, "Lê Thị Hằng", "Văn thư")

    found = reminded()

    assert found.get(official.username) == {"2.2.a": "due in 1"}
    assert found.get(hai.username) == {"2.2.a": "due in 1", "2.2.b": "due in 7"}
    assert office_staff.username not in found  # a member is not its head


def test_a_deactivated_delegate_is_not_reminded(plan, culture, tien):
    make_task(plan, "2.1.e", lead_department=culture, due=MONDAY + days(1)).delegates.add(tien)
    tien.is_active = False
    tien.save(update_fields=["is_active"])

    assert "tienmv" not in reminded()


def _department_tasks(plan, departments, first, count):
    """`count` tasks due in 1, 7 days or overdue, led by the departments in turn: every other one delegated
    to two of its members, each with a cooperating department and a cooperating official."""
    for n in range(first, first + count):
        lead = departments[n % len(departments)]
        helper = departments[(n + 1) % len(departments)]
        due = MONDAY + days((1, 7, -2)[n % 3])
        task = make_task(plan, f"9.{n}", lead_department=lead, due=due)
        if n % 2:
            task.delegates.add(*lead.members.exclude(pk=lead.head_id)[:2])
        task.cooperating_departments.add(helper)
        task.cooperating.add(helper.members.exclude(pk=helper.head_id).first())


def test_compute_runs_as_many_queries_for_30_department_tasks_as_for_3(
    plan, culture, economy, office, tien, nga, lan, django_assert_num_queries
):
    departments = [culture, economy, office]
    staff("hangvt", office, "Lê Thị Hằng", "Văn thư")
    staff("sonpv", economy, "Phạm Văn Sơn", "Công chức Tài chính - Kế toán")
    _department_tasks(plan, departments, 0, 3)
    with CaptureQueriesContext(connection) as small:
        few = compute(MONDAY)

    _department_tasks(plan, departments, 3, 27)
    with django_assert_num_queries(len(small.captured_queries)):
        many = compute(MONDAY)

    assert sum(len(d.task_ids) for d in many if d.kind == OFFICIAL) > 5 * sum(
        len(d.task_ids) for d in few if d.kind == OFFICIAL
    )
    heads = {d.recipient["username"] for d in many if d.kind == OFFICIAL} & {"truongvhxh", "truongkt", "chanhvp"}
    assert heads == {"truongvhxh", "truongkt", "chanhvp"}


def test_a_task_whose_only_delegate_has_left_reminds_the_head(plan, culture, head, tien):
    """Nobody active has the task: someone must still hear of its deadline."""
    make_task(plan, "2.1.f", lead_department=culture, due=MONDAY + days(1)).delegates.add(tien)
    tien.is_active = False
    tien.save(update_fields=["is_active"])

    found = reminded()

    assert found.get(head.username) == {"2.1.f": "due in 1"}


def test_the_clerks_digest_lists_an_overdue_department_task_with_the_overdue_official_ones(
    plan, culture, tien, official, clerk
):
    make_task(plan, "2.6.a", lead=official, due=MONDAY - days(2))
    make_task(plan, "2.6.b", lead_department=culture, due=MONDAY - days(2)).delegates.add(tien)

    digest = next(d for d in compute(MONDAY) if d.kind == Reminder.Kind.CLERK)

    listed = sorted(t["code"] for _person, tasks in digest.overdue_by_official for t in tasks)
    assert listed == ["2.6.a", "2.6.b"]
