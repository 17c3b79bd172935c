"""Every upload form answers a wrong file by naming the kind of file that form takes.

The score sheet and the task summary table take an Excel workbook, the plan upload a Word or text
document, evidence a PDF, image, Word or Excel file. Each is sent a file of another kind through its
real view: the page comes back (200) with that form's own words, in Vietnamese, and nothing is saved.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from plans.models import PapiScore, Plan
from tasks.models import Evidence, Task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXCEL_REFUSAL = "Tải lên tệp Excel (.xlsx): “{name}” không phải là tệp Excel."
EVIDENCE_LIST = "PDF, ảnh (JPEG, PNG, WebP, GIF), Word hoặc Excel"


def xlsx():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.fixture
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch nâng cao Chỉ số PAPI năm 2024")


@pytest.fixture
def task(plan, official):
    return Task.objects.create(plan=plan, code="1.1.a", title="Họp dân", text="Họp dân.", lead=official)


def counts():
    return PapiScore.objects.count(), Plan.objects.count(), Task.objects.count(), Evidence.objects.count()


@pytest.mark.parametrize(
    ("name", "data"),
    [("diem.pdf", PDF), ("diem.xlsx", PNG), ("diem.txt", b"Nam;Ma;Diem\n"), ("diem.docx", b"PK\x03\x04broken")],
)
def test_the_score_sheet_upload_asks_for_an_excel_workbook(client, clerk, name, data):
    client.force_login(clerk)
    before = counts()

    response = client.post(reverse("reports:scores_upload"), {"file": SimpleUploadedFile(name, data)})

    assert response.status_code == 200
    (message,) = response.context["form"].errors["file"]
    assert message.startswith(EXCEL_REFUSAL.format(name=name))
    assert EVIDENCE_LIST not in message
    assert counts() == before


@pytest.mark.parametrize(("name", "data"), [("bieu.pdf", PDF), ("bieu.xlsx", PNG), ("bieu.csv", b"STT;Ma\n")])
def test_the_summary_table_upload_asks_for_an_excel_workbook(client, clerk, task, name, data):
    client.force_login(clerk)
    before = counts()

    response = client.post(reverse("importing:appendix"), {"file": SimpleUploadedFile(name, data)})

    assert response.status_code == 200
    (message,) = response.context["form"].errors["file"]
    assert message.startswith(EXCEL_REFUSAL.format(name=name))
    assert counts() == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ke-hoach.xlsx", xlsx(), "Tải lên tệp .docx, .txt hoặc .md."),
        ("ke-hoach.docx", PDF, "Tệp có đuôi .docx nhưng không phải văn bản Word."),
        ("ke-hoach.txt", PNG, "Đây không phải tệp văn bản hoặc tệp Word."),
    ],
)
def test_the_plan_upload_asks_for_a_word_or_text_document(client, clerk, name, data, message):
    client.force_login(clerk)
    before = counts()

    response = client.post(reverse("importing:plan_upload"), {"file": SimpleUploadedFile(name, data), "year": 2024})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert counts() == before


def test_evidence_asks_for_a_pdf_image_word_or_excel_file(client, official, task):
    client.force_login(official)
    before = counts()

    response = client.post(
        reverse("tasks:task_evidence", args=[task.pk]),
        {"version": task.version, "files": [SimpleUploadedFile("trang.html", b"<html><script></script></html>")]},
    )

    assert response.status_code == 200
    assert response.context["evidence_form"].errors["files"] == [f"“trang.html” không phải là tệp {EVIDENCE_LIST}."]
    assert counts() == before


def test_an_excel_workbook_is_still_taken_as_evidence(client, official, task):
    client.force_login(official)

    response = client.post(
        reverse("tasks:task_evidence", args=[task.pk]),
        {"version": task.version, "files": [SimpleUploadedFile("so-lieu.xlsx", xlsx())]},
    )

    assert response.status_code == 302
    assert Evidence.objects.get().original_name == "so-lieu.xlsx"
