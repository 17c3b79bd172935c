"""What the two spreadsheet imports (PAPI scores, the task summary table) share when reading a sheet.

Both open the workbook with ``load_uploaded``: the package is checked first (``core.safe_files.EXCEL``:
its zip directory before anything is unpacked, every XML part as a stream before openpyxl parses
it: no entities, no huge text node, a bounded number of elements), then opened read-only
(``openpyxl.load_workbook(read_only=True)``), which streams rows and never holds the whole sheet,
and both stop after a bounded number of rows. Read-only mode has no ``merged_cells`` (a cell hidden by a
merge reads as empty), so ``merged_ranges`` reads the sheet's XML part once more, as bytes: it
looks for ``<mergeCell ref="B5:B7"/>`` elements (after the rows in the file, so the whole part is
streamed, in 1 MB pieces, with a plain byte search; about 0.4 s for 100,000 rows where parsing the
XML again would take 10 s or more).

openpyxl stops with a ValueError in the middle of the rows at a number it cannot read ("NaN" or
"INF" stored as a number, which no spreadsheet program writes but other tools may);
``unreadable_number_message`` then names that cell. ``non_finite`` spots NaN, sNaN, Infinity and inf,
as text or as a number (openpyxl reads a stored "1E400" as ``inf``), in a cell that is read.
"""

from __future__ import annotations

import io
import math
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from core import safe_files

CHUNK = 1024 * 1024
MAX_TAG = 64 * 1024  # an unfinished tag longer than this at the end of a piece is no mergeCell
# A tag cannot contain "<" (not even in an attribute value) and text holds it as "&lt;", so this
# only matches real elements; the namespace prefix is optional ("x:mergeCell" from some writers).
_MERGE_TAG = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref\s*=\s*["']([^"']+)["']""")
_SHEET_DATA = f"{{{SHEET_MAIN_NS}}}sheetData"
_ROW = f"{{{SHEET_MAIN_NS}}}row"
_CELL = f"{{{SHEET_MAIN_NS}}}c"
_VALUE = f"{{{SHEET_MAIN_NS}}}v"
MAX_LISTED = 10  # merged ranges named in one message


def load_uploaded(data):
    """The read-only, data-only workbook of an uploaded .xlsx's bytes, opened only once
    ``core.safe_files`` has checked the package; UnsafeFileError for a refused file
    (DamagedFileError, its subclass, for one that is broken or openpyxl cannot open)."""
    safe_files.check_package(data, safe_files.EXCEL)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 (openpyxl raises anything from KeyError to lxml errors on a damaged file)
        raise safe_files.DamagedFileError() from None


def _part(sheet):
    """The XML part of a read-only worksheet, opened (openpyxl 3.1's ``_archive`` and
    ``_worksheet_path``; the version is pinned in requirements.txt)."""
    return sheet.parent._archive.open(sheet._worksheet_path)


def merged_ranges(sheet) -> list[CellRange]:
    """The merged ranges of a read-only worksheet, in the order of the file."""
    found = []
    carry = b""
    with _part(sheet) as source:
        while chunk := source.read(CHUNK):
            data = carry + chunk
            cut = data.rfind(b"<")
            if cut == -1 or data.find(b">", cut) != -1:
                done, carry = data, b""
            else:  # the piece ends inside a tag: read it with the next piece
                done, carry = data[:cut], data[cut:]
                if len(carry) > MAX_TAG:
                    carry = b""
            if b"mergeCell" in done:
                for match in _MERGE_TAG.finditer(done):
                    try:
                        found.append(CellRange(match.group(1).decode("ascii")))
                    except (TypeError, ValueError, UnicodeDecodeError):
                        continue
    return found


def _first_unreadable_number(sheet):
    """(cell, stored text) of the first number openpyxl cannot read, or None.

    Parsed with openpyxl's own parser and stopped there: openpyxl has already read that far."""
    sheet_data = None
    with _part(sheet) as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == _SHEET_DATA:
                    sheet_data = element
                continue
            if element.tag == _CELL and element.get("t", "n") == "n":
                text = (element.findtext(_VALUE) or "").strip()
                if text and not _readable_number(text):
                    return element.get("r") or "?", text
            elif element.tag == _ROW and sheet_data is not None:
                sheet_data.clear()  # finished rows: nothing more is wanted from them
    return None


def _readable_number(text):
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def unreadable_number_message(sheet) -> str:
    """After openpyxl failed on ``sheet``: one line naming the number it could not read, or ''."""
    try:
        found = _first_unreadable_number(sheet)
    except Exception:  # noqa: BLE001 (the part is damaged in some other way: the caller says so)
        return ""
    if found is None:
        return ""
    return _(
        "Cell %(cell)s holds “%(value)s” as a number, which is not a number that can be used "
        "(infinite or undefined); type a number or leave the cell empty, then upload the file again."
    ) % {"cell": found[0], "value": found[1][:40]}


def hidden_by_merges(merged, header_row, columns, heading_column=None) -> list[str]:
    """The merged ranges that hide a cell the import reads, as "B5:B7", top to bottom.

    A cell is read if it is below ``header_row`` (1-based) in one of ``columns`` (0-based
    indexes). The top-left cell of a range keeps its value; the others read as empty. With
    ``heading_column`` (0-based), a merge across one row that starts left of that column and
    covers it is a heading or note across the table (the row has no code), and is let be.
    """
    read = {index + 1 for index in columns}
    found = []
    for cells in sorted(merged, key=lambda cells: (cells.min_row, cells.min_col)):
        across_a_heading = heading_column is not None and cells.min_col < heading_column + 1 <= cells.max_col
        if across_a_heading and cells.min_row == cells.max_row:
            continue
        hidden = (
            (row, col)
            for row in range(max(cells.min_row, header_row + 1), cells.max_row + 1)
            for col in read
            if cells.min_col <= col <= cells.max_col and (row, col) != (cells.min_row, cells.min_col)
        )
        if next(hidden, None) is not None:
            found.append(cells.coord)
    return found


def merged_message(ranges) -> str:
    listed = ", ".join(ranges[:MAX_LISTED]) + ("…" if len(ranges) > MAX_LISTED else "")
    return _(
        "Merged cells %(ranges)s: a merge hides the cells under it, which would be read as empty. "
        "Unmerge the cells and upload the file again."
    ) % {"ranges": listed}


def non_finite(value) -> bool:
    """Whether a cell's value is NaN, sNaN, an infinity or an overflowing number, as a number
    (openpyxl reads "1E400" as ``inf``) or as text ("NaN", "-Infinity", "inf")."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, Decimal):
        return not value.is_finite()
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not text or not (text[0].isalpha() or text[0] in "+-"):
            return False
        try:
            return not Decimal(text).is_finite()
        except InvalidOperation:
            return False
    return False


def column_name(index, title) -> str:
    """ "C (Điểm)": the column's letter and its title, for a message about a cell."""
    return f"{get_column_letter(index + 1)} ({title})"


def non_finite_message(column, value, expected) -> str:
    return _(
        "Column %(column)s: “%(value)s” is not a number that can be used (infinite or undefined); "
        "expected %(expected)s."
    ) % {"column": column, "value": str(value).strip()[:40], "expected": expected}
