"""load_demo: the Trung Trắc commune, its officials, the seed plan through the importer, a year of progress."""

import datetime
import filecmp
import re
from collections import Counter
from datetime import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Prefetch
from django.test import override_settings
from django.urls import reverse

from demo.data.assignments import ASSIGNMENTS, FINAL_STATUS, Outcome
from demo.loader import DEMO_PLAN, VN_TZ, is_working_day, load_demo
from importing.plan import import_plan
from plans.models import AdministrativeUnit, PapiScore, Plan, Role, User
from tasks.deadlines import DeadlineKind
from tasks.models import Comment, ProgressUpdate, Task, TaskStatus
from tasks.views.detail import build_timeline

TEST_DATA_COPY = Path(__file__).resolve().parent.parent / "data" / "plans" / DEMO_PLAN.name

EXPECTED_PEOPLE = {
    "chutich": Role.CHAIRMAN,
    "phochutich": Role.VICE_CHAIRMAN,
    "vanphong": Role.CLERK,
    "taichinh": Role.OFFICIAL,
    "tuphap": Role.OFFICIAL,
    "diachinh": Role.OFFICIAL,
    "vanhoa": Role.OFFICIAL,
    "xahoi": Role.OFFICIAL,
    "quansu": Role.OFFICIAL,
    "congan": Role.OFFICIAL,
    "truyenthanh": Role.OFFICIAL,
    "mttq": Role.OBSERVER,
    "quantri": Role.ACCOUNT_ADMIN,
}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for this module in a transaction that is rolled back at its end.

    Each test still runs in its own savepoint (the `db` fixture), so tests that load again or
    reset see the loaded demo and leave it as it was.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_demo_copy_of_the_seed_plan_is_identical_to_the_test_data_copy():
    assert filecmp.cmp(DEMO_PLAN, TEST_DATA_COPY, shallow=False)


def test_load_demo_creates_the_three_level_unit_tree(demo):
    commune = demo.commune
    assert (commune.code, commune.name, commune.kind) == ("12100", "Trung Trắc", AdministrativeUnit.Kind.COMMUNE)
    district, province = commune.parent, commune.parent.parent
    assert (district.code, district.name, district.kind) == ("330", "Văn Lâm", AdministrativeUnit.Kind.DISTRICT)
    assert (province.code, province.name, province.kind) == ("33", "Hưng Yên", AdministrativeUnit.Kind.PROVINCE)
    assert province.parent is None


def test_the_demo_commune_has_its_successor_in_the_post_2025_hung_yen(demo):
    commune = AdministrativeUnit.objects.get(pk=demo.commune.pk)
    successor, province = commune.succeeded_by, commune.parent.parent
    assert (successor.code, successor.name, successor.kind, successor.parent) == (
        "11986",
        "Như Quỳnh",
        "commune",
        province,
    )
    assert demo.successor == successor and commune.dissolved_on == datetime.date(2025, 7, 1)
    # The whole post-2025 province, from vietnam-provinces: 104 communes and wards, no districts.
    assert province.children.filter(kind__in=AdministrativeUnit.LOCAL_KINDS).count() == 104
    assert any("Trưng Trắc" in note for note in demo.successor_notes)


def test_load_demo_creates_exactly_the_demo_people(demo):
    # The post-reform ward's people are tests/demo/test_ward_demo.py's.
    people = {u.username: u for u in User.objects.exclude(unit=demo.ward.ward)}
    assert {name: u.role for name, u in people.items()} == EXPECTED_PEOPLE
    assert people["chutich"].full_name == "Lê Ngọc Tuân" == demo.plan.signer_name
    assert people["vanphong"].is_staff and people["quantri"].is_staff
    assert not any(u.is_staff for name, u in people.items() if name not in ("vanphong", "quantri"))
    commune_people = [u for name, u in people.items() if name != "quantri"]
    assert all(
        u.unit == demo.commune and u.position and u.email == f"{u.username}@trungtrac.demo" for u in commune_people
    )
    # The province's account administrator grants roles for the communes below it.
    assert people["quantri"].unit == demo.commune.parent.parent
    # The role group follows the role (the post_save signal ran).
    assert list(people["mttq"].groups.values_list("name", flat=True)) == ["role:observer"]


def test_load_demo_imports_exactly_the_seed_plans_items(demo, tmp_path):
    # The importer's own numbering of the seed, imported into a scratch commune.
    scratch = AdministrativeUnit.objects.create(kind="commune", code="99999", name="Scratch")
    report = import_plan(TEST_DATA_COPY, unit=scratch, year=2024)
    importer_codes = set(report.plan.tasks.values_list("code", flat=True))

    assert Plan.objects.filter(unit=demo.commune).count() == 1
    codes = list(demo.plan.tasks.values_list("code", flat=True))
    assert len(codes) == 37
    assert set(codes) == importer_codes == set(ASSIGNMENTS)


def test_area_tasks_have_a_lead_and_observers_are_never_assigned(demo):
    tasks = demo.plan.tasks.select_related("lead").prefetch_related("cooperating")
    assert tasks.filter(content_area__isnull=False).count() == 29
    assert not tasks.filter(content_area__isnull=False, lead__isnull=True).exists()
    for task in tasks:
        assert task.lead.username == ASSIGNMENTS[task.code].lead
        assert {u.username for u in task.cooperating.all()} == set(ASSIGNMENTS[task.code].cooperating)
        involved = [task.lead, *task.cooperating.all()]
        assert all(person.role not in (Role.OBSERVER, Role.SUPERVISOR) for person in involved), task.code
        assert task.lead not in task.cooperating.all()


def test_deadlines_of_every_kind_keep_the_plans_words(demo):
    tasks = list(demo.plan.tasks.all())
    assert {t.deadline_kind for t in tasks} == set(DeadlineKind.values)
    assert all(t.deadline_text == ASSIGNMENTS[t.code].deadline for t in tasks)
    by_code = {t.code: t for t in tasks}
    assert by_code["1.2.a"].due_date == datetime.date(2024, 3, 31)
    assert (by_code["1.1.a"].period_kind, by_code["1.1.a"].period_index) == ("quarter", 2)
    assert by_code["1.3.a"].review_frequency == "monthly"
    assert {t.review_frequency for t in tasks if t.deadline_kind == DeadlineKind.ONGOING} >= {"monthly", "quarterly"}


def in_office_hours_2024(when):
    local = when.astimezone(VN_TZ)
    return local.year == 2024 and is_working_day(local.date()) and time(7, 30) <= local.time() <= time(17, 30)


def test_progress_history_follows_the_workflow_in_2024_office_hours(demo):
    reviewers = (Role.CLERK, Role.CHAIRMAN, Role.VICE_CHAIRMAN)
    tasks = demo.plan.tasks.select_related("lead").prefetch_related(
        "cooperating", "comments__author", Prefetch("updates", ProgressUpdate.objects.select_related("author"))
    )
    with_updates = 0
    for task in tasks:
        updates = sorted(task.updates.all(), key=lambda u: u.created_at)
        comments = list(task.comments.all())
        if not updates:
            assert (task.status, task.progress, task.completed_at, comments) == (TaskStatus.NOT_STARTED, 0, None, [])
            continue
        with_updates += 1
        assert all(in_office_hours_2024(x.created_at) for x in [*updates, *comments]), task.code
        assert [u.progress for u in updates] == sorted(u.progress for u in updates), task.code
        last = updates[-1]
        assert (task.status, task.progress) == (last.status, last.progress)
        # Only the lead reports; the clerk (or a leader) confirms or returns; cooperating officials comment.
        reports = [u for u in updates if u.kind == ProgressUpdate.Kind.PROGRESS]
        assert {u.author for u in reports} == {task.lead}, task.code
        for review in (u for u in updates if u.kind != ProgressUpdate.Kind.PROGRESS):
            assert review.author.role in reviewers and review.author != task.lead, task.code
        assert {c.author for c in comments} <= set(task.cooperating.all()), task.code
        # Reporting done asks for confirmation, and completed_at is the time of that report.
        done_reports = [u for u in reports if u.status == TaskStatus.AWAITING_CONFIRMATION]
        if task.status == TaskStatus.DONE:
            assert last.kind == ProgressUpdate.Kind.CONFIRMED and updates[-2] == done_reports[-1]
        finished = task.status in (TaskStatus.DONE, TaskStatus.AWAITING_CONFIRMATION)
        assert task.completed_at == (done_reports[-1].created_at if finished else None), task.code
    assert with_updates >= 30
    assert Comment.objects.filter(task__plan=demo.plan).count() >= 10
    returned = ProgressUpdate.objects.get(task__plan=demo.plan, kind=ProgressUpdate.Kind.RETURNED)
    assert returned.task.status == TaskStatus.DONE  # returned once, then redone and confirmed


def test_the_status_mix_is_realistic(demo):
    tasks = list(demo.plan.tasks.all())
    statuses = Counter(t.status for t in tasks)
    assert statuses == Counter(FINAL_STATUS[a.outcome] for a in ASSIGNMENTS.values())
    late = [
        t.code for t in tasks if t.completed_at and t.due_date and t.completed_at.astimezone(VN_TZ).date() > t.due_date
    ]
    on_time = [t for t in tasks if t.status == TaskStatus.DONE and t.code not in late]
    assert sorted(late) == sorted(c for c, a in ASSIGNMENTS.items() if a.outcome == Outcome.LATE)
    assert len(on_time) > len(tasks) / 2
    assert statuses[TaskStatus.BLOCKED] == 2 and statuses[TaskStatus.NOT_STARTED] == 2
    assert statuses[TaskStatus.AWAITING_CONFIRMATION] == 3 and statuses[TaskStatus.IN_PROGRESS] == 5


def test_demo_scores_are_all_flagged_and_totals_add_up(demo):
    scores = PapiScore.objects.all()
    assert scores.exists() and not scores.filter(is_demo=False).exists()
    province = demo.commune.parent.parent
    published = {(s.year, s.area.code if s.area else None): s for s in scores.filter(unit=province)}
    assert published[(2020, None)].score == Decimal("42.17") and published[(2020, None)].rank_display == "44/63"
    assert published[(2021, None)].rank_display == "5/63"
    assert published[(2021, 4)].score == Decimal("7.54")
    assert all(s.source == PapiScore.Source.OFFICIAL and "demo/reference" in s.note for s in published.values())
    commune_scores = scores.filter(unit=demo.commune)
    assert commune_scores.filter(year=2024, source=PapiScore.Source.TARGET).count() == 9
    for total in commune_scores.filter(area=None):
        areas = commune_scores.filter(year=total.year, source=total.source, area__isnull=False)
        assert areas.count() == 8
        assert total.score == sum(a.score for a in areas)
        assert all(1 <= a.score <= 10 for a in areas)


def test_running_load_demo_twice_changes_no_row_counts(demo):
    before = row_counts()
    again = load_demo()
    assert not again.plan_created and again.people_created == 0
    assert row_counts() == before


def test_reset_rebuilds_the_same_plan_and_history(demo):
    def snapshot():
        return sorted(
            ProgressUpdate.objects.filter(task__plan__unit=demo.commune).values_list(
                "task__code", "author__username", "created_at", "kind", "status", "progress", "note"
            )
        )

    first, counts = snapshot(), {m: m.objects.count() for m in (Plan, Task, ProgressUpdate, Comment, User, PapiScore)}
    again = load_demo(reset=True)
    assert again.plan_created
    assert snapshot() == first  # a fixed seed: the same history every time
    assert {m: m.objects.count() for m in counts} == counts


def test_demo_password_works(demo, client):
    assert client.login(username="chutich", password="papi2024")
    assert client.login(username="vanphong", password="papi2024")


# --- The tasks' history: the 2024 story, in time order ---------------------------------------------


def test_every_demo_tasks_history_is_dated_in_2024_in_time_order_from_the_clerks_import(demo):
    clerk = User.objects.get(username="vanphong")
    imported = datetime.datetime(2024, 1, 10, 8, 0, tzinfo=VN_TZ)
    assert demo.plan.imported_at == imported
    for task in demo.plan.tasks.prefetch_related("updates"):
        records = list(task.history.order_by("history_id"))
        first, rest = records[0], records[1:]
        assert (first.history_type, first.history_user, first.history_date) == ("+", clerk, imported), task.code
        assert task.created_at == imported
        dates = [r.history_date for r in records]
        assert dates == sorted(dates), task.code  # written in the order they happened
        assert all(d.astimezone(VN_TZ).year == 2024 for d in dates), task.code  # nothing dated at load time
        # The clerk assigns and sets the deadline after the import and before anyone reports.
        first_report = min((u.created_at for u in task.updates.all()), default=None)
        setup = [r for r in rest if r.history_user == clerk and r.history_date.date() == datetime.date(2024, 1, 11)]
        assert setup and imported < setup[0].history_date, task.code
        if first_report is not None:
            assert max(r.history_date for r in setup) < first_report, task.code
        # The last record is the task as it stands.
        last = records[-1]
        assert (last.version, last.status, last.progress, last.completed_at) == (
            task.version, task.status, task.progress, task.completed_at,
        ), task.code  # fmt: skip


def test_each_report_and_review_is_in_the_audit_history_by_its_author_at_its_time(demo):
    for task in demo.plan.tasks.prefetch_related("updates"):
        written = {(r.history_date, r.history_user_id, r.status, r.progress) for r in task.history.all()}
        for update in task.updates.all():
            assert (update.created_at, update.author_id, update.status, update.progress) in written, task.code


def test_a_demo_task_page_reads_in_time_order_ending_with_the_import(demo, client):
    for task in demo.plan.tasks.select_related("plan"):
        timeline = build_timeline(task)
        whens = [entry.when for entry in timeline]
        assert whens == sorted(whens, reverse=True), task.code
        assert all(when.astimezone(VN_TZ).year == 2024 for when in whens), task.code
        assert [entry.kind for entry in timeline].count("imported") == 1 and timeline[-1].kind == "imported"
        assert "created" not in [entry.kind for entry in timeline]

    client.force_login(User.objects.get(username="tuphap"))
    task = demo.plan.tasks.filter(lead__username="tuphap").exclude(updates=None).first()
    html = client.get(reverse("tasks:task_detail", args=[task.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    section = " ".join(re.sub(r"<[^>]+>", " ", html[html.index('id="timeline"') :]).split())
    oldest = section.index("Nhập từ kế hoạch Nâng cao chỉ số hiệu quả Quản trị và Hành chính công năm 2024")
    assert "10/01/2024 08:00 · Nguyễn Thị Hoa" in section
    assert section.index("Đã báo cáo tiến độ") < section.index("11/01/2024") < oldest
    assert "một người" not in section and "Đã tạo nhiệm vụ" not in section
