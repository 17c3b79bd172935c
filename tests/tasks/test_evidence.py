"""Evidence files: checked by content, stored under generated names in MEDIA_ROOT, downloaded safely."""

import io
import os
import zipfile

import docx
import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from plans.models import Role
from tasks import evidence
from tasks.models import Evidence, ProgressUpdate
from tasks.services import editing
from tests.conftest import make_person

from .conftest import (
    GIF_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    WEBP_BYTES,
    compound_file,
    ooxml,
    signed_in,
    upload,
)


def real_docx():
    document = docx.Document()
    document.add_paragraph("Biên bản kiểm tra")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def real_xlsx():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Số lượt tiếp dân"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(entries, method=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def files_under(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _dirs, fs in os.walk(root) for f in fs)


# --- sniff(): what a file is, by its bytes -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("report.pdf", PDF_BYTES, ("application/pdf", ".pdf")),
        ("photo.jpg", JPEG_BYTES, ("image/jpeg", ".jpg")),
        ("photo.png", PNG_BYTES, ("image/png", ".png")),
        ("photo.gif", GIF_BYTES, ("image/gif", ".gif")),
        ("photo.webp", WEBP_BYTES, ("image/webp", ".webp")),
        ("minutes.docx", real_docx(), (evidence.DOCX[0], ".docx")),
        ("figures.xlsx", real_xlsx(), (evidence.XLSX[0], ".xlsx")),
        ("minimal.docx", ooxml("word"), (evidence.DOCX[0], ".docx")),
        ("old.doc", compound_file("WordDocument", "1Table"), ("application/msword", ".doc")),
        ("old.xls", compound_file("Workbook"), ("application/vnd.ms-excel", ".xls")),
        ("older.xls", compound_file("Book"), ("application/vnd.ms-excel", ".xls")),
        # Accepted by content whatever the name says; stored with the detected extension.
        ("photo.docx", PNG_BYTES, ("image/png", ".png")),
        ("no extension", PDF_BYTES, ("application/pdf", ".pdf")),
    ],
)
def test_allowed_files_are_recognised_by_content(name, data, expected):
    assert evidence.sniff(upload(name, data)) == expected


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("report.pdf", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("report.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100 + b"This program cannot be run in DOS mode"),
        ("report.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 50),
        ("report.docx", zip_of({"setup.exe": b"MZ" + b"\x00" * 100})),
        ("report.docx", zip_of({"[Content_Types].xml": b"<Types/>", "payload.js": b"x"})),
        ("report.docx", ooxml("macro-word", {"word/vbaProject.bin": b"\x00" * 10})),
        ("report.docx", ooxml("word", {"word/vbaProject.bin": b"\x00" * 10})),
        ("report.docx", b"PK\x03\x04" + b"\x00" * 100),  # damaged zip
        ("report.doc", compound_file("WordDocument", "Macros")),
        ("setup.msi", compound_file("\u4840\u4400SummaryInformation")),  # an installer is OLE2 too
        ("report.doc", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100),  # damaged
        ("report.pdf", b" %PDF-1.4 with something before the header"),
        ("empty.pdf", b""),
    ],
)
def test_other_files_are_refused_whatever_their_name(name, data):
    with pytest.raises(ValidationError) as refused:
        evidence.sniff(upload(name, data))
    assert name in refused.value.messages[0]


def test_a_zip_bomb_is_refused_without_being_unpacked():
    bomb = zip_of({"[Content_Types].xml": ooxml_types(), "word/document.xml": b"\x00" * (60 * 1024 * 1024)})
    assert len(bomb) < 200_000

    with translation.override("en"), pytest.raises(ValidationError, match="suspicious"):
        evidence.sniff(upload("bomb.docx", bomb))


def ooxml_types():
    return zipfile.ZipFile(io.BytesIO(ooxml("word"))).read("[Content_Types].xml")


def test_a_file_over_the_limit_is_refused_with_a_clear_message(settings):
    settings.PAPI_EVIDENCE_MAX_BYTES = 1000

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        evidence.sniff(upload("big.pdf", PDF_BYTES + b"0" * 1000))
    assert refused.value.messages == ["“big.pdf” is too large (1.0\xa0KB); files may be at most 1000\xa0bytes."]


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\Lan\\Desktop\\Báo cáo.pdf", "Báo cáo.pdf"),
        ('bien "ban"\r\nX-Evil: 1.pdf', 'bien "ban" X-Evil: 1.pdf'),
        ("  .hidden.pdf  ", "hidden.pdf"),
        ("/", "file"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
        ("Tiếng Việt có dấu.pdf", "Tiếng Việt có dấu.pdf"),
    ],
)
def test_names_are_cleaned_before_they_are_kept(name, kept):
    assert evidence.clean_name(name) == kept


@pytest.mark.parametrize(
    ("original", "extension", "offered"),
    [
        ("report.pdf", ".pdf", "report.pdf"),
        ("photo.JPEG", ".jpg", "photo.JPEG"),
        ("photo.docx", ".png", "photo.png"),
        ("scan", ".pdf", "scan.pdf"),
    ],
)
def test_the_download_name_has_the_real_extension(original, extension, offered):
    assert evidence.download_name(original, extension) == offered


# --- add_evidence(): all or nothing ----------------------------------------------------------


def test_evidence_is_stored_under_a_generated_name_with_its_hash(task, official, settings):
    import hashlib

    (item,) = evidence.add_evidence(task, by=official, files=[upload("photo.docx", PNG_BYTES)])

    assert item.original_name == "photo.docx"
    assert item.content_type == "image/png" and item.file.name.endswith(".png")
    assert item.sha256 == hashlib.sha256(PNG_BYTES).hexdigest() and item.size == len(PNG_BYTES)
    assert item.uploaded_by == official and item.update is None


def test_people_who_cannot_comment_cannot_add_evidence(task, commune):
    observer = make_person("mattran", commune, Role.OBSERVER)

    with pytest.raises(PermissionDenied):
        evidence.add_evidence(task, by=observer, files=[upload("a.pdf", PDF_BYTES)])
    assert not Evidence.objects.exists()


def test_if_one_file_cannot_be_saved_none_is_kept(task, official, settings, monkeypatch):
    original_save = default_storage.save
    calls = []

    def failing_save(name, content, max_length=None):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return original_save(name, content, max_length=max_length)

    monkeypatch.setattr(default_storage, "save", failing_save)
    files = [upload("a.pdf", PDF_BYTES), upload("b.pdf", PDF_BYTES)]

    with pytest.raises(OSError):
        evidence.add_evidence(task, by=official, files=files)

    assert not Evidence.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_failure_after_the_files_are_written_removes_them(task, official, settings):
    with pytest.raises(RuntimeError), evidence.atomic_with_files():
        evidence.add_evidence(task, by=official, files=[upload("a.pdf", PDF_BYTES)])
        assert len(files_under(settings.MEDIA_ROOT)) == 1
        raise RuntimeError("the rest of the change failed")

    assert not Evidence.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_nothing_is_written_when_a_later_file_is_refused(task, official, settings):
    files = [upload("a.pdf", PDF_BYTES), upload("b.pdf", b"<html>")]

    with pytest.raises(ValidationError):
        evidence.add_evidence(task, by=official, files=files)
    assert files_under(settings.MEDIA_ROOT) == []


# --- Through the pages ----------------------------------------------------------------


def test_an_oversized_file_is_refused_and_nothing_changes(task, as_official, settings):
    too_big = upload("scan.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))

    response = as_official.post(
        reverse("tasks:task_progress", args=[task.pk]),
        {"version": task.version, "status": "in_progress", "progress": 50, "note": "Kèm bản scan", "files": [too_big]},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "“scan.pdf” is too large (10.0\xa0MB); files may be at most 10.0\xa0MB." in html
    assert "Kèm bản scan" in html
    task.refresh_from_db()
    assert (task.progress, task.version) == (0, 1)
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_cooperating_official_uploads_evidence_without_a_report(task, commune, settings):
    helper = make_person("vanhoa", commune, Role.OFFICIAL)
    task.cooperating.add(helper)
    client = signed_in(helper)

    response = client.post(
        reverse("tasks:task_evidence", args=[task.pk]),
        {"version": task.version, "files": [upload("a.pdf", PDF_BYTES), upload("b.png", PNG_BYTES)]},
    )

    assert response.status_code == 302
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["a.pdf", "b.png"]
    timeline = client.get(response["Location"]).context["timeline"]
    assert timeline[0].kind == "evidence" and len(timeline[0].files) == 2


def test_uploading_nothing_is_refused(task, as_official):
    response = as_official.post(reverse("tasks:task_evidence", args=[task.pk]), {"version": task.version})

    assert response.status_code == 200
    assert response.context["evidence_form"].errors


@pytest.mark.parametrize(
    ("name", "disposition"),
    [
        ("../../etc/passwd.pdf", 'attachment; filename="passwd.pdf"'),
        ('bao "cao"\r\nSet-Cookie: x=1.pdf', 'attachment; filename="bao \\"cao\\" Set-Cookie: x=1.pdf"'),
        ("Báo cáo quý.pdf", "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD.pdf"),
        ("x" * 400 + ".pdf", f'attachment; filename="{"x" * 196}.pdf"'),
        ("photo.docx", 'attachment; filename="photo.pdf"'),
    ],
)
def test_hostile_names_stay_inside_media_root_and_download_safely(
    task, official, as_official, settings, tmp_path, name, disposition
):
    # Straight to the service: the browser's multipart encoding would already mangle some names.
    (item,) = evidence.add_evidence(task, by=official, files=[upload(name, PDF_BYTES)])

    assert set(files_under(tmp_path)) == {os.path.join("media", item.file.name)}
    assert os.path.realpath(item.file.path).startswith(os.path.realpath(settings.MEDIA_ROOT))
    download = as_official.get(reverse("tasks:evidence_download", args=[item.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == disposition
    assert "\n" not in download["Content-Disposition"] and "\r" not in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"


def test_evidence_of_another_commune_cannot_be_downloaded(task, official, outsider, as_outsider, client):
    (item,) = evidence.add_evidence(task, by=official, files=[upload("a.pdf", PDF_BYTES)])
    url = reverse("tasks:evidence_download", args=[item.pk])

    assert as_outsider.get(url).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_evidence_of_a_deleted_task_cannot_be_downloaded(task, official, clerk, as_clerk):
    (item,) = evidence.add_evidence(task, by=official, files=[upload("a.pdf", PDF_BYTES)])
    editing.soft_delete(task, by=clerk)

    assert as_clerk.get(reverse("tasks:evidence_download", args=[item.pk])).status_code == 404


def test_everyone_in_the_commune_can_download_and_a_missing_file_is_a_404(task, official, commune, settings):
    observer = make_person("mattran", commune, Role.OBSERVER)
    (item,) = evidence.add_evidence(task, by=official, files=[upload("a.pdf", PDF_BYTES)])
    url = reverse("tasks:evidence_download", args=[item.pk])

    assert signed_in(observer).get(url).status_code == 200

    os.remove(item.file.path)
    assert signed_in(observer).get(url).status_code == 404


def test_a_hostile_name_through_the_upload_form_is_kept_without_its_path(task, as_official, settings, tmp_path):
    response = as_official.post(
        reverse("tasks:task_evidence", args=[task.pk]),
        {"version": 1, "files": [upload("../../../../tmp/evil.pdf", PDF_BYTES)]},
    )

    assert response.status_code == 302
    item = Evidence.objects.get()
    assert item.original_name == "evil.pdf"
    assert set(files_under(tmp_path)) == {os.path.join("media", item.file.name)}


def test_media_files_are_not_served_by_url(task, official, client, as_official):
    (item,) = evidence.add_evidence(task, by=official, files=[upload("a.pdf", PDF_BYTES)])

    assert as_official.get("/" + item.file.name).status_code == 404
    assert as_official.get("/media/" + item.file.name).status_code == 404


def test_atomic_with_files_keeps_files_when_the_transaction_commits(task, official, settings):
    with evidence.atomic_with_files():
        evidence.add_evidence(task, by=official, files=[upload("a.pdf", PDF_BYTES)])
    assert len(files_under(settings.MEDIA_ROOT)) == 1
    assert transaction.get_connection().in_atomic_block  # (pytest-django's test transaction)
