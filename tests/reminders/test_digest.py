"""What each person is reminded of on a day, worked out from the data (reminders.digest).

Days run in Asia/Ho_Chi_Minh; `time_machine` sets the clock where "now" matters (the scan and the
deliveries it leads to).
"""

import datetime

from django.utils import timezone

from plans.models import Plan
from reminders import delivery, scan
from reminders.digest import compute, review_period_end
from reminders.models import Reminder, ReminderSettings
from tasks.models import TaskStatus

from .conftest import MONDAY, codes, days, local, make_task, sent

Kind = Reminder.Kind


def digests(day, **narrow):
    return {(d.recipient["username"], d.kind): d for d in compute(day, **narrow)}


def official_digest(day, person):
    return digests(day).get((person.username, Kind.OFFICIAL))


def run_days(time_machine, first, last, hour=9):
    """Let the hourly scan and the deliveries run once on every day from `first` to `last`.

    Returns {day: {(username, kind): Reminder}} for the rows written that day.
    """
    written = {}
    day = first
    while day <= last:
        time_machine.move_to(local(day, hour), tick=False)
        assert timezone.localdate() == day
        for item in scan.due_now():
            delivery.deliver(item.recipient_id, item.kind, item.day)
        written[day] = {(r.recipient.username, r.kind): r for r in Reminder.objects.filter(day=day)}
        day += days(1)
    return written


# --- The official's digest -----------------------------------------------------------------------


def test_official_is_reminded_seven_days_and_one_day_before_a_deadline_only(plan, official):
    make_task(plan, "1.1.a", due=MONDAY + days(7), lead=official)
    make_task(plan, "1.1.b", due=MONDAY + days(1), lead=official)
    make_task(plan, "1.1.c", due=MONDAY + days(3), lead=official)  # not a reminder day
    make_task(plan, "1.1.d", due=MONDAY + days(8), lead=official)  # beyond the horizon

    digest = official_digest(MONDAY, official)

    assert {n: codes(tasks) for n, tasks in digest.due_soon.items()} == {7: ["1.1.a"], 1: ["1.1.b"]}
    assert digest.due_today == [] and digest.overdue == [] and digest.review == []
    assert digest.unit_id == plan.unit_id and digest.day == MONDAY


def test_a_task_due_today_is_in_the_due_today_section(plan, official):
    make_task(plan, "1.2.a", due=MONDAY, lead=official)

    digest = official_digest(MONDAY, official)

    assert codes(digest.due_today) == ["1.2.a"]
    assert digest.due_soon == {} and digest.overdue == []


def test_an_overdue_task_is_reminded_then_again_only_after_the_repeat_days_since_the_last_sent_overdue_digest(
    plan, official, time_machine
):
    make_task(plan, "1.3.a", due=MONDAY - days(2), lead=official)

    written = run_days(time_machine, MONDAY, MONDAY + days(15))

    reminded = [day for day, rows in written.items() if (official.username, Kind.OFFICIAL) in rows]
    # Default repeat: every 7 days, counted from the last digest that was sent with overdue tasks.
    assert reminded == [MONDAY, MONDAY + days(7), MONDAY + days(14)]
    assert all(written[day][(official.username, Kind.OFFICIAL)].has_overdue for day in reminded)


def test_an_overdue_repeat_counts_only_sent_digests_that_carried_overdue_tasks(plan, official):
    make_task(plan, "1.3.b", due=MONDAY - days(10), lead=official)
    # Two days ago the official got a digest without overdue tasks, and yesterday's overdue digest failed.
    sent(MONDAY - days(2), official, has_overdue=False)
    sent(MONDAY - days(1), official, status=Reminder.Status.FAILED, has_overdue=True)
    assert codes(official_digest(MONDAY, official).overdue) == ["1.3.b"]

    sent(MONDAY - days(6), official, has_overdue=True)  # six days ago: not yet a week
    assert official_digest(MONDAY, official) is None
    assert codes(official_digest(MONDAY + days(1), official).overdue) == ["1.3.b"]


def test_an_ongoing_task_reviewed_quarterly_is_reminded_once_in_the_days_before_the_quarter_ends(
    plan, official, time_machine
):
    task = make_task(plan, "1.4.a", lead=official, review="quarterly")
    quarter_end = datetime.date(2024, 6, 30)

    written = run_days(time_machine, datetime.date(2024, 6, 20), datetime.date(2024, 7, 5))

    reminded = [day for day, rows in written.items() if rows]
    # review_notice_days = 3: the window is 27/06–30/06, and one reminder per period.
    assert reminded == [datetime.date(2024, 6, 27)]
    row = written[datetime.date(2024, 6, 27)][(official.username, Kind.OFFICIAL)]
    assert row.has_review and not row.has_overdue and row.task_ids == [task.pk]
    assert official_digest(datetime.date(2024, 6, 29), official) is None
    # Next quarter: reminded again within its own window.
    assert [(t["code"], end) for t, end in official_digest(datetime.date(2024, 9, 28), official).review] == [
        ("1.4.a", datetime.date(2024, 9, 30))
    ]
    assert review_period_end(datetime.date(2024, 6, 27), "quarterly") == quarter_end


def test_the_lead_and_each_cooperating_official_get_the_reminder_and_observers_never(
    plan, official, second_official, observer, clerk, chairman
):
    make_task(plan, "1.5.a", due=MONDAY + days(1), lead=official, cooperating=[second_official, observer])
    # A lead who has since been made an observer (the clerk may change roles) is not reminded either.
    make_task(plan, "1.5.b", due=MONDAY + days(1), lead=observer)

    found = digests(MONDAY)

    assert codes(found[(official.username, Kind.OFFICIAL)].due_soon[1]) == ["1.5.a"]
    assert codes(found[(second_official.username, Kind.OFFICIAL)].due_soon[1]) == ["1.5.a"]
    assert not [key for key in found if key[0] == observer.username]


def test_done_awaiting_and_deleted_tasks_are_not_reminded(plan, official, clerk):
    make_task(plan, "1.6.a", due=MONDAY + days(1), lead=official, status=TaskStatus.DONE)
    make_task(plan, "1.6.b", due=MONDAY - days(3), lead=official, status=TaskStatus.DONE)
    make_task(plan, "1.6.c", due=MONDAY + days(1), lead=official, status=TaskStatus.AWAITING_CONFIRMATION)
    deleted = make_task(plan, "1.6.d", due=MONDAY + days(1), lead=official)
    deleted.deleted_at = timezone.now()
    deleted.save(update_fields=["deleted_at"])
    make_task(plan, "1.6.e", due=MONDAY + days(1), lead=official, status=TaskStatus.RETURNED)

    digest = official_digest(MONDAY, official)

    assert {n: codes(tasks) for n, tasks in digest.due_soon.items()} == {1: ["1.6.e"]}
    assert digest.overdue == []
    # The awaiting task goes to the clerk, for confirmation, not to the official.
    assert codes(digests(MONDAY)[(clerk.username, Kind.CLERK)].awaiting) == ["1.6.c"]


def test_tasks_of_a_plan_that_is_not_in_force_are_not_reminded(plan, official, clerk, chairman):
    make_task(plan, "1.7.a", due=MONDAY + days(1), lead=official)
    make_task(plan, "1.7.b", due=MONDAY - days(9), lead=official)
    for status in (Plan.Status.DRAFT, Plan.Status.CLOSED):
        Plan.objects.filter(pk=plan.pk).update(status=status)
        assert digests(MONDAY) == {}


def test_a_commune_with_reminders_turned_off_gets_none(plan, official, clerk, chairman, commune_settings):
    make_task(plan, "1.8.a", due=MONDAY + days(1), lead=official)
    make_task(plan, "1.8.b", due=MONDAY - days(4), lead=official, status=TaskStatus.IN_PROGRESS)
    assert set(digests(MONDAY)) == {
        (official.username, Kind.OFFICIAL),
        (clerk.username, Kind.CLERK),
        (chairman.username, Kind.CHAIRMAN),
    }

    commune_settings.enabled = False
    commune_settings.save()

    assert digests(MONDAY) == {}


def test_other_communes_are_not_mixed_in(plan, official, outsider, other_commune):
    other_plan = Plan.objects.create(unit=other_commune, year=2024, title="Kế hoạch xã Lạc Hồng")
    make_task(other_plan, "1.9.a", due=MONDAY - days(1), lead=outsider)
    make_task(plan, "1.9.b", due=MONDAY - days(1), lead=official)

    found = digests(MONDAY)

    assert [t["code"] for _p, tasks in found[(outsider.username, Kind.CLERK)].overdue_by_official for t in tasks] == [
        "1.9.a"
    ]
    assert codes(found[(official.username, Kind.OFFICIAL)].overdue) == ["1.9.b"]


# --- The clerk's digest and the chairman's summary ----------------------------------------------------


def test_the_clerk_gets_tasks_awaiting_confirmation_and_officials_with_overdue_tasks_on_working_days(
    plan, official, second_official, clerk
):
    make_task(plan, "2.1.a", due=MONDAY + days(20), lead=official, status=TaskStatus.AWAITING_CONFIRMATION)
    make_task(plan, "2.1.b", due=MONDAY - days(1), lead=official)
    make_task(plan, "2.1.c", due=MONDAY - days(5), lead=official)
    make_task(plan, "2.1.d", due=MONDAY - days(2), lead=second_official)
    make_task(plan, "2.1.e", due=MONDAY + days(1), lead=second_official)  # not overdue

    clerk_digest = digests(MONDAY)[(clerk.username, Kind.CLERK)]

    assert codes(clerk_digest.awaiting) == ["2.1.a"]
    # Officials with the most overdue tasks first, each one's tasks by due date.
    assert [(person["id"], [t["code"] for t in tasks]) for person, tasks in clerk_digest.overdue_by_official] == [
        (official.pk, ["2.1.c", "2.1.b"]),
        (second_official.pk, ["2.1.d"]),
    ]
    assert clerk_digest.overdue_by_official[0][0]["full_name"] == official.full_name
    # Every working day, not at the weekend.
    friday, saturday, sunday = MONDAY + days(4), MONDAY + days(5), MONDAY + days(6)
    assert (clerk.username, Kind.CLERK) in digests(friday)
    assert (clerk.username, Kind.CLERK) not in digests(saturday)
    assert (clerk.username, Kind.CLERK) not in digests(sunday)


def test_the_clerk_gets_nothing_when_nothing_awaits_and_nobody_is_late(plan, official, clerk):
    make_task(plan, "2.2.a", due=MONDAY + days(1), lead=official)

    assert (clerk.username, Kind.CLERK) not in digests(MONDAY)


def test_the_chairman_gets_the_weekly_summary_of_overdue_tasks_by_area_and_by_official(
    plan, official, second_official, chairman
):
    make_task(plan, "3.1.a", due=MONDAY - days(1), lead=official, area=3)
    make_task(plan, "3.1.b", due=MONDAY - days(8), lead=official, area=5)
    make_task(plan, "3.1.c", due=MONDAY - days(3), lead=second_official, area=3)
    make_task(plan, "3.1.d", due=MONDAY - days(3), lead=None, area=None)  # nobody assigned yet
    make_task(plan, "3.1.e", due=MONDAY + days(1), lead=official, area=3)  # not overdue

    summary = digests(MONDAY)[(chairman.username, Kind.CHAIRMAN)]

    assert summary.overdue_by_area == [(3, 2), (5, 1), (None, 1)]
    assert [(person["id"], len(tasks)) for person, tasks in summary.overdue_by_official] == [
        (official.pk, 2),
        (second_official.pk, 1),
    ]
    assert summary.overdue_count == 3


def test_the_chairman_summary_comes_on_its_weekday_or_if_missed_once_later_that_week(
    plan, official, chairman, commune_settings, time_machine
):
    make_task(plan, "3.2.a", due=MONDAY - days(10), lead=official)
    commune_settings.chairman_weekday = 2  # Wednesday
    commune_settings.save()

    def summary(day):
        return digests(day).get((chairman.username, Kind.CHAIRMAN))

    assert summary(MONDAY) is None and summary(MONDAY + days(1)) is None  # before Wednesday
    assert summary(MONDAY + days(2)) is not None
    # Wednesday was missed (nothing sent): Thursday sends it, and nothing more that week.
    written = run_days(time_machine, MONDAY + days(3), MONDAY + days(9))
    chairman_days = [day for day, rows in written.items() if (chairman.username, Kind.CHAIRMAN) in rows]
    assert chairman_days == [MONDAY + days(3), MONDAY + days(9)]  # Thursday, then next Wednesday


def test_a_summary_sent_later_in_the_week_does_not_cancel_an_earlier_day_asked_for_by_date(plan, official, chairman):
    make_task(plan, "3.3.a", due=MONDAY - days(10), lead=official)
    sent(MONDAY + days(7), chairman, kind=Kind.CHAIRMAN)  # next week's summary

    assert (chairman.username, Kind.CHAIRMAN) in digests(MONDAY)


# --- A commune's own settings -----------------------------------------------------------------------


def test_a_communes_own_days_and_repeat_are_respected(plan, official, commune_settings, time_machine):
    commune_settings.due_days = [3]
    commune_settings.overdue_repeat_days = 2
    commune_settings.save()
    make_task(plan, "4.1.a", due=MONDAY + days(3), lead=official)
    make_task(plan, "4.1.b", due=MONDAY + days(7), lead=official)
    make_task(plan, "4.1.c", due=MONDAY + days(1), lead=official)

    assert {n: codes(tasks) for n, tasks in official_digest(MONDAY, official).due_soon.items()} == {3: ["4.1.a"]}

    make_task(plan, "4.1.d", due=MONDAY - days(1), lead=official)
    written = run_days(time_machine, MONDAY + days(10), MONDAY + days(15))
    key = (official.username, Kind.OFFICIAL)
    overdue_days = [day for day, rows in written.items() if key in rows and rows[key].has_overdue]
    assert overdue_days == [MONDAY + days(10), MONDAY + days(12), MONDAY + days(14)]


def test_the_scan_waits_for_the_communes_send_hour(plan, official, commune_settings, time_machine):
    make_task(plan, "4.2.a", due=MONDAY + days(1), lead=official)

    def due_at(hour, minute=0):
        time_machine.move_to(local(MONDAY, hour, minute), tick=False)
        return [(item.recipient_id, item.kind, item.day) for item in scan.due_now()]

    # Default send hour 7, local time.
    assert due_at(6, 59) == []
    assert due_at(7, 0) == [(official.pk, Kind.OFFICIAL, MONDAY)]

    commune_settings.send_hour = 14
    commune_settings.save()
    assert due_at(13, 5) == []
    assert due_at(14, 5) == [(official.pk, Kind.OFFICIAL, MONDAY)]
    # A digest already claimed today is no longer due.
    delivery.deliver(official.pk, Kind.OFFICIAL, MONDAY)
    assert due_at(15, 5) == []


def test_settings_of_a_commune_without_a_row_are_the_documented_defaults(commune):
    defaults = ReminderSettings.for_unit_ids([commune.pk])[commune.pk]

    assert (defaults.enabled, defaults.due_days, defaults.overdue_repeat_days) == (True, [7, 1], 7)
    assert (defaults.review_notice_days, defaults.send_hour, defaults.chairman_weekday) == (3, 7, 0)
