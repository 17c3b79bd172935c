"""The Excel report speaks of departments where the plan does: the detail sheet names the lead
department and the cooperating ones, the per-lead sheet counts a department's tasks on its own row
(departments first), and a closed round keeps them."""

import datetime

import pytest
from openpyxl import load_workbook

from reports.periods import Period
from reports.report_workbook import report_rows, write_report
from reports.services import close_round, open_round

from .conftest import make_task as plain_make_task

Q2 = Period.parse("2024-Q2")
TODAY = datetime.date(2024, 7, 1)
JANUARY = datetime.datetime(2024, 1, 2, 8, 0, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db


def _table(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "STT") + 1
    body = []
    for row in rows[start:]:
        if all(v is None for v in row):
            break
        body.append(row)
    return body


def make_task(plan, code, **fields):  # in the plan since January, before the quarter's cut-off
    return plain_make_task(plan, code, created_at=JANUARY, **fields)


@pytest.fixture
def tasks(plan, culture, economy, official, tien):
    led = make_task(plan, "2.1.a", lead_department=culture, due=datetime.date(2024, 5, 31))
    led.cooperating_departments.add(economy)
    led.cooperating.add(official)
    led.delegates.add(tien)
    make_task(plan, "2.1.b", lead_department=culture, due=datetime.date(2024, 9, 30))
    make_task(plan, "2.1.c", lead=official, due=datetime.date(2024, 9, 30))
    make_task(plan, "2.1.d", due=datetime.date(2024, 9, 30))
    return plan


def _report(plan, tmp_path):
    path = tmp_path / "report.xlsx"
    write_report(path, unit=plan.unit, plan=plan, period=Q2, rows=report_rows(plan.unit, Q2), today=TODAY)
    return load_workbook(path)


def test_the_detail_sheet_names_the_lead_department_and_the_cooperating_parties(tasks, tmp_path):
    detail = {row[1]: row for row in _table(_report(tasks, tmp_path)["Chi tiết"])}

    assert detail["2.1.a"][3] == "Phòng Văn hóa - Xã hội"
    assert detail["2.1.a"][4] == "Phòng Kinh tế, Trần Văn Bình"  # departments first, then officials
    assert detail["2.1.c"][3] == "Trần Văn Bình"
    assert not detail["2.1.d"][3]


def test_the_per_lead_sheet_counts_a_departments_tasks_on_its_own_row_first(tasks, tmp_path):
    rows = _table(_report(tasks, tmp_path)["Theo cán bộ"])

    assert [(row[1], row[2]) for row in rows] == [
        ("Phòng Văn hóa - Xã hội", 2),
        ("Trần Văn Bình", 1),
        ("Chưa phân công", 1),
        ("Tổng cộng", 4),
    ]


def test_a_closed_round_keeps_the_department_as_the_lead(tasks, clerk, culture, tmp_path):
    round_ = open_round(tasks, Q2, by=clerk)
    close_round(round_, by=clerk)
    tasks.tasks.filter(lead_department=culture).update(lead_department=None)  # reassigned after the round

    rows = _table(_report(tasks, tmp_path)["Theo cán bộ"])

    assert rows[0][1:3] == ("Phòng Văn hóa - Xã hội", 2)
