"""The layout on a 360-pixel phone in a real Chromium: sign in, the bell, the folded menu, sign out.

Playwright runs in a thread of its own: the browser harness of tests/browser keeps a
session-wide Playwright (and its event loop) in the main thread, and a second sync
Playwright in that thread would refuse to start.
"""

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from plans.models import Plan
from tasks.models import Task
from tests.browser.conftest import CHROMIUM, PHONE
from tests.notifications.conftest import notify

pytestmark = pytest.mark.browser


def on_a_phone(base_url, journey):
    """Run `journey(page)` in a fresh headless Chromium sized like a 360-pixel phone."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (.ci/run does).")

    def run():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                context = browser.new_context(
                    viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN", base_url=base_url
                )
                page = context.new_page()
                page.set_default_timeout(10_000)
                return journey(page)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def task(commune):
    plan = Plan.objects.create(unit=commune, year=2024, title="Kế hoạch PAPI 2024")
    return Task.objects.create(plan=plan, code="1.1.a", title="Niêm yết công khai", text="Niêm yết công khai.")


def chairman_signs_in_and_out(page):
    seen = {}
    page.goto("/")
    seen["login_url"] = page.url
    seen["lang"] = page.locator("html").get_attribute("lang")
    page.fill("input[name=username]", "chutich")
    page.fill("input[name=password]", "pw-chutich")
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()

    page.wait_for_url("**/reports/dashboard/")
    seen["page_width"] = page.evaluate("document.documentElement.scrollWidth")
    bell = page.locator("#notification-bell")
    seen["bell_visible"] = bell.is_visible()
    seen["bell_count"] = bell.locator(".badge").inner_text()

    menu = page.locator("#main-nav")
    seen["menu_folded"] = not menu.is_visible()
    page.locator(".navbar-toggler").click()
    menu.locator("a[href='/reports/dashboard/']").wait_for(state="visible")
    # Bootstrap's collapse ends with "collapse show"; a click while it is still "collapsing" can be
    # lost on a slow machine, as a hurried finger's would.
    page.locator("#main-nav.collapse.show").wait_for()

    page.locator("#user-menu").click()
    page.locator("#user-menu + .dropdown-menu.show").wait_for()
    page.locator("form[action='/accounts/logout/'] button").click()
    page.wait_for_url("**/accounts/login/")
    seen["signed_out_message"] = page.locator(".alert-success").is_visible()
    return seen


def test_a_chairman_works_the_layout_on_a_phone(live_server, transactional_db, chairman, clerk, task):
    notify(chairman, task, actor=clerk)

    seen = on_a_phone(live_server.url, chairman_signs_in_and_out)

    assert seen["login_url"].endswith("/accounts/login/")
    assert seen["lang"] == "vi"
    assert seen["page_width"] <= PHONE["width"]  # nothing sticks out sideways
    assert seen["bell_visible"]  # the bell stays outside the folded menu
    assert seen["bell_count"] == "1"
    assert seen["menu_folded"]
    assert seen["signed_out_message"]
