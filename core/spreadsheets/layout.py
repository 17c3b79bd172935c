"""Streaming Excel reports in the official layout of Decree 30/2020/NĐ-CP, Appendix I.

A report is an ``openpyxl.Workbook(write_only=True)`` with one ``OfficialSheet`` per worksheet::

    wb = Workbook(write_only=True)
    sheet = OfficialSheet(wb, "Chi tiết", COLUMNS, letterhead=letterhead, heading=Heading("Báo cáo", subject))
    sheet.write_table(rows)            # rows: any iterable of sequences, consumed lazily
    sheet.write_paragraphs(["..."])    # optional narrative after the table
    sheet.write_signature(signature)
    wb.save(path)

Write-only worksheets stream every row to a temporary file as it is appended, so memory stays flat
however many rows there are. What openpyxl 3.1 write-only mode allows, and when (checked in its
source, ``worksheet/_write_only.py`` and ``worksheet/_writer.py``, and pinned by the tests):

- written at the first ``append()``, so fixed before any row: sheet properties (the fit-to-page flag
  lives there), the sheet view (frozen panes) and the column widths. Setting them later is silently
  ignored, which is why ``OfficialSheet`` sets them all before it writes its first row.
- read while row *r* is streamed: ``row_dimensions[r]`` (row height).
- written when the sheet is closed by ``save()``, so settable any time before: merged ranges, page
  margins, page setup, header/footer. Print titles and print area are defined names, written with
  the workbook.
- not available: ``ws.cell()``, ``ws[...]``, ``merge_cells()`` (it creates placeholder cells), reading
  back. ``ws.merged_cells`` does exist and is written at close, so merges are added there directly.
- Spreadsheets do not grow a row to fit wrapped text in a merged range, and LibreOffice does not size
  the rows of a streamed sheet at all (it prints one line and lets the rest run over the rows below),
  so every row gets a height that fits its wrapped text, table rows included, computed while it is
  written (``core.spreadsheets.fit``: column widths, fonts, conservative line counts).
- Printed at 100 %: the columns must fit between the margins of the page (checked), so fit-to-width
  never shrinks the 12-point table text; column widths count in digits of Times New Roman 12, which
  ``OfficialSheet`` makes the workbook's default font (see ``xlsx_fit.use_document_font``).
- ``WriteOnlyWorksheet`` lacks ``Worksheet``'s PAPERSIZE_* / ORIENTATION_* constants.
- A cell's style must not change once the cell has been written (see ``_Slot``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import zip_longest
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from .fit import TableFit, printable_height_pt, printable_units, text_height, use_document_font

FONT_NAME = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
PERCENT_FORMAT = "0.0%"
INTEGER_FORMAT = "#,##0"
TEXT_FORMAT = "@"
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
EXCEL_MAX_TEXT = 32_767

# openpyxl's pattern misses U+FFFE, U+FFFF and lone surrogates: lxml refuses the first two
# ("All strings must be XML compatible") and UTF-8 the last, mid-stream, after the sheet is half written.
_XML_ILLEGAL_RE = re.compile(ILLEGAL_CHARACTERS_RE.pattern + r"|[\ud800-\udfff\ufffe\uffff]")
_FORMULA_PREFIXES = ("=", "+", "-", "@")


def safe_text(value: object) -> str:
    """``value`` as text that is safe to store in a cell: characters XML 1.0 forbids are dropped
    (instead of openpyxl raising IllegalCharacterError) and the length is capped at Excel's 32,767.

    The text is otherwise unchanged, "=1+1" included: cells built by this module store it as a
    string (``data_type = "s"``), which never becomes a formula. See ``text_cell``.
    """
    text = "" if value is None else str(value)
    if _XML_ILLEGAL_RE.search(text):
        text = _XML_ILLEGAL_RE.sub("", text)
    return text[:EXCEL_MAX_TEXT]


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would take as a formula if someone typed it into a cell:
    =, +, -, @ first (after any leading whitespace), or a leading tab or carriage return (OWASP)."""
    return text.startswith(("\t", "\r")) or text.lstrip().startswith(_FORMULA_PREFIXES)


def set_text(cell: Cell, value: object) -> None:
    """Store ``value`` in ``cell`` as literal text.

    openpyxl takes any string starting with "=" for a formula (and "#N/A" and friends for errors);
    forcing ``data_type`` to "s" after binding writes it as an inline string instead. Formula-like
    text also gets the quotePrefix style (Excel's leading apostrophe), so that editing the cell in
    Excel or LibreOffice keeps it text.
    """
    text = safe_text(value)
    cell.value = text
    cell.data_type = "s"
    cell.quotePrefix = looks_like_formula(text)


def text_cell(ws, value: object) -> Cell:
    """A write-only cell holding ``value`` as literal text (see ``set_text``)."""
    cell = Cell(ws, row=1, column=1)
    set_text(cell, value)
    return cell


def place_and_date(place: str, day: dt.date) -> str:
    """The place-and-date line: "Trung Trắc, ngày 05 tháng 01 năm 2026".

    Decree 30: days below 10 and the months 1 and 2 take a leading zero; other months do not
    ("tháng 3", "tháng 12").
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres, within the Decree 30 ranges (checked)."""

    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15

    RANGES = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}

    def __post_init__(self):
        for side, (low, high) in self.RANGES.items():
            if not low <= getattr(self, side) <= high:
                raise ValueError(f"{side} margin must be {low}–{high} mm (Decree 30/2020/NĐ-CP)")

    def page_margins(self) -> PageMargins:
        """openpyxl margins are in inches; header and footer sit 8 mm from the edge."""
        inch = 25.4
        return PageMargins(
            top=self.top / inch,
            bottom=self.bottom / inch,
            left=self.left / inch,
            right=self.right / inch,
            header=8 / inch,
            footer=8 / inch,
        )


@dataclass(frozen=True)
class Column:
    """A table column: header text, width in Excel units, number format and horizontal alignment.

    Percent columns take fractions (0.853 shows as 85,3%). A date in a column whose format is not a
    date format is written as dd/mm/yyyy text, so a mixed column ("thường xuyên", "Quý II/2024",
    30/06/2024) reads consistently.
    """

    title: str
    width: float = 15
    number_format: str = "General"
    horizontal: str = "left"


@dataclass(frozen=True)
class Letterhead:
    """The two-sided header: issuing body and number on the left, national title and date right."""

    issuer: Sequence[str]  # ("Ủy ban nhân dân", "xã Trung Trắc"): one line each, printed upper case
    number: str  # "Số: 05/BC-UBND"
    place: str  # "Trung Trắc"
    date: dt.date
    country: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Heading:
    """Document type (BÁO CÁO, KẾ HOẠCH, PHỤ LỤC …, printed upper case), subject and an italic note
    such as "(Kèm theo Báo cáo số 05/BC-UBND ngày 05/01/2026 của UBND xã Trung Trắc)"."""

    title: str
    subject: str = ""
    note: str = ""


@dataclass(frozen=True)
class Signature:
    authority: str = "TM. ỦY BAN NHÂN DÂN"  # "" when the chairman signs in their own name
    position: str = "CHỦ TỊCH"
    signer: str = ""
    recipients: Sequence[str] = ()  # "- Như trên;", …, "- Lưu: VT."


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False


# Font sizes within the Decree 30 ranges.
_ISSUER = Font(name=FONT_NAME, size=12, bold=True)
_NUMBER = Font(name=FONT_NAME, size=13)
_COUNTRY = Font(name=FONT_NAME, size=12, bold=True)
_MOTTO = Font(name=FONT_NAME, size=13, bold=True, underline="single")
_DATE_LINE = Font(name=FONT_NAME, size=13, italic=True)
_TITLE = Font(name=FONT_NAME, size=14, bold=True)
_SUBJECT = Font(name=FONT_NAME, size=14, bold=True)
_NOTE = Font(name=FONT_NAME, size=13, italic=True)
_TABLE_HEAD = Font(name=FONT_NAME, size=12, bold=True)
_TABLE_BODY = Font(name=FONT_NAME, size=12)
_BODY = Font(name=FONT_NAME, size=13)
_SIGN = Font(name=FONT_NAME, size=13, bold=True)
_RECIPIENTS_LABEL = Font(name=FONT_NAME, size=12, bold=True, italic=True)
_RECIPIENT = Font(name=FONT_NAME, size=11)
_THIN = Side(style="thin")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_JUSTIFY = Alignment(horizontal="justify", vertical="top", wrap_text=True)


class _StreamCell(Cell):
    """A cell with a cheap repr and a remembered style id.

    ``WriteOnlyWorksheet.append()`` first tries ``cell.value = <a Cell>``, and the ValueError it
    catches formats ``repr(cell)``, which otherwise builds the coordinate. The writer asks every
    styled cell for its ``style_id``, which hashes the whole style array each time; a stream cell's
    style never changes once written (see ``_Slot``), so the id is looked up once.
    """

    __slots__ = ("_style_id",)

    def __repr__(self):
        return "<_StreamCell>"

    @property
    def style_id(self):
        try:
            return self._style_id
        except AttributeError:
            self._style_id = Cell.style_id.fget(self)
            return self._style_id


def _local(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: aware datetimes are shown in Vietnamese local time."""
    return value if value.tzinfo is None else value.astimezone(LOCAL_TZ).replace(tzinfo=None)


class _Slot:
    """The cells of one table column, styled once and refilled for every row: ``append()``
    serialises a row before it returns, so no cell outlives its row and nothing accumulates.

    Formula-like text needs the quotePrefix style, so there are two cells, plain and quoted. A cell's
    style must never change once it has been written: the workbook's style table keeps the very
    StyleArray object of the first cell written with it, so changing it in place would restyle every
    cell written before.
    """

    __slots__ = ("plain", "quoted", "dates_ok")

    def __init__(self, ws, index: int, column: Column):
        self.plain = _StreamCell(ws, row=1, column=index)
        self.plain.font = _TABLE_BODY
        self.plain.border = _GRID
        self.plain.alignment = Alignment(horizontal=column.horizontal, vertical="top", wrap_text=True)
        self.plain.number_format = column.number_format
        self.quoted = _StreamCell(ws, row=1, column=index, style_array=self.plain._style)
        self.quoted.quotePrefix = True
        self.dates_ok = is_date_format(column.number_format)

    def fill(self, value: Any) -> Cell:
        """The cell to write for ``value``, filled."""
        if not isinstance(value, str):
            cell = self.plain
            if value is None or isinstance(value, (bool, int, Decimal)):
                cell.value = value
                return cell
            if isinstance(value, float):
                cell.value = value if math.isfinite(value) else None  # Excel cannot store NaN or infinity
                return cell
            if isinstance(value, dt.date):  # datetime included
                if isinstance(value, dt.datetime):
                    value = _local(value)
                if self.dates_ok:
                    cell.value = value
                    return cell
                value = value.strftime("%d/%m/%Y %H:%M" if isinstance(value, dt.datetime) else "%d/%m/%Y")
            else:  # lazy translations, enums, times …
                value = str(value)
        text = safe_text(value)
        cell = self.quoted if looks_like_formula(text) else self.plain
        # Bound directly, as openpyxl's own reader does: `cell.value = text` would check the text
        # again and take "=…" for a formula and "#N/A" for an error, only for us to undo it.
        cell._value = text
        cell.data_type = "s"
        return cell


class OfficialSheet:
    """One write-only worksheet in the Decree 30 layout, written top to bottom:
    letterhead and heading (on the first write), then ``write_table`` (at most once, first),
    ``write_paragraphs`` (any number) and ``write_signature`` (last).

    Page setup, margins, fonts, column widths, frozen panes under the table header, the header row
    repeated on every printed page, page numbers in the footer and fit-to-width are all set here.
    Nothing is kept per table row: memory does not grow with the row count.
    """

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        columns: Sequence[Column],
        *,
        letterhead: Letterhead | None = None,
        heading: Heading | None = None,
        landscape: bool = False,
        margins: Margins | None = None,
        freeze_header: bool = True,
    ):
        if not columns:
            raise ValueError("an official sheet needs at least one column")
        if letterhead is not None and len(columns) < 2:
            raise ValueError("the letterhead needs at least two columns (left and right side)")
        margins = margins or Margins()
        room = printable_units(landscape, margins.left, margins.right)
        if sum(c.width for c in columns) > room:
            # Fit-to-width would shrink the whole sheet, 12-point text included, to make them fit.
            raise ValueError(
                f"the columns are {sum(c.width for c in columns):g} units wide, but A4 "
                f"{'landscape' if landscape else 'portrait'} holds {room:.2f} between the margins"
            )
        use_document_font(workbook, _TABLE_BODY)
        self.ws = workbook.create_sheet(title)
        self.columns = tuple(columns)
        self.letterhead = letterhead
        self.heading = heading
        self.freeze_header = freeze_header
        self.rows_written = 0
        self._last_blank = False
        self._started = False
        self._signed = False
        self._total_width = sum(c.width for c in self.columns)
        self._split = self._left_columns()
        self._page_height = printable_height_pt(landscape, margins.top, margins.bottom)
        self._page_setup(landscape, margins)

    def _left_columns(self) -> int:
        """How many columns the left half of the letterhead and signature spans: about 40 % of the width."""
        running = 0.0
        for count, column in enumerate(self.columns[:-1], 1):
            running += column.width
            if running >= 0.4 * self._total_width:
                return count
        return max(1, len(self.columns) - 1)

    def _page_setup(self, landscape: bool, margins: Margins) -> None:
        ws = self.ws
        # The PAPERSIZE_* / ORIENTATION_* constants live on Worksheet only, not on WriteOnlyWorksheet.
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
        ws.page_margins = margins.page_margins()
        # Fit all columns on the page width, as many pages down as needed. The flag is in sheetPr,
        # which write-only mode writes with the first row.
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = "Trang &P/&N"
        ws.oddFooter.center.font = f"{FONT_NAME},Regular"
        ws.oddFooter.center.size = 11
        for index, column in enumerate(self.columns, 1):
            ws.column_dimensions[get_column_letter(index)].width = column.width

    # -- rows -------------------------------------------------------------------------------------

    @property
    def table_header_row(self) -> int:
        """The row of the table header: the letterhead and heading come first."""
        rows = 0
        if self.letterhead is not None:
            rows += max(len(self.letterhead.issuer) + 1, 3) + 1
        if self.heading is not None:
            rows += 1 + bool(self.heading.subject) + bool(self.heading.note) + 1
        return rows + 1

    def _cell(self, value: str, font: Font, alignment: Alignment) -> Cell:
        cell = text_cell(self.ws, value)
        cell.font = font
        cell.alignment = alignment
        return cell

    def _append(self, row: list, height: float | None = None) -> None:
        self.rows_written += 1
        self._last_blank = not row
        if height is None:
            self.ws.append(row)
            return
        # row_dimensions[r] is read while row r is streamed; dropping it afterwards keeps memory flat.
        self.ws.row_dimensions[self.rows_written].height = height
        self.ws.append(row)
        del self.ws.row_dimensions[self.rows_written]

    def _blank(self) -> None:
        """A blank line between blocks (one, however many blocks end or start)."""
        if self.rows_written and not self._last_blank:
            self._append([])

    def _span_width(self, first: int, last: int) -> float:
        return sum(c.width for c in self.columns[first - 1 : last])

    def _text_row(self, parts: Iterable[tuple[int, int, str, Font, Alignment]]) -> None:
        """One row of text parts, each (first column, last column, text, font, alignment), merged over
        its columns, with a height that fits the wrapped text."""
        row: list = []
        height = 0.0
        for first, last, text, font, alignment in parts:
            if not text:
                continue
            row.extend([None] * (first - 1 - len(row)))
            row.append(self._cell(text, font, alignment))
            row.extend([None] * (last - first))
            if last > first:
                self.ws.merged_cells.add(
                    CellRange(min_col=first, min_row=self.rows_written + 1, max_col=last, max_row=self.rows_written + 1)
                )
            height = max(height, text_height(text, self._span_width(first, last), font))
        self._append(row, height or None)

    def _two_sides(self, left: Sequence[tuple[str, Font]], right: Sequence[tuple[str, Font]]) -> None:
        split, end = self._split, len(self.columns)
        for (left_text, left_font), (right_text, right_font) in zip_longest(left, right, fillvalue=("", _BODY)):
            self._text_row(
                [
                    (1, split, left_text, left_font, _CENTRE),
                    (split + 1, end, right_text, right_font, _CENTRE),
                ]
            )

    def _start(self, table: bool) -> None:
        if self._signed:
            raise RuntimeError("the signature block ends the sheet")
        if self._started:
            return
        self._started = True
        if table and self.freeze_header:
            # Set before the first row: write-only mode writes the sheet view with it.
            self.ws.freeze_panes = f"A{self.table_header_row + 1}"
        end = len(self.columns)
        if self.letterhead is not None:
            lh = self.letterhead
            left = [(line.upper(), _ISSUER) for line in lh.issuer] + [(lh.number, _NUMBER)]
            right = [(lh.country, _COUNTRY), (lh.motto, _MOTTO), (place_and_date(lh.place, lh.date), _DATE_LINE)]
            self._two_sides(left, right)
            self._blank()
        if self.heading is not None:
            self._text_row([(1, end, self.heading.title.upper(), _TITLE, _CENTRE)])
            if self.heading.subject:
                self._text_row([(1, end, self.heading.subject, _SUBJECT, _CENTRE)])
            if self.heading.note:
                self._text_row([(1, end, self.heading.note, _NOTE, _CENTRE)])
            self._blank()

    def write_table(
        self,
        rows: Iterable[Sequence[Any]],
        *,
        progress: Callable[[int], None] | None = None,
        progress_every: int = 1000,
        split_tall_rows: bool = False,
    ) -> int:
        """Write the table header and ``rows`` (one value per column; str, numbers, dates, None …).
        Returns the number of data rows. ``progress(n)`` is called every ``progress_every`` rows.

        Every row gets the height of its wrapped text, up to what a page holds under the header.
        With ``split_tall_rows`` a taller row goes on in the rows below it (text cut where its lines
        wrap, other cells empty), so that all of it prints; leave it off for a table that is read back
        (the appendix), where a row must stay one record.

        Must come first: the frozen panes point under the header row, and write-only mode fixes
        them with the first row."""
        if self._started:
            raise RuntimeError("write_table() must be the first thing written to the sheet, and only once")
        self._start(table=True)
        ws = self.ws
        header_row = self.rows_written + 1
        if header_row != self.table_header_row:  # the frozen panes were set from table_header_row
            raise AssertionError(f"table header on row {header_row}, expected {self.table_header_row}")
        ws.print_title_rows = f"{header_row}:{header_row}"
        head = []
        for column in self.columns:
            cell = self._cell(column.title, _TABLE_HEAD, _CENTRE)
            cell.border = _GRID
            head.append(cell)
        head_height = max(text_height(c.title, c.width, _TABLE_HEAD) for c in self.columns)
        self._append(head, head_height)

        slots = [_Slot(ws, index, column) for index, column in enumerate(self.columns, 1)]
        fit = TableFit([c.width for c in self.columns], _TABLE_BODY, self._page_height - head_height - 6)
        # Locals: this loop runs once per row of a report that may have 100,000.
        count, top, dimensions, append, heights = 0, fit.max_lines, ws.row_dimensions, ws.append, fit.attributes
        for values in rows:
            cells = [slot.fill(value) for slot, value in zip(slots, values, strict=True)]
            count += 1
            lines = fit.lines(cells)
            if lines > top and split_tall_rows:
                for part in fit.split(values, cells):
                    cells = [slot.fill(value) for slot, value in zip(slots, part, strict=True)]
                    self.rows_written += 1
                    dimensions[self.rows_written] = heights[min(fit.lines(cells), top)]
                    append(cells)
                    del dimensions[self.rows_written]
            else:
                self.rows_written += 1
                # Read while the row is streamed, then dropped: memory stays flat (see TableFit).
                dimensions[self.rows_written] = heights[lines if lines <= top else top]
                append(cells)
                del dimensions[self.rows_written]
            if progress is not None and count % progress_every == 0:
                progress(count)
        if progress is not None and count % progress_every:
            progress(count)
        return count

    def write_paragraphs(self, paragraphs: Iterable[str | Paragraph]) -> None:
        """Narrative text, one paragraph per row across the whole width. Each paragraph keeps a merged
        range until the workbook is saved: meant for prose, not for thousands of rows."""
        self._start(table=False)
        self._blank()
        end = len(self.columns)
        for paragraph in paragraphs:
            if isinstance(paragraph, str):
                paragraph = Paragraph(paragraph)
            font = Font(name=FONT_NAME, size=13, bold=paragraph.bold, italic=paragraph.italic)
            self._text_row([(1, end, paragraph.text, font, _JUSTIFY)])

    def write_signature(self, signature: Signature) -> None:
        """Recipients ("Nơi nhận:") on the left, the signature on the right; nothing may follow."""
        self._start(table=False)
        self._blank()
        right = [(line, _SIGN) for line in (signature.authority, signature.position) if line]
        right += [("", _SIGN)] * 4 + [(signature.signer, _SIGN)]  # room for signature and seal
        left = [("Nơi nhận:", _RECIPIENTS_LABEL)] if signature.recipients else []
        left += [(line, _RECIPIENT) for line in signature.recipients]
        split, end = self._split, len(self.columns)
        for (left_text, left_font), (right_text, right_font) in zip_longest(left, right, fillvalue=("", _BODY)):
            self._text_row(
                [
                    (1, split, left_text, left_font, _LEFT),
                    (split + 1, end, right_text, right_font, _CENTRE),
                ]
            )
        self._signed = True
