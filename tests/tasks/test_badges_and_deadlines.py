"""What an official reads on a task card and the task page: one badge where the deadline bucket and
the status say the same thing, the deadline written once, and how many days an overdue task is late."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tasks.deadlines import DeadlineKind, deadline_label
from tasks.models import Task, TaskStatus

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MY_TASKS = reverse("tasks:my_tasks")
ALL_TASKS = reverse("tasks:task_list")
NOON = datetime.datetime(2024, 6, 10, 12, 0, tzinfo=HANOI)


def local(day, month, hour, minute):
    return time_machine.travel(datetime.datetime(2024, month, day, hour, minute, tzinfo=HANOI), tick=False)


def vietnamese(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


def make_task(plan, code, **fields):
    fields.setdefault("title", f"Nhiệm vụ {code}")
    fields.setdefault("text", f"Nội dung nhiệm vụ {code}.")
    return Task.objects.create(plan=plan, code=code, **fields)


def text_of(fragment):
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def badges(fragment):
    """The words of each badge in an HTML fragment, in order."""
    return [text_of(m) for m in re.findall(r'<span[^>]*class="badge[^"]*"[^>]*>(.*?)</span>', fragment, re.S)]


def cards(response):
    """{task code: the card's HTML} of a task list page."""
    found = {}
    for card in re.findall(r"<article\b.*?</article>", response.content.decode(), re.S):
        code = re.search(r'<span class="text-body-secondary">([^<]+)</span>', card)[1]
        found[code] = card
    return found


def header(response):
    """The task page's header: title, bucket and status, progress."""
    return re.search(r"<header\b.*?</header>", response.content.decode(), re.S)[0]


@pytest.fixture
def mixed(plan, official):
    """One task per pair of bucket and status, all led by the official, on 10/06/2024."""
    far, done_at = datetime.date(2024, 9, 30), datetime.datetime(2024, 6, 1, 9, tzinfo=HANOI)
    with time_machine.travel(NOON, tick=False):
        return {
            "awaiting": make_task(plan, "1.1.a", lead=official, due_date=far, deadline_kind="date",
                                  status=TaskStatus.AWAITING_CONFIRMATION, progress=100, completed_at=done_at),
            "not_started": make_task(plan, "1.1.b", lead=official, due_date=far, deadline_kind="date"),
            "in_progress": make_task(plan, "1.1.c", lead=official, due_date=far, deadline_kind="date",
                                     status=TaskStatus.IN_PROGRESS, progress=40),
            "done": make_task(plan, "1.1.d", lead=official, due_date=far, deadline_kind="date",
                              status=TaskStatus.DONE, progress=100, completed_at=done_at),
            "blocked": make_task(plan, "1.1.e", lead=official, due_date=far, deadline_kind="date",
                                 status=TaskStatus.BLOCKED, progress=30),
            "overdue": make_task(plan, "1.1.f", lead=official, due_date=datetime.date(2024, 6, 7),
                                 deadline_kind="date", status=TaskStatus.IN_PROGRESS, progress=50),
        }  # fmt: skip


# --- One badge where bucket and status say the same ------------------------------------------------


def test_my_task_cards_show_one_badge_where_bucket_and_status_say_the_same(mixed, official):
    with time_machine.travel(NOON, tick=False):
        shown = {code: badges(card) for code, card in cards(vietnamese(official).get(MY_TASKS)).items()}

    assert shown["1.1.a"] == ["Chờ xác nhận", "Chủ trì"]  # not "Chờ xác nhận" twice
    assert shown["1.1.b"] == ["Chưa bắt đầu", "Chủ trì"]
    assert shown["1.1.c"] == ["Đang thực hiện trong hạn", "Chủ trì"]
    assert shown["1.1.d"] == ["Hoàn thành đúng hạn", "Chủ trì"]
    # Where the status says more than the bucket, both are shown.
    assert shown["1.1.e"] == ["Đang thực hiện trong hạn", "Gặp vướng mắc", "Chủ trì"]
    assert shown["1.1.f"] == ["Quá hạn 3 ngày", "Đang thực hiện", "Chủ trì"]


def test_the_task_list_shows_one_badge_too(mixed, clerk):
    with time_machine.travel(NOON, tick=False):
        shown = {code: badges(card) for code, card in cards(vietnamese(clerk).get(ALL_TASKS)).items()}

    assert shown["1.1.a"][0] == "Chờ xác nhận" and shown["1.1.a"].count("Chờ xác nhận") == 1
    assert len(shown["1.1.a"]) == 1  # the lead's name is not a badge on the list


def test_the_task_page_header_shows_one_badge_where_they_say_the_same(mixed, official):
    client = vietnamese(official)
    with time_machine.travel(NOON, tick=False):
        awaiting = header(client.get(reverse("tasks:task_detail", args=[mixed["awaiting"].pk])))
        blocked = header(client.get(reverse("tasks:task_detail", args=[mixed["blocked"].pk])))

    assert badges(awaiting) == ["Chờ xác nhận"]
    assert text_of(awaiting).count("Chờ xác nhận") == 1
    assert badges(blocked) == ["Đang thực hiện trong hạn", "Gặp vướng mắc"]


# --- The deadline written once -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due", "kind", "shown"),
    [
        ("Trước 15/12/2024", datetime.date(2024, 12, 15), DeadlineKind.DATE, "Trước 15/12/2024"),
        ("trước 15/12", datetime.date(2024, 12, 15), DeadlineKind.DATE, "trước 15/12"),
        ("Trước 05/01/24", datetime.date(2024, 1, 5), DeadlineKind.DATE, "Trước 05/01/24"),
        ("ngày 15 tháng 12 năm 2024", datetime.date(2024, 12, 15), DeadlineKind.DATE, "ngày 15 tháng 12 năm 2024"),
        ("từ 01/3 đến 30/6/2024", datetime.date(2024, 6, 30), DeadlineKind.DATE, "từ 01/3 đến 30/6/2024"),
        # The period's name says more than the date: both, the date once.
        ("Quý II/2024", datetime.date(2024, 6, 30), DeadlineKind.PERIOD, "Quý II/2024 (30/06/2024)"),
        ("Tháng 6/2024", datetime.date(2024, 6, 30), DeadlineKind.PERIOD, "Tháng 6/2024 (30/06/2024)"),
        ("6 tháng đầu năm 2024", datetime.date(2024, 6, 30), DeadlineKind.PERIOD, "6 tháng đầu năm 2024 (30/06/2024)"),
        # Words naming another day than the due date (moved by the clerk) are not taken for it.
        ("Trước 15/12/2024", datetime.date(2024, 12, 31), DeadlineKind.DATE, "Trước 15/12/2024 (31/12/2024)"),
        ("", datetime.date(2024, 12, 15), DeadlineKind.DATE, "15/12/2024"),
        ("Thường xuyên", None, DeadlineKind.ONGOING, "Thường xuyên"),
        ("", None, DeadlineKind.ONGOING, "Thường xuyên"),
    ],
)
def test_a_deadline_is_written_once(text, due, kind, shown):
    assert deadline_label(text, due, kind) == shown


def test_cards_task_page_and_plan_overview_write_the_deadline_once(plan, official, clerk):
    with time_machine.travel(NOON, tick=False):
        dated = make_task(plan, "1.4.a", lead=official, deadline_kind="date", due_date=datetime.date(2024, 12, 15),
                          deadline_text="Trước 15/12/2024")  # fmt: skip
        make_task(plan, "1.5.a", lead=official, deadline_kind="period", due_date=datetime.date(2024, 6, 30),
                  period_kind="quarter", period_index=2, deadline_text="Quý II/2024")  # fmt: skip
        client = vietnamese(clerk)
        card = cards(vietnamese(official).get(MY_TASKS))
        page = client.get(reverse("tasks:task_detail", args=[dated.pk])).content.decode()
        overview = client.get(reverse("tasks:plan_overview"), {"plan": plan.pk}).content.decode()

    assert "Trước 15/12/2024" in text_of(card["1.4.a"]) and text_of(card["1.4.a"]).count("15/12/2024") == 1
    assert "Quý II/2024 (30/06/2024)" in text_of(card["1.5.a"])
    assert "Trước 15/12/2024" in text_of(page) and text_of(page).count("15/12/2024") == 1
    assert "Trước 15/12/2024" in text_of(overview) and text_of(overview).count("15/12/2024") == 1
    assert "Quý II/2024 (30/06/2024)" in text_of(overview)


# --- How many days late ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "shown"),
    [
        ((10, 6, 23, 59), "Sắp đến hạn"),  # the due day itself, to its last minute: not late
        ((11, 6, 0, 1), "Quá hạn 1 ngày"),  # 10/06 17:01 UTC: a UTC date would still say the due day
        ((12, 6, 23, 59), "Quá hạn 2 ngày"),
        ((13, 6, 0, 5), "Quá hạn 3 ngày"),  # 12/06 in UTC, 13/06 in Vietnam
    ],
)
def test_an_overdue_card_says_how_many_local_days_late(plan, official, when, shown):
    with time_machine.travel(NOON, tick=False):
        make_task(plan, "1.3.a", lead=official, deadline_kind="date", due_date=datetime.date(2024, 6, 10),
                  status=TaskStatus.IN_PROGRESS, progress=20)  # fmt: skip
    with local(*when):
        card = cards(vietnamese(official).get(MY_TASKS))["1.3.a"]

    assert badges(card)[0] == shown


def test_the_task_page_says_how_many_days_late_in_both_languages(plan, official):
    with time_machine.travel(NOON, tick=False):
        task = make_task(plan, "1.3.a", lead=official, deadline_kind="date", due_date=datetime.date(2024, 6, 10))
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(official)
    url = reverse("tasks:task_detail", args=[task.pk])

    with local(13, 6, 0, 5):
        assert timezone.now().date() == datetime.date(2024, 6, 12)  # still the 12th in UTC
        assert badges(header(vietnamese(official).get(url)))[0] == "Quá hạn 3 ngày"
        assert badges(header(english.get(url)))[0] == "Overdue by 3 days"
    with local(11, 6, 8, 0):
        assert badges(header(english.get(url)))[0] == "Overdue by 1 day"


def test_a_task_awaiting_confirmation_after_its_due_date_is_not_called_late(plan, official):
    with time_machine.travel(NOON, tick=False):
        make_task(plan, "1.3.a", lead=official, deadline_kind="date", due_date=datetime.date(2024, 6, 1),
                  status=TaskStatus.AWAITING_CONFIRMATION, progress=100,
                  completed_at=datetime.datetime(2024, 6, 5, 9, tzinfo=HANOI))  # fmt: skip
        card = cards(vietnamese(official).get(MY_TASKS))["1.3.a"]

    assert badges(card) == ["Chờ xác nhận", "Chủ trì"]
    assert "Quá hạn" not in text_of(card)
