"""Opening, filling in, reviewing, reminding and closing a reporting round (the services)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from notifications.models import Notification
from reports import services
from reports.models import ReportingRound, ReportingSettings, Submission, SubmissionItem, TaskSnapshot
from reports.periods import Period, PeriodStyle
from tasks.models import Bucket, ProgressUpdate, TaskStatus

from .conftest import Q1

pytestmark = pytest.mark.django_db


def _fill(submission, by, submit=False, **extra):
    items = {item.task_id: f"Kết quả {item.task.code}" for item in submission.items.select_related("task")}
    data = {"results": "Đã tổ chức tiếp công dân định kỳ.", "limitations": "", "causes": "", "proposals": ""}
    return services.save_submission(
        submission, by=by, data={**data, **extra}, items=items, submit=submit, expected_version=submission.version
    )


# --- Opening -----------------------------------------------------------------------------


def test_opening_asks_every_lead_and_cooperating_official_but_not_observers(
    round_, official, second_official, chairman
):
    asked = set(round_.submissions.values_list("official__username", flat=True))

    assert asked == {official.username, second_official.username, chairman.username}
    assert set(round_.submissions.values_list("status", flat=True)) == {Submission.Status.PENDING}


def test_items_are_made_only_for_the_tasks_an_official_leads(round_, official, second_official, chairman):
    def codes(person):
        return sorted(SubmissionItem.objects.filter(submission__official=person).values_list("task__code", flat=True))

    assert codes(official) == ["1.1.a", "1.3.a"]
    assert codes(chairman) == ["2.a"]
    assert codes(second_official) == []  # cooperating officials report only their narrative


def test_opening_uses_decree09_window_and_the_communes_working_days(round_):
    assert (round_.start, round_.end) == (datetime.date(2023, 12, 15), datetime.date(2024, 3, 14))
    assert round_.due_date == datetime.date(2024, 3, 15)  # the next working day (a Friday)
    assert round_.period_style == PeriodStyle.DECREE09


def test_the_period_style_and_deadline_come_from_the_commune_settings(plan, tasks, clerk, commune):
    ReportingSettings.objects.create(unit=commune, period_style=PeriodStyle.CALENDAR, submission_working_days=3)

    round_ = services.open_round(plan, Period.parse("2024-Q1"), by=clerk)

    assert (round_.start, round_.end) == (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    assert round_.due_date == datetime.date(2024, 4, 3)  # 31/3 is a Sunday: Mon 1, Tue 2, Wed 3


def test_every_official_asked_is_notified_in_app_with_a_link_to_their_report(round_, official, clerk, observer):
    notices = Notification.objects.filter(kind=Notification.Kind.REMINDER)
    mine = notices.get(recipient=official)

    assert notices.count() == 3
    assert not notices.filter(recipient__in=[clerk, observer]).exists()
    assert mine.task is None and mine.actor == clerk
    assert mine.url == f"/reports/submissions/{round_.submissions.get(official=official).pk}/"
    assert "Quý I/2024" in mine.detail and "15/03/2024" in mine.detail


def test_a_second_round_for_the_same_plan_and_period_is_refused(round_, plan, clerk):
    with pytest.raises(services.RoundError, match="Quý I/2024"):
        services.open_round(plan, Q1, by=clerk)

    assert ReportingRound.objects.count() == 1


def test_only_the_clerk_opens_a_round(plan, tasks, chairman, outsider):
    for person in (chairman, outsider):
        with pytest.raises(PermissionDenied):
            services.open_round(plan, Q1, by=person)


def test_inactive_officials_are_not_asked(plan, tasks, clerk, second_official):
    second_official.is_active = False
    second_official.save()

    round_ = services.open_round(plan, Q1, by=clerk)

    assert not round_.submissions.filter(official=second_official).exists()


# --- The official's report ---------------------------------------------------------------


def test_the_official_saves_a_draft_then_submits(submission, official):
    draft = _fill(submission, official)
    assert draft.status == Submission.Status.PENDING
    assert draft.version == 2
    assert sorted(draft.items.values_list("result", flat=True)) == ["Kết quả 1.1.a", "Kết quả 1.3.a"]

    done = _fill(draft, official, submit=True)

    assert done.status == Submission.Status.SUBMITTED
    assert done.submitted_at is not None


def test_submitting_needs_every_task_result_and_the_results(submission, official):
    with pytest.raises(services.RoundError, match="1.1.a, 1.3.a"):
        services.save_submission(
            submission, by=official, data={"results": "x"}, items={}, submit=True, expected_version=1
        )
    with pytest.raises(services.RoundError):
        _fill(submission, official, submit=True, results="")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


def test_a_stale_save_is_refused(submission, official):
    _fill(submission, official)  # another window saved: version 2

    with pytest.raises(services.StaleSubmissionError) as caught:
        services.save_submission(submission, by=official, data={"results": "old"}, items={}, expected_version=1)

    assert caught.value.current.version == 2
    submission.refresh_from_db()
    assert submission.results == "Đã tổ chức tiếp công dân định kỳ."


def test_only_the_submissions_official_may_save_it(submission, second_official, clerk):
    for person in (second_official, clerk):
        with pytest.raises(PermissionDenied):
            services.save_submission(submission, by=person, data={"results": "x"}, items={})


def test_a_submitted_report_cannot_be_edited(submission, official):
    done = _fill(submission, official, submit=True)

    with pytest.raises(services.RoundError):
        _fill(done, official)


def test_the_clerk_returns_a_report_and_the_official_resubmits(submission, official, clerk):
    done = _fill(submission, official, submit=True)

    returned = services.return_submission(done, by=clerk, reason="Bổ sung số liệu.")

    assert returned.status == Submission.Status.RETURNED
    notice = Notification.objects.filter(recipient=official).latest("created_at")
    assert "Bổ sung số liệu." in notice.detail
    again = _fill(returned, official, submit=True, results="Đã bổ sung số liệu.")
    assert again.status == Submission.Status.SUBMITTED
    accepted = services.accept_submission(again, by=clerk)
    assert accepted.status == Submission.Status.ACCEPTED


def test_returning_needs_a_reason_and_a_submitted_report(submission, official, clerk, chairman):
    with pytest.raises(services.RoundError):
        services.return_submission(submission, by=clerk, reason="x")  # not submitted yet
    done = _fill(submission, official, submit=True)
    with pytest.raises(services.RoundError):
        services.return_submission(done, by=clerk, reason="  ")
    with pytest.raises(PermissionDenied):
        services.return_submission(done, by=chairman, reason="x")
    with pytest.raises(PermissionDenied):
        services.accept_submission(done, by=official)


def test_remind_pending_reminds_those_who_have_not_submitted(round_, submission, official, clerk):
    _fill(submission, official, submit=True)
    before = Notification.objects.count()
    official_before = Notification.objects.filter(recipient=official).count()

    count = services.remind_pending(round_, by=clerk)

    assert count == 2  # the chairman and the cooperating official
    assert Notification.objects.count() == before + 2
    assert Notification.objects.filter(recipient=official).count() == official_before


# --- Closing -----------------------------------------------------------------------------


def _progress(task, when, status, progress, note=""):
    ProgressUpdate.objects.create(
        task=task, created_at=timezone.make_aware(when), status=status, progress=progress, note=note
    )
    task.status, task.progress = status, progress
    task.save()


def test_closing_freezes_every_task_as_of_the_cutoff_with_the_results(round_, submission, tasks, official, clerk):
    first, second, third, fourth = tasks
    _progress(first, datetime.datetime(2024, 1, 10, 9), TaskStatus.IN_PROGRESS, 40, "Đang làm")
    _progress(third, datetime.datetime(2024, 2, 1, 9), TaskStatus.AWAITING_CONFIRMATION, 100, "Xong")
    _progress(third, datetime.datetime(2024, 2, 2, 9), TaskStatus.DONE, 100)
    # After the cut-off: not in the snapshot.
    _progress(second, datetime.datetime(2024, 3, 20, 9), TaskStatus.IN_PROGRESS, 10)
    _fill(submission, official, submit=True)

    closed = services.close_round(round_, by=clerk)

    assert closed.status == ReportingRound.Status.CLOSED
    assert closed.closed_by == clerk and closed.closed_at is not None
    snapshots = list(TaskSnapshot.objects.filter(round=round_).order_by("order"))
    assert [(s.code, s.status, s.bucket, s.progress) for s in snapshots] == [
        ("1.1.a", TaskStatus.IN_PROGRESS, Bucket.OVERDUE, 40),  # due 28/02, open at 14/03
        ("1.3.a", TaskStatus.NOT_STARTED, Bucket.NOT_STARTED, 0),
        ("2.a", TaskStatus.DONE, Bucket.DONE_ON_TIME, 100),
        ("3.a", TaskStatus.NOT_STARTED, Bucket.NOT_STARTED, 0),
    ]
    assert [s.result for s in snapshots] == ["Kết quả 1.1.a", "Kết quả 1.3.a", "", ""]
    assert snapshots[0].lead_name == str(official)


def test_a_closed_rounds_snapshot_and_summary_do_not_change_with_the_tasks(round_, tasks, clerk, second_official):
    services.close_round(round_, by=clerk)
    frozen = list(TaskSnapshot.objects.filter(round=round_).order_by("order").values())
    summary = services.bucket_counts(round_)

    first = tasks[0]
    _progress(first, datetime.datetime(2024, 3, 1, 9), TaskStatus.DONE, 100)  # even a back-dated change
    first.title, first.lead = "Đổi tên", second_official
    first.save()
    tasks[3].delete()

    assert list(TaskSnapshot.objects.filter(round=round_).order_by("order").values("code", "title", "status")) == [
        {"code": row["code"], "title": row["title"], "status": row["status"]} for row in frozen
    ]
    assert services.bucket_counts(round_) == summary
    assert dict(summary)[Bucket.NOT_STARTED] == 3


def test_a_closed_round_is_read_only(round_, submission, official, clerk):
    done = _fill(submission, official, submit=True)
    services.close_round(round_, by=clerk)

    with pytest.raises(services.RoundError):
        services.close_round(round_, by=clerk)
    with pytest.raises(services.RoundError):
        services.remind_pending(round_, by=clerk)
    with pytest.raises(services.RoundError):
        services.accept_submission(done, by=clerk)
    other = round_.submissions.exclude(pk=submission.pk).first()
    with pytest.raises(services.RoundError):
        services.save_submission(other, by=other.official, data={"results": "x"}, items={})
    assert TaskSnapshot.objects.filter(round=round_).count() == 4


def test_only_the_clerk_closes_a_round(round_, chairman, outsider):
    for person in (chairman, outsider):
        with pytest.raises(PermissionDenied):
            services.close_round(round_, by=person)
    round_.refresh_from_db()
    assert round_.is_open
