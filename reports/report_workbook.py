"""The progress report workbook: "Kết quả thực hiện Kế hoạch nâng cao Chỉ số PAPI" for a period.

    rows = report_rows(unit, period)                        # closed round's snapshot, else the cut-off
    write_report(path, unit=unit, plan=plan, period=period, rows=rows)

Four sheets, streamed with ``core.spreadsheets.layout.OfficialSheet`` (Decree 30 layout):

- "Tổng hợp" (letterhead, title, summary per PAPI content area, notes, signature),
- "Chi tiết" (every task as it stood at the cut-off),
- "Theo cán bộ" (the summary counts per lead official),
- "Báo cáo của cán bộ" (the officials' narratives from the reporting round).

The workbook is an official Vietnamese document: its words are Vietnamese literals, not translated
interface strings, and it comes out in Vietnamese whatever the reader's interface language.

How the deadline buckets (``tasks.models.Bucket``) map to the report's columns:

=====================  ===============================================================
column                 buckets
=====================  ===============================================================
Hoàn thành đúng hạn     done_on_time
Hoàn thành quá hạn      done_late
Đang thực hiện trong hạn in_progress + due_soon + awaiting (the last two also shown
                        apart, as "trong đó"); a task not started but due soon is
                        due_soon, so it counts here, as the bucket rules say
Quá hạn                 overdue
Chưa thực hiện          not_started (not started and not yet due soon)
Tỷ lệ hoàn thành        (done on time + done late) / tasks
=====================  ===============================================================

The five main columns add up to the number of tasks.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from openpyxl import Workbook

from core.spreadsheets.layout import (
    INTEGER_FORMAT,
    PERCENT_FORMAT,
    Column,
    Heading,
    Letterhead,
    OfficialSheet,
    Paragraph,
    Signature,
)
from plans.models import AdministrativeUnit, Plan, Role, User
from plans.text import fold, name_sort_key
from tasks.models import Bucket, TaskStatus

from .models import ReportingRound, Submission, TaskSnapshot
from .status import TaskRow, rows_at_cutoff

SHEET_SUMMARY = "Tổng hợp"
SHEET_DETAIL = "Chi tiết"
SHEET_OFFICIALS = "Theo cán bộ"
SHEET_NARRATIVES = "Báo cáo của cán bộ"

# The official names of the eight PAPI content areas (as in plans' reference data).
AREA_NAMES = {
    1: "Tham gia của người dân ở cấp cơ sở",
    2: "Công khai, minh bạch trong việc ra quyết định ở địa phương",
    3: "Trách nhiệm giải trình với người dân",
    4: "Kiểm soát tham nhũng trong khu vực công",
    5: "Thủ tục hành chính công",
    6: "Cung ứng dịch vụ công",
    7: "Quản trị môi trường",
    8: "Quản trị điện tử",
}
OUTSIDE_AREAS = "Ngoài các chỉ số nội dung"
UNASSIGNED = "Chưa phân công"
TOTAL = "Tổng cộng"

BUCKET_LABELS = {
    Bucket.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Bucket.DONE_LATE: "Hoàn thành quá hạn",
    Bucket.IN_PROGRESS: "Đang thực hiện trong hạn",
    Bucket.DUE_SOON: "Sắp đến hạn",
    Bucket.AWAITING: "Chờ xác nhận hoàn thành",
    Bucket.OVERDUE: "Quá hạn",
    Bucket.NOT_STARTED: "Chưa thực hiện",
}
# Statuses the bucket does not show, added to the label: "Quá hạn – Vướng mắc".
STATUS_NOTES = {TaskStatus.BLOCKED: "Vướng mắc", TaskStatus.RETURNED: "Bị trả lại"}

# Column widths: every sheet is printed on A4 landscape at 100 %, so each table's widths add up to at
# most 119 units (252 mm between the margins; core.spreadsheets.layout checks it). STT takes numbers up to 9,999.
COUNT_COLUMNS = [
    Column("Tổng số nhiệm vụ", 9, INTEGER_FORMAT, "center"),
    Column("Hoàn thành đúng hạn", 9, INTEGER_FORMAT, "center"),
    Column("Hoàn thành quá hạn", 9, INTEGER_FORMAT, "center"),
    Column("Đang thực hiện trong hạn", 9, INTEGER_FORMAT, "center"),
    Column("Trong đó: sắp đến hạn", 9, INTEGER_FORMAT, "center"),
    Column("Trong đó: chờ xác nhận hoàn thành", 9, INTEGER_FORMAT, "center"),
    Column("Quá hạn", 9, INTEGER_FORMAT, "center"),
    Column("Chưa thực hiện", 9, INTEGER_FORMAT, "center"),
    Column("Tỷ lệ hoàn thành (%)", 9, PERCENT_FORMAT, "center"),
]
SUMMARY_COLUMNS = [Column("STT", 5, horizontal="center"), Column("Chỉ số nội dung", 32), *COUNT_COLUMNS]
OFFICIAL_COLUMNS = [Column("STT", 5, horizontal="center"), Column("Cán bộ chủ trì", 32), *COUNT_COLUMNS]
DETAIL_COLUMNS = [
    Column("STT", 5, horizontal="center"),
    Column("Mã", 7, horizontal="center"),
    Column("Nội dung nhiệm vụ", 31),
    Column("Chủ trì", 12),
    Column("Phối hợp", 13),
    Column("Thời hạn", 11, horizontal="center"),
    Column("Tình trạng tại ngày chốt số liệu", 11),
    Column("Tiến độ (%)", 6, INTEGER_FORMAT, "center"),
    Column("Ghi chú mới nhất", 15),
    Column("Số minh chứng", 7, INTEGER_FORMAT, "center"),
]
NARRATIVE_COLUMNS = [
    Column("STT", 5, horizontal="center"),
    Column("Họ và tên", 14),
    Column("Chức vụ", 14),
    Column("Kết quả đạt được", 25),
    Column("Hạn chế, tồn tại", 20),
    Column("Nguyên nhân", 20),
    Column("Đề xuất, kiến nghị", 20),
]


@dataclass
class Counts:
    """The report's counts for a group of tasks (an area, an official, everything)."""

    tasks: int = 0
    on_time: int = 0
    late: int = 0
    in_progress: int = 0  # in progress within deadline, due soon and awaiting included
    due_soon: int = 0
    awaiting: int = 0
    overdue: int = 0
    not_started: int = 0

    def add(self, bucket):
        self.tasks += 1
        if bucket == Bucket.DONE_ON_TIME:
            self.on_time += 1
        elif bucket == Bucket.DONE_LATE:
            self.late += 1
        elif bucket == Bucket.OVERDUE:
            self.overdue += 1
        elif bucket == Bucket.NOT_STARTED:
            self.not_started += 1
        else:
            self.in_progress += 1
            self.due_soon += bucket == Bucket.DUE_SOON
            self.awaiting += bucket == Bucket.AWAITING

    @property
    def done_share(self):
        """(on time + late) / tasks, as a fraction; None without tasks."""
        return (self.on_time + self.late) / self.tasks if self.tasks else None

    def cells(self):
        return [
            self.tasks,
            self.on_time,
            self.late,
            self.in_progress,
            self.due_soon,
            self.awaiting,
            self.overdue,
            self.not_started,
            self.done_share,
        ]


@dataclass
class Narrative:
    """An official's narrative report for the period."""

    name: str
    position: str = ""
    results: str = ""
    limitations: str = ""
    causes: str = ""
    proposals: str = ""


@dataclass
class _Tally:
    total: Counts = field(default_factory=Counts)
    areas: dict = field(default_factory=dict)  # area code (None outside) → Counts
    # lead official's id, ("department", name) for a department's tasks, None unassigned → (name, Counts)
    leads: dict = field(default_factory=dict)

    def add(self, row):
        self.total.add(row.bucket)
        self.areas.setdefault(row.area_code, Counts()).add(row.bucket)
        key = row.lead_id if row.lead_id is not None else (("department", row.lead_name) if row.lead_name else None)
        self.leads.setdefault(key, [row.lead_name, Counts()])[1].add(row.bucket)


def status_label(row):
    label = BUCKET_LABELS.get(row.bucket, str(row.bucket))
    note = STATUS_NOTES.get(row.status)
    return f"{label} – {note}" if note else label


def deadline_cell(row):
    """The deadline as the plan states it, else the due date (written dd/mm/yyyy)."""
    return row.deadline_text or row.due_date


def _detail_cells(number, row):
    return [
        number,
        row.code,
        row.text,
        row.lead_name,
        row.cooperating_names,
        deadline_cell(row),
        status_label(row),
        row.progress,
        row.latest_note,
        row.evidence_count,
    ]


def _area_rows(areas):
    codes = sorted(set(AREA_NAMES) | {code for code in areas if code is not None})
    for number, code in enumerate(codes, 1):
        yield [number, f"{code}. {AREA_NAMES.get(code, f'Chỉ số nội dung {code}')}", *areas.get(code, Counts()).cells()]
    yield [len(codes) + 1, OUTSIDE_AREAS, *areas.get(None, Counts()).cells()]


def _official_rows(leads):
    # Departments first (they lead after the 2025 reform), then officials, each by name.
    named = sorted(
        ((name, key, counts) for key, (name, counts) in leads.items() if key is not None),
        key=lambda item: (not isinstance(item[1], tuple), name_sort_key(item[0]), str(item[1])),
    )
    number = 0
    for number, (name, _lead_id, counts) in enumerate(named, 1):
        yield [number, name, *counts.cells()]
    if None in leads:
        yield [number + 1, UNASSIGNED, *leads[None][1].cells()]


def _issuer(unit):
    return ("Ủy ban nhân dân", f"{AdministrativeUnit.KIND_WORDS.get(unit.kind, 'xã')} {unit.name}")


def chairman_name(unit):
    """The name of the unit's chairman, if the portal has one (one query)."""
    chairman = User.objects.filter(unit=unit, role=Role.CHAIRMAN, is_active=True).order_by("pk").first()
    return str(chairman) if chairman else ""


def _recipients(unit):
    recipients = []
    if unit.parent_id:
        parent = unit.parent
        recipients.append(f"- UBND {_issuer(parent)[1]} (để báo cáo);")
    recipients += ["- Chủ tịch, các Phó Chủ tịch UBND;", "- Lưu: VT."]
    return recipients


def _period_note(period):
    return f"(Số liệu tính từ ngày {period.start:%d/%m/%Y} đến hết ngày {period.end:%d/%m/%Y}, giờ Việt Nam)"


def write_report(
    output,
    *,
    unit,
    plan,
    period,
    rows: Iterable[TaskRow],
    narratives: Sequence[Narrative] = (),
    signer: str | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 500,
    today: datetime.date | None = None,
):
    """Write the report workbook to ``output`` (a path or binary file). Returns the number of tasks.

    ``rows`` is read once, lazily (a generator or a snapshot queryset iterator will do): the detail
    sheet is streamed while the counts are tallied, and the summary sheets are written afterwards
    (write-only sheets are independent files, so the order of writing is free). Memory does not
    grow with the number of rows. ``progress(n)`` is called every ``progress_every`` rows.
    ``signer`` defaults to the unit's chairman (one query); pass "" for a blank name.
    """
    if signer is None:
        signer = chairman_name(unit)
    today = today or timezone.localdate()
    wb = Workbook(write_only=True)
    sheets = _Sheets.create(wb, unit=unit, plan=plan, period=period, today=today)
    tally = _Tally()
    count = _write_detail(sheets.detail, rows, tally, progress=progress, progress_every=progress_every)
    _write_summary(sheets.summary, tally, unit=unit, period=period, signer=signer)
    _write_officials(sheets.officials, tally)
    _write_narratives(sheets.narratives, narratives)
    wb.save(output)
    return count


@dataclass
class _Sheets:
    """The report's four sheets, in the workbook's order."""

    summary: OfficialSheet
    detail: OfficialSheet
    officials: OfficialSheet
    narratives: OfficialSheet

    @classmethod
    def create(cls, wb, *, unit, plan, period, today):
        with translation.override("vi"):
            period_name = period.name
        number = "Số: …/BC-UBND"
        letterhead = Letterhead(_issuer(unit), number, plan.place or unit.name, today)
        subject = f"Kết quả thực hiện Kế hoạch nâng cao Chỉ số PAPI — {period_name}"
        attached = f"(Kèm theo Báo cáo số …/BC-UBND ngày {today:%d/%m/%Y} của Ủy ban nhân dân {_issuer(unit)[1]})"
        return cls(
            summary=OfficialSheet(
                wb,
                SHEET_SUMMARY,
                SUMMARY_COLUMNS,
                letterhead=letterhead,
                heading=Heading("Báo cáo", subject, _period_note(period)),
                landscape=True,
            ),
            detail=OfficialSheet(
                wb,
                SHEET_DETAIL,
                DETAIL_COLUMNS,
                heading=Heading("Phụ lục I", f"Chi tiết tình hình thực hiện nhiệm vụ — {period_name}", attached),
                landscape=True,
            ),
            officials=OfficialSheet(
                wb,
                SHEET_OFFICIALS,
                OFFICIAL_COLUMNS,
                heading=Heading(
                    "Phụ lục II", f"Kết quả thực hiện nhiệm vụ theo cán bộ chủ trì — {period_name}", attached
                ),
                landscape=True,
            ),
            narratives=OfficialSheet(
                wb,
                SHEET_NARRATIVES,
                NARRATIVE_COLUMNS,
                heading=Heading("Phụ lục III", f"Báo cáo của cán bộ, công chức — {period_name}", attached),
                landscape=True,
            ),
        )


def _write_detail(sheet, rows, tally, *, progress, progress_every):
    """Stream every task to the detail sheet, counting it in ``tally``; returns the number of tasks."""

    def detail_rows():
        for number, row in enumerate(rows, 1):
            tally.add(row)
            yield _detail_cells(number, row)

    return sheet.write_table(detail_rows(), progress=progress, progress_every=progress_every, split_tall_rows=True)


def _write_summary(sheet, tally, *, unit, period, signer):
    sheet.write_table([*_area_rows(tally.areas), ["", TOTAL, *tally.total.cells()]])
    sheet.write_paragraphs(
        [
            Paragraph("Ghi chú:", bold=True),
            f"- Tình trạng nhiệm vụ tính đến hết ngày chốt số liệu {period.end:%d/%m/%Y}.",
            "- “Đang thực hiện trong hạn” gồm cả nhiệm vụ sắp đến hạn "
            f"(trong {settings.PAPI_DUE_SOON_DAYS} ngày tới) và nhiệm vụ đã báo cáo hoàn thành, chờ xác nhận.",
            "- Tỷ lệ hoàn thành = (hoàn thành đúng hạn + hoàn thành quá hạn) / tổng số nhiệm vụ.",
            "- Chi tiết từng nhiệm vụ tại Phụ lục I; kết quả theo cán bộ chủ trì tại Phụ lục II; "
            "báo cáo của cán bộ tại Phụ lục III.",
        ]
    )
    sheet.write_signature(Signature(signer=signer, recipients=_recipients(unit)))


def _write_officials(sheet, tally):
    official_rows = list(_official_rows(tally.leads))
    sheet.write_table([*official_rows, ["", TOTAL, *tally.total.cells()]])


def _write_narratives(sheet, narratives):
    if narratives:
        sheet.write_table(
            (
                [n, x.name, x.position, x.results, x.limitations, x.causes, x.proposals]
                for n, x in enumerate(narratives, 1)
            ),
            split_tall_rows=True,
        )
    else:
        sheet.write_paragraphs([Paragraph("Chưa thu thập báo cáo của cán bộ trong kỳ này.", italic=True)])


# --- Rows and narratives from the database ---------------------------------------------------------


class ReportError(Exception):
    """Why a report cannot be made (no plan for the year …), in a sentence for the user."""


def plan_for(unit, period):
    """The unit's plan for the period's year, or ReportError."""
    plan = Plan.objects.filter(unit=unit, year=period.year).select_related("unit").first()
    if plan is None:
        raise ReportError(gettext("%(unit)s has no plan for %(year)s.") % {"unit": unit, "year": period.year})
    return plan


def closed_round(plan, period):
    return ReportingRound.objects.filter(
        plan=plan,
        period_kind=period.kind,
        period_year=period.year,
        period_index=period.index,
        period_style=period.style,
        status=ReportingRound.Status.CLOSED,
    ).first()


def report_rows(unit, period, *, plan=None):
    """The rows of the unit's report on ``period``: a CLOSED reporting round's frozen TaskSnapshot
    rows when there is one (so the report comes out identical however the tasks changed since),
    else the tasks at the cut-off (``rows_at_cutoff``). Raises ReportError without a plan.

    Queries: plan (unless given) + round + 1 snapshots, or + 4 for the cut-off rows.
    """
    plan = plan or plan_for(unit, period)
    round_ = closed_round(plan, period)
    if round_ is not None:
        return [TaskRow.from_snapshot(s) for s in TaskSnapshot.objects.filter(round=round_).order_by("order")]
    return rows_at_cutoff(plan, period)


def report_narratives(plan, period):
    """The officials' narratives from the period's reporting round (submitted or accepted), by name."""
    submissions = (
        Submission.objects.filter(
            round__plan=plan,
            round__period_kind=period.kind,
            round__period_year=period.year,
            round__period_index=period.index,
            round__period_style=period.style,
            status__in=[Submission.Status.SUBMITTED, Submission.Status.ACCEPTED],
        )
        .select_related("official__position")
        .order_by("official__sort_name", "pk")
    )
    return [
        Narrative(
            name=str(s.official),
            position=str(s.official.position or ""),
            results=s.results,
            limitations=s.limitations,
            causes=s.causes,
            proposals=s.proposals,
        )
        for s in submissions
    ]


def report_file_name(unit, period):
    """ "bao-cao-papi-2024-Q2-trung-trac.xlsx" (ASCII: Vietnamese letters folded)."""
    return f"bao-cao-papi-{period.code}-{slugify(fold(unit.name))}.xlsx"


def export_unit_report(unit, period, output, *, progress=None, progress_every=500, today=None):
    """One commune's report, as the web and ``manage.py export_report`` make it. Returns the task count.
    ``progress(done, total)`` is called as task rows are written."""
    plan = plan_for(unit, period)
    rows = report_rows(unit, period, plan=plan)
    return write_report(
        output,
        unit=unit,
        plan=plan,
        period=period,
        rows=rows,
        narratives=report_narratives(plan, period),
        progress=(lambda done: progress(done, len(rows))) if progress else None,
        progress_every=progress_every,
        today=today,
    )


# --- Several communes: a supervisor's district or province -------------------------------------------

AREA_SUMMARY_COLUMNS = [Column("STT", 5, horizontal="center"), Column("Đơn vị", 32), *COUNT_COLUMNS]
# The commune's column takes its room from the task and the note; STT runs to 99,999 (a province).
AREA_DETAIL_COLUMNS = [
    Column("STT", 6, horizontal="center"),
    Column("Đơn vị", 10),
    *DETAIL_COLUMNS[1:2],
    Column(DETAIL_COLUMNS[2].title, 26),
    Column(DETAIL_COLUMNS[3].title, 11),
    Column(DETAIL_COLUMNS[4].title, 12),
    *DETAIL_COLUMNS[5:8],
    Column(DETAIL_COLUMNS[8].title, 11),
    DETAIL_COLUMNS[9],
]


def communes_with_plans(unit, year):
    """The plans of the year of the communes within ``unit`` (the unit itself if it is a commune)."""
    return list(
        Plan.objects.filter(unit__in=AdministrativeUnit.objects.within(unit), year=year)
        .select_related("unit")
        .order_by("unit__name", "unit__code")
    )


def export_area_report(unit, period, output, *, progress=None, progress_every=None, today=None):
    """The report of every commune within ``unit`` that has a plan for the year, in one workbook
    (``progress_every`` is accepted for symmetry; progress is reported per commune):
    "Tổng hợp" counts per commune (and in total), "Chi tiết" every task with its commune.
    ``progress(done, total)`` counts communes. Returns the number of tasks."""
    plans = communes_with_plans(unit, period.year)
    if not plans:
        raise ReportError(
            gettext("No commune within %(unit)s has a plan for %(year)s.") % {"unit": unit, "year": period.year}
        )
    today = today or timezone.localdate()
    with translation.override("vi"):
        period_name = period.name
    wb = Workbook(write_only=True)
    letterhead = Letterhead(_issuer(unit), "", unit.name, today)
    summary = OfficialSheet(
        wb,
        SHEET_SUMMARY,
        AREA_SUMMARY_COLUMNS,
        letterhead=letterhead,
        heading=Heading(
            "Tổng hợp",
            f"Kết quả thực hiện Kế hoạch nâng cao Chỉ số PAPI của các xã — {period_name}",
            _period_note(period),
        ),
        landscape=True,
    )
    detail = OfficialSheet(
        wb,
        SHEET_DETAIL,
        AREA_DETAIL_COLUMNS,
        heading=Heading("Chi tiết", f"Tình hình thực hiện nhiệm vụ của các xã — {period_name}"),
        landscape=True,
    )
    per_unit, total = [], Counts()

    def detail_rows():
        number = 0
        for done, plan in enumerate(plans, 1):
            counts = Counts()
            for row in report_rows(plan.unit, period, plan=plan):
                number += 1
                counts.add(row.bucket)
                total.add(row.bucket)
                cells = _detail_cells(number, row)
                yield [cells[0], plan.unit.name, *cells[1:]]
            per_unit.append((plan.unit.name, counts))
            if progress:
                progress(done, len(plans))

    count = detail.write_table(detail_rows(), split_tall_rows=True)
    summary.write_table(
        [*([n, name, *counts.cells()] for n, (name, counts) in enumerate(per_unit, 1)), ["", TOTAL, *total.cells()]]
    )
    wb.save(output)
    return count
