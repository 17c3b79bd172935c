"""/tasks/plan/upload/ with an appendix: the preview shows how each row was matched to the body, the
clerk corrects a match with the row's select, and the confirmed import applies the choice."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from plans.models import Plan
from tasks.models import Task, TaskOrigin
from tests.importing.ward_plan import KT, VHXH, build_ward_docx

URL = reverse("importing:plan_upload")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")  # the messages are asserted in English


def _upload(client, clerk, tmp_path):
    data = build_ward_docx(tmp_path / "ke-hoach.docx").read_bytes()
    client.force_login(clerk)
    return client.post(URL, {"file": SimpleUploadedFile("ke-hoach.docx", data, DOCX), "year": 2026})


@pytest.fixture
def preview(client, clerk, tmp_path):
    """The preview of the ward plan (16 rows restating 16 items), as the clerk sees it."""
    response = _upload(client, clerk, tmp_path)
    assert response.status_code == 200
    return response


def _token(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def _selects(response):
    """{select name: the option selected} of the preview's rows."""
    html = response.content.decode()
    found = {}
    for name, body in re.findall(r'<select name="(row-[^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        found[name] = selected[1] if selected else None
    return found


def _staged(settings):
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_the_preview_lists_every_row_with_its_match_confidence_and_a_select(preview):
    html = preview.content.decode()
    report = preview.context["report"]
    assert len(report.matches) == 16 and report.counts.total == 16
    selects = _selects(preview)
    assert list(selects.values()) == [m.task.code for m in report.matches]
    assert html.count('<option value="">A new task</option>') == 16
    assert "By its text, 96% alike" in html and "high confidence" in html
    assert "Body item completed by appendix row 1" in html  # the select's label
    assert 'name="review"' in html
    assert Plan.objects.count() == 0


def test_the_preview_speaks_vietnamese_first(clerk, tmp_path):
    html = _upload(Client(HTTP_ACCEPT_LANGUAGE="vi"), clerk, tmp_path).content.decode()
    assert "Các dòng của phụ lục và nhiệm vụ trong Kế hoạch được bổ sung" in html
    assert '<option value="">Nhiệm vụ mới</option>' in html and "Xem trước lại" in html
    assert "Theo nội dung, giống 96%" in html and "độ tin cậy cao" in html


def test_the_clerks_corrections_are_applied_by_the_confirmed_import(client, preview, commune, settings):
    rows = _selects(preview)
    first, second = list(rows)[:2]
    response = client.post(URL, {"token": _token(preview), **rows, first: "", second: "1.a", "confirm": "1"})

    assert response.status_code == 302
    plan = Plan.objects.get(unit=commune, year=2026)
    tasks = {t.code: t for t in Task.objects.filter(plan=plan)}
    assert tasks["1.a"].lead_text == VHXH  # row 2 completes 1.a, as the clerk chose
    assert tasks["1.b"].lead_text == ""
    assert (tasks["PL.1"].origin, tasks["PL.1"].lead_text) == (TaskOrigin.APPENDIX, KT)  # row 1: a new task
    assert len(tasks) == 17
    assert _staged(settings) == []


def test_a_confirmation_without_the_selects_keeps_the_previews_matches(client, preview, commune):
    client.post(URL, {"token": _token(preview), "confirm": "1"})

    plan = Plan.objects.get(unit=commune, year=2026)
    assert plan.tasks.count() == 16
    assert plan.tasks.filter(origin=TaskOrigin.PLAN_TEXT).exclude(lead_text="").count() == 16


def test_two_rows_for_one_body_item_are_refused_and_the_preview_shown_again(client, preview, settings):
    rows = _selects(preview)
    second = list(rows)[1]

    response = client.post(URL, {"token": _token(preview), **rows, second: "1.a", "confirm": "1"})

    assert response.status_code == 200
    assert "Rows 1, 2 are all matched to 1.a; a body item is completed by one row only." in response.content.decode()
    assert _selects(response)[second] == "1.a"  # what the clerk chose is kept
    assert Plan.objects.count() == 0
    assert len(_staged(settings)) == 1  # still waiting for a confirmation


def test_a_match_that_is_not_a_body_item_of_the_preview_is_refused(client, preview):
    first = next(iter(_selects(preview)))

    response = client.post(URL, {"token": _token(preview), first: "9.z", "confirm": "1"})

    assert response.status_code == 200
    assert response.context["confirm_form"].errors[first]
    assert Plan.objects.count() == 0


def test_preview_again_shows_the_plan_with_the_clerks_choices(client, preview, settings):
    rows = _selects(preview)
    first = next(iter(rows))

    response = client.post(URL, {"token": _token(preview), **rows, first: "", "review": "1"})

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.matches[0].how, report.matches[0].new_task.code) == ("clerk", "PL.1")
    assert "A new task, chosen by hand" in response.content.decode()
    assert _selects(response)[first] == ""
    assert Plan.objects.count() == 0 and len(_staged(settings)) == 1
    client.post(URL, {"token": _token(response), **_selects(response), "confirm": "1"})
    assert Task.objects.filter(code="PL.1", origin=TaskOrigin.APPENDIX).exists()
