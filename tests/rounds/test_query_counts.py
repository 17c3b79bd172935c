"""The rounds list, a round's page and "My reports" cost a constant number of queries."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Plan
from reports import services
from reports.periods import Period

from .conftest import Q1, make_task, many_officials

pytestmark = pytest.mark.django_db


def _get(client, django_assert_num_queries, url, count):
    with django_assert_num_queries(count) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, captured


@pytest.fixture
def big_round(plan, clerk):
    """30 officials, each leading one task and cooperating on the next one's."""
    people = many_officials(plan.unit, 30)
    tasks = [make_task(plan, f"X.{i}", i, lead=person) for i, person in enumerate(people)]
    for i, task in enumerate(tasks):
        task.cooperating.add(people[(i + 1) % 30])
    return services.open_round(plan, Q1, by=clerk)


def test_a_rounds_page_with_30_officials(client, clerk, big_round, django_assert_num_queries):
    client.force_login(clerk)
    url = reverse("reports:round_detail", args=[big_round.pk])
    # 1 the session, 2 the signed-in user, 3 the round with its plan and commune,
    # 4 the submissions with their officials and positions, 5 the navbar's unread count,
    # 6-8 the session saved (SESSION_SAVE_EVERY_REQUEST): savepoint, UPDATE, release.
    response, _ = _get(client, django_assert_num_queries, url, 8)
    assert len(response.context["submissions"]) == 30

    services.close_round(big_round, by=clerk)
    # Closed: the same, plus 9 the frozen tasks counted per bucket (one GROUP BY).
    response, captured = _get(client, django_assert_num_queries, url, 9)
    assert "GROUP BY" in captured.captured_queries[4]["sql"]
    assert response.context["snapshot_total"] == 30


def test_my_reports_with_many_open_rounds(client, official, commune, clerk, django_assert_num_queries):
    for year in (2024, 2025):
        plan = Plan.objects.create(unit=commune, year=year, title=f"Kế hoạch {year}")
        make_task(plan, "1.a", 1, lead=official)
        for period in Period.for_year("month", year):
            services.open_round(plan, period, by=clerk)
    client.force_login(official)
    # 1 the session, 2 the user, 3 the person's submissions in open rounds with round, plan and
    # commune, 4 the navbar's unread count, 5-7 the session saved.
    response, _ = _get(client, django_assert_num_queries, reverse("reports:my_submissions"), 7)
    assert len(response.context["submissions"]) == 24


def test_the_rounds_list_with_20_rounds(client, clerk, plan, tasks, django_assert_num_queries):
    for period in [
        *Period.for_year("month", 2024),
        *Period.for_year("quarter", 2024),
        *Period.for_year("half_year", 2024),
    ]:
        services.open_round(plan, period, by=clerk)
    services.open_round(plan, Period.parse("2024-9M"), by=clerk)
    services.open_round(plan, Period.parse("2024"), by=clerk)
    client.force_login(clerk)
    # 1 the session, 2 the user, 3 the commune's reporting settings and 4 its plans (the "open a
    # round" form: default style, plan choices), 5 the navbar's unread count, 6 the rounds with
    # plan, commune and submitted/total counts (one GROUP BY), 7-9 the session saved.
    response, captured = _get(client, django_assert_num_queries, reverse("reports:rounds"), 9)
    assert len(response.context["rounds"]) == 20
    assert "GROUP BY" in captured.captured_queries[5]["sql"]
    assert all(r.total == 3 for r in response.context["rounds"])


def test_opening_a_round_for_30_officials_takes_few_queries(plan, clerk, django_assert_max_num_queries):
    people = many_officials(plan.unit, 30)
    for i, person in enumerate(people):
        make_task(plan, f"X.{i}", i, lead=person)

    # 13 at most, however many officials: the submissions' first historical records are one bulk insert.
    with django_assert_max_num_queries(13):
        round_ = services.open_round(plan, Q1, by=clerk)

    assert round_.submissions.count() == 30
    assert datetime.date(2024, 3, 15) == round_.due_date
