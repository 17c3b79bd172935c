"""Tasks as they stood at a period's cut-off (reports/status.py)."""

import datetime
import itertools

import pytest

from plans.models import ContentArea
from reports.models import ReportingRound, TaskSnapshot
from reports.periods import Period
from reports.status import TaskRow, bucket_at, rows_at_cutoff
from tasks.models import Bucket, ProgressUpdate, Task, TaskStatus

from .helpers import done, evidence, make_task, update, vn

# Calendar Q2/2024: the cut-off is the end of 30/06/2024, i.e. 01/07/2024 00:00 local time.
Q2 = Period.parse("2024-Q2", style="calendar")
DUE = datetime.date(2024, 6, 10)


def row_of(plan, task, period=Q2):
    return next(row for row in rows_at_cutoff(plan, period) if row.task_id == task.pk)


@pytest.mark.django_db
class TestCompletionAroundMidnight:
    def test_done_at_2359_local_on_the_due_date_is_on_time(self, plan):
        task = make_task(plan, "1.1.a", due_date=DUE)
        done(task, vn(2024, 6, 10, 23, 59))
        row = row_of(plan, task)
        assert (row.status, row.completed_on, row.bucket) == (TaskStatus.DONE, DUE, Bucket.DONE_ON_TIME)

    def test_done_at_0001_the_next_day_is_late(self, plan):
        task = make_task(plan, "1.1.a", due_date=DUE)
        done(task, vn(2024, 6, 11, 0, 1))
        row = row_of(plan, task)
        assert (row.completed_on, row.bucket) == (datetime.date(2024, 6, 11), Bucket.DONE_LATE)

    def test_confirmation_date_counts_when_nobody_reported_it_done(self, plan):
        task = make_task(plan, "1.1.a", due_date=DUE)
        update(task, vn(2024, 6, 12, 9), TaskStatus.DONE, 100, kind=ProgressUpdate.Kind.CONFIRMED)
        assert row_of(plan, task).completed_on == datetime.date(2024, 6, 12)
        assert row_of(plan, task).bucket == Bucket.DONE_LATE


@pytest.mark.django_db
class TestCutOff:
    def test_an_update_at_2359_on_the_cut_off_day_counts_and_one_at_midnight_does_not(self, plan):
        task = make_task(plan, "1.1.a", due_date=datetime.date(2024, 12, 31))
        update(task, vn(2024, 6, 30, 23, 59), TaskStatus.IN_PROGRESS, 30, "gần xong quý")
        update(task, vn(2024, 7, 1, 0, 0), TaskStatus.IN_PROGRESS, 60, "sau cut-off")
        row = row_of(plan, task)
        assert (row.status, row.progress, row.latest_note) == (TaskStatus.IN_PROGRESS, 30, "gần xong quý")

    def test_no_update_before_the_cut_off_means_not_started(self, plan):
        task = make_task(plan, "1.1.a", due_date=datetime.date(2024, 12, 31))
        done(task, vn(2024, 7, 2, 9))
        row = row_of(plan, task)
        assert (row.status, row.progress, row.completed_on, row.latest_note) == (TaskStatus.NOT_STARTED, 0, None, "")
        assert row.bucket == Bucket.NOT_STARTED

    def test_done_after_the_cut_off_is_overdue_at_the_cut_off(self, plan):
        task = make_task(plan, "1.1.a", due_date=DUE)
        update(task, vn(2024, 6, 1, 9), TaskStatus.IN_PROGRESS, 40)
        done(task, vn(2024, 7, 3, 9))
        assert row_of(plan, task).bucket == Bucket.OVERDUE

    def test_latest_note_skips_empty_notes(self, plan):
        task = make_task(plan, "1.1.a")
        update(task, vn(2024, 5, 1), TaskStatus.IN_PROGRESS, 20, "đã họp")
        update(task, vn(2024, 5, 2), TaskStatus.IN_PROGRESS, 40, "  ")
        assert row_of(plan, task).latest_note == "đã họp"
        assert row_of(plan, task).progress == 40

    def test_evidence_counts_only_files_uploaded_before_the_cut_off(self, plan):
        task = make_task(plan, "1.1.a")
        evidence(task, vn(2024, 6, 30, 23, 59))
        evidence(task, vn(2024, 5, 1))
        evidence(task, vn(2024, 7, 1, 0, 0))
        assert row_of(plan, task).evidence_count == 2

    def test_tasks_created_after_the_cut_off_are_left_out(self, plan):
        make_task(plan, "1.1.a", created_at=vn(2024, 6, 30, 23, 59))
        make_task(plan, "1.1.b", created_at=vn(2024, 7, 1, 0, 0))
        assert [row.code for row in rows_at_cutoff(plan, Q2)] == ["1.1.a"]

    def test_deleted_after_the_cut_off_still_counts_and_deleted_before_does_not(self, plan):
        make_task(plan, "1.1.a", deleted_at=vn(2024, 7, 1, 0, 0))
        make_task(plan, "1.1.b", deleted_at=vn(2024, 6, 30, 23, 59))
        make_task(plan, "1.1.c")
        assert [row.code for row in rows_at_cutoff(plan, Q2)] == ["1.1.a", "1.1.c"]

    def test_decree09_period_cuts_off_on_the_14th(self, plan):
        task = make_task(plan, "1.1.a", due_date=datetime.date(2024, 6, 14))
        update(task, vn(2024, 6, 14, 23, 59), TaskStatus.IN_PROGRESS, 10)
        update(task, vn(2024, 6, 15, 0, 0), TaskStatus.IN_PROGRESS, 90)
        row = row_of(plan, task, Period.parse("2024-Q2"))
        assert (row.progress, row.bucket) == (10, Bucket.DUE_SOON)  # due on the cut-off day: not yet overdue


@pytest.mark.django_db
class TestReturnedThenRedone:
    def test_completion_date_is_the_report_of_the_last_run(self, plan):
        task = make_task(plan, "1.1.a", due_date=DUE)
        update(task, vn(2024, 6, 1, 9), TaskStatus.AWAITING_CONFIRMATION, 100, "xong")
        update(task, vn(2024, 6, 2, 9), TaskStatus.RETURNED, 100, "thiếu biên bản", kind=ProgressUpdate.Kind.RETURNED)
        done(task, vn(2024, 6, 12, 9))
        row = row_of(plan, task)
        assert (row.status, row.completed_on, row.bucket) == (
            TaskStatus.DONE,
            datetime.date(2024, 6, 12),
            Bucket.DONE_LATE,
        )

    def test_returned_at_the_cut_off_is_open_again(self, plan):
        task = make_task(plan, "1.1.a", due_date=DUE)
        update(task, vn(2024, 6, 1, 9), TaskStatus.AWAITING_CONFIRMATION, 100, "xong")
        update(task, vn(2024, 6, 2, 9), TaskStatus.RETURNED, 100, "thiếu", kind=ProgressUpdate.Kind.RETURNED)
        row = row_of(plan, task)
        assert (row.status, row.completed_on, row.bucket, row.latest_note) == (
            TaskStatus.RETURNED,
            None,
            Bucket.OVERDUE,
            "thiếu",
        )

    def test_reported_again_while_awaiting_takes_the_latest_report(self, plan):
        task = make_task(plan, "1.1.a", due_date=DUE)
        update(task, vn(2024, 6, 9, 9), TaskStatus.AWAITING_CONFIRMATION, 100)
        update(task, vn(2024, 6, 11, 9), TaskStatus.AWAITING_CONFIRMATION, 100)
        update(task, vn(2024, 6, 12, 9), TaskStatus.DONE, 100, kind=ProgressUpdate.Kind.CONFIRMED)
        assert row_of(plan, task).completed_on == datetime.date(2024, 6, 11)


@pytest.mark.django_db
def test_names_area_and_deadline_come_from_the_task(plan, official, second_official, clerk):
    area = ContentArea.objects.get(code=3)
    task = make_task(
        plan, "1.3.a", content_area=area, lead=official, deadline_text="Quý II/2024", due_date=DUE, order=7
    )
    task.cooperating.set([official, second_official, clerk])
    row = row_of(plan, task)
    # Cooperating officials sorted by given name: An, Bình, Hoa.
    assert row.cooperating_names == "Ngô Văn An, Trần Văn Bình, Nguyễn Thị Hoa"
    assert (row.lead_id, row.lead_name, row.area_code, row.deadline_text, row.order) == (
        official.pk,
        "Trần Văn Bình",
        3,
        "Quý II/2024",
        1,  # the position in the report
    )


@pytest.mark.django_db
def test_rows_follow_plan_order_and_number_themselves(plan):
    for code, order in (("b", 5), ("a", 5), ("c", 1)):
        make_task(plan, code, order=order)
    assert [(row.order, row.code) for row in rows_at_cutoff(plan, Q2)] == [(1, "c"), (2, "a"), (3, "b")]


@pytest.mark.django_db
def test_row_and_snapshot_convert_both_ways(plan, official):
    task = make_task(plan, "1.1.a", lead=official, due_date=DUE)
    done(task, vn(2024, 6, 1))
    row = row_of(plan, task)
    row.result = "Đã tổ chức 2 hội nghị"
    round_ = ReportingRound.objects.create(
        plan=plan,
        period_kind="quarter",
        period_year=2024,
        period_index=2,
        period_style="calendar",
        start=Q2.start,
        end=Q2.end,
        due_date=datetime.date(2024, 7, 2),
    )
    snapshot = TaskSnapshot.objects.create(round=round_, **row.snapshot_fields())
    assert TaskRow.from_snapshot(TaskSnapshot.objects.get(pk=snapshot.pk)) == row


# --- bucket_at agrees with TaskQuerySet.with_bucket ------------------------------------------------

TODAY = datetime.date(2024, 6, 14)
DUES = [
    None,
    TODAY - datetime.timedelta(days=10),
    TODAY - datetime.timedelta(days=1),
    TODAY,
    TODAY + datetime.timedelta(days=1),
    TODAY + datetime.timedelta(days=7),
    TODAY + datetime.timedelta(days=8),
]
COMPLETED = [None, vn(2024, 6, 13, 23, 59), vn(2024, 6, 14, 0, 1), vn(2024, 6, 14, 23, 59), vn(2024, 6, 15, 0, 0)]


@pytest.mark.django_db
@pytest.mark.parametrize("soon_days", [None, 0, 3])
def test_bucket_at_agrees_with_with_bucket(plan, soon_days):
    cases = list(itertools.product(TaskStatus.values, DUES, COMPLETED))
    Task.objects.bulk_create(
        Task(plan=plan, code=f"c{i}", order=i, title="t", text="t", status=status, due_date=due, completed_at=completed)
        for i, (status, due, completed) in enumerate(cases)
    )
    annotated = Task.objects.filter(plan=plan).with_bucket(today=TODAY, soon_days=soon_days)
    mismatches = [
        (task.status, task.due_date, task.completed_on, task.bucket)
        for task in annotated
        if bucket_at(task.status, task.due_date, task.completed_on, TODAY, soon_days) != task.bucket
    ]
    assert annotated.count() == len(cases)
    assert mismatches == []
    # and the SQL's local completion date is the one rows_at_cutoff computes in Python
    assert {t.completed_on for t in annotated if t.completed_at} == {
        datetime.date(2024, 6, 13),
        datetime.date(2024, 6, 14),
        datetime.date(2024, 6, 15),
    }


# --- Queries ----------------------------------------------------------------------------------------


def _many_tasks(plan, people, n):
    for i in range(n):
        task = make_task(plan, f"t{i}", lead=people[i % len(people)], due_date=DUE, content_area_id=None, order=i)
        task.cooperating.set(people[:2])
        done(task, vn(2024, 6, 1 + i % 20))
        evidence(task, vn(2024, 6, 2))


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 100])
def test_query_count_does_not_grow_with_the_tasks(plan, official, second_official, clerk, n, django_assert_num_queries):
    _many_tasks(plan, [official, second_official, clerk], n)
    # 1 tasks + lead + area, 2 cooperating names, 3 updates before the cut-off, 4 evidence counts
    with django_assert_num_queries(4):
        rows = rows_at_cutoff(plan, Q2)
    assert len(rows) == n
    assert all(row.cooperating_names and row.evidence_count == 1 for row in rows)
