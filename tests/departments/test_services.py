"""Assigning a task to a department, delegating it to the department's staff, reassigning it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from notifications.models import Notification
from tasks.models import Task
from tasks.services import assignment
from tasks.services.versions import StaleTaskError, TaskActionError

from .conftest import make_task

pytestmark = pytest.mark.django_db


def told(task):
    """Who was told they have the task (the bell's "You were assigned a task")."""
    return set(
        Notification.objects.filter(kind=Notification.Kind.ASSIGNED, task=task).values_list("recipient", flat=True)
    )


def fresh(task):
    return Task.objects.get(pk=task.pk)


def test_the_clerk_assigns_a_task_to_a_department_and_its_head_is_told(plan, clerk, culture, head, tien):
    task = make_task(plan, "2.1.a")

    saved = assignment.assign(task, by=clerk, lead=culture, cooperating=[], expected_version=task.version)

    task = fresh(task)
    assert task.lead is None and task.lead_department == culture
    assert task.lead_name == "Phòng Văn hóa - Xã hội"
    assert saved.version == task.version == 2
    assert told(task) == {head.pk}  # the head, not the department's staff
    assert assignment.lead_of(task) == culture


def test_the_head_delegates_to_two_members_who_are_told(dept_task, head, tien, nga):
    assignment.delegate(dept_task, by=head, people=[tien, nga], expected_version=dept_task.version)

    task = fresh(dept_task)
    assert set(task.delegates.all()) == {tien, nga}
    assert told(task) == {tien.pk, nga.pk}
    assert task.version == 2
    assert task.lead_department.name == "Phòng Văn hóa - Xã hội"  # still the department's task


@pytest.mark.parametrize("who", ["lan", "luc", "official"])
def test_the_head_cannot_delegate_to_a_non_member_or_an_inactive_member(request, dept_task, head, tien, who):
    person = request.getfixturevalue(who)

    with translation.override("en"), pytest.raises(TaskActionError) as refused:
        assignment.delegate(dept_task, by=head, people=[tien, person], expected_version=dept_task.version)

    assert str(refused.value) == "A task is delegated to active members of its lead department only."
    task = fresh(dept_task)
    assert list(task.delegates.all()) == [] and task.version == 1
    assert told(task) == set()


def test_a_task_led_by_a_person_cannot_be_delegated(plan, clerk, official, tien):
    task = make_task(plan, "2.1.b", lead=official)

    # Nobody may delegate it (tasks.access: delegating needs a lead department), the clerk included.
    with pytest.raises(PermissionDenied):
        assignment.delegate(task, by=clerk, people=[tien], expected_version=task.version)

    assert list(fresh(task).delegates.all()) == []


def test_reassigning_the_task_to_a_person_clears_the_delegates(dept_task, clerk, head, tien, nga, official):
    assignment.delegate(dept_task, by=head, people=[tien, nga], expected_version=1)

    assignment.assign(dept_task, by=clerk, lead=official, cooperating=[], expected_version=2)

    task = fresh(dept_task)
    assert task.lead == official and task.lead_department is None
    assert task.lead_name == "Trần Văn Bình"
    assert list(task.delegates.all()) == []
    assert official.pk in told(task)


def test_reassigning_to_another_department_drops_the_delegates_who_are_not_its_members(
    dept_task, clerk, head, tien, nga, economy
):
    assignment.delegate(dept_task, by=head, people=[tien, nga], expected_version=1)
    nga.department = economy  # Nga has moved to Phòng Kinh tế since
    nga.save(update_fields=["department"])

    assignment.assign(dept_task, by=clerk, lead=economy, cooperating=[], expected_version=2)

    task = fresh(dept_task)
    assert task.lead_department == economy and task.lead_name == "Phòng Kinh tế"
    assert list(task.delegates.all()) == [nga]
    assert economy.head_id in told(task)


def test_changing_only_the_cooperating_keeps_the_delegates_of_the_same_department(
    dept_task, clerk, head, tien, official
):
    assignment.delegate(dept_task, by=head, people=[tien], expected_version=1)

    assignment.assign(dept_task, by=clerk, lead=dept_task.lead_department, cooperating=[official], expected_version=2)

    task = fresh(dept_task)
    assert list(task.delegates.all()) == [tien]
    assert list(task.cooperating.all()) == [official]


def test_cooperating_mixes_a_department_and_a_person_and_both_are_told(
    plan, clerk, culture, head, office, hai, official
):
    task = make_task(plan, "2.1.c")

    assignment.assign(task, by=clerk, lead=culture, cooperating=[office, official], expected_version=1)

    task = fresh(task)
    assert list(task.cooperating.all()) == [official]
    assert list(task.cooperating_departments.all()) == [office]
    assert assignment.cooperating_of(task) == [official, office]
    assert told(task) == {head.pk, hai.pk, official.pk}


def test_the_lead_department_is_not_also_cooperating(plan, clerk, culture, office):
    task = make_task(plan, "2.1.d")

    assignment.assign(task, by=clerk, lead=culture, cooperating=[culture, office], expected_version=1)

    assert list(fresh(task).cooperating_departments.all()) == [office]


def test_a_department_of_another_commune_cannot_be_assigned(plan, clerk, other_commune):
    from plans.models import Department

    elsewhere = Department.objects.create(unit=other_commune, name="Phòng Văn hóa - Xã hội")
    task = make_task(plan, "2.1.e")

    with translation.override("en"), pytest.raises(TaskActionError) as refused:
        assignment.assign(task, by=clerk, lead=elsewhere, cooperating=[], expected_version=1)

    assert str(refused.value) == "Only officials of this commune can be assigned."
    assert fresh(task).lead_department is None


def test_a_stale_assign_is_refused(dept_task, clerk, head, tien, economy):
    assignment.delegate(dept_task, by=head, people=[tien], expected_version=1)

    with pytest.raises(StaleTaskError) as stale:
        assignment.assign(dept_task, by=clerk, lead=economy, cooperating=[], expected_version=1)

    assert stale.value.current.version == 2
    task = fresh(dept_task)
    assert task.lead_department_id == dept_task.lead_department_id and list(task.delegates.all()) == [tien]


def test_a_stale_delegation_is_refused(dept_task, clerk, head, tien, nga, official):
    assignment.assign(dept_task, by=clerk, lead=dept_task.lead_department, cooperating=[official], expected_version=1)

    with pytest.raises(StaleTaskError):
        assignment.delegate(dept_task, by=head, people=[tien, nga], expected_version=1)

    assert list(fresh(dept_task).delegates.all()) == []


def test_only_the_head_or_the_clerk_delegates(dept_task, tien, nga, lan, hai, clerk):
    from django.core.exceptions import PermissionDenied

    for person in (tien, lan, hai):
        with pytest.raises(PermissionDenied):
            assignment.delegate(dept_task, by=person, people=[nga], expected_version=1)
    assert list(fresh(dept_task).delegates.all()) == []

    assignment.delegate(dept_task, by=clerk, people=[nga], expected_version=1)
    assert list(fresh(dept_task).delegates.all()) == [nga]


def test_bulk_assign_adding_a_cooperating_official_keeps_the_department_lead_and_its_delegates(
    plan, dept_task, clerk, head, tien, official, culture
):
    assignment.delegate(dept_task, by=head, people=[tien], expected_version=1)
    led_by_person = make_task(plan, "2.2.a", lead=tien)
    Notification.objects.all().delete()

    results = assignment.bulk_assign(
        [(dept_task, 2), (led_by_person, 1)], by=clerk, lead=assignment.KEEP, cooperating=[official]
    )

    assert [changed for _task, changed in results] == [True, True]
    task = fresh(dept_task)
    assert task.lead_department == culture and task.lead is None
    assert list(task.delegates.all()) == [tien]
    assert list(task.cooperating.all()) == [official]
    assert fresh(led_by_person).lead == tien
    # Only the newcomer is told; the head already had the task.
    assert told(task) == {official.pk}


def test_bulk_assign_with_nothing_new_leaves_a_department_task_alone(dept_task, clerk, head, tien):
    assignment.delegate(dept_task, by=head, people=[tien], expected_version=1)

    results = assignment.bulk_assign([(dept_task, 2)], by=clerk, lead=assignment.KEEP, cooperating=[])

    assert [changed for _task, changed in results] == [False]
    assert fresh(dept_task).version == 2


def test_returning_a_department_task_tells_those_it_was_delegated_to(dept_task, clerk, head, tien):
    from tasks.models import TaskStatus
    from tasks.services import workflow

    assignment.delegate(dept_task, by=head, people=[tien], expected_version=dept_task.version)
    task = fresh(dept_task)
    task, _update = workflow.report_progress(task, by=tien, status=TaskStatus.DONE, progress=100, note="Đã xong")
    workflow.return_task(task, by=clerk, reason="Thiếu biên bản", expected_version=task.version)

    told = Notification.objects.filter(kind=Notification.Kind.RETURNED, task=dept_task)
    assert [n.recipient for n in told] == [tien]


def test_confirming_an_undelegated_department_task_tells_its_head(dept_task, clerk, head):
    from tasks.models import TaskStatus
    from tasks.services import workflow

    task, _update = workflow.report_progress(dept_task, by=head, status=TaskStatus.DONE, progress=100, note="Xong")
    workflow.confirm(task, by=clerk, expected_version=task.version)

    told = Notification.objects.filter(kind=Notification.Kind.CONFIRMED, task=dept_task)
    assert [n.recipient for n in told] == [head]
