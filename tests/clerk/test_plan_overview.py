"""/tasks/plan/: the plan by section and area, counts per bucket, tasks; actions for the clerk only."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse

from plans.models import Plan
from tasks.models import Bucket, Task

from .conftest import make_task

URL = reverse("tasks:plan_overview")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(datetime.datetime(2024, 5, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _links(html):
    """Task-list links as (query dict, text) pairs."""
    found = []
    for href, text in re.findall(r'href="([^"]*)"[^>]*>([^<]*)<', html):
        href = href.replace("&amp;", "&")
        if "bucket=" in href or "area=" in href or re.search(r"\?plan=\d+$", href):
            found.append(({k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}, text.strip()))
    return found


def test_clerk_sees_the_plan_tree_counts_tasks_and_action_buttons(client, clerk, plan, tasks):
    client.force_login(clerk)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert plan.title in html
    for code in ("1.1.a", "1.1.b", "1.3.a", "2.a"):
        assert code in html
    assert "Tiếp công dân định kỳ" in html
    assert reverse("tasks:task_assign", args=[tasks[2].pk]) in html
    assert reverse("tasks:task_deadline", args=[tasks[2].pk]) in html
    assert 'form="bulk-form"' in html
    tree = response.context["tree"]
    assert tree.plan_node.total.count == 4


def _subtree_tasks(node):
    found = list(node.tasks)
    for child in node.children:
        found += _subtree_tasks(child)
    return found


def test_counts_per_area_and_bucket(client, clerk, plan, tasks, sections):
    # 1.3.a is due 30/06/2024, the others have no date: not started.
    client.force_login(clerk)

    tree = client.get(URL).context["tree"]

    area1 = tree.nodes[sections["area1"].pk]
    assert area1.total.count == 2
    assert [(b.bucket, b.count) for b in area1.badges] == [(Bucket.NOT_STARTED, 2)]
    query = parse_qs(urlsplit(area1.badges[0].url).query)
    assert (query["section"], query["bucket"], query["plan"]) == (
        [str(sections["area1"].pk)],
        ["not_started"],
        [str(plan.pk)],
    )
    assert tree.nodes[sections["part"].pk].total.count == 4


def test_every_count_links_to_the_task_list_filtered_to_exactly_those_tasks(
    client, clerk, commune, plan, tasks, sections, official
):
    Task.objects.filter(pk=tasks[1].pk).update(deadline_kind="date", due_date=datetime.date(2024, 4, 1))
    last_year = Plan.objects.create(unit=commune, year=2023, title="Kế hoạch 2023")
    make_task(last_year, "1.1.a", content_area=sections["area1"].content_area, lead=official)
    make_task(plan, "PL.1", order=9, content_area=sections["area1"].content_area)  # area 1, outside the sections
    client.force_login(clerk)
    tree = client.get(URL, {"plan": plan.pk}).context["tree"]
    nodes = [tree.plan_node, *tree.nodes.values(), tree.orphans]
    plan_tasks = {t.pk: t for t in Task.objects.filter(plan=plan).with_bucket()}

    linked = 0
    for node in nodes:
        expected_all = {t.pk for t in _subtree_tasks(node)} if node is not tree.plan_node else set(plan_tasks)
        for badge in [node.total, *node.badges]:
            expected = {pk for pk in expected_all if badge.bucket is None or plan_tasks[pk].bucket == badge.bucket}
            assert len(expected) == badge.count
            assert badge.url is not None
            listed = client.get(badge.url).context["page_obj"].paginator.object_list
            assert {t.pk for t in listed} == expected, badge.url
            linked += 1
    # Area 1 is split between 1.1 and the ad-hoc task outside any section: each count still links exactly.
    assert "section=null" in tree.orphans.total.url
    assert linked >= 12


def test_the_counts_follow_the_deadline_buckets(client, clerk, plan, tasks, sections):
    Task.objects.filter(pk=tasks[0].pk).update(deadline_kind="date", due_date=datetime.date(2024, 4, 1))
    Task.objects.filter(pk=tasks[1].pk).update(deadline_kind="date", due_date=datetime.date(2024, 5, 5))
    client.force_login(clerk)

    tree = client.get(URL).context["tree"]

    area1 = tree.nodes[sections["area1"].pk]
    assert {b.bucket: b.count for b in area1.badges} == {Bucket.OVERDUE: 1, Bucket.DUE_SOON: 1}


@pytest.mark.parametrize("who", ["chairman", "observer", "official"])
def test_other_people_of_the_commune_read_the_overview_without_actions(client, request, who, plan, tasks):
    client.force_login(request.getfixturevalue(who))

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "1.3.a" in html
    assert reverse("tasks:task_assign", args=[tasks[2].pk]) not in html
    assert 'form="bulk-form"' not in html
    assert response.context["can_manage"] is False


def test_an_outsider_gets_404_for_another_communes_plan(client, outsider, plan, tasks):
    client.force_login(outsider)

    assert client.get(URL, {"plan": plan.pk}).status_code == 404
    assert client.get(URL, {"plan": "x"}).status_code == 404


def test_an_outsider_without_a_plan_sees_the_empty_state(client, outsider, plan):
    client.force_login(outsider)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["plan"] is None
    assert reverse("importing:plan_upload") in response.content.decode()  # outsider is their own commune's clerk


def test_a_supervisor_without_a_plan_gets_a_friendly_empty_state(client, supervisor, plan):
    client.force_login(supervisor)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["plan"] is None
    assert reverse("importing:plan_upload") not in response.content.decode()


def test_a_supervisor_reads_a_plan_below_them(client, supervisor, plan, tasks):
    client.force_login(supervisor)

    response = client.get(URL, {"plan": plan.pk})

    assert response.status_code == 200
    assert response.context["can_manage"] is False


def test_the_latest_plan_is_shown_and_year_selects_another(client, clerk, commune, plan, tasks):
    newer = Plan.objects.create(unit=commune, year=2025, title="Kế hoạch 2025")
    client.force_login(clerk)

    assert client.get(URL).context["plan"] == newer
    assert client.get(URL, {"year": 2024}).context["plan"] == plan
    assert client.get(URL, {"year": 2019}).context["plan"] is None


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    response = client.get(URL)

    assert response.status_code == 302


def test_deleted_tasks_are_not_shown_or_counted(client, clerk, plan, tasks):
    Task.objects.filter(pk=tasks[0].pk).update(deleted_at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC))
    client.force_login(clerk)

    response = client.get(URL)

    assert response.context["tree"].plan_node.total.count == 3
    assert "1.1.a" not in response.content.decode()


def test_tasks_outside_any_section_have_their_own_group(client, clerk, plan, tasks):
    make_task(plan, "PL.1", order=9, title="Nhiệm vụ bổ sung")
    client.force_login(clerk)

    response = client.get(URL)

    assert "Nhiệm vụ bổ sung" in response.content.decode()
    assert response.context["tree"].orphans.total.count == 1
