"""Sizing the official sheets for print: page widths, column units, wrapped lines and row heights.

Spreadsheet programs do not size the rows of a write-only workbook to their wrapped text (LibreOffice
keeps the stored height, one line by default, and prints the rest over the rows below), so
``core.spreadsheets.layout.OfficialSheet`` writes every row's height itself, computed here from the column
width, the font and the text.

Units and why they are reliable:

- A column width is counted in digits of the workbook's default font (the "Normal" style). openpyxl's
  default is Calibri 11, which LibreOffice replaces by whatever font it finds (DejaVu Sans here:
  a unit is then 7 pt wide, against Excel's 5.25 pt), so ``use_document_font`` makes Times New Roman
  12 the default. Its digits are half an em wide in Excel and in LibreOffice (Liberation Serif has the
  same metrics): one unit is 8 px = 6 pt in both.
- Character widths are those of Times New Roman in thousandths of an em, the wider of upright and
  italic (bold: of bold and bold italic). A Vietnamese letter is as wide as its base letter (the
  accents sit above or below it), plus the horn of ơ and ư; an unknown character counts a full em.
- Lines are counted conservatively: words break at spaces only (readers may also break after "-" or
  "/", which only saves lines), text is taken ``SAFETY`` times wider than measured (screen hinting
  and printer metrics differ a little), a word wider than the cell is broken across lines, and every
  explicit newline starts a line. Overestimating leaves some white space; underestimating prints text
  over the next row.
- A line takes ``LINE_SPACING`` times the font size: Vietnamese letters carry stacked diacritics
  ("ễ", "ậ"), which need about 1.3 times the size (Excel's own single-line height for Times New Roman
  is 1.3125 times it).
"""

from __future__ import annotations

import math
import unicodedata
from bisect import bisect_right
from itertools import accumulate

from openpyxl.styles import Font
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook import Workbook

PT_PER_UNIT = 6.0  # one column-width unit with Times New Roman 12 as the default font: 8 px
MM = 72 / 25.4  # points per millimetre
A4_MM = (210, 297)
PADDING_PT = 5.0  # the cell's inner margins, left and right together
SAFETY = 1.07
LINE_SPACING = 1.3
ROW_PADDING_PT = 2.25
MAX_ROW_PT = 409.5  # Excel refuses taller rows
_PIXEL_PT = 0.75  # heights are whole pixels at 96 dpi

# Times New Roman advance widths, 1/1000 em, for " " … "~" (U+0020–U+007E).
_ASCII_REGULAR = (
    250, 333, 420, 500, 500, 833, 778, 214, 333, 333, 500, 675, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500,
    921, 722, 667, 667, 722, 611, 611, 722, 722, 333, 444, 722, 611, 889, 722, 722,
    611, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 389, 278, 389, 469, 500,
    333, 500, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 389, 389, 278, 500, 500, 722, 500, 500, 444, 480, 275, 480, 541,
)  # fmt: skip
_ASCII_BOLD = (
    250, 389, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,
    930, 722, 667, 722, 722, 667, 667, 778, 778, 389, 500, 778, 667, 944, 722, 778,
    611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500,
    333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 570,
)  # fmt: skip
# Punctuation the portal's texts use beyond ASCII (typographic quotes, dashes, ellipsis).
_OTHERS = {"“": 556, "”": 556, "‘": 333, "’": 333, "–": 500, "—": 1000, "…": 1000, "•": 350, "\u00a0": 250}
_HORN = "\u031b"  # ơ, ư: the horn adds at most 0.074 em
_HORN_EXTRA = 80
_UNKNOWN = 1000  # an em
_SPECIAL = {"\r": 0, "\t": 1000}  # a tab shows as a space or more; a CR shows nothing


class _CharWidths(dict):
    """Character → width; characters beyond ASCII are worked out on first sight."""

    def __init__(self, ascii_widths):
        super().__init__(zip(map(chr, range(32, 127)), ascii_widths, strict=True))
        self.update(_OTHERS)
        self.update(_SPECIAL)
        self.widest = max(max(self.values()), _UNKNOWN)

    def __missing__(self, char):
        decomposed = unicodedata.normalize("NFD", char)
        base = {"đ": "d", "Đ": "D"}.get(char, decomposed[0])
        width = dict.get(self, base, _UNKNOWN) if base != char else _UNKNOWN
        if _HORN in decomposed:
            width += _HORN_EXTRA
        self[char] = width
        return width


class _WordWidths(dict):
    """Word → width: Vietnamese is written in short syllables, and few of them are distinct, so
    nearly every word of a long export is measured once. Bounded: emptied when it gets large."""

    LIMIT = 10_000

    def __init__(self, chars: _CharWidths):
        super().__init__()
        self.chars = chars

    def __missing__(self, word):
        if len(self) >= self.LIMIT:
            self.clear()
        width = sum(map(self.chars.__getitem__, word))
        self[word] = width
        return width


_REGULAR = _WordWidths(_CharWidths(_ASCII_REGULAR))
_BOLD = _WordWidths(_CharWidths(_ASCII_BOLD))


def _words(font: Font) -> _WordWidths:
    return _BOLD if font.b else _REGULAR


# -- the page -------------------------------------------------------------------------------------


def printable_units(landscape: bool, left_mm: float, right_mm: float) -> float:
    """The width between the side margins of an A4 page, in column-width units."""
    page = A4_MM[1] if landscape else A4_MM[0]
    return (page - left_mm - right_mm) * MM / PT_PER_UNIT


def printable_height_pt(landscape: bool, top_mm: float, bottom_mm: float) -> float:
    """The height between the top and bottom margins of an A4 page, in points."""
    page = A4_MM[0] if landscape else A4_MM[1]
    return (page - top_mm - bottom_mm) * MM


def use_document_font(workbook: Workbook, font: Font) -> None:
    """Make ``font`` the workbook's default ("Normal") font, in which column widths are counted.

    openpyxl keeps the default as the first font of its style table (``_fonts[0]``, referenced by the
    Normal style): it is replaced before any cell has been styled, while the table holds nothing else.
    """
    fonts = workbook._fonts
    if fonts[0] == font:
        return
    if len(fonts) > 1:
        raise RuntimeError("create the official sheets before styling any cell of the workbook")
    workbook._fonts = IndexedList([font])
    workbook._named_styles["Normal"].font = font  # recalculates its font id: 0


# -- lines and heights ----------------------------------------------------------------------------


def budget(width_units: float, font: Font) -> float:
    """The room for text on one line of a cell ``width_units`` wide, in thousandths of an em of
    ``font``, shrunk by the safety factor."""
    room_pt = max(width_units * PT_PER_UNIT - PADDING_PT, PT_PER_UNIT)
    return room_pt * 1000 / font.sz / SAFETY


def count_lines(text: str, room: float, font: Font) -> int:
    """The lines ``text`` takes wrapped in ``room`` (see ``budget``): an upper bound."""
    widths = _words(font)
    space = widths.chars[" "]
    lines = 0
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        sizes = list(map(widths.__getitem__, words))
        if sum(sizes) + space * (len(sizes) - 1) <= room:  # most cells: one line
            lines += 1
        elif max(sizes) <= room:
            lines += _greedy_lines(sizes, room, space)
        else:
            lines += _lines_breaking_words(words, sizes, room, space, widths)
    return lines


def _greedy_lines(sizes: list, room: float, space: float) -> int:
    """Lines of words that each fit on a line, filled greedily: one binary search per line over the
    running widths (a word and the space after it), instead of a step per word."""
    ends = list(accumulate(map(space.__add__, sizes), initial=0))
    start, count, lines = 0, len(sizes), 0
    while start < count:
        # the words start … k-1 fit when ends[k] - ends[start] - space <= room
        start = bisect_right(ends, ends[start] + room + space, start + 1) - 1
        lines += 1
    return lines


def _lines_breaking_words(words: list, sizes: list, room: float, space: float, widths) -> int:
    """Lines of a paragraph holding a word wider than the room, which is broken where the room ends."""
    lines, used = 1, -space
    for word, width in zip(words, sizes, strict=True):
        needed = used + space + width
        if needed <= room:
            used = needed
            continue
        if used >= 0:  # the line holds a word (an empty one between two spaces included)
            lines += 1
        cuts = _cuts(word, room, widths.chars) if width > room else None
        if cuts:  # (a single character wider than the room stays whole)
            lines += len(cuts)
            width = widths[word[cuts[-1] :]]
        used = width
    return lines


def _cuts(word: str, room: float, chars: _CharWidths) -> list[int]:
    """Where a word wider than ``room`` is broken: the index starting each line after the first."""
    cuts, used = [], 0.0
    for index, width in enumerate(map(chars.__getitem__, word)):
        if used + width > room and used > 0:
            cuts.append(index)
            used = 0.0
        used += width
    return cuts


def _wrapped(text: str, room: float, font: Font):
    """The lines of ``count_lines``, each as (text, separator that joined it to the next line):
    " " at a wrap between words, "" inside a broken word, "\n" at the end of a paragraph."""
    widths = _words(font)
    chars, space = widths.chars, widths.chars[" "]
    for paragraph in text.split("\n"):
        line, used = [], -space
        for word in paragraph.split(" "):
            width = widths[word]
            if used + space + width <= room:
                line.append(word)
                used += space + width
                continue
            if line:
                yield " ".join(line), " "
            line, used = [], 0.0
            if width > room:
                start = 0
                for end in _cuts(word, room, chars):
                    yield word[start:end], ""
                    start = end
                word = word[start:]
            line.append(word)
            used = widths[word]
        yield " ".join(line), "\n"


def split_text(text: str, room: float, font: Font, max_lines: int) -> list[str]:
    """``text`` cut into pieces of at most ``max_lines`` wrapped lines each (see ``budget``), at the
    places where its lines wrap; the pieces joined back with their separators give the text again."""
    lines = list(_wrapped(text, room, font))
    pieces = []
    for start in range(0, len(lines), max_lines):
        chunk = lines[start : start + max_lines]
        pieces.append("".join(line + sep for line, sep in chunk[:-1]) + chunk[-1][0])
    return pieces


def max_lines(room_pt: float, font: Font) -> int:
    """How many lines of ``font`` a row of at most ``room_pt`` points holds (one at least)."""
    return max(1, int((min(room_pt, MAX_ROW_PT) - ROW_PADDING_PT) / (font.sz * LINE_SPACING)))


def height_of(lines: int, font: Font) -> float:
    """Row height in points for ``lines`` lines of ``font``: whole pixels, at most Excel's limit."""
    points = lines * font.sz * LINE_SPACING + ROW_PADDING_PT
    return min(math.ceil(points / _PIXEL_PT) * _PIXEL_PT, MAX_ROW_PT)


def text_height(text: str, width_units: float, font: Font) -> float:
    """Height in points of ``text`` wrapped in a cell (or merged range) ``width_units`` wide."""
    return height_of(count_lines(text, budget(width_units, font), font), font)


class TableFit:
    """Row heights for the rows of one table: a room per column, worked out once, and the row
    attributes for each number of lines, so that a streamed row costs a few comparisons unless it
    holds text long enough to wrap. Rows hold at most ``max_lines`` lines (what fits on a page under
    the header, within Excel's limit); ``split`` cuts a taller row into rows that fit.

    ``attributes[lines]`` holds the XML attributes of a row (``ht``, ``customHeight``), which the
    write-only writer reads from ``row_dimensions[r]`` while it streams row r: openpyxl's
    ``WorksheetWriter.write_row`` merges that entry into the row's attributes with ``dict.update``,
    so a shared plain mapping serves, instead of a RowDimension object per row (which costs more
    than the rest of the row). Pinned by the tests.
    """

    __slots__ = ("font", "rooms", "max_lines", "attributes")

    # Per column (that is, per width), the lines of the first texts seen, up to this length: names,
    # statuses, deadlines and cooperating lists repeat, and so do task texts across the communes of a
    # district that share a plan template. Bounded (at most about 1 MiB a column), never emptied, so
    # a column of unique codes cannot evict them.
    SHORT = 400
    REMEMBERED = 1024

    def __init__(self, widths, font: Font, room_pt: float = MAX_ROW_PT):
        self.font = font
        widest = _words(font).chars.widest
        # (room, characters that surely fit on one line, lines of the short texts seen) per column
        self.rooms = [(room, int(room // widest), {}) for room in (budget(width, font) for width in widths)]
        self.max_lines = max_lines(room_pt, font)
        # by number of lines, 1 … max_lines (a taller row is cut to max_lines or split)
        heights = [height_of(lines, font) for lines in range(self.max_lines + 1)]
        self.attributes = [{"ht": f"{height:g}", "customHeight": "1"} for height in heights]

    def lines(self, cells) -> int:
        """The lines of the tallest cell (openpyxl cells, as they will be written)."""
        most = 1
        for column, cell in zip(self.rooms, cells, strict=True):
            value = cell._value
            lines = column[2].get(value)  # numbers, dates and None are never there
            if lines is None:
                if value.__class__ is not str:
                    continue
                lines = self._measure(value, *column)
            if lines > most:
                most = lines
        return most

    def _measure(self, text: str, room: float, sure: int, seen: dict) -> int:
        if len(text) <= sure and "\n" not in text:
            return 1
        chars = _words(self.font).chars
        if len(text) <= 2 * sure + 12 and "\n" not in text and sum(map(chars.__getitem__, text)) <= room:
            lines = 1  # a short text on one line (codes, dates): measured by its characters
        else:
            lines = count_lines(text, room, self.font)
        if len(text) <= self.SHORT and len(seen) < self.REMEMBERED:
            seen[text] = lines
        return lines

    def split(self, values, cells) -> list[list]:
        """A row too tall for a page as several rows: the first holds every value, with each long
        text cut where its lines wrap; the next ones hold the rest of those texts only."""
        columns = []
        for (room, _sure, _seen), value, cell in zip(self.rooms, values, cells, strict=True):
            text = cell._value
            if text.__class__ is str and count_lines(text, room, self.font) > self.max_lines:
                columns.append(split_text(text, room, self.font, self.max_lines))
            else:
                columns.append([value])
        depth = max(len(pieces) for pieces in columns)
        return [[pieces[i] if i < len(pieces) else None for pieces in columns] for i in range(depth)]
