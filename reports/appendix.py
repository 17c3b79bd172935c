"""The task summary table ("Biểu tổng hợp nhiệm vụ") out to Excel and back in.

    write_appendix(output, plan)                 # .xlsx in the Decree 30 layout, one row per task
    preview = read_appendix(uploaded, plan)      # what the edited file would change; nothing written
    apply_appendix(preview, by=clerk)            # all of it, in one transaction, or nothing

The round trip:

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
- Headers are matched with the plan importer's keywords (``tasks.importing.appendix.column_for``),
  people with its party matching (``tasks.importing.parties``), so the words that work in a plan
  work here too.
- Cells are read as text: formula-looking text stays text, numbers are written without a spurious
  ".0", a date cell reads dd/mm/yyyy. The workbook is opened ``data_only``: a formula typed in Excel
  counts with the value Excel last showed (a file no spreadsheet has calculated has none, so such a
  cell reads empty; the preview shows it).
- A merge that hides cells of the table (the Chủ trì of three tasks merged into one cell) refuses
  the file, naming the ranges: read-only openpyxl would read the hidden cells as empty and propose
  to clear them (``reports.sheets``); a heading or note merged across a row is read as one. A cell
  holding NaN or an infinity is an error of its row.
- Changes go through the task services (``assign``, ``change_deadline``, ``edit_task``), with the
  versions seen at preview time: if any task changed since, nothing is applied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from plans.models import Plan, User
from tasks.access import is_unit_manager
from tasks.deadlines import Deadline, DeadlineKind, PeriodKind, parse_deadline
from tasks.evidence import EXCEL_WORKBOOK, sniff
from tasks.forms_clerk import assignable_people
from tasks.importing.appendix import column_for
from tasks.importing.parties import find_parties, party_key
from tasks.importing.text import fold_keep, one_line
from tasks.models import Task
from tasks.services import TaskActionError, _lock, _require, _save, assign, change_deadline
from tasks.services_clerk import edit_task

from . import sheets
from .xlsx import Column, Heading, Letterhead, OfficialSheet

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000  # rows read below the header; a commune plan has well under 200 tasks
MAX_COLUMNS = 30
HEADER_SEARCH_ROWS = 40  # the letterhead and heading come first
SEPARATOR = "; "

TITLE = "Biểu tổng hợp nhiệm vụ"
OTHER_TASKS = "Các nhiệm vụ khác"
# The sheet is an official Vietnamese document: its words are fixed, not the user's language.
# The header titles are also what read_appendix() looks for.
# The widths add up to what A4 landscape holds between the margins at 100 % (119 units; checked).
COLUMNS = (
    ("number", Column("STT", 5, horizontal="center")),
    ("code", Column("Mã", 7, horizontal="center")),
    ("task", Column("Nhiệm vụ", 32)),
    ("lead", Column("Chủ trì", 14)),
    ("cooperating", Column("Phối hợp", 17)),
    ("deadline", Column("Thời gian hoàn thành", 12, horizontal="center")),
    ("output", Column("Sản phẩm", 16)),
    ("remarks", Column("Ghi chú", 15)),
)
NOTES = (
    "Ghi chú cách sửa biểu để nhập lại vào Cổng PAPI:",
    "- Cột “Mã” là mã của nhiệm vụ trên Cổng: không sửa, không xóa cột này; dòng không có mã không được nhập.",
    "- Chủ trì, Phối hợp: ghi chức danh hoặc họ tên cán bộ của xã; nhiều người thì ngăn cách bằng dấu “;”.",
    "- Thời gian hoàn thành: ví dụ “30/6/2025”, “Quý II/2025”, “6 tháng đầu năm”, “Thường xuyên”.",
    "- Cột “Nhiệm vụ” chỉ để đọc: sửa tên nhiệm vụ trên Cổng. Xóa một dòng không xóa nhiệm vụ.",
)
# Header words for the task code: checked before the importer's keywords, which would take
# "Mã nhiệm vụ" for the task column.
CODE_HEADERS = {"ma", "ma so", "ma nv", "ma nhiem vu", "ma cong viec", "code", "task code"}
EDITABLE = ("lead", "cooperating", "deadline", "output", "remarks")
_COLUMN_NUMBERS = re.compile(r"\(?\s*\d{1,2}\s*\)?")  # the "(1) (2) (3)" row under a header
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
_ROMAN_PERIOD = {1: "I", 2: "II", 3: "III", 4: "IV"}

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


def change_reason():
    return _("Updated from the task summary table (Biểu tổng hợp nhiệm vụ)")


class AppendixError(Exception):
    """The file as a whole cannot be used; the message is one line for the user."""


class StaleAppendixError(AppendixError):
    """Tasks changed between the preview and the apply; `codes` says which, `seen` the version of
    each that the preview showed ({task id: version}, None for a task the preview did not change)."""

    def __init__(self, codes, seen=None):
        self.codes = codes
        self.seen = seen or {}
        super().__init__(
            _("Nothing was applied: these tasks changed after the preview: %(codes)s. Upload the file again.")
            % {"codes": ", ".join(codes)}
        )


# --- People -------------------------------------------------------------------------------------


class People:
    """The commune's assignable officials, found by position name or full name.

    The key of a name is the importer's ``party_key`` (accents, "Công chức", "UBND", "xã" do not
    matter). A key held by several people (two officials with one position) is ambiguous.
    """

    def __init__(self, people: Iterable[User]):
        self.people = list(people)
        self.holders: dict[tuple, list[User]] = {}
        self.names: list[str] = []
        for person in self.people:
            for name in (person.position.name if person.position_id else "", person.full_name):
                key = party_key(name)
                if not key:
                    continue
                holders = self.holders.setdefault(key, [])
                if person not in holders:
                    holders.append(person)
                if name not in self.names:
                    self.names.append(name)

    @classmethod
    def of(cls, plan):
        return cls(assignable_people(plan.unit_id))

    def display(self, person: User | None) -> str:
        """How the table names a person: the position if it names only them, else the full name."""
        if person is None:
            return ""
        if person.position_id and self.holders.get(party_key(person.position.name), [person]) == [person]:
            return person.position.name
        return person.full_name or person.username

    def resolve(self, text: str) -> tuple[list[User], list[str]]:
        """The people a cell names, and error messages for the names it cannot place."""
        found, errors = [], []
        for piece in _pieces(text):
            names = find_parties(piece, self.names)
            covered = {word for name in names for word in party_key(name)}
            leftover = [w for w in party_key(piece) if w not in covered and w != "va"]
            if not names or leftover:
                errors.append(_("Unknown official: “%(text)s”.") % {"text": piece})
                continue
            for name in names:
                holders = self.holders[party_key(name)]
                if len(holders) > 1:
                    errors.append(
                        _("Ambiguous official: “%(text)s” could be %(people)s; write the full name.")
                        % {"text": name, "people": ", ".join(p.full_name or p.username for p in holders)}
                    )
                    continue
                if holders[0] not in found:
                    found.append(holders[0])
        return found, errors


def _pieces(text):
    """A cell cut at ";" and line breaks (commas and "và" are left to the importer's matching)."""
    return [p.strip() for p in re.split(r"[;\n]", text or "") if p.strip()]


# --- Cells as the table shows them -----------------------------------------------------------------


def deadline_cell(task) -> str:
    """The deadline as the table writes it: the plan's words, else a date or period that
    ``parse_deadline`` reads back."""
    if task.deadline_text:
        return task.deadline_text
    if task.deadline_kind == DeadlineKind.ONGOING or task.due_date is None:
        return "Thường xuyên"
    if task.deadline_kind == DeadlineKind.PERIOD:
        year, index = task.due_date.year, task.period_index or 1
        if task.period_kind == PeriodKind.QUARTER:
            return f"Quý {_ROMAN_PERIOD.get(index, index)}/{year}"
        if task.period_kind == PeriodKind.HALF_YEAR:
            return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
        if task.period_kind == PeriodKind.MONTH:
            return f"Tháng {index}/{year}"
        if task.period_kind == PeriodKind.YEAR:
            return f"Năm {year}"
    return task.due_date.strftime("%d/%m/%Y")


def _lead_cell(task, people: People) -> str:
    return people.display(task.lead) if task.lead_id else task.lead_text


def _cooperating_cell(task, people: People) -> str:
    cooperating = list(task.cooperating.all())
    if cooperating:
        return SEPARATOR.join(people.display(p) for p in cooperating)
    return one_line(task.cooperating_text)


def _task_cells(task, people: People) -> dict[str, str]:
    return {
        "task": task.title,
        "lead": _lead_cell(task, people),
        "cooperating": _cooperating_cell(task, people),
        "deadline": deadline_cell(task),
        "output": task.expected_output,
        "remarks": task.remarks,
    }


def _plan_tasks(plan):
    """The plan's live tasks in table order: by content area (others last), then plan order.

    Two queries: the tasks with lead and area, and their cooperating officials."""
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("lead__position", "content_area")
        .prefetch_related(Prefetch("cooperating", queryset=User.objects.select_related("position")))
    )
    return sorted(tasks, key=lambda t: (t.content_area is None, getattr(t.content_area, "code", 0), t.order, t.pk))


# --- Export -----------------------------------------------------------------------------------------


def _letterhead(plan) -> Letterhead:
    unit = plan.unit
    issuer = (plan.issuing_body,) if plan.issuing_body else ("Ủy ban nhân dân", f"{_unit_kind(unit)} {unit.name}")
    return Letterhead(
        issuer=issuer,
        number=f"Số: {plan.number}" if plan.number else "",
        place=plan.place or unit.name,
        date=timezone.localdate(),
    )


def _unit_kind(unit):
    return {"ward": "phường", "commune": "xã"}.get(unit.kind, "")


def _subject(plan) -> tuple[str, str]:
    note = "(Kèm theo Kế hoạch"
    if plan.number:
        note += f" số {plan.number}"
    if plan.issue_date:
        note += f" ngày {plan.issue_date:%d/%m/%Y}"
    note += f" của UBND {_unit_kind(plan.unit)} {plan.unit.name})".replace("  ", " ")
    return plan.title, note


def _rows(plan, people: People):
    groups: dict = {}
    for task in _plan_tasks(plan):
        groups.setdefault(task.content_area, []).append(task)
    for number, (area, tasks) in enumerate(groups.items()):
        label = area.name_vi if area is not None else OTHER_TASKS
        roman = _ROMAN[number] if number < len(_ROMAN) else str(number + 1)
        yield [roman, None, label, None, None, None, None, None]
        for stt, task in enumerate(tasks, 1):
            cells = _task_cells(task, people)
            yield [stt, task.code, *(cells[name] for name, _column in COLUMNS[2:])]


def write_appendix(output, plan) -> int:
    """Write the plan's tasks as an .xlsx to ``output`` (a path or binary file); returns the task rows.

    Queries: the plan's people (one), the tasks (two)."""
    people = People.of(plan)
    wb = Workbook(write_only=True)
    subject, note = _subject(plan)
    sheet = OfficialSheet(
        wb,
        "Biểu tổng hợp",
        [column for _name, column in COLUMNS],
        letterhead=_letterhead(plan),
        heading=Heading(TITLE, subject, note),
        landscape=True,
    )
    rows = sheet.write_table(_rows(plan, people))
    sheet.write_paragraphs(NOTES)
    wb.save(output)
    return rows


# --- Import: reading ----------------------------------------------------------------------------------


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

    A merge that hides a cell of the table (``reports.sheets.hidden_by_merges``; a heading or note
    merged across a row is fine) and a number openpyxl cannot read refuse the file."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises anything from KeyError to lxml errors on a damaged file
        raise AppendixError(_("The file could not be read as an Excel workbook.")) from None
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


# --- Import: the preview -------------------------------------------------------------------------------


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


_KEEP = object()


@dataclass
class TaskChange:
    """What one row changes on one task; unset parts are _KEEP."""

    row: int
    task: Task
    version: int  # the task's version when the preview was made
    changes: list[FieldChange] = field(default_factory=list)
    lead: object = _KEEP
    cooperating: object = _KEEP
    deadline: object = _KEEP
    output: object = _KEEP
    remarks: object = _KEEP

    @property
    def assigns(self):
        return self.lead is not _KEEP or self.cooperating is not _KEEP


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
        self.tasks = {t.code: t for t in _plan_tasks(plan)}
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
        now = _task_cells(task, self.people)
        change = TaskChange(number, task, task.version)
        errors = []

        if "task" in cells and cells["task"] and not _same(cells["task"], now["task"]):
            preview.notes.append(
                RowMessage(number, task.code, _("The task title is not imported; change it on the task's page."))
            )

        lead = task.lead
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
                if lead != task.lead:
                    change.lead = lead
                    change.changes.append(FieldChange("lead", now["lead"], self.people.display(lead)))

        current = list(task.cooperating.all())
        cooperating_changed = "cooperating" in cells and not _same(cells["cooperating"], now["cooperating"])
        if cooperating_changed:
            people, problems = self.people.resolve(cells["cooperating"])
            errors += problems
            wanted = [p for p in people if p != lead]
            if not problems and {p.pk for p in wanted} != {p.pk for p in current if p != lead}:
                change.cooperating = wanted
                after = SEPARATOR.join(self.people.display(p) for p in wanted)
                change.changes.append(FieldChange("cooperating", now["cooperating"], after))
        if change.lead is not _KEEP and change.cooperating is _KEEP:
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


# --- Import: applying ------------------------------------------------------------------------------------


def _set_remarks(task, *, by, remarks, reason, expected_version):
    """The remarks, in the services' manner (``edit_task`` covers title and output only)."""
    task = _lock(task, expected_version)
    _require(by, task, "manage")
    task.remarks = remarks
    _save(task, by, reason=reason, fields=["remarks"])
    return task


def _give_reason(task, reason):
    """``assign()`` takes no reason: write it on the history rows of the version it made."""
    Task.history.filter(id=task.pk, version=task.version, history_change_reason__isnull=True).update(
        history_change_reason=reason
    )


@transaction.atomic
def apply_appendix(preview: AppendixPreview, *, by, versions=None, fingerprint=None) -> list[Task]:
    """Apply every change of ``preview`` in one transaction, or none.

    ``versions`` ({task id: version}, default: the preview's own) are the versions the person saw;
    ``fingerprint`` the digest of the changes they saw (see ``AppendixPreview.fingerprint``). Refused
    (nothing written): PermissionDenied unless ``by`` is the commune's clerk; StaleAppendixError if
    any task changed since those versions (checked first, with the rows locked); AppendixError if the
    preview has errors or its changes differ from the fingerprint. Returns the changed tasks.
    """
    plan = preview.plan
    if not is_unit_manager(by, plan.unit_id):
        raise PermissionDenied
    versions = preview.versions if versions is None else {int(k): int(v) for k, v in versions.items()}
    # Lock every task first (in id order, as any other writer would), then check them all: the
    # message names every task that changed, not just the first.
    codes = {c.task.pk: c.task.code for c in preview.changes}
    ids = sorted({*versions, *codes})
    locked = {
        pk: (code, version)
        for pk, code, version in Task.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "code", "version")
    }
    # A task deleted, changed, or changed now but not at preview time (it has no version here).
    stale = [pk for pk in ids if pk not in locked or pk not in versions or locked[pk][1] != versions[pk]]
    if stale:
        names = [locked.get(pk, (codes.get(pk, f"#{pk}"), None))[0] for pk in stale]
        raise StaleAppendixError(names, {pk: versions.get(pk) for pk in stale})
    # The tasks are as they were; the people may not be (a new official makes a name ambiguous).
    if preview.errors:
        raise AppendixError(_("The table has errors; nothing was applied. Upload it again to see them."))
    if fingerprint is not None and fingerprint != preview.fingerprint():
        raise AppendixError(_("The changes are no longer those of the preview; nothing was applied. Upload again."))

    reason = change_reason()
    done = []
    try:
        for change in preview.changes:
            task, version = change.task, versions[change.task.pk]
            # The deadline before the people: those who stay are told of the new deadline,
            # those who join get the assignment (which shows it).
            if change.deadline is not _KEEP:
                task = change_deadline(task, by=by, deadline=change.deadline, reason=reason, expected_version=version)
                version = task.version
            if change.assigns:
                lead = task.lead if change.lead is _KEEP else change.lead
                task = assign(task, by=by, lead=lead, cooperating=change.cooperating, expected_version=version)
                _give_reason(task, reason)
                version = task.version
            if change.output is not _KEEP:
                task, _changed = edit_task(
                    task,
                    by=by,
                    title=task.title,
                    expected_output=change.output,
                    reason=reason,
                    expected_version=version,
                )
                version = task.version
            if change.remarks is not _KEEP:
                task = _set_remarks(task, by=by, remarks=change.remarks, reason=reason, expected_version=version)
            done.append(task)
    except TaskActionError as exc:
        raise AppendixError(
            _("Nothing was applied: task %(code)s: %(error)s") % {"code": change.task.code, "error": exc}
        ) from exc
    return done
