"""A constructed commune for the report tests: every bucket, midnight edges, hostile text.

EXPECTED lists, by hand, where each task must stand at the cut-off of Q2/2024 (Decree 09: the end of
14/06/2024, local time), so the tests count from these facts, never with the report's own code.
"""

import datetime

from plans.models import ContentArea, Role
from tests.conftest import make_person

from .helpers import done, evidence, make_task, update, vn

CUT_OFF_DAY = datetime.date(2024, 6, 14)
HOSTILE_TEXT = "=cmd|' /C calc'!A0"
HOSTILE_NOTE = "+1"
HOSTILE_NAME = "@SUM(1)"

# code: (area code or None, lead username or None, bucket at the cut-off, status at the cut-off, progress)
EXPECTED = {
    "1.1.a": (1, "tuphap", "done_on_time", "done", 100),  # reported 23:59 on its due date
    "1.1.b": (1, "tuphap", "done_late", "done", 100),  # reported 00:01 the day after
    "1.2.a": (2, "diachinh", "in_progress", "in_progress", 40),  # due 30/06, beyond the due-soon window
    "1.2.b": (2, "diachinh", "due_soon", "in_progress", 60),  # due 20/06
    "1.3.a": (3, "vanphong", "overdue", "in_progress", 30),  # due 01/06
    "1.3.b": (3, None, "not_started", "not_started", 0),  # no deadline, nothing reported
    "1.4.b": (4, "tuphap", "done_on_time", "done", 100),  # deleted after the cut-off: still counted
    "1.5.a": (5, "tuphap", "in_progress", "in_progress", 20),  # hostile text, note and cooperating name
    "1.6.a": (6, "diachinh", "overdue", "returned", 100),  # returned, due 10/06
    "1.7.a": (7, "vanphong", "in_progress", "blocked", 10),  # blocked, due 30/07
    "1.8.a": (8, "diachinh", "overdue", "not_started", 0),  # done only after the cut-off, due 12/06
    "2.1": (None, "tuphap", "awaiting", "awaiting", 100),  # reported done 13/06, not confirmed yet
    "2.2": (None, None, "awaiting", "awaiting", 100),  # reported 23:59 on the cut-off day, confirmed after
    "2.3": (None, "vanphong", "done_on_time", "done", 100),  # done, no due date
}
EVIDENCE = {"1.1.a": 2, "1.5.a": 1}
NOTES = {"1.5.a": HOSTILE_NOTE, "1.6.a": "Thiếu biên bản", "1.3.a": "Đang tổng hợp"}


def build(plan, official, second_official, clerk):
    """The tasks of EXPECTED (and two that must not appear). Leads: tuphap = official (Trần Văn Bình),
    diachinh = second_official (Ngô Văn An), vanphong = clerk (Nguyễn Thị Hoa)."""
    area = {code: ContentArea.objects.get(code=code) for code in range(1, 9)}
    hostile = make_person("hostile", plan.unit, Role.OFFICIAL, None, HOSTILE_NAME)

    def task(code, area_code, lead, **fields):
        return make_task(plan, code, content_area=area.get(area_code), lead=lead, **fields)

    d = datetime.date
    t = task("1.1.a", 1, official, due_date=d(2024, 6, 10), deadline_text="Trước 10/6/2024")
    done(t, vn(2024, 6, 10, 23, 59))
    evidence(t, vn(2024, 6, 10, 23, 0))
    evidence(t, vn(2024, 6, 14, 23, 59))
    evidence(t, vn(2024, 6, 15, 0, 0))  # after the cut-off
    done(task("1.1.b", 1, official, due_date=d(2024, 6, 10)), vn(2024, 6, 11, 0, 1))
    update(task("1.2.a", 2, second_official, due_date=d(2024, 6, 30)), vn(2024, 5, 2), "in_progress", 40)
    update(task("1.2.b", 2, second_official, due_date=d(2024, 6, 20)), vn(2024, 5, 2), "in_progress", 60)
    t = task("1.3.a", 3, clerk, due_date=d(2024, 6, 1))
    update(t, vn(2024, 5, 20), "in_progress", 30, "Đang tổng hợp")
    update(t, vn(2024, 6, 15, 0, 0), "in_progress", 80, "after the cut-off")
    task("1.3.b", 3, None, deadline_kind="ongoing", deadline_text="Thường xuyên")
    task("1.3.c", 3, clerk, created_at=vn(2024, 6, 15, 0, 0))  # created after the cut-off
    task("1.4.a", 4, official, deleted_at=vn(2024, 6, 14, 23, 59))  # deleted before
    t = task("1.4.b", 4, official, due_date=d(2024, 6, 5), deleted_at=vn(2024, 6, 15, 0, 0))
    done(t, vn(2024, 6, 1, 9))
    t = task("1.5.a", 5, official, text=HOSTILE_TEXT, title=HOSTILE_TEXT[:300])
    t.cooperating.set([hostile, second_official])
    update(t, vn(2024, 6, 1), "in_progress", 20, HOSTILE_NOTE)
    evidence(t, vn(2024, 6, 2))
    t = task("1.6.a", 6, second_official, due_date=d(2024, 6, 10))
    update(t, vn(2024, 6, 5), "awaiting", 100, "Xong")
    update(t, vn(2024, 6, 6), "returned", 100, "Thiếu biên bản", kind="returned")
    update(task("1.7.a", 7, clerk, due_date=d(2024, 7, 30)), vn(2024, 6, 3), "blocked", 10, "Chờ kinh phí")
    done(task("1.8.a", 8, second_official, due_date=d(2024, 6, 12)), vn(2024, 6, 15, 0, 0))
    update(task("2.1", None, official, due_date=d(2024, 6, 10)), vn(2024, 6, 13, 9), "awaiting", 100, "Đã xong")
    done(task("2.2", None, None, due_date=CUT_OFF_DAY), vn(2024, 6, 14, 23, 59), vn(2024, 6, 15, 8, 0))
    done(task("2.3", None, clerk), vn(2024, 3, 20))
