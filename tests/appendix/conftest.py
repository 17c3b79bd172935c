"""A plan with tasks in two content areas and one outside them, and helpers to edit the table."""

import datetime
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from importing.appendix.workbook import write_appendix
from plans.models import ContentArea, Plan, Role
from tasks.models import Task

from ..conftest import make_person


@pytest.fixture(autouse=True)
def _english(_vietnamese_by_default):
    """Messages are checked by their English msgids (the Vietnamese catalogue is the lead's)."""
    translation.activate("en")


@pytest.fixture
def culture(commune):
    return make_person("vanhoa", commune, Role.OFFICIAL, "Công chức Văn hóa - Xã hội", "Đỗ Thị Mai")


@pytest.fixture
def plan(commune, clerk, official, second_official, culture):
    plan = Plan.objects.create(
        unit=commune,
        year=2024,
        title="Kế hoạch nâng cao Chỉ số PAPI năm 2024",
        number="05/KH-UBND",
        issue_date=datetime.date(2024, 1, 15),
    )
    area1, area3 = ContentArea.objects.get(code=1), ContentArea.objects.get(code=3)
    first = Task.objects.create(
        plan=plan,
        code="1.1.a",
        order=1,
        title="Họp dân bàn và quyết định các công trình công cộng",
        text="Tổ chức họp dân ...",
        content_area=area1,
        lead=official,
        deadline_kind="period",
        due_date=datetime.date(2024, 6, 30),
        period_kind="quarter",
        period_index=2,
        deadline_text="Quý II/2024",
        expected_output="Biên bản họp",
    )
    first.cooperating.add(culture)
    Task.objects.create(
        plan=plan,
        code="1.3.a",
        order=3,
        title="Tiếp công dân định kỳ",
        text="Thực hiện tốt việc tiếp công dân.",
        content_area=area3,
        lead=second_official,
        deadline_kind="date",
        due_date=datetime.date(2024, 9, 30),  # no text: written as 30/09/2024
        remarks="Phối hợp với Ban Tiếp công dân",
    )
    Task.objects.create(
        plan=plan,
        code="1.1.b",
        order=2,
        title="Công khai danh sách hộ nghèo",
        text="Công khai danh sách hộ nghèo tại nhà văn hóa thôn.",
        content_area=area1,
        lead_text="Đài truyền thanh xã",  # the plan's words; no official
        cooperating_text="Mặt trận Tổ quốc xã, các đoàn thể",
        deadline_kind="ongoing",
        review_frequency="quarterly",
    )
    Task.objects.create(
        plan=plan,
        code="PL.1",
        order=4,
        title="Tuyên truyền trên loa truyền thanh",
        text="Tuyên truyền trên loa truyền thanh.",
        deadline_kind="period",
        due_date=datetime.date(2024, 6, 30),
        period_kind="half_year",
        period_index=1,
    )
    return plan


def exported(plan) -> bytes:
    buffer = io.BytesIO()
    write_appendix(buffer, plan)
    return buffer.getvalue()


HEADERS = {
    "code": "Mã",
    "task": "Nhiệm vụ",
    "lead": "Chủ trì",
    "cooperating": "Phối hợp",
    "deadline": "Thời gian hoàn thành",
    "output": "Sản phẩm",
    "remarks": "Ghi chú",
}


def find_header(ws):
    for row in ws.iter_rows():
        values = [c.value for c in row]
        if "Mã" in values:
            return row[0].row, {v: i + 1 for i, v in enumerate(values) if v}
    raise AssertionError("no header")


def row_of(ws, code):
    header_row, columns = find_header(ws)
    for row in ws.iter_rows(min_row=header_row + 1):
        if row[columns["Mã"] - 1].value == code:
            return row[0].row
    raise AssertionError(f"no row for {code}")


def edited(data: bytes, edits: dict, *, as_text=True) -> bytes:
    """The workbook with cells changed: {code: {field: value}}, as a person would in Excel."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    _header_row, columns = find_header(ws)
    for code, fields in edits.items():
        row = row_of(ws, code)
        for name, value in fields.items():
            cell = ws.cell(row=row, column=columns[HEADERS[name]])
            cell.value = value
            if as_text and isinstance(value, str):
                cell.data_type = "s"  # typed with a leading apostrophe: text, even "=…"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name="bieu.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
