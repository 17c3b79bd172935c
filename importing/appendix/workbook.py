"""The task summary table ("Biểu tổng hợp nhiệm vụ") written out to Excel.

    write_appendix(output, plan)                 # .xlsx in the Decree 30 layout, one row per task

Also how the table shows a task's cells (``task_cells``, ``deadline_cell``) and in which order
(``plan_tasks``): reading an edited table compares its cells with these.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook

from core.spreadsheets.layout import Heading, Letterhead, OfficialSheet
from importing.plan.text import one_line
from plans.models import AdministrativeUnit, User
from tasks.deadlines import DeadlineKind, PeriodKind
from tasks.models import Task
from tasks.services.assignment import cooperating_of, lead_of

from .common import COLUMNS, SEPARATOR
from .people import People

# Like the column titles (common.COLUMNS), the sheet's words are fixed Vietnamese, not the user's language.
TITLE = "Biểu tổng hợp nhiệm vụ"
OTHER_TASKS = "Các nhiệm vụ khác"
NOTES = (
    "Ghi chú cách sửa biểu để nhập lại vào Cổng PAPI:",
    "- Cột “Mã” là mã của nhiệm vụ trên Cổng: không sửa, không xóa cột này; dòng không có mã không được nhập.",
    "- Chủ trì, Phối hợp: ghi chức danh hoặc họ tên cán bộ của xã; nhiều người thì ngăn cách bằng dấu “;”.",
    "- Thời gian hoàn thành: ví dụ “30/6/2025”, “Quý II/2025”, “6 tháng đầu năm”, “Thường xuyên”.",
    "- Cột “Nhiệm vụ” chỉ để đọc: sửa tên nhiệm vụ trên Cổng. Xóa một dòng không xóa nhiệm vụ.",
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
_ROMAN_PERIOD = {1: "I", 2: "II", 3: "III", 4: "IV"}


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
    lead = lead_of(task)
    return people.display(lead) if lead is not None else task.lead_text


def _cooperating_cell(task, people: People) -> str:
    cooperating = cooperating_of(task)
    if cooperating:
        return SEPARATOR.join(people.display(p) for p in cooperating)
    return one_line(task.cooperating_text)


def task_cells(task, people: People) -> dict[str, str]:
    return {
        "task": task.title,
        "lead": _lead_cell(task, people),
        "cooperating": _cooperating_cell(task, people),
        "deadline": deadline_cell(task),
        "output": task.expected_output,
        "remarks": task.remarks,
    }


def plan_tasks(plan):
    """The plan's live tasks in table order: by content area (others last), then plan order.

    Three queries: the tasks with lead and area, their cooperating officials and departments."""
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("lead__position", "lead_department", "content_area")
        .prefetch_related(
            Prefetch("cooperating", queryset=User.objects.select_related("position")), "cooperating_departments"
        )
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
    return AdministrativeUnit.KIND_WORDS[unit.kind] if unit.kind in AdministrativeUnit.LOCAL_KINDS else ""


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
    for task in plan_tasks(plan):
        groups.setdefault(task.content_area, []).append(task)
    for number, (area, tasks) in enumerate(groups.items()):
        label = area.name_vi if area is not None else OTHER_TASKS
        roman = _ROMAN[number] if number < len(_ROMAN) else str(number + 1)
        yield [roman, None, label, None, None, None, None, None]
        for stt, task in enumerate(tasks, 1):
            cells = task_cells(task, people)
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
