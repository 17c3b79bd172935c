"""The scan's query count does not grow with the number of communes or tasks."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo import synthetic
from plans.models import AdministrativeUnit
from reminders import scan
from reminders.digest import compute
from reminders.models import Reminder

# A Monday in the synthetic year: deadlines due tomorrow (31/12), overdue tasks, review windows,
# the clerk's working day and the chairman's summary day.
DAY = datetime.date(2024, 12, 30)

# digest.compute(DAY), whatever the size: (table read, what for).
COMPUTE_QUERIES = [
    ("plans_plan", "plans in force: their communes"),
    ("reminders_remindersettings", "the communes' reminder settings"),
    ("tasks_task", "open tasks due within the horizon, and ongoing tasks with a review"),
    ("tasks_task_cooperating", "their cooperating officials"),
    # One or two per section registered with digest.register_section (reports/apps.py), run once
    # before the people are loaded so that they include whoever a section names:
    ("reports_submission", "section reports_due: officials' reports due, opened today or late"),
    ("reports_reportinground", "section reports_pending: open rounds with reports outstanding"),
    # (reports_pending then reads the clerks of those communes: one more query when a round has
    # reports outstanding, none here; tests/reminders_reports counts that case.)
    ("plans_user", "the people to remind: leads, cooperating officials, clerks and chairmen"),
    ("reminders_reminder", "each person's last sent digest with overdue / review tasks"),
    ("plans_user", "names of officials with overdue tasks"),
    ("tasks_task", "tasks awaiting confirmation"),
    ("reminders_reminder", "chairmen's summaries already sent this week"),
]
# scan.due_now(): compute, then the day's claimed digests and the send hours.
SCAN_QUERIES = [
    *COMPUTE_QUERIES,
    ("reminders_reminder", "reminders already claimed today"),
    ("reminders_remindersettings", "the communes' send hours"),
]


def province(code, communes, tasks):
    result = synthetic.generate(
        communes=communes, tasks_per_commune=tasks, updates_per_task=2, province_code=code, today=DAY
    )
    return list(AdministrativeUnit.objects.filter(parent__parent=result.province).values_list("pk", flat=True))


def measure(call, expected):
    """Run `call`; check that it ran the `expected` queries, in order. Returns its result and the count."""
    with CaptureQueriesContext(connection) as queries:
        result = call()
    tables = [q["sql"].split(" FROM ", 1)[1].split()[0].strip('"`') for q in queries.captured_queries]
    assert tables == [table for table, _what in expected]
    return result, len(tables)


def test_compute_runs_the_same_eleven_queries_for_5_communes_of_10_tasks_and_20_of_40(db):
    small = province("S01", 5, 10)
    small_digests, small_count = measure(lambda: compute(DAY, unit_ids=small), COMPUTE_QUERIES)
    large = province("S02", 20, 40)
    large_digests, large_count = measure(lambda: compute(DAY, unit_ids=large), COMPUTE_QUERIES)
    everything, all_count = measure(lambda: compute(DAY), COMPUTE_QUERIES)

    assert small_count == large_count == all_count == len(COMPUTE_QUERIES)
    # The sizes differ really, and every kind of digest is there.
    assert len(large_digests) > 3 * len(small_digests) > 0
    assert {d.kind for d in large_digests} == set(Reminder.Kind.values)
    assert len(everything) == len(small_digests) + len(large_digests)
    assert sum(len(d.task_ids) for d in large_digests) > 200


def test_the_scan_runs_a_fixed_number_of_queries_too(db, time_machine):
    province("S03", 5, 10)
    time_machine.move_to(datetime.datetime(2024, 12, 30, 9, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=7))))
    _due, small_count = measure(scan.due_now, SCAN_QUERIES)
    province("S04", 20, 40)
    due, large_count = measure(scan.due_now, SCAN_QUERIES)

    assert small_count == large_count == len(SCAN_QUERIES)
    assert len(due) > 100
