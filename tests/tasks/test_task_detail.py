"""The task page (/tasks/<pk>/): everything about the task, one timeline, and only the allowed actions."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from plans.models import PlanSection, Role
from tasks.deadlines import Deadline
from tasks.evidence import add_evidence
from tasks.models import Comment, ProgressUpdate, TaskStatus
from tasks.services import assignment, editing, workflow
from tests.conftest import make_person

from .conftest import PDF_BYTES, signed_in, upload

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour, minute=0):
    return time_machine.travel(datetime.datetime(2024, 6, day, hour, minute, tzinfo=HANOI), tick=False)


def page(client, task):
    return client.get(reverse("tasks:task_detail", args=[task.pk]))


def forms_on(response):
    return {
        name for name in ("progress", "evidence", "comment", "confirm", "return") if response.context[f"{name}_form"]
    }


@pytest.fixture
def cooperating(commune, task):
    person = make_person("vanhoa", commune, Role.OFFICIAL, "Công chức Văn hóa - Xã hội", "Đỗ Thị Lan")
    task.cooperating.add(person)
    return person


@pytest.fixture
def observer(commune):
    return make_person("mattran", commune, Role.OBSERVER, None, "Vũ Văn Minh")


def test_the_page_shows_the_plan_item_people_deadline_and_state(task, plan, official, cooperating, as_official):
    section = PlanSection.objects.create(
        plan=plan, order=5, kind="subsection", number="1.3", heading="Trách nhiệm giải trình với người dân"
    )
    sub = task.content_area.sub_dimensions.first()
    task.sub_dimensions.add(sub)
    task.section = section
    task.text = "Thực hiện tốt việc tiếp công dân.\nCông khai lịch tiếp dân."
    task.expected_output = "Sổ tiếp công dân"
    task.review_frequency = "quarterly"
    task.status, task.progress = TaskStatus.IN_PROGRESS, 35
    task.save()

    with at(10, 9):
        response = page(as_official, task)

    html = response.content.decode()
    assert response.status_code == 200
    for expected in [
        "1.3.a",
        "Tiếp công dân",
        "Công khai lịch tiếp dân.",
        "1.3. Trách nhiệm giải trình với người dân",
        "3. Vertical Accountability Towards Citizens",
        sub.code,
        "Trần Văn Bình",
        "Công chức Tư pháp - Hộ tịch",
        "Đỗ Thị Lan",
        "Công chức Văn hóa - Xã hội",
        "Quý II/2024",
        "30/06/2024",
        "By a date",
        "quarterly",
        "Sổ tiếp công dân",
        "In progress within deadline",
        'aria-valuenow="35"',
        "05/KH-UBND",
    ]:
        assert expected in html, expected


def test_outsiders_get_404_and_anonymous_people_are_sent_to_sign_in(task, as_outsider, client):
    assert page(as_outsider, task).status_code == 404
    response = page(client, task)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_deleted_task_is_not_found(task, clerk, as_clerk):
    editing.soft_delete(task, by=clerk)
    assert page(as_clerk, task).status_code == 404


# --- Action panels by role --------------------------------------------------------------


def test_each_person_sees_only_the_actions_they_may_take(
    task, official, cooperating, clerk, chairman, observer, as_official, as_clerk, as_chairman
):
    assert forms_on(page(as_official, task)) == {"progress", "evidence", "comment"}
    assert forms_on(page(signed_in(cooperating), task)) == {"evidence", "comment"}
    assert forms_on(page(as_clerk, task)) == {"progress", "evidence", "comment"}
    assert forms_on(page(as_chairman, task)) == {"evidence", "comment"}
    observer_page = page(signed_in(observer), task)
    assert observer_page.status_code == 200 and forms_on(observer_page) == set()
    assert "csrfmiddlewaretoken" not in observer_page.content.decode().split('id="content"')[1]

    workflow.report_progress(task, by=official, status=TaskStatus.DONE, progress=100, note="Xong")

    assert forms_on(page(as_chairman, task)) == {"evidence", "comment", "confirm", "return"}
    assert forms_on(page(as_clerk, task)) == {"progress", "evidence", "comment", "confirm", "return"}
    assert "confirm" not in forms_on(page(as_official, task))


def test_a_confirmed_task_offers_no_progress_form(task, official, clerk, as_official):
    task, _ = workflow.report_progress(task, by=official, status=TaskStatus.DONE, progress=100, note="Xong")
    workflow.confirm(task, by=clerk)

    assert "progress" not in forms_on(page(as_official, task))


@pytest.mark.parametrize(
    ("url_name", "who", "expected"),
    [
        ("tasks:task_progress", "cooperating", 403),
        ("tasks:task_progress", "chairman", 403),
        ("tasks:task_progress", "observer", 403),
        ("tasks:task_comment", "observer", 403),
        ("tasks:task_evidence", "observer", 403),
        ("tasks:task_confirm", "official", 403),
        ("tasks:task_return", "official", 403),
        ("tasks:task_confirm", "observer", 403),
        ("tasks:task_progress", "outsider", 404),
        ("tasks:task_comment", "outsider", 404),
        ("tasks:task_evidence", "outsider", 404),
        ("tasks:task_confirm", "outsider", 404),
        ("tasks:task_return", "outsider", 404),
    ],
)
def test_actions_refuse_people_who_may_not_take_them(task, request, url_name, who, expected):
    person = request.getfixturevalue(who)
    data = {"version": task.version, "status": "in_progress", "progress": 10, "text": "x", "reason": "x"}

    response = signed_in(person).post(reverse(url_name, args=[task.pk]), data)

    assert response.status_code == expected
    task.refresh_from_db()
    assert task.version == 1
    assert not Comment.objects.exists()


@pytest.mark.parametrize("url_name", ["task_progress", "task_comment", "task_evidence", "task_confirm", "task_return"])
def test_state_changes_are_post_only_and_csrf_protected(task, official, url_name):
    url = reverse(f"tasks:{url_name}", args=[task.pk])
    client = Client(enforce_csrf_checks=True)
    client.force_login(official)

    assert client.get(url).status_code == 405
    assert client.post(url, {"version": 1, "text": "x"}).status_code == 403


# --- Comments ------------------------------------------------------------------------------


def test_a_comment_is_added_notified_and_shown(task, official, cooperating, clerk):
    client = signed_in(cooperating)

    response = client.post(reverse("tasks:task_comment", args=[task.pk]), {"version": 1, "text": "Cần thêm ảnh chụp"})

    assert response.status_code == 302 and response["Location"] == reverse("tasks:task_detail", args=[task.pk])
    followed = client.get(response["Location"])
    assert "Cần thêm ảnh chụp" in followed.content.decode()
    assert "Comment added." in followed.content.decode()
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"tuphap", "vanphong"}


def test_an_empty_comment_is_refused_with_the_form(task, as_official):
    response = as_official.post(reverse("tasks:task_comment", args=[task.pk]), {"version": 1, "text": "   "})

    assert response.status_code == 200
    assert response.context["comment_form"].errors
    assert not Comment.objects.exists()


# --- Timeline --------------------------------------------------------------------------------


def test_the_timeline_merges_everything_newest_first(task, official, clerk, chairman, settings):
    task.history.update(history_date=datetime.datetime(2024, 5, 20, tzinfo=HANOI))
    with at(1, 8):
        task, update = workflow.report_progress(task, by=official, status=TaskStatus.IN_PROGRESS, progress=30,
                                                note="Đã bố trí phòng")  # fmt: skip
        add_evidence(task, by=official, files=[upload("Ảnh phòng tiếp dân.pdf", PDF_BYTES)], update=update)
    with at(2, 8):
        workflow.add_comment(task, by=chairman, text="Khẩn trương hoàn thành")
    with at(3, 8):
        task = editing.change_deadline(
            task,
            by=clerk,
            deadline=Deadline.by_date(datetime.date(2024, 7, 31), "trước 31/7/2024"),
            reason="Chờ kinh phí",
            expected_version=task.version,
        )
    with at(4, 8):
        task = assignment.assign(task, by=clerk, lead=clerk, cooperating=[official], expected_version=task.version)
    with at(5, 8):
        add_evidence(task, by=official, files=[upload("Sổ.pdf", PDF_BYTES), upload("Sổ 2.pdf", PDF_BYTES)])
    with at(6, 8):
        task, _ = workflow.report_progress(task, by=clerk, status=TaskStatus.DONE, progress=100, note="Xong")
    with at(7, 8):
        workflow.return_task(task, by=chairman, reason="Thiếu biên bản")
    with at(8, 16, 45):
        response = page(signed_in(clerk), task)

    timeline = response.context["timeline"]
    assert [e.kind for e in timeline] == [
        "returned", "progress", "evidence", "change", "change", "comment", "progress", "created",
    ]  # fmt: skip
    returned, done, files, assigned, deadline, comment, first, _created = timeline
    assert returned.update.note == "Thiếu biên bản" and returned.who == chairman
    assert [f.original_name for f in files.files] == ["Sổ.pdf", "Sổ 2.pdf"]
    assert [f.original_name for f in first.files] == ["Ảnh phòng tiếp dân.pdf"]
    assert [(str(label), old, new) for label, old, new in assigned.changes] == [
        ("lead official", "Trần Văn Bình", "Nguyễn Thị Hoa"),
        ("cooperating officials", "—", "Trần Văn Bình"),
    ]
    assert assigned.who == clerk
    assert ("due date", "30/06/2024", "31/07/2024") in [(str(a), b, c) for a, b, c in deadline.changes]
    assert deadline.reason == "Chờ kinh phí"
    html = response.content.decode()
    assert "03/06/2024 08:00" in html  # dd/mm/yyyy HH:MM, Vietnam time
    assert "Chờ kinh phí" in html and "Khẩn trương hoàn thành" in html
    assert "Thiếu biên bản" in html
    assert html.index("Thiếu biên bản") < html.index("Khẩn trương hoàn thành")  # newest first


def test_the_task_page_takes_the_same_queries_with_50_updates_comments_and_files(
    task, official, clerk, chairman, django_assert_num_queries
):
    def add_history(start, stop):
        nonlocal task
        for i in range(start, stop):
            task, update = workflow.report_progress(task, by=official, status=TaskStatus.IN_PROGRESS,
                                                    progress=i % 100, note=f"Lần {i}")  # fmt: skip
            add_evidence(task, by=official, files=[upload(f"bb{i}.pdf", PDF_BYTES)], update=update)
            add_evidence(task, by=chairman, files=[upload(f"anh{i}.pdf", PDF_BYTES)])
            workflow.add_comment(task, by=chairman, text=f"Ý kiến {i}")
            task = assignment.assign(task, by=clerk, lead=official, cooperating=[chairman] if i % 2 else [],
                                   expected_version=task.version)  # fmt: skip

    client = signed_in(clerk)
    # 1 session, 2 user, 3 the task (plan, section, area, lead and position joined; bucket
    # computed), 4 sub-dimensions, 5 cooperating officials with positions, 6 cooperating
    # departments (prefetches), 7 cooperating ids (people and departments' heads) for the access
    # check, 8 evidence files with uploaders, 9 progress updates with authors, 10 comments with
    # authors, 11 history records with their users, 12–14 their cooperating, cooperating-department
    # and delegate rows, 15 the people those changes name, 16 the bell's unread count (base
    # layout), 17–19 savepoint, session update, release (SESSION_SAVE_EVERY_REQUEST).
    add_history(0, 3)
    with django_assert_num_queries(19):
        small = page(client, task)

    add_history(3, 50)
    with django_assert_num_queries(19):
        large = page(client, task)

    assert ProgressUpdate.objects.filter(task=task).count() == 50
    assert len(large.context["timeline"]) > len(small.context["timeline"]) >= 10
    assert re.search(r"Ý kiến 49", large.content.decode())
