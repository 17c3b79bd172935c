"""core.spreadsheets.fit and what OfficialSheet does with it: pages at 100 %, rows as tall as their text.

How the rows print is checked on real PDF pages in tests/exports/test_printed_layout.py; these tests
pin the arithmetic and the workbook facts it rests on.
"""

import datetime as dt
import random
import zipfile
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from core.spreadsheets import fit as xlsx_fit
from core.spreadsheets.fit import TableFit, budget, count_lines, printable_units, split_text, text_height
from core.spreadsheets.layout import FONT_NAME, Column, Heading, OfficialSheet

REGULAR = Font(name=FONT_NAME, size=12)
BOLD = Font(name=FONT_NAME, size=12, bold=True)
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
LONG = (
    "Rà soát, cập nhật, công khai danh sách hộ nghèo, hộ cận nghèo trên địa bàn các thôn; tiếp nhận, "
    "giải quyết kịp thời ý kiến, kiến nghị của công dân gửi qua hòm thư góp ý và đường dây nóng. "
)


def heights(path, sheet):
    """{row number: height} as stored in the sheet XML."""
    with zipfile.ZipFile(path) as archive:
        names = load_workbook(path, read_only=True).sheetnames
        root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"))  # noqa: S314
    return {int(row.get("r")): float(row.get("ht")) for row in root.iter(f"{{{NS['m']}}}row") if row.get("ht")}


# -- the page ----------------------------------------------------------------------------------------


def test_a4_holds_119_units_landscape_and_77_portrait_between_the_decree_margins():
    assert printable_units(True, 30, 15) == pytest.approx(119.06, abs=0.01)
    assert printable_units(False, 30, 15) == pytest.approx(77.95, abs=0.01)


def test_columns_wider_than_the_page_are_refused_rather_than_shrunk_when_printed():
    with pytest.raises(ValueError, match="120 units wide, but A4 landscape holds 119.06"):
        OfficialSheet(Workbook(write_only=True), "X", [Column("A", 60), Column("B", 60)], landscape=True)
    with pytest.raises(ValueError, match="portrait holds 77.95"):
        OfficialSheet(Workbook(write_only=True), "X", [Column("A", 78)])


def test_column_widths_count_in_digits_of_times_new_roman_12_the_workbooks_default_font(tmp_path):
    wb = Workbook(write_only=True)
    OfficialSheet(wb, "X", [Column("A", 20)]).write_table([["a"]])
    OfficialSheet(wb, "Y", [Column("A", 20)]).write_table([["b"]])  # a second sheet changes nothing
    wb.save(tmp_path / "t.xlsx")

    loaded = load_workbook(tmp_path / "t.xlsx")
    assert (loaded._fonts[0].name, loaded._fonts[0].sz) == (FONT_NAME, 12)
    normal = next(style for style in loaded._named_styles if style.name == "Normal")
    assert (normal.font.name, normal.font.sz) == (FONT_NAME, 12)


def test_the_default_font_cannot_change_once_cells_are_styled():
    wb = Workbook(write_only=True)
    wb._fonts.add(Font(name="Arial"))
    with pytest.raises(RuntimeError, match="before styling"):
        OfficialSheet(wb, "X", [Column("A", 20)])


# -- lines ---------------------------------------------------------------------------------------------


def test_short_text_takes_one_line_and_every_newline_starts_one():
    room = budget(20, REGULAR)
    assert count_lines("Quý II/2024", room, REGULAR) == 1
    assert count_lines("", room, REGULAR) == 1
    assert count_lines("a\nb\n\nc", room, REGULAR) == 4


def test_lines_are_counted_conservatively_for_vietnamese_text():
    # 20 units = 120 pt; 12-point Times New Roman averages about 5 pt a character: 22–24 a line.
    room = budget(20, REGULAR)
    lines = count_lines(LONG * 3, room, REGULAR)
    assert len(LONG * 3) / 24 <= lines <= len(LONG * 3) / 17
    assert count_lines(LONG, budget(20, BOLD), BOLD) >= count_lines(LONG, room, REGULAR)


def test_a_word_wider_than_its_cell_is_broken_across_lines():
    room = budget(6, REGULAR)  # 31 pt: six digits at most
    assert count_lines("1234567890123456", room, REGULAR) >= 3


def test_vietnamese_letters_are_as_wide_as_their_base_letter_and_unknown_ones_an_em():
    words = xlsx_fit._REGULAR
    assert words["Nguyễn"] == words["Nguyen"]  # the accents sit above and below
    assert words["đường"] == words["duong"] + 2 * 80  # the horns of ư and ơ stick out
    assert words["漢"] == 1000


def test_a_long_text_is_split_into_pieces_of_at_most_the_given_lines_that_read_on():
    room = budget(20, REGULAR)
    text = LONG * 8 + "\nKết luận."
    pieces = split_text(text, room, REGULAR, 5)
    assert len(pieces) >= count_lines(text, room, REGULAR) // 5
    assert all(count_lines(piece, room, REGULAR) <= 5 for piece in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())


def test_the_fast_paths_count_as_the_plain_wrap_does():
    # The one-line shortcuts, the per-column memory and the binary search over running widths must
    # agree with wrapping word by word (xlsx_fit._wrapped), on texts of every shape.
    rng = random.Random(3)
    words = ["Tổ", "chức", "rà", "soát,", "", "minh", "bạch", "nghiệp,", "Nguyễn", "x\n\ny", "W" * 40, "漢字", "1.2.a"]
    for _ in range(400):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 60)))
        for width, font in ((4, REGULAR), (12, BOLD), (31, REGULAR)):
            room = budget(width, font)
            lines = count_lines(text, room, font)
            assert lines == len(list(xlsx_fit._wrapped(text, room, font)))
            fit = TableFit([width], font)
            assert fit.lines([SimpleNamespace(_value=text)]) == fit.lines([SimpleNamespace(_value=text)]) == lines


def test_heights_give_each_line_1_3_times_the_font_size_in_whole_pixels_within_excels_limit():
    assert text_height("Một dòng", 20, REGULAR) == pytest.approx(18.0)  # 15.6 + 2.25, rounded up to 0.75
    assert text_height("a\nb\nc", 20, REGULAR) == pytest.approx(49.5)
    assert text_height("x\n" * 100, 20, REGULAR) == 409.5


# -- rows of an official sheet -------------------------------------------------------------------------


def test_table_rows_and_the_header_get_the_height_of_their_wrapped_text(tmp_path):
    path = tmp_path / "t.xlsx"
    columns = [Column("STT", 5), Column("Nội dung nhiệm vụ được giao", 12), Column("Ghi chú", 30)]
    wb = Workbook(write_only=True)
    sheet = OfficialSheet(wb, "X", columns, heading=Heading("Phụ lục"))
    sheet.write_table([[1, "Ngắn", ""], [2, LONG, "Đã xong"], [3, "Một\nhai\nba", dt.date(2024, 6, 30)]])
    wb.save(path)

    header = sheet.table_header_row
    rows = heights(path, "X")
    assert rows[header] >= 3 * 15.6  # "Nội dung / nhiệm vụ / được giao" in 12 units
    assert rows[header + 1] == pytest.approx(18.0)
    assert rows[header + 2] >= count_lines(LONG, budget(12, REGULAR), REGULAR) * 15.6 >= 8 * 15.6
    assert rows[header + 3] == pytest.approx(49.5)


def test_a_row_taller_than_a_page_goes_on_in_the_rows_below_when_asked(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = Workbook(write_only=True)
    sheet = OfficialSheet(wb, "X", [Column("STT", 5), Column("Kết quả", 30), Column("Ghi chú", 20)], landscape=True)
    count = sheet.write_table([[1, LONG * 20, "Ghi chú ngắn"], [2, "Ngắn", ""]], split_tall_rows=True)
    wb.save(path)

    assert count == 2
    ws = load_workbook(path)["X"]
    values = [[cell.value for cell in row] for row in ws.iter_rows(min_row=2)]
    parts = [row for row in values if row[0] is None]
    assert len(parts) >= 2  # continuation rows: no number, the rest of the text
    assert values[0][2] == "Ghi chú ngắn" and all(row[2] is None for row in parts)
    assert " ".join(" ".join(row[1] for row in values[: 1 + len(parts)]).split()) == " ".join((LONG * 20).split())
    assert values[-1] == [2, "Ngắn", None]
    assert max(heights(path, "X").values()) <= 409.5


def test_without_splitting_a_tall_row_stays_one_row_at_the_largest_height(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = Workbook(write_only=True)
    sheet = OfficialSheet(wb, "X", [Column("Mã", 10), Column("Ghi chú", 30)], landscape=True)
    sheet.write_table([["1.1.a", LONG * 20]])
    wb.save(path)

    ws = load_workbook(path)["X"]
    assert ws.max_row == 2
    assert ws["B2"].value == LONG * 20
    assert 300 < heights(path, "X")[2] <= 409.5


# -- the openpyxl fact TableFit relies on ----------------------------------------------------------


def test_write_only_writes_a_plain_mapping_in_row_dimensions_as_the_rows_attributes(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("X")
    ws.row_dimensions[1] = {"ht": "31.5", "customHeight": "1"}
    ws.append(["a"])
    del ws.row_dimensions[1]
    ws.append(["b"])
    wb.save(path)

    assert heights(path, "X") == {1: 31.5}
    assert load_workbook(path)["X"].row_dimensions[1].height == 31.5
