"""Input the importer cannot use gets one clear message and leaves the database and storage alone."""

import io
import zipfile

import pytest

from importing.plan import PlanImportError, import_plan

from .conftest import LAC_HONG, SEED, row_counts, stored_files

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BAD_INPUTS = {
    "empty.txt": (b"", "The file is empty."),
    "blank.txt": (b" \n\n\t \r\n", "The file is empty."),
    "bom-only.txt": (b"\xef\xbb\xbf\n", "The file is empty."),
    "picture.txt": (PNG, "This is not a text or Word document."),
    "plan.docx": (SEED.read_bytes(), "The file is named .docx but is not a Word document."),
    "sheet.docx": (_zip({"xl/workbook.xml": b"<workbook/>"}), "This is not a text or Word document."),
    "broken.docx": (_zip({"word/document.xml": b"not xml"}), "The Word document could not be read; it may be damaged."),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Old Word documents (.doc) cannot be read"),
    "scan.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF files cannot be read"),
    # Windows-1258, TCVN3 and VNI are read (tests/hostile_files/test_encodings.py); 8-bit text that is
    # not Vietnamese in any of them (here French in Latin-1) is still refused.
    "latin-1.txt": (
        "Plan d'amélioration: réunion à la mairie, créer des fiches, évaluer à mi-année.\n".encode("latin-1"),
        "The file is not UTF-8 text",
    ),
    "letter.txt": (
        "Kính gửi: UBND huyện\n\nXã báo cáo kết quả thực hiện nhiệm vụ quý I như sau.\n".encode(),
        "No plan structure was found: no roman-numeral parts or numbered sections.",
    ),
    "no-tasks.txt": (
        "KẾ HOẠCH\n\nI. MỤC ĐÍCH, YÊU CẦU\n\na) Nâng cao nhận thức.\n\nII. KINH PHÍ\n\nNgân sách xã.\n".encode(),
        "No tasks were found",
    ),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_is_refused_with_one_line_and_nothing_written(name, commune, settings, tmp_path):
    data, message = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = row_counts()
    with pytest.raises(PlanImportError) as raised:
        import_plan(path, unit=commune, year=2024)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)
    assert row_counts() == before
    assert stored_files(settings) == []


def test_a_year_out_of_range_is_refused(commune):
    with pytest.raises(PlanImportError, match="The year must be between 2000 and 2100."):
        import_plan(SEED, unit=commune, year=1999)


def test_a_missing_file_is_reported_not_raised(commune, tmp_path):
    with pytest.raises(PlanImportError, match="Cannot read"):
        import_plan(tmp_path / "nowhere.txt", unit=commune, year=2024)


def test_the_content_decides_not_the_file_name(commune, tmp_path):
    """A Word document saved as .txt is still read as a Word document."""
    from .docx_plan import build_plan_docx

    path = build_plan_docx(tmp_path / "plan.docx").rename(tmp_path / "plan.txt")
    report = import_plan(path, unit=commune, year=2024, dry_run=True)
    assert report.counts.appendix == 5


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), id="utf-8 with BOM and CRLF"),
        pytest.param(lambda text: text.encode("utf-16"), id="utf-16 with BOM"),
    ],
)
def test_other_unicode_encodings_give_the_same_plan(encode, commune, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(encode(LAC_HONG.read_text(encoding="utf-8")))
    report = import_plan(path, unit=commune, year=2024, dry_run=True)
    assert report.counts.total == 17
    assert report.draft.parsed.header.number == "12/KH-UBND"
