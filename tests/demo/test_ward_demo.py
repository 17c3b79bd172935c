"""load_demo's post-reform ward: Phường Mỹ Hào, its departments and people, its 2026 plan through the
importer (the appendix merged into the body items), delegations and progress through the services."""

import datetime
import re
from collections import Counter
from datetime import time

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from demo.data import ward as data
from demo.loader import VN_TZ, load_demo
from demo.ward import WARD_PLAN
from importing.plan import import_plan
from notifications.models import Notification
from plans.models import AdministrativeUnit, Department, Role, User
from plans.units import communes_of
from tasks.models import Comment, ProgressUpdate, Task, TaskOrigin, TaskStatus
from tasks.views.detail import build_timeline

IMPORTED = datetime.datetime(2026, 2, 6, 8, 15, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for this module and rolled back at its end (see test_load_demo.py)."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def ward(loaded, db):
    return loaded.ward


def tasks_of(ward):
    return {t.code: t for t in ward.plan.tasks.select_related("lead", "lead_department")}


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def mine(client, username):
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("tasks:my_tasks"))
    assert response.status_code == 200
    codes = {task.code for task in response.context["page_obj"].paginator.object_list}
    assert response.context["page_obj"].paginator.num_pages == 1
    return codes, response.content.decode()


# --- The unit, its departments and people ----------------------------------------------------------


def test_the_ward_is_phuong_my_hao_of_the_post_2025_hung_yen(ward, loaded):
    unit = AdministrativeUnit.objects.get(pk=ward.ward.pk)
    province = loaded.commune.parent.parent
    listed = {u.name: u.code for u in communes_of("33") if u.kind == AdministrativeUnit.Kind.WARD}
    assert (unit.name, unit.kind, unit.parent, unit.code) == ("Mỹ Hào", "ward", province, listed["Mỹ Hào"])
    # The same province as the 2024 commune, whose successor (a commune) it is not.
    assert unit != loaded.successor and loaded.successor.parent == province


def test_the_ward_has_the_four_departments_with_their_heads_and_staff(ward):
    departments = {d.name: d for d in Department.objects.filter(unit=ward.ward).select_related("head")}
    assert set(departments) == {
        "Văn phòng HĐND và UBND",
        "Phòng Văn hóa - Xã hội",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Trung tâm Phục vụ hành chính công",
    }
    heads = {name: d.head.position.name for name, d in departments.items()}
    assert heads == {
        "Văn phòng HĐND và UBND": "Chánh Văn phòng HĐND và UBND phường",
        "Phòng Văn hóa - Xã hội": "Trưởng phòng Văn hóa - Xã hội",
        "Phòng Kinh tế, Hạ tầng và Đô thị": "Trưởng phòng Kinh tế, Hạ tầng và Đô thị",
        "Trung tâm Phục vụ hành chính công": "Giám đốc Trung tâm Phục vụ hành chính công phường",
    }
    for department in departments.values():
        members = set(User.objects.filter(department=department))
        assert department.head in members  # the head belongs to the department
        assert 2 <= len(members - {department.head}) <= 3, department.name
        assert all(m.role in (Role.OFFICIAL, Role.CLERK) for m in members)


def test_the_ward_has_its_chairman_and_clerk_and_every_person_has_a_login(ward, client):
    people = {u.username: u for u in User.objects.filter(unit=ward.ward)}
    assert set(people) == {p.username for p in data.PEOPLE} and len(people) == 16
    assert all(re.fullmatch(r"mh\.[a-z]+", name) for name in people)
    roles = Counter(u.role for u in people.values())
    assert roles == {Role.OFFICIAL: 14, Role.CHAIRMAN: 1, Role.CLERK: 1}
    chairman, clerk = people["mh.chutich"], people["mh.vanphong"]
    assert chairman.full_name == ward.plan.signer_name == "Trần Quốc Khánh" and chairman.department is None
    assert clerk.is_staff and clerk.department.name == "Văn phòng HĐND và UBND"
    assert all(u.email == f"{u.username}@myhao.demo" and u.position for u in people.values())
    for username in ("mh.chutich", "mh.vanphong", "mh.truongkt", "mh.laodong"):
        assert client.login(username=username, password="papi2024")


# --- The plan through the importer -------------------------------------------------------------------


def test_the_plan_is_imported_by_the_ward_clerk_with_its_header(ward):
    plan = ward.plan
    assert (plan.unit, plan.year, plan.number, plan.issue_date, plan.place) == (
        ward.ward, 2026, "27/KH-UBND", datetime.date(2026, 2, 4), "Mỹ Hào",
    )  # fmt: skip
    assert plan.issuing_body == "ỦY BAN NHÂN DÂN PHƯỜNG MỸ HÀO"
    assert plan.imported_at == IMPORTED and plan.source_name == WARD_PLAN.name
    assert plan.signer_title == "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"
    assert [b.number for b in plan.basis_documents.order_by("order")][1:] == ["150/2025/NĐ-CP", "18/KH-UBND"]
    assert plan.responsibilities.count() == 7 and ward.warnings == []


def test_the_appendix_rows_fill_the_body_items_they_restate(ward):
    text = WARD_PLAN.read_text(encoding="utf-8")
    body_items = re.findall(r"^[a-d]\) ", text, flags=re.M)
    appendix_rows = re.findall(r"^\| \d{1,2} \|", text, flags=re.M)
    assert len(body_items) == len(appendix_rows) == 17
    tasks = tasks_of(ward)
    # One task per body item, not one per item and one per row.
    assert list(tasks) == list(data.LEADS) and len(tasks) == len(body_items)
    assert all(t.origin == TaskOrigin.PLAN_TEXT and t.content_area_id for t in tasks.values())
    # Each got the row's columns: the deadline as written, the product, the remarks.
    assert all(t.deadline_text and t.expected_output for t in tasks.values())
    assert tasks["1.b"].remarks == "Ngày bầu cử 15/3/2026"
    assert tasks["1.b"].text.startswith("Tuyên truyền, vận động cử tri tham gia cuộc bầu cử")  # the body's words
    # The paragraph the page break cut is whole again.
    assert "đối với hồ sơ trễ hạn theo quy định" in tasks["5.b"].text


def test_the_departments_lead_and_cooperate_where_the_appendix_names_them(ward):
    tasks = tasks_of(ward)
    leads = {
        code: t.lead_department.name if t.lead_department_id else t.lead and t.lead.username
        for code, t in tasks.items()
    }
    assert leads == data.LEADS
    cooperating = {code: {d.name for d in t.cooperating_departments.all()} for code, t in tasks.items()}
    assert cooperating["4.b"] == {"Trung tâm Phục vụ hành chính công", "Phòng Kinh tế, Hạ tầng và Đô thị"}
    assert cooperating["5.b"] == {"Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội"}
    assert cooperating["1.a"] == {"Văn phòng HĐND và UBND"}  # the MTTQ and the residential groups are not
    assert cooperating["7.a"] == set()
    # The chairman leads the citizens' reception by his title; the police, not a department, lead nobody.
    assert tasks["3.a"].lead.username == "mh.chutich" and tasks["3.a"].lead_text == "Chủ tịch UBND phường"
    assert tasks["6.b"].lead is None and tasks["6.b"].lead_department is None
    assert tasks["6.b"].lead_text == "Công an phường"
    assert "Ủy ban MTTQ Việt Nam phường" in tasks["1.a"].cooperating_text


def test_deadlines_come_in_many_written_styles(ward):
    tasks = tasks_of(ward)
    assert {t.deadline_kind for t in tasks.values()} == {"date", "period", "ongoing"}
    assert len({t.deadline_text for t in tasks.values()}) >= 15
    assert (tasks["2.a"].deadline_text, tasks["2.a"].due_date) == ("Quý III/2026", datetime.date(2026, 9, 30))
    assert (tasks["2.b"].deadline_text, tasks["2.b"].due_date) == ("6 tháng đầu năm", datetime.date(2026, 6, 30))
    assert tasks["1.a"].due_date == datetime.date(2026, 6, 30)
    assert tasks["8.a"].due_date == datetime.date(2026, 11, 15)  # "Trước ngày 15 tháng 11 năm 2026"
    assert (tasks["5.b"].deadline_kind, tasks["5.b"].review_frequency) == ("ongoing", "monthly")


def test_without_the_departments_the_same_plan_names_them_only_in_words(ward):
    scratch = AdministrativeUnit.objects.create(kind="ward", code="99998", name="Scratch")
    report = import_plan(WARD_PLAN, unit=scratch, year=2026)
    assert report.plan.tasks.count() == 17
    assert not report.plan.tasks.filter(lead_department__isnull=False).exists()
    assert report.plan.tasks.get(code="2.b").lead_text == "Phòng Kinh tế, Hạ tầng và Đô thị"


# --- Delegations and progress ---------------------------------------------------------------------------


def test_the_heads_delegated_their_departments_tasks_to_members(ward):
    tasks = tasks_of(ward)
    for _day, _hour, _minute, head, code, delegates in data.DELEGATIONS:
        task = tasks[code]
        assert task.lead_department.head.username == head, code
        assert sorted(u.username for u in task.delegates.all()) == sorted(delegates), code
        assert all(u.department_id == task.lead_department_id for u in task.delegates.all()), code
    undelegated = {code for code, t in tasks.items() if t.lead_department_id and not t.delegates.exists()}
    assert undelegated == {"3.b", "4.a", "5.c"}


def test_a_head_sees_every_task_of_the_department_in_my_tasks(ward, client):
    codes, html = mine(client, "mh.truongkt")
    led = {"2.b", "2.c", "7.a"}  # delegated to the staff, still the head's
    cooperating = {"4.b", "5.b", "6.b"}  # the department cooperates
    assert codes == led | cooperating
    task = tasks_of(ward)["7.a"]
    assert reverse("tasks:task_detail", args=[task.pk]) in html
    # The office's head has what he kept for himself too.
    codes, _html = mine(client, "mh.chanhvp")
    assert {"1.b", "3.b", "4.a", "4.b", "8.b"} <= codes


def test_a_delegate_sees_the_task_delegated_to_them(ward, client):
    assert mine(client, "mh.laodong")[0] == {"2.a"}
    assert mine(client, "mh.yte")[0] == {"6.a"}
    assert mine(client, "mh.motcua")[0] == {"5.a", "5.b", "8.a"}
    codes, html = mine(client, "mh.sohoa")
    assert codes == {"8.a"} and "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến" in html


def test_the_story_went_through_the_services_by_the_people_who_may(ward):
    tasks = tasks_of(ward)
    statuses = Counter(t.status for t in tasks.values())
    assert statuses == {
        TaskStatus.IN_PROGRESS: 9, TaskStatus.DONE: 4, TaskStatus.NOT_STARTED: 2,
        TaskStatus.AWAITING_CONFIRMATION: 1, TaskStatus.BLOCKED: 1,
    }  # fmt: skip
    clerk, chairman = User.objects.get(username="mh.vanphong"), User.objects.get(username="mh.chutich")
    for task in tasks.values():
        updates = list(task.updates.order_by("created_at"))
        if not updates:
            assert (task.status, task.progress) == (TaskStatus.NOT_STARTED, 0), task.code
            continue
        assert (task.status, task.progress) == (updates[-1].status, updates[-1].progress), task.code
        reporters = {task.lead, *task.delegates.all(), task.lead_department and task.lead_department.head} - {None}
        for update in updates:
            if update.kind == ProgressUpdate.Kind.PROGRESS:
                assert update.author in reporters, task.code
            else:
                assert update.author in (clerk, chairman) and update.author not in task.delegates.all(), task.code
        done = [u for u in updates if u.status == TaskStatus.AWAITING_CONFIRMATION]
        finished = task.status in (TaskStatus.DONE, TaskStatus.AWAITING_CONFIRMATION)
        assert task.completed_at == (done[-1].created_at if finished else None), task.code
    returned = ProgressUpdate.objects.get(task__plan=ward.plan, kind=ProgressUpdate.Kind.RETURNED)
    assert returned.task.code == "5.a" and returned.task.status == TaskStatus.DONE
    comment = Comment.objects.get(task__plan=ward.plan)
    assert comment.author.username == "mh.chanhvp" and comment.task.code == "2.b"


def in_office_hours_2026(when):
    local = when.astimezone(VN_TZ)
    return local.year == 2026 and local.weekday() < 5 and time(7, 30) <= local.time() <= time(17, 0)


def test_the_history_is_dated_in_2026_in_time_order_from_the_clerks_import(ward):
    clerk = User.objects.get(username="mh.vanphong")
    for task in ward.plan.tasks.all():
        records = list(task.history.order_by("history_id"))
        assert (records[0].history_type, records[0].history_user, records[0].history_date) == ("+", clerk, IMPORTED)
        dates = [r.history_date for r in records]
        assert dates == sorted(dates) and all(in_office_hours_2026(d) for d in dates), task.code
        last = records[-1]
        assert (last.version, last.status, last.progress, last.completed_at) == (
            task.version, task.status, task.progress, task.completed_at,
        ), task.code  # fmt: skip
        written = {(r.history_date, r.history_user_id, r.status, r.progress) for r in records}
        for update in task.updates.all():
            assert (update.created_at, update.author_id, update.status, update.progress) in written, task.code
        whens = [entry.when for entry in build_timeline(task)]
        assert whens == sorted(whens, reverse=True) and all(w.astimezone(VN_TZ).year == 2026 for w in whens)
    notices = Notification.objects.filter(task__plan=ward.plan)
    assert notices.exists() and all(in_office_hours_2026(n.created_at) for n in notices)
    assert notices.filter(recipient__username="mh.laodong", kind=Notification.Kind.ASSIGNED).exists()


# --- Idempotence --------------------------------------------------------------------------------------------


def test_running_load_demo_twice_changes_nothing(ward):
    before = row_counts()
    versions = dict(Task.objects.filter(plan=ward.plan).values_list("code", "version"))
    again = load_demo().ward
    assert not again.plan_created and again.people_created == 0 and again.plan == ward.plan
    assert row_counts() == before
    assert dict(Task.objects.filter(plan=ward.plan).values_list("code", "version")) == versions


def test_reset_replays_the_same_story(ward):
    def snapshot(plan):
        return sorted(
            ProgressUpdate.objects.filter(task__plan=plan).values_list(
                "task__code", "author__username", "created_at", "kind", "status", "progress", "note"
            )
        )

    first, before = snapshot(ward.plan), row_counts()
    again = load_demo(reset=True).ward
    assert again.plan_created and again.plan != ward.plan
    assert snapshot(again.plan) == first
    changed = {label for label, count in row_counts().items() if count != before[label]}
    # Only the audit history grows: it keeps the deleted tasks' records.
    assert changed and all(label.split(".")[1].startswith("Historical") for label in changed)
