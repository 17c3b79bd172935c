"""Fixtures for the task pages: a plan with a task, signed-in clients, and sample files of each kind."""

import datetime
import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from plans.models import ContentArea, Plan
from tasks.models import Task


@pytest.fixture
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch PAPI 2024", number="05/KH-UBND")


@pytest.fixture
def area():
    return ContentArea.objects.get(code=3)


@pytest.fixture
def task(plan, official, area):
    return Task.objects.create(
        plan=plan,
        code="1.3.a",
        title="Tiếp công dân",
        text="Thực hiện tốt việc tiếp công dân.",
        content_area=area,
        lead=official,
        due_date=datetime.date(2024, 6, 30),
        deadline_kind="date",
        deadline_text="Quý II/2024",
    )


def signed_in(user):
    """A test client signed in as `user`, reading the English interface (stable assertions)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def as_official(official):
    return signed_in(official)


@pytest.fixture
def as_clerk(clerk):
    return signed_in(clerk)


@pytest.fixture
def as_chairman(chairman):
    return signed_in(chairman)


@pytest.fixture
def as_outsider(outsider):
    return signed_in(outsider)


# --- Sample files -----------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"
GIF_BYTES = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP_BYTES = b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 14


def ooxml(kind="word", extra=None):
    """A minimal Word (.docx) or Excel (.xlsx) package, or a variant with `extra` parts."""
    main = {
        "word": (
            "word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
        "excel": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        "macro-word": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
    }[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/{main[0]}" ContentType="{main[1]}"/></Types>',
        )
        archive.writestr(main[0], "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def compound_file(*stream_names):
    """A minimal OLE2 compound file (the container of .doc and .xls) holding the named streams."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 0x2C, 1, 1, 0, 4096)  # 1 FAT sector; directory at sector 1
    struct.pack_into("<IIII", header, 0x3C, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([0xFFFFFFFF] * 108))
    fat = [0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE] + [0xFFFFFFFF] * 125
    directory = bytearray()
    for kind, name in [(5, "Root Entry"), *((2, n) for n in stream_names)]:
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[: len(encoded)] = encoded
        struct.pack_into("<H", entry, 0x40, len(encoded))
        entry[0x42] = kind
        directory += entry
    directory += bytes(sector - len(directory))
    return bytes(header) + struct.pack("<128I", *fat) + bytes(directory) + b"\x00" * sector


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("Biên bản tiếp dân.pdf", PDF_BYTES, content_type="application/pdf")


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)
