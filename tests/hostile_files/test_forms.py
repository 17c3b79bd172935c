"""A hostile file through each upload form (Django's test client, the real views): the page comes
back (200) with one error on the file field, in Vietnamese, and nothing is written: no row, no
stored file, no staged upload.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import PapiScore, Plan
from tasks.models import Evidence, Task
from tests.importing.conftest import row_counts, stored_files

from . import files

BOMB = "(có thể là “bom nén”)"
LAUGHS = "khai báo thực thể XML (entity)"
MEMBERS = "thành phần"
LONG_TEXT = "có một đoạn văn bản hoặc thẻ dài hơn 1,0 MB"
DAMAGED = "không an toàn"  # evidence's "damaged or suspicious archive"

WORD = {
    "zip-bomb.docx": (files.docx_bomb, BOMB),
    "billion-laughs.docx": (files.docx_billion_laughs, LAUGHS),
    "external-entity.docx": (files.docx_external_entity, LAUGHS),
    "members.docx": (files.docx_many_members, MEMBERS),
    "long-text.docx": (files.docx_long_text, LONG_TEXT),
    "lying-header.docx": (files.docx_lying_header, "Không đọc được tệp Word; tệp có thể bị hỏng."),
}
EXCEL = {
    "zip-bomb.xlsx": (files.xlsx_bomb, BOMB),
    "billion-laughs.xlsx": (files.xlsx_billion_laughs, LAUGHS),
    "members.xlsx": (files.xlsx_many_members, MEMBERS),
    "long-text.xlsx": (files.xlsx_long_text, LONG_TEXT),
}


@pytest.fixture(scope="module")
def built():
    """Each hostile file once for the module (the bombs take a quarter of a second to build)."""
    return {name: build() for name, (build, _said) in {**WORD, **EXCEL}.items()}


@pytest.fixture
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch nâng cao Chỉ số PAPI năm 2024")


@pytest.fixture
def task(plan, official):
    return Task.objects.create(plan=plan, code="1.1.a", title="Họp dân", text="Họp dân.", lead=official)


def written(settings):
    return row_counts(), stored_files(settings)


def the_error(response, form="form", field="file"):
    assert response.status_code == 200
    errors = response.context[form].errors
    assert list(errors) == [field], errors
    (message,) = errors[field]
    assert "\n" not in message
    return message


@pytest.mark.parametrize("name", WORD)
def test_the_plan_upload_refuses_a_hostile_document(client, clerk, settings, built, name):
    client.force_login(clerk)
    before = written(settings)

    response = client.post(
        reverse("importing:plan_upload"), {"file": SimpleUploadedFile(name, built[name]), "year": 2024}
    )

    assert WORD[name][1] in the_error(response)
    assert "confirm_form" not in response.context
    assert written(settings) == before


@pytest.mark.parametrize("name", EXCEL)
def test_the_summary_table_upload_refuses_a_hostile_workbook(client, clerk, task, settings, built, name):
    client.force_login(clerk)
    before = written(settings)

    response = client.post(reverse("importing:appendix"), {"file": SimpleUploadedFile(name, built[name])})

    assert EXCEL[name][1] in the_error(response)
    assert written(settings) == before


@pytest.mark.parametrize("name", EXCEL)
def test_the_score_upload_refuses_a_hostile_workbook(client, clerk, settings, built, name):
    client.force_login(clerk)
    before = written(settings), PapiScore.objects.count()

    response = client.post(reverse("reports:scores_upload"), {"file": SimpleUploadedFile(name, built[name])})

    assert EXCEL[name][1] in the_error(response)
    assert (written(settings), PapiScore.objects.count()) == before


EVIDENCE = ["zip-bomb.docx", "billion-laughs.docx", "members.docx", "zip-bomb.xlsx", "billion-laughs.xlsx"]


@pytest.mark.parametrize("name", EVIDENCE)
def test_evidence_refuses_a_hostile_office_file(client, official, task, settings, built, name):
    client.force_login(official)
    before = written(settings), Evidence.objects.count()

    response = client.post(
        reverse("tasks:task_evidence", args=[task.pk]),
        {"version": task.version, "files": [SimpleUploadedFile(name, built[name])]},
    )

    message = the_error(response, form="evidence_form", field="files")
    assert message.startswith(f"“{name}” là tệp nén bị hỏng hoặc có dấu hiệu {DAMAGED}.")
    assert (EXCEL.get(name) or WORD[name])[1] in message
    assert (written(settings), Evidence.objects.count()) == before


def test_a_progress_report_with_a_hostile_file_saves_nothing(client, official, task, settings, built):
    client.force_login(official)
    before = written(settings)

    response = client.post(
        reverse("tasks:task_progress", args=[task.pk]),
        {
            "version": task.version,
            "status": "in_progress",
            "progress": 50,
            "note": "Đã họp",
            "files": [SimpleUploadedFile("bien-ban.docx", built["billion-laughs.docx"])],
        },
    )

    assert LAUGHS in the_error(response, form="progress_form", field="files")
    assert written(settings) == before
    task.refresh_from_db()
    assert (task.progress, task.version) == (0, 1)


def test_a_word_97_document_is_asked_to_be_saved_as_docx(client, clerk, settings):
    client.force_login(clerk)
    before = written(settings)
    doc = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 4096

    url = reverse("importing:plan_upload")
    by_name = client.post(url, {"file": SimpleUploadedFile("ke-hoach.doc", doc), "year": 2024})
    renamed = client.post(url, {"file": SimpleUploadedFile("ke-hoach.docx", doc), "year": 2024})

    said = "Không đọc được văn bản Word định dạng cũ (.doc); hãy lưu tệp dưới dạng .docx."
    assert the_error(by_name) == said
    assert the_error(renamed) == said
    assert written(settings) == before
