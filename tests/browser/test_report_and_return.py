"""The daily loop in a real browser: an official on a phone reports a task done with a PDF,
the clerk returns it, the official sees the notification and the returned status."""

import datetime
import re

import pytest

from plans.models import ContentArea, Plan, Role
from tasks.models import Evidence, Task, TaskStatus
from tests.conftest import make_person

PASSWORD = "Mật-khẩu-2024"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def journey(transactional_db, commune):
    official = make_person("tuphap", commune, Role.OFFICIAL, "Công chức Tư pháp - Hộ tịch", "Trần Văn Bình")
    clerk = make_person("vanphong", commune, Role.CLERK, "Công chức Văn phòng - Thống kê", "Nguyễn Thị Hoa")
    for person in (official, clerk):
        person.set_password(PASSWORD)
        person.save()
    plan = Plan.objects.create(unit=commune, year=2024, title="Kế hoạch PAPI 2024")
    task = Task.objects.create(
        plan=plan,
        code="1.3.a",
        title="Tiếp công dân định kỳ",
        text="Thực hiện tốt việc tiếp công dân định kỳ, thường xuyên theo quy định.",
        content_area=ContentArea.objects.get(code=3),
        lead=official,
        deadline_kind="date",
        due_date=datetime.date.today() + datetime.timedelta(days=20),
        deadline_text="Trước 20 ngày nữa",
    )
    return official, clerk, task


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_official_reports_done_with_a_pdf_and_the_clerk_returns_it(journey, phone_page, desktop_page):
    official, clerk, task = journey

    # The official, on a 360-px phone, signs in and lands on "Việc của tôi".
    sign_in(phone_page, "tuphap")
    assert phone_page.url.endswith("/tasks/mine/")
    assert phone_page.locator("html").get_attribute("lang") == "vi"
    assert fits_the_screen(phone_page)

    # Opens the task and reports it done with a note and a PDF.
    phone_page.click(f"a[href='/tasks/{task.pk}/']")
    assert "Thực hiện tốt việc tiếp công dân định kỳ" in phone_page.inner_text("main")
    assert fits_the_screen(phone_page)
    form = phone_page.locator("#progress form")
    form.locator("input[name=status][value=done]").check()
    form.locator("input[name=progress]").fill("100")
    form.locator("textarea[name=note]").fill("Đã tổ chức tiếp công dân tháng 6, có biên bản kèm theo.")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "bien-ban-tiep-dan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    form.locator("button[type=submit]").click()
    phone_page.wait_for_load_state()

    main = phone_page.inner_text("main")
    assert "Chờ xác nhận" in main
    assert "bien-ban-tiep-dan.pdf" in main
    assert "Đã tổ chức tiếp công dân tháng 6" in main
    evidence = Evidence.objects.get(task=task)
    assert evidence.original_name == "bien-ban-tiep-dan.pdf"
    assert not evidence.file.name.endswith("bien-ban-tiep-dan.pdf")  # stored under a generated name

    # The file downloads as an attachment with the right name.
    with phone_page.expect_download() as download:
        phone_page.click(f"a[href='/tasks/evidence/{evidence.pk}/']")
    assert download.value.suggested_filename == "bien-ban-tiep-dan.pdf"

    # The clerk, on a desktop, returns it with a reason.
    sign_in(desktop_page, "vanphong")
    desktop_page.goto(f"/tasks/{task.pk}/")
    review = desktop_page.locator("#review")
    review.locator("textarea[name=reason]").fill("Biên bản chưa có chữ ký của người chủ trì, đề nghị bổ sung.")
    review.locator(f"form[action='/tasks/{task.pk}/return/'] button[type=submit]").click()
    desktop_page.wait_for_load_state()
    assert "Bị trả lại" in desktop_page.inner_text("main")
    task.refresh_from_db()
    assert task.status == TaskStatus.RETURNED

    # The official sees the bell, opens the notification and finds the task returned.
    phone_page.goto("/tasks/mine/")
    bell = phone_page.locator("#notification-bell")
    assert bell.locator("[data-unread]").inner_text() == "1"
    bell.click()
    phone_page.wait_for_load_state()
    assert "Biên bản chưa có chữ ký" in phone_page.inner_text("main")
    phone_page.locator("form[action$='/open/'] button[type=submit]").first.click()
    phone_page.wait_for_load_state()
    assert re.search(rf"/tasks/{task.pk}/", phone_page.url)
    assert "Bị trả lại" in phone_page.inner_text("main")
    assert phone_page.locator("#notification-bell [data-unread]").count() == 0
