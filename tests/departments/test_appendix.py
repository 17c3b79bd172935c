"""The task summary table speaks of departments where the plan does: a department's task shows the
department as its lead, and an edited table moves a task between departments and officials."""

import io

import pytest
from openpyxl import load_workbook

from importing.appendix.applying import apply_appendix
from importing.appendix.reading import read_appendix
from tests.appendix.conftest import HEADERS, edited, exported, find_header, row_of

from .conftest import make_task

pytestmark = pytest.mark.django_db


def cell(data, code, field):
    sheet = load_workbook(io.BytesIO(data)).active
    _row, columns = find_header(sheet)
    return sheet.cell(row=row_of(sheet, code), column=columns[HEADERS[field]]).value


@pytest.fixture
def tasks(plan, culture, economy, official):
    led = make_task(plan, "2.1.a", lead_department=culture)
    led.cooperating_departments.add(economy)
    led.cooperating.add(official)
    make_task(plan, "2.1.b", lead=official)
    return plan


def test_the_table_names_the_lead_department_and_the_cooperating_parties(tasks):
    data = exported(tasks)

    assert cell(data, "2.1.a", "lead") == "Phòng Văn hóa - Xã hội"
    assert set(cell(data, "2.1.a", "cooperating").split("; ")) == {"Phòng Kinh tế", "Công chức Tư pháp - Hộ tịch"}


def test_an_unchanged_table_changes_nothing(tasks):
    assert read_appendix(io.BytesIO(exported(tasks)), tasks).changes == []


def test_an_edited_table_gives_a_department_task_to_an_official_and_an_officials_task_to_a_department(
    tasks, clerk, culture, economy, official
):
    data = edited(
        exported(tasks),
        {
            "2.1.a": {"lead": "Trần Văn Bình", "cooperating": "Phòng Văn hóa - Xã hội"},
            "2.1.b": {"lead": "Phòng Kinh tế", "cooperating": ""},
        },
    )
    preview = read_appendix(io.BytesIO(data), tasks)
    assert preview.errors == []

    apply_appendix(preview, by=clerk)

    first, second = (tasks.tasks.get(code=code) for code in ("2.1.a", "2.1.b"))
    assert (first.lead, first.lead_department) == (official, None)
    assert list(first.cooperating_departments.all()) == [culture]
    assert list(first.cooperating.all()) == []
    assert (second.lead, second.lead_department) == (None, economy)


def test_a_name_that_is_neither_an_official_nor_a_department_is_an_error_of_its_row(tasks):
    data = edited(exported(tasks), {"2.1.a": {"lead": "Phòng Không Có"}})

    preview = read_appendix(io.BytesIO(data), tasks)

    assert preview.changes == []
    assert [message.code for message in preview.errors] == ["2.1.a"]
    assert "Phòng Không Có" in str(preview.errors[0].message)
