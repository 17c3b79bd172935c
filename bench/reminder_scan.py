"""Benchmark: the reminder scan (`reminders.digest.compute`) over a synthetic province.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/papi_bench .venv/bin/python bench/reminder_scan.py
    make bench        # the same, on BENCH_DATABASE_URL (default: a local papi_bench database)

Creates the database if it is missing (PostgreSQL), migrates it, and generates two synthetic
provinces with `demo.synthetic` (reused when they are already there with the same sizes): the
large one (--communes × --tasks × --updates, default 100 × 40 × 12) and a small one (10 × 10).
Then, in the same run, it measures on the large one:

- compute(day): the median wall time of --repeat runs (after one warm-up run);
- the floor: the same rows fetched by plain SQL (open tasks within the horizon and ongoing ones
  under review, and their cooperating links), median of as many runs; the ratio compute / floor;
- the queries compute runs, on the large and on the small province (they must be equal);
- peak memory: Python allocations during one compute (tracemalloc) and the process's maximum RSS.

The default day, Monday 30/12/2024, gives every kind of digest: deadlines tomorrow (31/12),
overdue tasks, review windows (month, quarter and half-year end), the clerk's and the chairman's day.
"""

import argparse
import datetime
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "papi_portal.settings.dev")
os.environ.setdefault("DEBUG", "false")

SMALL = (10, 10)  # communes, tasks per commune


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=100, help="communes in the large province (default 100)")
    parser.add_argument("--tasks", type=int, default=40, help="tasks per commune (default 40)")
    parser.add_argument("--updates", type=int, default=12, help="progress updates per task (default 12)")
    parser.add_argument("--day", type=datetime.date.fromisoformat, default=datetime.date(2024, 12, 30))
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each measurement (default 7)")
    parser.add_argument("--regenerate", action="store_true", help="generate the provinces even if they exist")
    return parser.parse_args()


def ensure_database():
    """Create the PostgreSQL database named by DATABASE_URL if it does not exist."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("set DATABASE_URL to PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/papi_bench")
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        dbname="postgres",
        user=parts.username,
        password=parts.password,
        host=parts.hostname,
        port=parts.port,
        connect_timeout=5,
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
                print(f"created database {name}")
    finally:
        admin.close()


def province(code, communes, tasks, updates, day, regenerate):
    """The communes of synthetic province `code`, generated unless it exists with these sizes."""
    from demo import synthetic
    from plans.models import AdministrativeUnit
    from tasks.models import ProgressUpdate, Task

    def communes_of(unit):
        return list(AdministrativeUnit.objects.filter(parent__parent=unit).values_list("pk", flat=True))

    existing = AdministrativeUnit.objects.filter(code=code).first()
    if existing is not None and not regenerate:
        units = communes_of(existing)
        found = Task.objects.filter(plan__unit__in=units).count()
        found_updates = ProgressUpdate.objects.filter(task__plan__unit__in=units).count()
        if len(units) == communes and found == communes * tasks and found_updates == found * updates:
            print(f"reusing province {code}: {communes} communes × {tasks} tasks × {updates} updates")
            return units
    started = time.perf_counter()
    result = synthetic.generate(
        communes=communes,
        tasks_per_commune=tasks,
        updates_per_task=updates,
        province_code=code,
        replace=existing is not None,
        today=day,
    )
    print(
        f"generated province {code}: {communes} communes × {tasks} tasks × {updates} updates "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return communes_of(result.province)


def floor_queries(day, units):
    """The SQL of the rows compute() reads at the least: the open tasks it considers and their links."""
    from django.db.models import Q

    from plans.models import Plan
    from reminders.digest import TASK_FIELDS
    from reminders.models import ReminderSettings
    from tasks.models import Task, TaskStatus

    config = ReminderSettings.for_unit_ids(units)
    horizon = day + datetime.timedelta(days=max([0, *(n for c in config.values() for n in c.due_days)]))
    relevant = (
        Task.objects.filter(plan__unit_id__in=units, plan__status=Plan.Status.ACTIVE)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.AWAITING_CONFIRMATION])
        .filter(Q(due_date__lte=horizon) | Q(deadline_kind="ongoing", review_frequency__gt=""))
    )
    links = Task.cooperating.through.objects.filter(task__in=relevant).values_list("task_id", "user_id")
    return [relevant.values_list(*TASK_FIELDS).query.sql_with_params(), links.query.sql_with_params()]


def timed(call, repeat):
    call()  # warm-up: caches, plans, connection
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), max(times)


def main():
    args = parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reminders.digest import compute

    call_command("migrate", verbosity=0)
    large = province("S71", args.communes, args.tasks, args.updates, args.day, args.regenerate)
    small = province("S72", *SMALL, 2, args.day, args.regenerate)
    day = args.day

    def run_compute():
        return compute(day, unit_ids=large)

    sql = floor_queries(day, large)
    fetched = {}

    def run_floor():
        with connection.cursor() as cursor:
            for i, (statement, params) in enumerate(sql):
                cursor.execute(statement, params)
                fetched[i] = len(cursor.fetchall())

    compute_time = timed(run_compute, args.repeat)
    floor_time = timed(run_floor, args.repeat)

    counts = {}
    for label, units in (("large", large), ("small", small)):
        with CaptureQueriesContext(connection) as queries:
            compute(day, unit_ids=units)
        counts[label] = len(queries.captured_queries)

    tracemalloc.start()
    digests = run_compute()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    kinds = Counter(d.kind for d in digests)
    sections = Counter()
    for d in digests:
        sections["due in N days"] += sum(len(tasks) for tasks in d.due_soon.values())
        sections["due today"] += len(d.due_today)
        sections["overdue"] += len(d.overdue)
        sections["review"] += len(d.review)
        sections["awaiting (clerk)"] += len(d.awaiting)
        sections["overdue by official (clerk, chairman)"] += sum(len(t) for _p, t in d.overdue_by_official)

    vendor = f"{connection.vendor} {connection.pg_version // 10000}" if connection.vendor == "postgresql" else ""
    print()
    print(f"reminder scan benchmark — {vendor}, day {day:%a %d/%m/%Y}, {args.repeat} timed runs each")
    print(f"  large province: {len(large)} communes × {args.tasks} tasks × {args.updates} updates")
    print(f"  digests: {len(digests)} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    print(f"  task mentions: {', '.join(f'{k} {n}' for k, n in sections.items())}")
    print(f"  floor rows: {fetched[0]} open tasks in the horizon, {fetched[1]} cooperating links")
    print()
    print(f"  {'':<34}{'median':>10}{'min':>10}{'max':>10}")
    for label, (median, low, high) in (("compute(day)", compute_time), ("floor: plain SQL, same rows", floor_time)):
        print(f"  {label:<34}{median * 1000:>8.1f}ms{low * 1000:>8.1f}ms{high * 1000:>8.1f}ms")
    print(f"  ratio compute / floor: {compute_time[0] / floor_time[0]:.2f}")
    print()
    verdict = "equal" if counts["large"] == counts["small"] else "DIFFER"
    print(
        f"  queries of compute: {counts['large']} for {len(large)} × {args.tasks}, "
        f"{counts['small']} for {len(small)} × {SMALL[1]}: {verdict}"
    )
    print(f"  peak memory: {peak / 2**20:.1f} MiB allocated by one compute; max RSS {max_rss_kib / 1024:.0f} MiB")
    if counts["large"] != counts["small"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
