"""generate_synthetic: a province of synthetic communes, bulk-created, refused or replaced on re-run."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from demo.synthetic import SyntheticError, generate
from plans.models import AdministrativeUnit, PapiScore, Plan, PlanSection, Role, User
from tasks.deadlines import DeadlineKind
from tasks.models import ProgressUpdate, Task, TaskStatus

SMALL = {"communes": 3, "tasks_per_commune": 10, "updates_per_task": 2}


def counts():
    return {
        "units": AdministrativeUnit.objects.count(),
        "users": User.objects.count(),
        "plans": Plan.objects.count(),
        "sections": PlanSection.objects.count(),
        "tasks": Task.objects.count(),
        "updates": ProgressUpdate.objects.count(),
        "scores": PapiScore.objects.count(),
    }


@pytest.fixture
def small(db):
    return generate(**SMALL)


def test_a_small_run_produces_exactly_the_expected_rows(small):
    assert counts() == {
        "units": 1 + 1 + 3,  # province, one district (10 communes per district), 3 communes
        "users": 3 * 8,
        "plans": 3,
        "sections": 3 * 12,  # II; 1, 3 and 4; 1.1–1.8
        "tasks": 3 * 10,
        "updates": 3 * 10 * 2,
        "scores": 3 * 2 * 9,  # last year's assessment and this year's target: 8 areas + total
    }
    assert small.counts["tasks"] == 30 and small.counts["updates"] == 60
    assert all(code.startswith("S") for code in AdministrativeUnit.objects.values_list("code", flat=True))
    assert not PapiScore.objects.filter(is_demo=False).exists()


def test_synthetic_tasks_follow_the_workflow_and_match_their_last_update(small):
    tasks = Task.objects.select_related("lead", "plan").prefetch_related("updates__author", "cooperating")
    assert tasks.filter(content_area__isnull=False).count() == 3 * 8
    assert {t.deadline_kind for t in tasks} == set(DeadlineKind.values)
    for task in tasks:
        updates = sorted(task.updates.all(), key=lambda u: u.created_at)
        assert len(updates) == 2
        assert updates[0].created_at < updates[1].created_at
        assert updates[0].progress <= updates[1].progress
        last = updates[-1]
        assert (task.status, task.progress) == (last.status, last.progress)
        reports = [u for u in updates if u.kind == ProgressUpdate.Kind.PROGRESS]
        assert {u.author for u in reports} == {task.lead}
        if task.status in (TaskStatus.DONE, TaskStatus.RETURNED):
            assert last.author.role in (Role.CLERK, Role.VICE_CHAIRMAN) and last.author != task.lead
            assert updates[-2].status == TaskStatus.AWAITING_CONFIRMATION
        done_report = updates[-2] if task.status == TaskStatus.DONE else last
        finished = task.status in (TaskStatus.DONE, TaskStatus.AWAITING_CONFIRMATION)
        assert task.completed_at == (done_report.created_at if finished else None)
        assert task.lead.unit_id == task.plan.unit_id and task.lead not in task.cooperating.all()
        assert task.lead.role not in (Role.CHAIRMAN, Role.VICE_CHAIRMAN, Role.OBSERVER)


def test_synthetic_people_have_role_groups_sort_names_and_the_shared_password(small, client):
    chairman = User.objects.get(username="s01c00001_chutich")
    assert chairman.role == Role.CHAIRMAN and chairman.sort_name
    assert list(chairman.groups.values_list("name", flat=True)) == ["role:chairman"]
    assert len(set(User.objects.values_list("password", flat=True))) == 1  # hashed once
    assert client.login(username="s01c00002_vanphong", password="papi2024")


def test_a_rerun_with_the_same_code_is_refused_and_replace_starts_afresh(small):
    real = AdministrativeUnit.objects.create(kind="province", code="33", name="Hưng Yên")
    before = counts()
    with pytest.raises(CommandError, match="S01"):
        call_command("generate_synthetic", communes=3, tasks_per_commune=10, updates_per_task=2, stdout=StringIO())
    assert counts() == before

    out = StringIO()
    call_command("generate_synthetic", communes=3, tasks_per_commune=10, updates_per_task=2, replace=True, stdout=out)
    assert "S01" in out.getvalue()
    assert counts() == before
    assert AdministrativeUnit.objects.filter(pk=real.pk).exists()


def test_another_province_code_adds_a_second_province(small):
    generate(**SMALL, province_code="S02")
    assert Plan.objects.count() == 6
    assert AdministrativeUnit.objects.filter(code__startswith="S02C").count() == 3


@pytest.mark.parametrize("code", ["33", "X01", "S0000", ""])
def test_codes_that_could_collide_with_real_units_are_refused(db, code):
    with pytest.raises(SyntheticError):
        generate(**SMALL, province_code=code)


def test_without_updates_every_task_is_not_started(db):
    generate(communes=2, tasks_per_commune=5, updates_per_task=0)
    assert set(Task.objects.values_list("status", "progress")) == {(TaskStatus.NOT_STARTED, 0)}
    assert not ProgressUpdate.objects.exists()
