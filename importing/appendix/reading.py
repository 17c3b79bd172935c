"""The task summary table read back: what an edited table would change, nothing written.

    preview = read_appendix(uploaded, plan)      # what the edited file would change; nothing written

- Rows are matched back to tasks by the "Mã" column (the task code), never by their position or
  text: the clerk may sort, regroup or delete rows. A task whose row is gone is left as it is;
  rows cannot add tasks (that is "Thêm nhiệm vụ").
- Imported: Chủ trì and Phối hợp (officials by position or full name; several separated by ";"),
  Thời gian hoàn thành (read with ``tasks.deadlines.parse_deadline``), Sản phẩm and Ghi chú.
  Not imported: STT and Nhiệm vụ. The table carries the short title, not the full text (a task's
  text runs to paragraphs, which would make the table unprintable); a changed title is reported
  as a note, since titles are edited on the task.
- A cell that still reads exactly as exported is unchanged, whatever it says: the plan's own
  words for a party that is no official ("Đài truyền thanh xã") or a deadline ("Cả năm") survive the
  round trip without having to resolve. Only edited cells are read.
- A missing column changes nothing in that field.
- Headers are matched with the plan importer's keywords (``importing.plan.appendix_table.column_for``),
  people with its party matching (``importing.plan.parties``), so the words that work in a plan
  work here too.
- Cells are read as text: formula-looking text stays text, numbers are written without a spurious
  ".0", a date cell reads dd/mm/yyyy. The workbook is opened ``data_only``: a formula typed in Excel
  counts with the value Excel last showed (a file no spreadsheet has calculated has none, so such a
  cell reads empty; the preview shows it).
- A merge that hides cells of the table (the Chủ trì of three tasks merged into one cell) refuses
  the file, naming the ranges: read-only openpyxl would read the hidden cells as empty and propose
  to clear them (``core.spreadsheets.reading``); a heading or note merged across a row is read as one. A cell
  holding NaN or an infinity is an error of its row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.safe_files import DamagedFileError, UnsafeFileError
from core.spreadsheets import reading as sheets
from importing.plan.appendix_table import column_for
from importing.plan.text import fold_keep, one_line
from plans.models import Plan
from tasks.deadlines import Deadline, DeadlineKind, parse_deadline
from tasks.evidence import EXCEL_WORKBOOK, sniff
from tasks.models import Task
from tasks.services.assignment import cooperating_of, lead_of

from .common import (
    COLUMNS,
    EDITABLE,
    HEADER_SEARCH_ROWS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    SEPARATOR,
    AppendixError,
)
from .people import People
from .workbook import plan_tasks, task_cells

# Header words for the task code: checked before the importer's keywords, which would take
# "Mã nhiệm vụ" for the task column.
CODE_HEADERS = {"ma", "ma so", "ma nv", "ma nhiem vu", "ma cong viec", "code", "task code"}
_COLUMN_NUMBERS = re.compile(r"\(?\s*\d{1,2}\s*\)?")  # the "(1) (2) (3)" row under a header

FIELD_LABELS = {
    "lead": gettext_lazy("Lead"),
    "cooperating": gettext_lazy("Cooperating"),
    "deadline": gettext_lazy("Deadline"),
    "output": gettext_lazy("Expected output"),
    "remarks": gettext_lazy("Remarks"),
}


# What an imported cell should hold, for the message about one that holds NaN or an infinity.
NON_FINITE_EXPECTED = {
    "code": gettext_lazy("the task's code"),
    "lead": gettext_lazy("an official's position or full name"),
    "cooperating": gettext_lazy("officials' positions or full names, separated by “;”"),
    "deadline": gettext_lazy("a date, a period or “Thường xuyên”"),
    "output": gettext_lazy("text written in words"),
    "remarks": gettext_lazy("text written in words"),
}


# --- The file, its header and its cells ----------------------------------------------------------


def cell_text(value) -> str:
    """A cell's value as the text a person sees: formulas-looking text unchanged, 3 not 3.0,
    dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y" if value.time() == dt.time() else "%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value).strip()


def _header_field(text):
    words = " ".join(re.findall(r"[a-z0-9]+", fold_keep(text or "")))
    if words in CODE_HEADERS:
        return "code"
    return column_for(text) if text else None


def _find_header(rows):
    """(row number, {field: column index}) of the first row naming the code and an editable column."""
    for number, values in rows:
        columns = {}
        for index, value in enumerate(values):
            name = _header_field(cell_text(value))
            if name and name not in columns:
                columns[name] = index
        if "code" in columns and any(name in columns for name in EDITABLE):
            return number, columns
        if number >= HEADER_SEARCH_ROWS:
            break
    return None


def _check_file(file) -> bytes:
    """The upload's bytes if it is an .xlsx of a sane size and shape, else AppendixError."""
    name = getattr(file, "name", "") or "file"
    file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if not data:
        raise AppendixError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise AppendixError(_("The file is larger than 5 MB."))
    try:
        sniff(ContentFile(data, name=str(name)), kind=EXCEL_WORKBOOK)
    except ValidationError as exc:
        raise AppendixError(exc.messages[0]) from None
    return data


def _check_merges(merged, header):
    """AppendixError for merged cells that hide cells of the table (see _sheet_rows)."""
    row, columns = header
    read = [index for name, index in columns.items() if name in ("code", *EDITABLE)]
    hidden = sheets.hidden_by_merges(merged, row, read, heading_column=columns["code"])
    if hidden:
        raise AppendixError(sheets.merged_message(hidden))


def _sheet_rows(data):
    """(sheet title, header (row, columns), [(row number, values)]) of the first sheet with a header.

    A merge that hides a cell of the table (``core.spreadsheets.reading.hidden_by_merges``; a heading or note
    merged across a row is fine) and a number openpyxl cannot read refuse the file."""
    try:
        wb = sheets.load_uploaded(data)
    except DamagedFileError:
        raise AppendixError(_("The file could not be read as an Excel workbook.")) from None
    except UnsafeFileError as error:  # a zip bomb, entities, a huge text node: its own words
        raise AppendixError(error.message) from None
    ws = None
    try:
        for ws in wb.worksheets[:10]:
            rows = enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1)
            header = _find_header(rows)
            if header is None:
                continue
            body = []
            for number, values in rows:
                if number - header[0] > MAX_ROWS:
                    raise AppendixError(
                        _("The table has more than %(count)s rows below its header.") % {"count": MAX_ROWS}
                    )
                body.append((number, values))
            _check_merges(sheets.merged_ranges(ws), header)
            return ws.title, header, body
    except AppendixError:
        raise
    except Exception:  # a damaged sheet, or a stored "NaN" openpyxl cannot read: say which cell
        message = sheets.unreadable_number_message(ws) if ws is not None else ""
        raise AppendixError(message or _("The file could not be read as an Excel workbook.")) from None
    finally:
        wb.close()
    raise AppendixError(
        _(
            "No table header found: the sheet needs a row with the titles “Mã”, “Chủ trì”, “Phối hợp”, "
            "“Thời gian hoàn thành”, “Sản phẩm”, “Ghi chú”. Download the table from the portal and edit it."
        )
    )


# --- The preview ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str  # one of EDITABLE
    before: str
    after: str

    @property
    def label(self):
        return FIELD_LABELS[self.field]


@dataclass(frozen=True)
class RowMessage:
    row: int  # the spreadsheet's row number
    code: str
    message: str


KEEP = object()


@dataclass
class TaskChange:
    """What one row changes on one task; unset parts are KEEP."""

    row: int
    task: Task
    version: int  # the task's version when the preview was made
    changes: list[FieldChange] = field(default_factory=list)
    lead: object = KEEP
    cooperating: object = KEEP
    deadline: object = KEEP
    output: object = KEEP
    remarks: object = KEEP

    @property
    def assigns(self):
        return self.lead is not KEEP or self.cooperating is not KEEP


@dataclass
class AppendixPreview:
    plan: Plan
    sheet: str = ""
    header_row: int = 0
    changes: list[TaskChange] = field(default_factory=list)
    errors: list[RowMessage] = field(default_factory=list)
    notes: list[RowMessage] = field(default_factory=list)  # not imported, said so
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)  # codes of tasks without a row

    @property
    def ok(self):
        return not self.errors

    @property
    def versions(self) -> dict[int, int]:
        return {change.task.pk: change.version for change in self.changes}

    def fingerprint(self) -> str:
        """A digest of every change shown, to check that the apply does what the preview said."""
        shown = [[c.task.pk, f.field, f.before, f.after] for c in self.changes for f in c.changes]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()


def _same(a: str, b: str) -> bool:
    return one_line(a) == one_line(b)


def _text(value: str) -> str:
    return "\n".join(line.rstrip() for line in (value or "").replace("\r\n", "\n").split("\n")).strip()


def _describe(deadline: Deadline) -> str:
    if deadline.due_date and deadline.kind != DeadlineKind.ONGOING and deadline.text != f"{deadline.due_date:%d/%m/%Y}":
        return f"{deadline.text} ({deadline.due_date:%d/%m/%Y})"
    return deadline.text


def _deadline_fields(task):
    return {name: getattr(task, name) for name in Deadline(task.deadline_kind).as_task_fields()}


class _Reader:
    def __init__(self, plan):
        self.plan = plan
        self.people = People.of(plan)
        self.tasks = {t.code: t for t in plan_tasks(plan)}
        self.folded_codes = {t.code.casefold(): t for t in self.tasks.values()}

    def task(self, code):
        return self.tasks.get(code) or self.folded_codes.get(code.casefold())

    def read(self, file) -> AppendixPreview:
        data = _check_file(file)
        title, (header_row, columns), body = _sheet_rows(data)
        preview = AppendixPreview(self.plan, sheet=title, header_row=header_row)
        seen = {}
        for number, values in body:
            texts = [cell_text(v) for v in values]
            if not any(texts) or all(_COLUMN_NUMBERS.fullmatch(t) for t in texts if t):
                continue
            cells = {name: texts[i] if i < len(texts) else "" for name, i in columns.items()}
            code = one_line(cells["code"])
            if self._non_finite(preview, number, code, values, columns):
                if (task := self.task(code)) is not None:
                    seen.setdefault(task.pk, number)
                continue
            if not code:
                if any(cells.get(name) for name in EDITABLE):
                    preview.errors.append(
                        RowMessage(number, "", _("No task code (Mã): rows cannot add tasks to the plan."))
                    )
                continue  # a group heading or a note
            task = self.task(code)
            if task is None:
                preview.errors.append(RowMessage(number, code, _("Unknown code: “%(code)s”.") % {"code": code}))
                continue
            if task.pk in seen:
                preview.errors.append(
                    RowMessage(
                        number,
                        code,
                        _("Task %(code)s is also on row %(row)s.") % {"code": task.code, "row": seen[task.pk]},
                    )
                )
                continue
            seen[task.pk] = number
            self._row(preview, number, task, cells)
        preview.missing = [code for code, task in self.tasks.items() if task.pk not in seen]
        return preview

    def _non_finite(self, preview, number, code, values, columns):
        """Errors for the imported cells of a row that hold NaN or an infinity; whether there were any."""
        found = False
        for name, index in columns.items():
            if name in NON_FINITE_EXPECTED and index < len(values) and sheets.non_finite(values[index]):
                column = sheets.column_name(index, dict(COLUMNS)[name].title)
                message = sheets.non_finite_message(column, values[index], NON_FINITE_EXPECTED[name])
                preview.errors.append(RowMessage(number, code, message))
                found = True
        return found

    def _row(self, preview, number, task, cells):
        now = task_cells(task, self.people)
        change = TaskChange(number, task, task.version)
        errors = []

        if "task" in cells and cells["task"] and not _same(cells["task"], now["task"]):
            preview.notes.append(
                RowMessage(number, task.code, _("The task title is not imported; change it on the task's page."))
            )

        lead = lead_of(task)
        if "lead" in cells and not _same(cells["lead"], now["lead"]):
            people, problems = self.people.resolve(cells["lead"])
            errors += problems
            if len(people) > 1:
                errors.append(
                    _("Only one lead official per task: “%(text)s” names %(count)s.")
                    % {"text": one_line(cells["lead"]), "count": len(people)}
                )
            elif not problems:
                lead = people[0] if people else None
                if lead != lead_of(task):
                    change.lead = lead
                    change.changes.append(FieldChange("lead", now["lead"], self.people.display(lead)))

        current = cooperating_of(task)
        cooperating_changed = "cooperating" in cells and not _same(cells["cooperating"], now["cooperating"])
        if cooperating_changed:
            people, problems = self.people.resolve(cells["cooperating"])
            errors += problems
            wanted = [p for p in people if p != lead]
            if not problems and set(wanted) != {p for p in current if p != lead}:
                change.cooperating = wanted
                after = SEPARATOR.join(self.people.display(p) for p in wanted)
                change.changes.append(FieldChange("cooperating", now["cooperating"], after))
        if change.lead is not KEEP and change.cooperating is KEEP:
            change.cooperating = [p for p in current if p != lead]  # assign() takes both

        if "deadline" in cells and not _same(cells["deadline"], now["deadline"]):
            text = one_line(cells["deadline"])
            deadline = parse_deadline(text, self.plan.year) if text else None
            if deadline is None:
                errors.append(
                    _("Unreadable date: “%(text)s”.") % {"text": text}
                    if text
                    else _("The deadline is empty; write a date, a period or “Thường xuyên”.")
                )
            elif deadline.as_task_fields() != _deadline_fields(task):
                change.deadline = deadline
                change.changes.append(FieldChange("deadline", now["deadline"], _describe(deadline)))

        for name, attribute in (("output", "expected_output"), ("remarks", "remarks")):
            if name in cells and _text(cells[name]) != _text(getattr(task, attribute)):
                setattr(change, name, _text(cells[name]))
                change.changes.append(FieldChange(name, _text(getattr(task, attribute)), _text(cells[name])))

        if errors:
            preview.errors.extend(RowMessage(number, task.code, message) for message in errors)
        elif change.changes:
            preview.changes.append(change)
        else:
            preview.unchanged += 1


def read_appendix(file, plan) -> AppendixPreview:
    """Read an edited table (an .xlsx, any binary file object or upload) against ``plan``.

    Raises AppendixError, with one line for the user, when the file is unusable as a whole (not an
    .xlsx, empty, too big, a suspicious archive, no header row). Problems of single rows are
    ``preview.errors``. Nothing is written. Queries: people (1), tasks (2)."""
    return _Reader(plan).read(file)
