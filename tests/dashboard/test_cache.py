"""The cached dashboard, PAPI comparison and cross-commune table (reports.cache): a repeated
request recomputes nothing, and every change the pages show retires the commune's entries."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction

from plans.models import PapiScore, Role
from reports import cache as papi_cache
from reports.dashboard import commune_dashboard
from tasks.deadlines import Deadline
from tasks.models import Evidence, TaskStatus
from tasks.services import assignment, editing, workflow

from ..conftest import make_person
from .conftest import add_task

pytestmark = pytest.mark.django_db

URL = "/reports/dashboard/"
COMMUNES_URL = "/reports/communes/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def summary(d):
    """What the page shows, in comparable form."""
    return {
        "buckets": {str(b): n for b, n in d.counts.by_bucket.items() if n},
        "areas": [(a.param, a.light, a.counts.total) for a in d.areas],
        "officials": [(o.param, o.counts.total, o.counts.done) for o in d.officials],
        "overdue": [t.pk for t in d.overdue_tasks],
        "updates": [u.pk for u in d.recent_updates],
        "months": [(p.done_in_month, p.cumulative) for p in d.months],
    }


def shown(client, plan):
    response = client.get(URL, {"plan": plan.pk})
    assert response.status_code == 200
    return response.context


def assert_fresh(client, plan, today):
    context = shown(client, plan)
    assert summary(context["d"]) == summary(commune_dashboard(plan, today))
    return context


@pytest.fixture
def signed_in(client, chairman):
    client.force_login(chairman)
    return client


def test_the_second_request_recomputes_nothing(signed_in, world, django_assert_num_queries):
    plan = world["plan"]
    # Uncached: session, user, the plan, unread notifications, the session's save (3), the
    # dashboard's seven queries and the scores comparison's seven.
    with django_assert_num_queries(7 + 7 + 7):
        signed_in.get(URL, {"plan": plan.pk})
    # Cached: session, user, the plan, unread notifications, the session's save (3).
    with django_assert_num_queries(7):
        context = shown(signed_in, plan)
    assert context["plan"].pk == plan.pk and context["d"].plan is context["plan"]
    assert context["scores"].unit == plan.unit


def test_reporting_progress_shows_at_once(signed_in, world, officials, today):
    plan, task = world["plan"], world["tasks"][2]  # 1.3: overdue, led by An
    before = shown(signed_in, plan)["d"]
    workflow.report_progress(task, by=officials["an"], status=TaskStatus.DONE, progress=100, note="Xong")
    after = assert_fresh(signed_in, plan, today)["d"]
    assert after.counts.overdue == before.counts.overdue - 1
    assert after.counts.awaiting == before.counts.awaiting + 1
    assert after.recent_updates[0].task_id == task.pk


def test_changing_a_deadline_shows_at_once(signed_in, world, clerk, today):
    plan, task = world["plan"], world["tasks"][8]  # 3.2: not started, due in 90 days
    before = shown(signed_in, plan)["d"]
    late = today - datetime.timedelta(days=2)
    editing.change_deadline(task, by=clerk, deadline=Deadline.by_date(late, f"{late:%d/%m/%Y}"), reason="Sớm hơn")
    after = assert_fresh(signed_in, plan, today)["d"]
    assert after.counts.overdue == before.counts.overdue + 1
    assert task.pk in [t.pk for t in after.overdue_tasks]


def test_assigning_shows_at_once(signed_in, world, clerk, officials, today):
    plan, task = world["plan"], world["tasks"][8]  # 3.2: nobody leads it
    shown(signed_in, plan)
    assignment.assign(task, by=clerk, lead=officials["binh"], cooperating=[officials["an"]])
    after = assert_fresh(signed_in, plan, today)["d"]
    unassigned = next(o for o in after.officials if o.lead is None)
    assert unassigned.counts.total == 2  # 2.4 and 9.1 are left


def test_a_new_papi_score_shows_at_once(signed_in, world, commune):
    plan = world["plan"]
    assert not shown(signed_in, plan)["scores"].has_scores
    PapiScore.objects.create(unit=commune, year=plan.year, source=PapiScore.Source.OFFICIAL, score=Decimal("40.5"))
    scores = shown(signed_in, plan)["scores"]
    assert scores.has_scores and scores.total.this.score == Decimal("40.5")


def test_deleting_a_task_shows_at_once(signed_in, world, clerk, today):
    plan, tasks = world["plan"], world["tasks"]
    total = shown(signed_in, plan)["d"].counts.total
    editing.soft_delete(tasks[0], by=clerk, reason="Trùng")
    assert assert_fresh(signed_in, plan, today)["d"].counts.total == total - 1
    tasks[1].delete()
    assert assert_fresh(signed_in, plan, today)["d"].counts.total == total - 2


def test_links_and_evidence_bump_the_commune(world, officials, commune):
    task = world["tasks"][8]
    for change in (
        lambda: task.cooperating.add(officials["an"]),
        lambda: task.cooperating.remove(officials["an"]),
        lambda: task.sub_dimensions.clear(),
        lambda: Evidence.objects.create(
            task=task, file="evidence/x.pdf", original_name="x.pdf", content_type="application/pdf", size=1
        ),
    ):
        before = papi_cache.unit_generation(commune.pk)
        change()
        assert papi_cache.unit_generation(commune.pk) != before


def test_another_communes_change_keeps_this_dashboard(
    signed_in, world, other_commune, commune, django_assert_num_queries
):
    plan = world["plan"]
    shown(signed_in, plan)
    generation = papi_cache.unit_generation(commune.pk)
    other = make_person("khac", other_commune, Role.OFFICIAL)
    task = add_task(world["other_plan"], "5.1", area=1, lead=other, due=datetime.date(2030, 1, 1))
    workflow.report_progress(task, by=other, status=TaskStatus.IN_PROGRESS, progress=30)
    PapiScore.objects.create(unit=other_commune, year=plan.year, source=PapiScore.Source.OFFICIAL, score=Decimal(41))
    assert papi_cache.unit_generation(commune.pk) == generation
    with django_assert_num_queries(7):  # still cached
        shown(signed_in, plan)


def test_a_bump_is_repeated_at_commit(world, commune, django_capture_on_commit_callbacks):
    """A reader between the write and its commit caches old rows under the new generation."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        add_task(world["plan"], "7.1")
        during = papi_cache.unit_generation(commune.pk)
    assert papi_cache.unit_generation(commune.pk) != during


def test_the_cross_commune_table_shows_a_task_change(client, world, supervisor, clerk, today):
    client.force_login(supervisor)

    def row():
        response = client.get(COMMUNES_URL, {"year": today.year})
        return next(r for r in response.context["page_obj"].object_list if r.plan_id == world["plan"].pk)

    before = row()
    task = world["tasks"][8]  # 3.2: not started, due in 90 days
    late = today - datetime.timedelta(days=2)
    editing.change_deadline(task, by=clerk, deadline=Deadline.by_date(late, f"{late:%d/%m/%Y}"), reason="Sớm hơn")
    assert row().overdue == before.overdue + 1
    add_task(world["plan"], "7.1")
    assert row().tasks == before.tasks + 1
