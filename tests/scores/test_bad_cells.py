"""The score upload with what a spreadsheet can hold besides numbers: NaN, infinities, merged cells.

Every refusal comes back on the upload page (never a 500), says where and what, and writes nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from plans.models import PapiScore

from .test_scores import GOOD, put, workbook

URL = reverse("reports:scores_upload")
SCORE_ROW = 4  # the sheet's row of the first area (title, header, total, area 1)


def with_score(value):
    """GOOD with the first area's score replaced by ``value`` (as the cell's own type)."""
    rows = [list(row) for row in GOOD]
    rows[1][2] = value
    return rows


def stored_as_number(text):
    """A workbook whose first area's score is stored as the number ``text`` ("1E400", "NaN"), as a
    tool other than Excel may write it; openpyxl itself only writes finite numbers."""
    data = workbook(with_score(7777.25)).read()
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b"<v>7777.25</v>" in part
                part = part.replace(b"<v>7777.25</v>", f"<v>{text}</v>".encode())
            target.writestr(info, part)
    return SimpleUploadedFile("diem.xlsx", out.getvalue())


@pytest.fixture
def signed_in(client, clerk, commune):
    put(commune, 2023, PapiScore.Source.OFFICIAL, 1, 5.5)  # something already saved, to see it stays
    client.force_login(clerk)
    return client


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-Infinity", "inf", " nan "])
def test_a_score_written_as_nan_or_infinity_is_an_error_of_its_row(signed_in, value):
    response = signed_in.post(URL, {"file": workbook(with_score(value))})

    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r.number == SCORE_ROW)
    message = " ".join(row.errors)
    assert f"Cột C (Điểm): “{value.strip()}” không phải là số dùng được" in message
    assert "cần ghi một số, ví dụ 6,25" in message
    assert message in response.content.decode()
    assert response.context["errors"] == 1  # only that row; the others are fine
    assert "confirm" not in response.context
    assert PapiScore.objects.count() == 1


def test_a_score_stored_as_an_overflowing_number_reads_as_infinity_and_is_refused(signed_in):
    response = signed_in.post(URL, {"file": stored_as_number("1E400")})

    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r.number == SCORE_ROW)
    assert "Cột C (Điểm): “inf” không phải là số dùng được" in " ".join(row.errors)
    assert "confirm" not in response.context
    assert PapiScore.objects.count() == 1


def test_a_nan_stored_as_a_number_names_its_cell_instead_of_failing(signed_in):
    response = signed_in.post(URL, {"file": stored_as_number("NaN")})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        f"Ô C{SCORE_ROW} chứa “NaN” dưới dạng số nhưng đây không phải là số dùng được (vô hạn hoặc không xác định); "
        "hãy nhập một số hoặc để trống ô đó rồi tải lên lại."
    ]
    assert "rows" not in response.context
    assert PapiScore.objects.count() == 1


def test_nan_in_the_year_or_rank_column_names_that_column(signed_in):
    rows = [list(row) for row in GOOD]
    rows[2][0] = "NaN"
    rows[3][3] = "-inf"
    response = signed_in.post(URL, {"file": workbook(rows)})

    by_number = {r.number: " ".join(r.errors) for r in response.context["rows"]}
    assert by_number[5].startswith("Cột A (Năm): “NaN”") and "cần ghi năm, ví dụ 2024" in by_number[5]
    assert "Cột D (Xếp hạng): “-inf”" in by_number[6] and "cần ghi một số nguyên" in by_number[6]
    assert "confirm" not in response.context
    assert PapiScore.objects.count() == 1


def test_the_confirm_step_never_sees_a_nan(signed_in, commune):
    """A token cannot carry NaN: rebuilt rows are checked again and a NaN is refused, not compared."""
    from reports import score_sheet

    rows = score_sheet.rows_from_token([[2024, "official", "1", "NaN", None, None, ""]], commune)
    assert rows[0].errors and rows[0].score is None


def merged_workbook(ranges, rows=GOOD):
    wb = Workbook()
    sheet = wb.active
    sheet.append(["Điểm PAPI xã Trung Trắc"])
    sheet.append(["Năm", "Mã", "Điểm", "Xếp hạng", "Trên tổng số", "Nhóm", "Nguồn"])
    for row in rows:
        sheet.append(list(row))
    for cells in ranges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("diem.xlsx", buffer.getvalue())


def test_merged_cells_in_the_table_refuse_the_file_and_name_the_ranges(signed_in):
    # One "2024" over three rows, and a score over two columns: read-only openpyxl would read blanks.
    response = signed_in.post(URL, {"file": merged_workbook(["A4:A6", "C8:D8"])})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Ô gộp A4:A6, C8:D8: các ô nằm dưới ô gộp bị che và sẽ bị đọc là ô trống. Hãy bỏ gộp ô rồi tải lên lại."
    ]
    assert "Ô gộp A4:A6, C8:D8" in response.content.decode()
    assert "rows" not in response.context and "confirm" not in response.context
    assert PapiScore.objects.count() == 1


def test_a_merged_title_above_the_header_is_fine(signed_in):
    response = signed_in.post(URL, {"file": merged_workbook(["A1:G1"])})

    assert response.status_code == 200
    assert not response.context["errors"] and response.context["confirm"]


def test_a_file_that_is_not_an_excel_workbook_is_answered_with_what_the_upload_expects(signed_in):
    response = signed_in.post(URL, {"file": SimpleUploadedFile("diem.csv", b"Nam;Ma;Diem\n2024;1;6\n")})

    assert response.status_code == 200
    (message,) = response.context["form"].errors["file"]
    assert message.startswith("Tải lên tệp Excel (.xlsx): “diem.csv” không phải là tệp Excel.")
    assert "PDF" not in message and "ảnh" not in message  # not the evidence files' list
    assert PapiScore.objects.count() == 1
