"""Benchmark: the cross-commune page (`reports:communes`) for a province supervisor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/papi_bench .venv/bin/python bench/communes_view.py

Uses the database setup of `reminder_scan.py` (creates and migrates the PostgreSQL database,
generates or reuses a synthetic province with `demo.synthetic`): province S73, --communes ×
--tasks (default 100 × 40, no progress updates: the page does not read them), and a small one,
S74 (10 × 10). In the same run, through the Django test Client with a signed-in province
supervisor (the full middleware stack, session and template rendering included), it measures:

- the page: GET /reports/communes/?year=<year>, median of --repeat runs after a warm-up;
- the floor: a trivial signed-in page (GET /tasks/notifications/ of the same person, empty);
- the ratio page / floor (target ≤ 5);
- the queries of the page and of `communes_table`, for the large and the small province: equal.
"""

import argparse
import datetime
import statistics
import sys
import time

from reminder_scan import ensure_database, province

SMALL = (10, 10)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=100, help="communes in the large province (default 100)")
    parser.add_argument("--tasks", type=int, default=40, help="tasks per commune (default 40)")
    parser.add_argument("--day", type=datetime.date.fromisoformat, default=datetime.date(2024, 12, 30))
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each page (default 15)")
    parser.add_argument("--regenerate", action="store_true", help="generate the provinces even if they exist")
    return parser.parse_args()


def timed(call, repeat):
    call()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), max(times)


def supervisor_of(code):
    from plans.models import AdministrativeUnit, Role, User

    unit = AdministrativeUnit.objects.get(code=code)
    user, _created = User.objects.get_or_create(
        username=f"bench-{code.lower()}", defaults={"full_name": "Bench Supervisor", "role": Role.SUPERVISOR}
    )
    user.unit, user.role, user.is_active = unit, Role.SUPERVISOR, True
    user.save()
    return unit, user


class Pages:
    """The signed-in supervisors of the large and the small province, and the two pages they get."""

    def __init__(self, year):
        from django.test import Client
        from django.urls import reverse

        self.clients, self.units = {}, {}
        for label, code in (("large", "S73"), ("small", "S74")):
            self.units[label], user = supervisor_of(code)
            self.clients[label] = Client()
            self.clients[label].force_login(user)
        self.page_url = f"{reverse('reports:communes')}?year={year}&sort=completion&dir=desc"
        self.floor_url = reverse("notifications:notifications")

    def get(self, label, url):
        response = self.clients[label].get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response


def measure(pages, year, repeat):
    """(median, min, max) of the page warm and cold, of the floor and of `communes_table` alone."""
    from django.core.cache import cache

    from reports.communes import communes_table

    def cold(url):
        cache.clear()  # reports.cache would otherwise serve the table from memory
        return pages.get("large", url)

    return {
        "page": timed(lambda: pages.get("large", pages.page_url), repeat),
        "cold": timed(lambda: cold(pages.page_url), repeat),
        "floor": timed(lambda: pages.get("large", pages.floor_url), repeat),
        "table": timed(lambda: communes_table(pages.units["large"], year), repeat),
    }


def count_queries(pages, year):
    """{(province, what): queries} of the page, the floor and `communes_table`, each uncached."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.communes import communes_table

    counts = {}
    for label in ("large", "small"):
        for what, call in (
            ("page", lambda label=label: pages.get(label, pages.page_url)),
            ("floor", lambda label=label: pages.get(label, pages.floor_url)),
            ("table", lambda label=label: communes_table(pages.units[label], year)),
        ):
            cache.clear()  # count the uncached work: it must not grow with the province
            with CaptureQueriesContext(connection) as queries:
                call()
            counts[label, what] = len(queries.captured_queries)
    return counts


def print_times(args, pages, large, rows_shown, times):
    from django.db import connection

    from reports.communes import communes_table

    year = args.day.year
    rows = communes_table(pages.units["large"], year)
    vendor = f"{connection.vendor} {connection.pg_version // 10000}" if connection.vendor == "postgresql" else ""
    print()
    print(f"cross-commune page benchmark — {vendor}, year {year}, {args.repeat} timed runs each")
    print(
        f"  large province: {len(large)} communes × {args.tasks} tasks "
        f"({sum(r.tasks for r in rows)} tasks, {sum(r.overdue for r in rows)} overdue); "
        f"page shows {rows_shown} rows"
    )
    print()
    print(f"  {'':<46}{'median':>10}{'min':>10}{'max':>10}")
    for label, (median, low, high) in (
        ("GET communes page, warm (cached)", times["page"]),
        ("GET communes page, cold (cache emptied)", times["cold"]),
        ("floor: GET /tasks/notifications/ (signed in)", times["floor"]),
        ("communes_table() alone", times["table"]),
    ):
        print(f"  {label:<46}{median * 1000:>8.1f}ms{low * 1000:>8.1f}ms{high * 1000:>8.1f}ms")
    ratio = times["page"][0] / times["floor"][0]
    print(f"  ratio page / floor: {ratio:.2f} warm (target ≤ 5), {times['cold'][0] / times['floor'][0]:.2f} cold")
    print()


def print_counts(counts, large, small):
    """Print the query counts of both provinces; whether they are equal."""
    same = True
    for what in ("page", "floor", "table"):
        verdict = "equal" if counts["large", what] == counts["small", what] else "DIFFER"
        same &= verdict == "equal"
        print(
            f"  queries of {what:<6}: {counts['large', what]} for {len(large)} communes, "
            f"{counts['small', what]} for {len(small)}: {verdict}"
        )
    return same


def main():
    args = parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test Client's host and rendered-template signals
    call_command("migrate", verbosity=0)
    large = province("S73", args.communes, args.tasks, 0, args.day, args.regenerate)
    small = province("S74", *SMALL, 0, args.day, args.regenerate)
    year = args.day.year

    pages = Pages(year)
    body = pages.get("large", pages.page_url).content.decode()
    rows_shown = body.count("data-commune=")
    times = measure(pages, year, args.repeat)
    counts = count_queries(pages, year)
    print_times(args, pages, large, rows_shown, times)
    if not print_counts(counts, large, small):
        sys.exit(1)


if __name__ == "__main__":
    main()
