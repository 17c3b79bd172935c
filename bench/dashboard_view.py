"""Benchmark: the commune dashboard (`reports:dashboard`) for a commune's chairman.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/papi_bench .venv/bin/python bench/dashboard_view.py

Uses the database setup of `reminder_scan.py` and the provinces of `communes_view.py` (generated
or reused with `demo.synthetic`): S73, --communes × --tasks (default 100 × 40), and S74 (10 × 10).
In the same run, through the Django test Client with the commune's chairman signed in (the full
middleware stack, session and template rendering included), it measures on a commune of S73:

- warm: GET /reports/dashboard/?plan=<the commune's plan>, cached by `reports.cache` (nothing
  changed since the warm-up), median of --repeat runs;
- cold: the same with the cache emptied before each run (not timed): the dashboard's numbers
  and the PAPI scores comparison computed again;
- the floor: a trivial signed-in page (GET /tasks/notifications/ of the same person, empty);
- the ratios page / floor (target ≤ 3 warm; cold reported too);
- the queries of the page, warm and cold, for a commune of the large and of the small province:
  equal (they depend on neither the tasks nor the communes).
"""

import argparse
import datetime
import statistics
import sys
import time

from communes_view import SMALL
from reminder_scan import ensure_database, province


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=100, help="communes in the large province (default 100)")
    parser.add_argument("--tasks", type=int, default=40, help="tasks per commune (default 40)")
    parser.add_argument("--day", type=datetime.date.fromisoformat, default=datetime.date(2024, 12, 30))
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each page (default 15)")
    parser.add_argument("--regenerate", action="store_true", help="generate the provinces even if they exist")
    return parser.parse_args()


def timed(call, repeat, before=None):
    if before:
        before()
    call()  # warm-up
    times = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), max(times)


def chairman_of(unit_id, year):
    """The commune's plan of `year` and its chairman (made one if the generator did not)."""
    from plans.models import Plan, Role, User

    plan = Plan.objects.select_related("unit").get(unit_id=unit_id, year=year)
    user = User.objects.filter(unit_id=unit_id, role=Role.CHAIRMAN, is_active=True).first()
    if user is None:
        user, _created = User.objects.get_or_create(
            username=f"bench-chair-{plan.unit.code}", defaults={"full_name": "Bench Chairman"}
        )
        user.unit_id, user.role, user.is_active = unit_id, Role.CHAIRMAN, True
        user.save()
    return plan, user


def main():
    args = parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.cache import cache, caches
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from tasks.models import Task

    setup_test_environment()  # the test Client's host and rendered-template signals
    call_command("migrate", verbosity=0)
    large = province("S73", args.communes, args.tasks, 0, args.day, args.regenerate)
    small = province("S74", *SMALL, 0, args.day, args.regenerate)
    year = args.day.year

    clients, plans = {}, {}
    for label, units in (("large", large), ("small", small)):
        plans[label], user = chairman_of(units[0], year)
        clients[label] = Client()
        clients[label].force_login(user)
    urls = {label: f"{reverse('reports:dashboard')}?plan={plans[label].pk}" for label in plans}
    floor_url = reverse("notifications:notifications")

    def get(label, url):
        response = clients[label].get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    body = get("large", urls["large"]).content.decode()
    assert "chart" in body
    warm_time = timed(lambda: get("large", urls["large"]), args.repeat)
    cold_time = timed(lambda: get("large", urls["large"]), args.repeat, before=cache.clear)
    floor_time = timed(lambda: get("large", floor_url), args.repeat)

    counts = {}
    for label in ("large", "small"):
        for what, before in (("cold", cache.clear), ("warm", None), ("floor", None)):
            if before:
                before()
            url = floor_url if what == "floor" else urls[label]
            with CaptureQueriesContext(connection) as queries:
                get(label, url)
            counts[label, what] = len(queries.captured_queries)
    tasks = {label: Task.objects.filter(plan=plans[label]).count() for label in plans}

    backend = type(caches["default"]).__name__
    vendor = f"{connection.vendor} {connection.pg_version // 10000}" if connection.vendor == "postgresql" else ""
    print()
    print(f"commune dashboard benchmark — {vendor}, cache {backend}, day {args.day:%d/%m/%Y}, {args.repeat} runs each")
    print(
        f"  large province: {len(large)} communes × {args.tasks} tasks; "
        f"plan {plans['large'].pk} of {plans['large'].unit.name} ({tasks['large']} tasks)"
    )
    print()
    print(f"  {'':<46}{'median':>10}{'min':>10}{'max':>10}")
    for label, (median, low, high) in (
        ("GET dashboard, warm (cached)", warm_time),
        ("GET dashboard, cold (cache emptied)", cold_time),
        ("floor: GET /tasks/notifications/ (signed in)", floor_time),
    ):
        print(f"  {label:<46}{median * 1000:>8.1f}ms{low * 1000:>8.1f}ms{high * 1000:>8.1f}ms")
    print(f"  ratio warm / floor: {warm_time[0] / floor_time[0]:.2f} (target ≤ 3)")
    print(f"  ratio cold / floor: {cold_time[0] / floor_time[0]:.2f}")
    print()
    same = True
    for what in ("warm", "cold", "floor"):
        verdict = "equal" if counts["large", what] == counts["small", what] else "DIFFER"
        same &= verdict == "equal"
        print(
            f"  queries of {what:<5}: {counts['large', what]} for a commune of {tasks['large']} tasks "
            f"in {len(large)} communes, {counts['small', what]} for {tasks['small']} tasks in {len(small)}: {verdict}"
        )
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
