"""The base layout: the menu by role, the bell, the user menu, the language switch, the error pages."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone, translation
from django.views.defaults import server_error

from core.context_processors import portal
from notifications.context_processors import bell
from notifications.models import Notification
from plans.models import Plan, Role
from tasks.models import Bucket, Task
from tests.conftest import make_person

pytestmark = pytest.mark.django_db


def navbar(response):
    html = response.content.decode()
    return html[html.index("<nav") : html.index("</nav>")]


def menu_links(response):
    nav = navbar(response)
    return {name for name in MENU_NAMES if f'href="{reverse(name)}"' in nav}


MENU_NAMES = ["reports:dashboard", "tasks:plan_overview", "tasks:my_tasks", "people:officials", "importing:plan_upload"]


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("official", {"tasks:my_tasks"}),
        ("clerk", {"tasks:plan_overview", "tasks:my_tasks", "people:officials", "importing:plan_upload"}),
        ("chairman", {"reports:dashboard", "tasks:plan_overview", "tasks:my_tasks"}),
        ("vice_chairman", {"reports:dashboard", "tasks:plan_overview", "tasks:my_tasks"}),
        ("observer", {"tasks:plan_overview"}),
        ("supervisor", {"reports:dashboard", "tasks:plan_overview"}),
    ],
)
def test_the_menu_shows_the_pages_of_the_persons_role(client, request, person, expected):
    client.force_login(request.getfixturevalue(person))

    response = client.get(reverse("notifications:notifications"))

    assert menu_links(response) == expected
    assert 'href="/admin/"' not in navbar(response)


def test_staff_get_a_link_to_the_admin(client, commune):
    clerk = make_person("vanphong", commune, Role.CLERK, is_staff=True)
    client.force_login(clerk)

    assert 'href="/admin/"' in navbar(client.get(reverse("notifications:notifications")))


def test_the_current_page_is_marked_in_the_menu(client, chairman):
    client.force_login(chairman)

    nav = navbar(client.get(reverse("reports:dashboard")))

    assert f'class="nav-link active" href="{reverse("reports:dashboard")}" aria-current="page"' in nav


def test_the_user_menu_has_the_name_password_change_and_a_sign_out_form(client, official):
    client.force_login(official)

    nav = navbar(client.get(reverse("reports:dashboard")))

    assert "Trần Văn Bình" in nav
    assert f'href="{reverse("password_change")}"' in nav
    assert f'<form method="post" action="{reverse("logout")}">' in nav
    assert f'action="{reverse("set_language")}"' in nav
    assert 'data-bs-toggle="collapse"' in nav  # folds away on a phone


def test_anonymous_pages_have_no_menu_or_bell_but_keep_the_language_switch(client):
    nav = navbar(client.get(reverse("login")))

    assert "notification-bell" not in nav
    assert reverse("logout") not in nav
    assert f'action="{reverse("set_language")}"' in nav


@pytest.fixture
def task(commune):
    plan = Plan.objects.create(unit=commune, year=2024, title="Kế hoạch PAPI 2024")
    return Task.objects.create(plan=plan, code="1.1.a", title="Niêm yết công khai", text="Niêm yết công khai.")


def test_the_bell_counts_the_persons_unread_notifications(client, official, clerk, task):
    for kind in (Notification.Kind.ASSIGNED, Notification.Kind.COMMENTED, Notification.Kind.RETURNED):
        Notification.objects.create(recipient=official, kind=kind, task=task, actor=clerk)
    Notification.objects.create(recipient=official, kind="confirmed", task=task, read_at=timezone.now())
    Notification.objects.create(recipient=clerk, kind="reported", task=task, actor=official)
    client.force_login(official)

    nav = navbar(client.get(reverse("reports:dashboard"), HTTP_ACCEPT_LANGUAGE="en"))

    assert f'href="{reverse("notifications:notifications")}"' in nav
    assert 'data-unread="3">3</span>' in nav
    with translation.override("en"):
        assert "3 unread notifications" in nav


def test_the_bell_has_no_badge_when_all_is_read(client, official):
    client.force_login(official)

    nav = navbar(client.get(reverse("reports:dashboard")))

    assert "notification-bell" in nav
    assert "data-unread" not in nav


def test_the_bell_costs_one_query_and_only_when_shown(rf, official, django_assert_num_queries):
    request = rf.get("/")
    request.user = official
    with django_assert_num_queries(0):
        context = {**portal(request), **bell(request)}
    with django_assert_num_queries(1):  # SELECT COUNT(*) FROM notification WHERE recipient AND read_at IS NULL
        assert context["unread_notifications"]() == 0
        assert context["unread_notifications"]() == 0

    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert portal(request) == {}
        assert bell(request) == {}


# --- Error pages (the test settings run with DEBUG = False) ---------------------------


def test_a_missing_page_shows_the_friendly_404(client, official):
    client.force_login(official)

    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert 'id="error-404"' in html
    with translation.override("en"):
        assert "Page not found" in html
    assert f'href="{reverse("home")}"' in html
    assert "no-such-page" not in html  # the address asked for is never echoed back


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.accounts.urls"


def test_a_refused_action_shows_the_friendly_403(client, official, failing_urls):
    client.force_login(official)

    response = client.get("/test-forbidden/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="error-403"' in html
    with translation.override("en"):
        assert "Not allowed" in html


def test_a_server_error_shows_the_plain_500_page_in_vietnamese_then_english(client, failing_urls):
    client.raise_request_exception = False

    response = client.get("/test-broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert html.index("<h1>Đã xảy ra lỗi hệ thống</h1>") < html.index("<h2>Server error</h2>")


def test_the_500_page_needs_no_database_or_context_processors(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert 'id="error-500"' in html
    assert '<html lang="vi">' in html
    assert "{%" not in html and "{{" not in html


def test_the_orange_of_done_late_tasks_is_defined_and_loaded(client):
    css = Path(finders.find("css/portal.css")).read_text()

    assert Bucket.DONE_LATE.colour == "orange"
    for rule in (".text-bg-orange", ".bg-orange", ".border-orange", ".btn-orange"):
        assert rule in css
    assert 'href="/static/css/portal.css"' in client.get(reverse("login")).content.decode()
