"""Appendix tables ("Biểu tổng hợp nhiệm vụ"): find the columns, sort rows into groups and tasks.

Column names vary from plan to plan, so headers are matched by accent-folded
keywords. `COLUMNS` is the one place to teach the importer a new column name;
fields are tried in its order, so "Thời gian thực hiện" is a deadline before
"thực hiện" could make it anything else.
"""

import re
from dataclasses import dataclass, field

from .markers import match_numbered, match_part
from .text import fold_keep, one_line

COLUMNS = {
    "number": ("stt", "so tt", "tt", "so thu tu"),
    "deadline": ("thoi gian", "thoi han", "tien do", "han hoan thanh", "moc thoi gian"),
    "cooperating": ("phoi hop",),
    "lead": ("chu tri", "phu trach", "don vi thuc hien", "nguoi thuc hien", "can bo thuc hien"),
    "output": ("san pham", "ket qua"),
    "remarks": ("ghi chu",),
    "task": ("nhiem vu", "noi dung", "cong viec", "hoat dong", "giai phap"),
}
REQUIRED = ("task",)
MIN_FIELDS = 3
_COLUMN_NUMBERS = re.compile(r"\(?\s*\d{1,2}\s*\)?")
_ROMAN = re.compile(r"[IVX]{1,6}\.?")


@dataclass
class AppendixRow:
    kind: str  # "group", "task", or "maybe_group" (numbered, only a text: a group if it names an area)
    number: str  # the STT cell as printed
    cells: dict  # field -> text
    where: str

    @property
    def text(self):
        return self.cells.get("task", "")


@dataclass
class AppendixTable:
    columns: dict  # field -> column index
    headers: dict  # field -> header text as printed
    rows: list = field(default_factory=list)
    where: str = ""
    caption: list = field(default_factory=list)  # paragraphs just before the table


def column_for(header):
    """The field a header cell names, or None."""
    folded = " " + " ".join(re.findall(r"[a-z0-9]+", fold_keep(header))) + " "
    for name, keywords in COLUMNS.items():
        if any(f" {keyword} " in folded for keyword in keywords):
            return name
    return None


def _columns(cells):
    found = {}
    for index, cell in enumerate(cells):
        name = column_for(cell)
        if name and name not in found:
            found[name] = index
    return found


def find_appendix(rows, where=""):
    """An AppendixTable if `rows` (lists of cell texts) has a task-list header, else None."""
    best = None
    for start in range(min(3, len(rows))):
        candidates = [(rows[start], start + 1)]
        if start + 1 < len(rows):
            combined = [f"{a} {b}" for a, b in zip(rows[start], rows[start + 1], strict=False)]
            candidates.append((combined, start + 2))
        for cells, data_start in candidates:
            columns = _columns(cells)
            is_header = all(name in columns for name in REQUIRED) and len(columns) >= MIN_FIELDS
            if is_header and (best is None or len(columns) > len(best[0])):
                best = (columns, cells, data_start)
        if best:
            break
    if best is None:
        return None
    columns, header_cells, data_start = best
    table = AppendixTable(columns, {name: one_line(header_cells[i]) for name, i in columns.items()}, where=where)
    for offset, cells in enumerate(rows[data_start:]):
        row = _row(cells, columns, f"{where}, row {data_start + offset + 1}")
        if row is not None:
            table.rows.append(row)
    return table


def _row(cells, columns, where):
    texts = [c.strip() for c in cells]
    if not any(texts):
        return None
    if all(_COLUMN_NUMBERS.fullmatch(t) for t in texts if t):
        return None  # the "(1) (2) (3)" row under the header
    values = {name: texts[i] if i < len(texts) else "" for name, i in columns.items()}
    number = values.pop("number", "").strip()
    distinct = {t for t in texts if t}
    if len(distinct) == 1 and len([t for t in texts if t]) > 1:
        # one text merged across the row: a group heading
        return AppendixRow("group", "", {"task": distinct.pop()}, where)
    others = [v for name, v in values.items() if name != "task" and v]
    if _ROMAN.fullmatch(number) and match_part(f"{number.rstrip('.')}. X"):
        return AppendixRow("group", number, values, where)
    if not values.get("task") and others and not number:
        return AppendixRow("group", number, {"task": others[0]}, where)
    if not others:
        if not number:
            return AppendixRow("group", number, values, where)
        return AppendixRow("maybe_group", number, values, where)
    return AppendixRow("task", number, values, where)


def group_label(text):
    """A group heading without its own numbering ("I. Nội dung…" → "Nội dung…")."""
    text = one_line(text)
    if part := match_part(text):
        return part.heading or text
    if numbered := match_numbered(text):
        return numbered.heading
    return text
