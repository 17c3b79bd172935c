"""The cross-commune table: counts, scores, sorting, filtering, scoping and a fixed query count."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import AdministrativeUnit, ContentArea, PapiScore, Plan, Role
from reports import communes as table
from reports.views import communes as view
from tasks.models import Task, TaskStatus

from ..conftest import make_person

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.date(2024, 7, 1)
DUE = datetime.date(2024, 6, 30)

# Each kind of task: (status, due date, completed at), and what it counts as.
KINDS = {
    "on_time": (TaskStatus.DONE, DUE, datetime.datetime(2024, 6, 30, 23, 30, tzinfo=VN)),
    # 06:30 local on 1/7 is 23:30 UTC on 30/6: late in local time, which is what counts.
    "late": (TaskStatus.DONE, DUE, datetime.datetime(2024, 7, 1, 6, 30, tzinfo=VN)),
    "done_no_due": (TaskStatus.DONE, None, datetime.datetime(2024, 3, 1, 9, 0, tzinfo=VN)),
    "overdue": (TaskStatus.IN_PROGRESS, datetime.date(2024, 5, 31), None),
    "overdue_not_started": (TaskStatus.NOT_STARTED, datetime.date(2024, 6, 1), None),
    "awaiting_past_due": (TaskStatus.AWAITING_CONFIRMATION, datetime.date(2024, 5, 1), None),
    "open_future": (TaskStatus.IN_PROGRESS, datetime.date(2024, 12, 31), None),
    "ongoing": (TaskStatus.NOT_STARTED, None, None),
}
ON_TIME = {"on_time", "done_no_due"}
LATE = {"late"}
OVERDUE = {"overdue", "overdue_not_started"}

PLAN_TASKS = {
    "12100": ["on_time", "on_time", "late", "overdue", "open_future", "ongoing"],
    "12103": ["late", "late", "awaiting_past_due", "overdue_not_started"],
    "20001": ["done_no_due", "on_time", "open_future", "ongoing", "overdue"],
    "20002": [],  # a plan without tasks
}


def add_tasks(plan, kinds):
    for i, kind in enumerate(kinds):
        status, due, completed = KINDS[kind]
        Task.objects.create(
            plan=plan,
            code=f"{i + 1}",
            order=i,
            title=kind,
            text=kind,
            status=status,
            deadline_kind="date" if due else "ongoing",
            due_date=due,
            completed_at=completed,
        )


def score(unit, year, source, value, rank=None, base=None, area=None):
    return PapiScore.objects.create(
        unit=unit, year=year, source=source, score=value, rank=rank, rank_base=base, area=area
    )


@pytest.fixture
def world(province, district, commune, other_commune):
    """District A (Văn Lâm: Trung Trắc, Lạc Hồng) and district B (Mỹ Hào: Bần Yên Nhân, Dị Sử)."""
    district_b = AdministrativeUnit.objects.create(kind="district", code="331", name="Mỹ Hào", parent=province)
    b1 = AdministrativeUnit.objects.create(kind="commune", code="20001", name="Bần Yên Nhân", parent=district_b)
    b2 = AdministrativeUnit.objects.create(kind="ward", code="20002", name="Dị Sử", parent=district_b)
    units = {u.code: u for u in (commune, other_commune, b1, b2)}
    plans = {}
    for code, kinds in PLAN_TASKS.items():
        plans[code] = Plan.objects.create(unit=units[code], year=2024, title=f"Kế hoạch {code}")
        add_tasks(plans[code], kinds)
    # Another year's plan and a deleted task: neither counts for 2024.
    add_tasks(Plan.objects.create(unit=commune, year=2023, title="Cũ"), ["overdue"] * 3)
    Task.objects.filter(plan=plans["12103"], title="late").first().delete()  # hard delete: 1 late left
    gone = Task.objects.get(plan=plans["12100"], title="overdue")
    gone.deleted_at = datetime.datetime(2024, 6, 1, tzinfo=VN)
    gone.save()

    s = PapiScore.Source
    score(commune, 2022, s.DISTRICT, "40.1", 3, 10)
    score(commune, 2023, s.PROVINCIAL, "42.5", 2, 12)  # latest for Trung Trắc
    score(commune, 2024, s.TARGET, "45")  # a target is not a result
    score(other_commune, 2023, s.DISTRICT, "5.5", area=ContentArea.objects.get(code=1))  # an area, not a total
    score(other_commune, 2025, s.OFFICIAL, "44")  # after the year looked at
    score(b1, 2023, s.DISTRICT, "39", 5, 9)
    score(b1, 2023, s.OFFICIAL, "41.25", 4, 63)  # same year: the official figure wins
    return {"district_b": district_b, "units": units, "plans": plans}


def expected(kinds):
    done_on_time = sum(k in ON_TIME for k in kinds)
    done = done_on_time + sum(k in LATE for k in kinds)
    return {
        "tasks": len(kinds),
        "done": done,
        "done_on_time": done_on_time,
        "overdue": sum(k in OVERDUE for k in kinds),
        "completion": round(100 * done / len(kinds), 1) if kinds else None,
        "on_time": round(100 * done_on_time / done, 1) if done else None,
    }


def test_counts_and_scores_match_an_independent_count(world, province):
    rows = {r.code: r for r in table.communes_table(province, 2024, today=TODAY)}

    alive = {
        "12100": ["on_time", "on_time", "late", "open_future", "ongoing"],
        "12103": ["late", "awaiting_past_due", "overdue_not_started"],
        "20001": PLAN_TASKS["20001"],
        "20002": [],
    }
    assert set(rows) == set(alive)
    for code, kinds in alive.items():
        row = rows[code]
        got = {k: getattr(row, k) for k in ("tasks", "done", "done_on_time", "overdue", "completion", "on_time")}
        assert got == expected(kinds), code
        assert row.plan_id == world["plans"][code].pk
    assert rows["12100"].completion == 60.0 and rows["12100"].on_time == round(200 / 3, 1)
    assert (rows["12100"].district, rows["20001"].district) == ("Văn Lâm", "Mỹ Hào")

    scores = {code: (r.score_year, r.score and float(r.score), r.rank_display) for code, r in rows.items()}
    assert scores == {
        "12100": (2023, 42.5, "2/12"),
        "12103": (None, None, ""),
        "20001": (2023, 41.25, "4/63"),
        "20002": (None, None, ""),
    }


def test_a_commune_without_a_plan_has_an_empty_row(world, province):
    AdministrativeUnit.objects.create(kind="commune", code="20003", name="Nhân Hòa", parent=world["district_b"])
    row = next(r for r in table.communes_table(province, 2024, today=TODAY) if r.code == "20003")
    assert (row.plan_id, row.tasks, row.completion, row.on_time, row.score) == (None, 0, None, None, None)


def test_sorting_puts_missing_values_last_both_ways(world, province):
    rows = table.communes_table(province, 2024, today=TODAY)
    codes = lambda rs: [r.code for r in rs]  # noqa: E731
    assert codes(table.sort_rows(rows, "completion", descending=True)) == ["12100", "20001", "12103", "20002"]
    assert codes(table.sort_rows(rows, "completion")) == ["12103", "20001", "12100", "20002"]
    # Without a score: last, by name (Dị Sử, Lạc Hồng), in either direction.
    assert codes(table.sort_rows(rows, "score", descending=True)) == ["12100", "20001", "20002", "12103"]
    assert codes(table.sort_rows(rows, "score")) == ["20001", "12100", "20002", "12103"]
    assert codes(table.sort_rows(rows, "overdue", descending=True))[:2] == ["20001", "12103"]  # 1 each: by name
    assert codes(table.sort_rows(rows, "name")) == ["20001", "20002", "12103", "12100"]  # Bần, Dị, Lạc, Trung
    assert codes(table.sort_rows(rows, "district")) == ["20001", "20002", "12103", "12100"]  # Mỹ Hào, Văn Lâm


def test_filtering_by_district_and_name_ignores_accents(world, province, district):
    rows = table.communes_table(province, 2024, today=TODAY)
    assert {r.code for r in table.filter_rows(rows, district=district.pk)} == {"12100", "12103"}
    assert [r.code for r in table.filter_rows(rows, search="lac HONG")] == ["12103"]
    assert [r.code for r in table.filter_rows(rows, district=district.pk, search="di su")] == []


# --- the page --------------------------------------------------------------------------------


def page_codes(response):
    assert response.status_code == 200
    return re.findall(r'data-commune="(\w+)"', response.content.decode())


@pytest.fixture
def province_supervisor(province):
    return make_person("tinh", province, Role.SUPERVISOR, None, "Lý Văn Tỉnh")


def test_the_page_sorts_filters_and_links_to_each_dashboard(client, world, province_supervisor, district):
    client.force_login(province_supervisor)
    url = reverse("reports:communes")

    assert page_codes(client.get(url)) == ["20001", "20002", "12103", "12100"]
    # 5, 5, 3, 0 tasks: equal counts keep the name order.
    assert page_codes(client.get(url, {"sort": "tasks", "dir": "desc"})) == ["20001", "12100", "12103", "20002"]
    # An unknown column or direction falls back to the name, ascending.
    assert page_codes(client.get(url, {"sort": "id; DROP", "dir": "sideways"})) == ["20001", "20002", "12103", "12100"]
    assert page_codes(client.get(url, {"district": district.pk})) == ["12103", "12100"]
    assert page_codes(client.get(url, {"district": "nope", "q": "tr"})) == ["12100"]

    body = client.get(url).content.decode()
    plan = world["plans"]["12100"]
    try:
        base = reverse("reports:dashboard")
    except Exception:  # noqa: BLE001 - the dashboard is written alongside
        base = reverse("tasks:plan_overview")
    assert f'href="{base}?plan={plan.pk}"' in body
    assert "Văn Lâm" in body and "Mỹ Hào" in body


def test_the_page_is_paginated_by_50(client, world, province_supervisor, district):
    for i in range(60):
        AdministrativeUnit.objects.create(kind="commune", code=f"3{i:04d}", name=f"Xã {i:02d}", parent=district)
    client.force_login(province_supervisor)
    url = reverse("reports:communes")
    assert len(page_codes(client.get(url))) == view.PAGE_SIZE == 50
    assert len(page_codes(client.get(url, {"page": 2}))) == 64 - 50
    assert len(page_codes(client.get(url, {"page": 99}))) == 14  # past the end: the last page


def test_a_district_supervisor_sees_only_their_district(client, world, supervisor):
    client.force_login(supervisor)
    url = reverse("reports:communes")
    assert sorted(page_codes(client.get(url))) == ["12100", "12103"]
    # Naming the other district changes nothing: it is not among theirs.
    assert sorted(page_codes(client.get(url, {"district": world["district_b"].pk}))) == ["12100", "12103"]
    assert {r.code for r in table.communes_table(supervisor, 2024)} == {"12100", "12103"}


def test_commune_people_see_only_their_own_commune(client, world, commune, clerk, outsider):
    url = reverse("reports:communes")
    client.force_login(clerk)
    assert page_codes(client.get(url)) == ["12100"]
    client.force_login(outsider)
    assert page_codes(client.get(url)) == ["12103"]


def test_people_without_a_unit_see_nothing_and_anonymous_must_sign_in(client, world):
    url = reverse("reports:communes")
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(make_person("nounit", None, Role.SUPERVISOR))
    assert page_codes(client.get(url)) == []


# --- a fixed number of queries ---------------------------------------------------------------


def build_district(code, communes, tasks_each=3):
    district = AdministrativeUnit.objects.create(kind="district", code=code, name=f"Huyện {code}")
    for i in range(communes):
        unit = AdministrativeUnit.objects.create(
            kind="commune", code=f"{code}{i:03d}", name=f"Xã {code} {i}", parent=district
        )
        add_tasks(Plan.objects.create(unit=unit, year=2024, title="KH"), list(KINDS)[:tasks_each])
        score(unit, 2023, PapiScore.Source.DISTRICT, "40", i + 1, communes)
    return district


def test_the_table_takes_three_queries_for_4_or_40_communes(db, django_assert_num_queries):
    for size in (4, 40):
        district = build_district(f"9{size}", size)
        with CaptureQueriesContext(connection) as queries:
            rows = table.communes_table(district, 2024, today=TODAY)
        assert len(rows) == size
        assert all(r.tasks == 3 and r.score_year == 2023 for r in rows)
        sql = [q["sql"] for q in queries.captured_queries]
        # 1. the communes with their plan of the year, 2. task counts per commune, 3. latest total scores.
        assert len(sql) == 3, sql
        assert 'FROM "plans_administrativeunit"' in sql[0] and '"plans_plan"' in sql[0]
        assert 'FROM "tasks_task"' in sql[1] and "GROUP BY" in sql[1]
        assert '"plans_papiscore"' in sql[2] and "ROW_NUMBER" in sql[2]
        with django_assert_num_queries(4):  # + the newest plan year
            table.communes_table(district, table.latest_plan_year(district))


def query_name(sql):
    """What a query reads (its first table) or does (SAVEPOINT, RELEASE...), without generated names."""
    table_name = re.search(r'FROM "(\w+)"', sql)
    return f'SELECT "{table_name[1]}"' if table_name else sql.split()[0]


def test_the_page_runs_the_same_queries_for_4_or_40_communes(client, db):
    counts = {}
    for size in (4, 40):
        district = build_district(f"8{size}", size)
        client.force_login(make_person(f"sup{size}", district, Role.SUPERVISOR))
        with CaptureQueriesContext(connection) as queries:
            assert len(page_codes(client.get(reverse("reports:communes")))) == size
        counts[size] = [query_name(q["sql"]) for q in queries.captured_queries]
    assert counts[4] == counts[40]
    reads = [name for name in counts[40] if name.startswith("SELECT")]
    for table_name in ('"plans_administrativeunit"', '"tasks_task"', '"plans_papiscore"', '"plans_plan"'):
        assert f"SELECT {table_name}" in reads, reads
