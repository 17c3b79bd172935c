"""The chairman opens the dashboard, sees the chart drawn, and drills down to the overdue tasks."""

import datetime
import re

import pytest
from django.utils import timezone

from plans.models import Plan, Role
from tasks.models import TaskStatus
from tests.conftest import make_person
from tests.dashboard.conftest import add_task

PASSWORD = "Mật-khẩu-2024"


@pytest.fixture
def dashboard_world(transactional_db, commune, other_commune):
    chairman = make_person("chutich", commune, Role.CHAIRMAN, "Chủ tịch UBND xã", "Lê Ngọc Tuân")
    chairman.set_password(PASSWORD)
    chairman.save()
    official = make_person("tuphap", commune, Role.OFFICIAL, None, "Trần Văn Bình")
    today = timezone.localdate()
    d = datetime.timedelta
    plan = Plan.objects.create(unit=commune, year=today.year, title="Kế hoạch PAPI")
    add_task(plan, "1.1", area=1, lead=official, status=TaskStatus.DONE, due=today - d(9), completed=today - d(10))
    add_task(plan, "1.2", area=1, lead=official, status=TaskStatus.NOT_STARTED, due=today - d(4))
    add_task(plan, "2.1", area=2, lead=None, status=TaskStatus.IN_PROGRESS, due=today - d(1))
    add_task(plan, "2.2", area=2, lead=official, status=TaskStatus.IN_PROGRESS, due=today + d(40))
    add_task(plan, "3.1", area=3, lead=official, status=TaskStatus.AWAITING_CONFIRMATION, due=today - d(2))
    other = Plan.objects.create(unit=other_commune, year=today.year, title="Kế hoạch khác")
    add_task(other, "1.1", area=1, status=TaskStatus.NOT_STARTED, due=today - d(4))
    return chairman


def test_chairman_sees_the_chart_and_drills_down_to_the_overdue_tasks(dashboard_world, desktop_page):
    page = desktop_page
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "chutich")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()

    page.goto("/dashboard/")
    page.wait_for_url(re.compile(r"/reports/dashboard/"))
    page.wait_for_selector("canvas#completion-chart")
    page.wait_for_function("typeof Chart !== 'undefined' && Chart.getChart(document.querySelector('canvas'))")
    assert page.evaluate("Chart.getChart(document.querySelector('canvas')) !== undefined")

    overdue = page.locator("#overall-overdue")
    assert overdue.inner_text().strip() == "2"
    overdue.click()
    page.wait_for_url(re.compile(r"/tasks/\?.*bucket=overdue"))
    codes = page.locator(".stretched-link span.text-body-secondary").all_inner_texts()
    assert sorted(code.strip() for code in codes) == ["1.2", "2.1"]
