"""core.spreadsheets.layout: streamed Excel reports in the Decree 30/2020/NĐ-CP layout.

Files are written with openpyxl write-only workbooks, then read back with openpyxl and, where what
matters is how a cell is stored, by unzipping the sheet XML.
"""

import datetime as dt
import subprocess
import tracemalloc
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.spreadsheets.layout import (
    DATE_FORMAT,
    FONT_NAME,
    PERCENT_FORMAT,
    Column,
    Heading,
    Letterhead,
    Margins,
    OfficialSheet,
    Paragraph,
    Signature,
    looks_like_formula,
    place_and_date,
    safe_text,
)
from tests.external_tools import soffice

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

# 77 units: what A4 portrait holds between the margins (77.9).
APPENDIX = [
    Column("STT", 5, horizontal="center"),
    Column("Nhiệm vụ", 23),
    Column("Chủ trì", 12),
    Column("Phối hợp", 12),
    Column("Thời gian hoàn thành", 11, DATE_FORMAT, "center"),
    Column("Sản phẩm", 8),
    Column("Ghi chú", 6),
]
LETTERHEAD = Letterhead(("Ủy ban nhân dân", "xã Trung Trắc"), "Số: 05/BC-UBND", "Trung Trắc", dt.date(2026, 1, 5))
HEADING = Heading("Báo cáo", "Kết quả thực hiện Kế hoạch nâng cao Chỉ số PAPI năm 2025")
SIGNATURE = Signature(signer="Nguyễn Văn An", recipients=["- UBND huyện Văn Lâm;", "- Lưu: VT."])
# Rows 1-3 letterhead, 4 blank, 5 title, 6 subject, 7 blank, 8 table header, 9… data.
HEADER_ROW = 8

FORMULA_LIKE = [
    "=1+1",
    "+84 912",
    "-5",
    "@SUM(A1)",
    '=HYPERLINK("http://x")',
    "\t=cmd",
    "\r=cmd",
    "  =1+1",
    "#N/A",  # openpyxl would store an error cell
]


def task(number, text="Rà soát, công khai danh sách hộ nghèo", deadline=dt.date(2025, 6, 30)):
    return [number, text, "Văn phòng - Thống kê", "Mặt trận Tổ quốc xã", deadline, "Báo cáo", ""]


def write_report(path, rows, *, columns=APPENDIX, landscape=False, paragraphs=(), signature=SIGNATURE):
    wb = Workbook(write_only=True)
    sheet = OfficialSheet(wb, "Chi tiết", columns, letterhead=LETTERHEAD, heading=HEADING, landscape=landscape)
    sheet.write_table(rows)
    if paragraphs:
        sheet.write_paragraphs(paragraphs)
    if signature:
        sheet.write_signature(signature)
    wb.save(path)
    return sheet


def sheet_xml(path, index=1):
    with zipfile.ZipFile(path) as archive:
        return ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{index}.xml"))  # noqa: S314 (our own file)


def xml_cell(root, ref):
    return root.find(f".//m:c[@r='{ref}']", NS)


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "report.xlsx"
    sheet = write_report(path, [task(1), task(2, deadline=None)], paragraphs=["Đánh giá chung."])
    return path, sheet


# -- text never becomes a formula ---------------------------------------------------------------


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_in_a_table_cell_is_stored_as_a_literal_string(tmp_path, text):
    path = tmp_path / "t.xlsx"
    write_report(path, [task(1, text=text)])

    cell = load_workbook(path)["Chi tiết"][f"B{HEADER_ROW + 1}"]
    assert cell.value == text
    assert cell.data_type == "s"
    # Excel's leading apostrophe, so that editing the cell keeps it text ("#N/A" is no formula).
    assert cell.quotePrefix == looks_like_formula(text)

    root = sheet_xml(path)
    assert root.findall(".//m:f", NS) == []
    raw = xml_cell(root, f"B{HEADER_ROW + 1}")
    assert raw.get("t") == "inlineStr"
    assert raw.find("m:is/m:t", NS).text == text


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_in_the_letterhead_heading_and_signature_stays_literal(tmp_path, text):
    path = tmp_path / "t.xlsx"
    wb = Workbook(write_only=True)
    letterhead = Letterhead(("Ủy ban nhân dân", "xã Trung Trắc"), text, "Trung Trắc", dt.date(2026, 1, 5))
    sheet = OfficialSheet(wb, "X", [Column(text, 30), Column("B", 45)], letterhead=letterhead, heading=Heading(text))
    sheet.write_table([])
    sheet.write_paragraphs([text])
    sheet.write_signature(Signature(signer=text, recipients=[text]))
    wb.save(path)

    ws = load_workbook(path)["X"]
    values = {cell.value for row in ws.iter_rows() for cell in row if cell.value is not None}
    assert text in values
    assert all(cell.data_type == "s" for row in ws.iter_rows() for cell in row if cell.value is not None)
    assert sheet_xml(path).findall(".//m:f", NS) == []


def test_ordinary_text_gets_no_quote_prefix(tmp_path):
    path = tmp_path / "t.xlsx"
    write_report(path, [task(1, text="Họp dân công khai"), task(2, text="=1+1"), task(3, text="Tiếp công dân")])

    ws = load_workbook(path)["Chi tiết"]
    assert [ws[f"B{HEADER_ROW + i}"].quotePrefix for i in (1, 2, 3)] == [False, True, False]


@pytest.mark.parametrize("text", ["=1", "+1", "-5", "@x", "\t=cmd", "\rx", "   =1", "\n=1"])
def test_looks_like_formula(text):
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", ["", " ", "Số: 05", "1-2", "a=b", "Quý II/2024"])
def test_does_not_look_like_formula(text):
    assert not looks_like_formula(text)


# -- characters XML cannot hold ---------------------------------------------------------------


def test_safe_text_strips_every_character_openpyxl_refuses_and_the_ones_it_misses():
    control = "".join(chr(i) for i in range(32))
    assert ILLEGAL_CHARACTERS_RE.search(control)
    assert safe_text(control) == "\t\n\r"
    assert safe_text("a\ufffeb\uffffc\ud800d") == "abcd"  # lxml and UTF-8 refuse these mid-stream


def test_illegal_characters_are_dropped_instead_of_crashing_the_export(tmp_path):
    path = tmp_path / "t.xlsx"
    write_report(path, [task(1, text="Họp\x00 dân\x07\x1b\ufffe"), task(2, text=None)])

    ws = load_workbook(path)["Chi tiết"]
    assert ws[f"B{HEADER_ROW + 1}"].value == "Họp dân"


def test_safe_text_keeps_within_excels_cell_limit():
    assert len(safe_text("x" * 40_000)) == 32_767
    assert safe_text(None) == ""
    assert safe_text(12) == "12"


# -- place and date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 5), "Trung Trắc, ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 28), "Trung Trắc, ngày 28 tháng 02 năm 2026"),
        (dt.date(2025, 3, 15), "Trung Trắc, ngày 15 tháng 3 năm 2025"),
        (dt.date(2025, 12, 9), "Trung Trắc, ngày 09 tháng 12 năm 2025"),
        (dt.date(2025, 10, 1), "Trung Trắc, ngày 01 tháng 10 năm 2025"),
    ],
)
def test_place_and_date_pads_days_below_10_and_months_1_and_2(day, expected):
    assert place_and_date("Trung Trắc", day) == expected


# -- letterhead, heading, table, signature ------------------------------------------------------


def test_letterhead_texts_fonts_and_merges(report):
    path, _ = report
    ws = load_workbook(path)["Chi tiết"]

    left = [ws["A1"], ws["A2"], ws["A3"]]
    right = [ws["D1"], ws["D2"], ws["D3"]]
    assert [c.value for c in left] == ["ỦY BAN NHÂN DÂN", "XÃ TRUNG TRẮC", "Số: 05/BC-UBND"]
    assert [c.value for c in right] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Trung Trắc, ngày 05 tháng 01 năm 2026",
    ]
    assert [c.font.b for c in left] == [True, True, False]
    assert [c.font.b for c in right] == [True, True, False]
    assert right[1].font.u == "single"
    assert right[2].font.i
    assert {str(r) for r in ws.merged_cells.ranges} >= {"A1:C1", "D1:G1", "A3:C3", "D3:G3", "A5:G5", "A6:G6"}

    assert ws["A5"].value == "BÁO CÁO"
    assert ws["A5"].font.b
    assert ws["A6"].value == HEADING.subject
    assert ws["A6"].font.b


def test_every_written_cell_is_times_new_roman(report):
    path, _ = report
    ws = load_workbook(path)["Chi tiết"]
    fonts = {cell.font.name for row in ws.iter_rows() for cell in row if cell.has_style}
    assert fonts == {FONT_NAME}


def test_table_header_is_bold_bordered_frozen_and_repeated_on_every_page(report):
    path, sheet = report
    assert sheet.table_header_row == HEADER_ROW
    ws = load_workbook(path)["Chi tiết"]

    header = ws[HEADER_ROW]
    assert [c.value for c in header] == [c.title for c in APPENDIX]
    assert all(c.font.b and c.border.left.style == "thin" and c.alignment.wrap_text for c in header)
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_data_cells_wrap_with_borders_and_dates_read_dd_mm_yyyy(report):
    path, _ = report
    ws = load_workbook(path)["Chi tiết"]

    first = ws[HEADER_ROW + 1]
    assert first[1].value == "Rà soát, công khai danh sách hộ nghèo"
    assert all(c.alignment.wrap_text and c.border.bottom.style == "thin" and not c.font.b for c in first)
    assert first[0].alignment.horizontal == "center"
    assert first[4].value == dt.datetime(2025, 6, 30)
    assert first[4].number_format == DATE_FORMAT
    empty = ws[HEADER_ROW + 2][4]  # None still gets its borders
    assert empty.value is None
    assert empty.border.top.style == "thin"


def test_values_of_every_kind(tmp_path):
    path = tmp_path / "t.xlsx"
    columns = [
        Column("Tỷ lệ", 10, PERCENT_FORMAT),
        Column("Hạn", 12, DATE_FORMAT),
        Column("Thời gian", 16),
        Column("Số", 8),
        Column("Trạng thái", 14),
    ]
    aware = dt.datetime(2025, 6, 30, 17, 30, tzinfo=dt.UTC)  # 00:30 next day in Hà Nội
    rows = [
        [0.853, aware, dt.date(2025, 6, 30), Decimal("2.5"), gettext_lazy("Overdue")],
        [float("nan"), None, "Quý II/2025", True, 7],
    ]
    wb = Workbook(write_only=True)
    OfficialSheet(wb, "X", columns).write_table(rows)
    wb.save(path)

    ws = load_workbook(path)["X"]
    assert ws["A2"].value == 0.853
    assert ws["A2"].number_format == PERCENT_FORMAT
    assert ws["B2"].value == dt.datetime(2025, 7, 1, 0, 30)
    assert ws["C2"].value == "30/06/2025"  # a date in a text column is written as text
    assert ws["D2"].value == 2.5
    assert ws["E2"].value == "Quá hạn"
    assert ws["A3"].value is None  # Excel cannot store NaN
    assert ws["C3"].value == "Quý II/2025"
    assert ws["D3"].value is True
    assert ws["E3"].value == 7  # the value's type decides, not the column


def test_a_row_of_the_wrong_length_is_refused(tmp_path):
    wb = Workbook(write_only=True)
    sheet = OfficialSheet(wb, "X", APPENDIX)
    with pytest.raises(ValueError, match="zip"):
        sheet.write_table([task(1)[:-1]])
    wb.save(tmp_path / "t.xlsx")  # nothing half-written: the workbook still saves


def test_column_widths(report):
    path, _ = report
    ws = load_workbook(path)["Chi tiết"]
    assert [ws.column_dimensions[letter].width for letter in "ABCDEFG"] == [c.width for c in APPENDIX]


@pytest.mark.parametrize("landscape", [False, True])
def test_page_setup_is_a4_fitted_to_width_with_page_numbers(tmp_path, landscape):
    path = tmp_path / "t.xlsx"
    write_report(path, [task(1)], landscape=landscape)
    ws = load_workbook(path)["Chi tiết"]

    assert ws.page_setup.paperSize == 9  # A4
    assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.oddFooter.center.text == "Trang &P/&N"
    assert ws.oddFooter.center.font.startswith(FONT_NAME)


def test_margins_are_within_the_decree_30_ranges(report):
    path, _ = report
    margins = load_workbook(path)["Chi tiết"].page_margins
    mm = {side: getattr(margins, side) * 25.4 for side in ("top", "bottom", "left", "right")}
    tolerance = 1e-6  # inches → mm round trip
    for side, (low, high) in Margins.RANGES.items():
        assert low - tolerance <= mm[side] <= high + tolerance, side


def test_margins_outside_the_decree_30_ranges_are_refused():
    with pytest.raises(ValueError, match="left margin must be 30–35 mm"):
        Margins(left=25)


def test_signature_and_recipients(report):
    path, sheet = report
    ws = load_workbook(path)["Chi tiết"]
    cells = {cell.value: cell for row in ws.iter_rows() for cell in row if cell.value is not None}

    for text in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"):
        assert cells[text].font.b, text
        assert cells[text].column == 4  # the right-hand side, as in the letterhead
    label = cells["Nơi nhận:"]
    assert (label.font.b, label.font.i, label.font.sz, label.column) == (True, True, 12, 1)
    assert cells["- Lưu: VT."].font.sz == 11
    assert cells["Nguyễn Văn An"].row - cells["CHỦ TỊCH"].row == 5  # room for signature and seal
    assert cells["TM. ỦY BAN NHÂN DÂN"].row == label.row
    assert cells["Nguyễn Văn An"].row == ws.max_row


def test_narrative_paragraphs_span_the_page_and_get_room_for_their_lines(tmp_path):
    path = tmp_path / "t.xlsx"
    long = "Ủy ban nhân dân xã tổ chức rà soát, công khai thủ tục hành chính tại Bộ phận một cửa. " * 6
    wb = Workbook(write_only=True)
    sheet = OfficialSheet(wb, "Đánh giá", [Column("", 30), Column("", 45)], letterhead=LETTERHEAD)
    sheet.write_paragraphs([Paragraph("I. KẾT QUẢ", bold=True), long, "Ngắn."])
    wb.save(path)

    ws = load_workbook(path)["Đánh giá"]
    assert ws.freeze_panes is None  # no table, nothing to freeze
    heading, body, short = (ws[row][0] for row in (5, 6, 7))  # after the letterhead and one blank row
    assert heading.font.b
    assert body.value == long
    assert {"A5:B5", "A6:B6", "A7:B7"} <= {str(r) for r in ws.merged_cells.ranges}
    assert ws.row_dimensions[6].height > 3 * ws.row_dimensions[7].height


def test_sections_must_come_in_order(tmp_path):
    wb = Workbook(write_only=True)
    sheet = OfficialSheet(wb, "X", APPENDIX)
    sheet.write_paragraphs(["Mở đầu."])
    with pytest.raises(RuntimeError, match="first"):
        sheet.write_table([task(1)])
    sheet.write_signature(SIGNATURE)
    with pytest.raises(RuntimeError, match="signature"):
        sheet.write_paragraphs(["Sau chữ ký."])
    wb.save(tmp_path / "t.xlsx")


def test_a_letterhead_needs_two_columns():
    with pytest.raises(ValueError, match="two columns"):
        OfficialSheet(Workbook(write_only=True), "X", [Column("A", 80)], letterhead=LETTERHEAD)


def test_a_workbook_of_three_sheets_opens(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = Workbook(write_only=True)
    summary = OfficialSheet(
        wb,
        "Tổng hợp",
        [Column("Lĩnh vực", 40), Column("Số nhiệm vụ", 14, "#,##0", "right"), Column("Tỷ lệ", 12, PERCENT_FORMAT)],
        letterhead=LETTERHEAD,
        heading=HEADING,
    )
    summary.write_table([["Công khai, minh bạch", 12, 0.75]])
    summary.write_paragraphs(["Nhìn chung, các nhiệm vụ được triển khai đúng tiến độ."])
    summary.write_signature(SIGNATURE)
    detail = OfficialSheet(wb, "Chi tiết", APPENDIX, heading=Heading("Phụ lục"), landscape=True)
    detail.write_table(task(i) for i in range(1, 51))
    by_official = OfficialSheet(wb, "Theo cán bộ", [Column("Cán bộ", 30), Column("Quá hạn", 10)])
    by_official.write_table([["Nguyễn Thị Bình", 2]])
    wb.save(path)

    loaded = load_workbook(path)
    assert loaded.sheetnames == ["Tổng hợp", "Chi tiết", "Theo cán bộ"]
    assert loaded["Chi tiết"].max_row == 2 + 1 + 50  # title, blank, header, rows
    assert loaded["Chi tiết"].print_title_rows == "$3:$3"
    assert loaded["Theo cán bộ"].freeze_panes == "A2"


def test_progress_is_reported_while_rows_stream(tmp_path):
    seen = []
    wb = Workbook(write_only=True)
    count = OfficialSheet(wb, "X", APPENDIX).write_table(
        (task(i) for i in range(1, 2501)), progress=seen.append, progress_every=1000
    )
    wb.save(tmp_path / "t.xlsx")
    assert count == 2500
    assert seen == [1000, 2000, 2500]


def test_memory_does_not_grow_with_the_number_of_rows(tmp_path):
    def peak(rows):
        tracemalloc.start()
        try:
            write_report(tmp_path / f"{rows}.xlsx", (task(i) for i in range(rows)))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(500), peak(5_000)
    # A regular workbook would hold ~35,000 more cells (several MiB); streaming stays within noise.
    assert large - small < 256 * 1024


# -- what openpyxl's write-only mode allows (pins the facts OfficialSheet is built on) -----------


def test_write_only_fixes_the_sheet_view_and_column_widths_with_the_first_row(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("X")
    ws.append(["a"])
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 40
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # …whereas the page setup, merges and print titles are written when the workbook is saved.
    ws.page_setup.orientation = "landscape"
    ws.merged_cells.add("A1:B1")
    ws.print_title_rows = "1:1"
    wb.save(path)

    ws = load_workbook(path)["X"]
    assert ws.freeze_panes is None
    assert ws.column_dimensions["A"].width != 40
    assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.orientation == "landscape"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:B1"]
    assert ws.print_title_rows == "$1:$1"


def test_openpyxl_alone_would_store_equals_text_as_a_formula(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = Workbook(write_only=True)
    wb.create_sheet("X").append(["=1+1"])
    wb.save(path)
    assert len(sheet_xml(path).findall(".//m:f", NS)) == 1


# -- optional: the file prints --------------------------------------------------------------------


@pytest.mark.slow
def test_libreoffice_converts_a_report_to_pdf(tmp_path):
    path = tmp_path / "report.xlsx"
    write_report(path, (task(i) for i in range(1, 201)), landscape=True)

    subprocess.run(
        [
            soffice(),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
