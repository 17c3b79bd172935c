"""Who may do what with a department's task (tasks.access.task_access), and an old task unchanged."""

import pytest

from tasks.access import Involvement, task_access
from tasks.models import Task

from .conftest import make_task

pytestmark = pytest.mark.django_db


def can(person, task):
    """The actions of the matrix that `person` may take on `task` (read from the database afresh)."""
    task = Task.objects.select_related("plan", "lead_department").get(pk=task.pk)
    access = task_access(person, task)
    assert access.view
    return {action for action in ("report", "comment", "delegate") if getattr(access, action)}


@pytest.fixture
def delegated(dept_task, tien, office, economy):
    """2.1.a, led by Phòng Văn hóa - Xã hội, given to Mai Văn Tiến; Văn phòng cooperates."""
    dept_task.delegates.add(tien)
    dept_task.cooperating_departments.add(office)
    return dept_task


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("head", {"report", "comment", "delegate"}),
        ("tien", {"report", "comment"}),  # the delegate
        ("nga", set()),  # a member of the lead department it was not given to
        ("lan", set()),  # a member of another department
        ("khanh", set()),  # the head of another department, not cooperating
        ("hai", {"comment"}),  # the head of a cooperating department
        ("clerk", {"report", "comment", "delegate"}),
        ("official", set()),  # an official of the commune in no department
    ],
)
def test_who_may_report_comment_and_delegate_on_a_department_task(request, delegated, who, expected):
    assert can(request.getfixturevalue(who), delegated) == expected


def test_the_member_of_a_cooperating_department_is_not_its_head_and_may_not_comment(delegated, office):
    from .conftest import staff

    clerk_of_office = staff("vanthu", office, "Lê Thị Hằng", "Văn thư")

    assert can(clerk_of_office, delegated) == set()


def test_a_delegate_who_is_removed_loses_the_right_to_report(delegated, tien):
    delegated.delegates.remove(tien)

    assert can(tien, delegated) == set()


def test_a_new_head_takes_over_and_the_old_one_loses_the_rights(delegated, head, nga):
    department = delegated.lead_department
    department.head = nga
    department.save(update_fields=["head"])

    assert can(nga, delegated) == {"report", "comment", "delegate"}
    assert can(head, delegated) == set()


def test_a_task_led_by_a_person_keeps_the_old_rights(plan, official, second_official, head, clerk, hai, culture):
    task = make_task(plan, "1.3.a", lead=official)
    task.cooperating.add(second_official)

    assert can(official, task) == {"report", "comment"}
    assert can(second_official, task) == {"comment"}
    assert can(head, task) == set()  # a department's head has no part in it
    # The clerk: everything but delegating, since an official's task has no department to delegate in.
    assert can(clerk, task) == {"report", "comment"}


def test_the_prefetched_involvement_gives_the_same_answers(delegated, head, tien, nga, hai):
    task = Task.objects.select_related("plan", "lead_department").get(pk=delegated.pk)
    involvement = Involvement.of(task)

    assert involvement == Involvement(
        cooperating=frozenset({hai.pk}), delegates=frozenset({tien.pk}), lead_head=head.pk
    )
    for person in (head, tien, nga, hai):
        assert task_access(person, task, involvement) == task_access(person, task)
