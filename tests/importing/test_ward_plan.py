"""Issue #12 item 5: a ward's Word plan whose appendix restates its 16 items imports as 16 tasks.

The appendix rows fill the body items they restate (lead, cooperating parties, deadline, product)
instead of becoming tasks of their own; part III's sentences name the ward's departments; the
score sentences above each area are never tasks. See ward_plan.py for the document.
"""

import datetime

import pytest

from importing.plan import import_plan
from plans.models import Responsibility
from tasks.deadlines import DeadlineKind, PeriodKind, ReviewFrequency
from tasks.models import Task, TaskOrigin

from .ward_plan import AREAS, KT, ROWS, TTHC, VHXH, VP, build_ward_docx

BODY_CODES = [f"{area}.{letter}" for area in range(1, 9) for letter in "ab"]


@pytest.fixture
def ward_plan(tmp_path):
    def build(layout="groups", extra=False):
        return build_ward_docx(tmp_path / f"ke-hoach-phuong-{layout}.docx", layout, extra)

    return build


@pytest.fixture
def imported(commune, people, ward_plan):
    return import_plan(ward_plan(), unit=commune, year=2026)


def tasks_of(plan):
    return {task.code: task for task in Task.objects.filter(plan=plan).order_by("order")}


def test_sixteen_items_restated_by_the_appendix_are_sixteen_tasks_in_their_areas(imported):
    tasks = tasks_of(imported.plan)
    assert list(tasks) == BODY_CODES
    assert imported.counts.per_area == dict.fromkeys(range(1, 9), 2)
    assert (imported.counts.outside, imported.counts.appendix, imported.counts.filled) == (0, 0, 16)
    assert {task.origin for task in tasks.values()} == {TaskOrigin.PLAN_TEXT}
    assert all(task.section.number == code.split(".")[0] for code, task in tasks.items())


def test_every_row_is_matched_to_the_item_it_restates_with_its_confidence(imported):
    matches = imported.matches
    assert [(m.row.number, m.task.code, m.how) for m in matches] == [
        (str(n), code, "text") for n, code in enumerate(BODY_CODES, start=1)
    ]
    assert {m.confidence for m in matches} == {"high"}
    assert min(m.score for m in matches) >= 0.8
    assert "16 completed from the appendix" in imported.counts_line()
    line = "  1  Hội nghị lấy ý kiến Nhân dân về quy hoạch, kế hoạch sử dụng… → 1.a (by its text, 96% alike)"
    assert f"{line} [high confidence]" in imported.tree_lines()


def test_the_appendix_fills_lead_cooperating_deadline_and_product_and_the_body_text_stays(imported, people):
    tasks = tasks_of(imported.plan)
    first = tasks["1.a"]
    assert first.text == AREAS[0][2][0]  # the body's words, not the row's
    assert (first.lead_text, first.cooperating_text) == (KT, "Các tổ dân phố")
    assert first.expected_output == "Biên bản hội nghị"
    assert first.lead is None  # a department, not a person: kept as written
    assert (first.deadline_kind, first.due_date) == (DeadlineKind.DATE, datetime.date(2026, 6, 30))
    dialogue = tasks["3.a"]
    assert (dialogue.lead, dialogue.lead_text) == (people["chairman"], "Chủ tịch UBND phường")
    assert dialogue.cooperating_text == VP
    assert tasks["4.b"].cooperating_text == f"{TTHC}, Công an phường"
    assert {code: (t.lead_text, t.expected_output) for code, t in tasks.items()} == {
        code: (lead, product) for code, _text, lead, _with, _due, product in ROWS
    }


@pytest.mark.parametrize(
    ("code", "written", "expected"),
    [
        ("1.a", "Trước ngày 30/6/2026", {"deadline_kind": "date", "due_date": datetime.date(2026, 6, 30)}),
        ("1.b", "Thường xuyên", {"deadline_kind": "ongoing", "review_frequency": ReviewFrequency.QUARTERLY}),
        ("2.a", "Quý III/2026", {"period_kind": PeriodKind.QUARTER, "period_index": 3}),
        ("2.b", "6 tháng đầu năm", {"period_kind": PeriodKind.HALF_YEAR, "due_date": datetime.date(2026, 6, 30)}),
        ("3.a", "Hằng tháng", {"deadline_kind": "ongoing", "review_frequency": ReviewFrequency.MONTHLY}),
        ("3.b", "Cả năm", {"deadline_kind": "ongoing"}),
        ("5.a", "Quý I năm 2026", {"period_kind": PeriodKind.QUARTER, "due_date": datetime.date(2026, 3, 31)}),
        ("5.b", "Tháng 10/2026", {"period_kind": PeriodKind.MONTH, "due_date": datetime.date(2026, 10, 31)}),
        ("6.a", "6 tháng cuối năm", {"period_kind": PeriodKind.HALF_YEAR, "period_index": 2}),
        ("7.a", "Từ 01/4 đến 30/9/2026", {"deadline_kind": "date", "due_date": datetime.date(2026, 9, 30)}),
        ("7.b", "Năm 2026", {"period_kind": PeriodKind.YEAR, "due_date": datetime.date(2026, 12, 31)}),
        ("8.a", "Ngày 15 tháng 11 năm 2026", {"deadline_kind": "date", "due_date": datetime.date(2026, 11, 15)}),
        ("8.b", "Định kỳ 6 tháng", {"review_frequency": ReviewFrequency.HALF_YEARLY}),
    ],
)
def test_deadlines_written_in_many_styles_are_read(imported, code, written, expected):
    task = tasks_of(imported.plan)[code]
    assert task.deadline_text == written
    assert {name: getattr(task, name) for name in expected} == expected


def test_score_sentences_are_never_tasks_even_when_cut_off(imported):
    texts = " ".join(Task.objects.filter(plan=imported.plan).values_list("text", flat=True))
    assert "điểm" not in texts and "Năm 2025" not in texts
    section = imported.plan.sections.get(number="2")
    assert section.text.startswith("Năm 2025, chỉ số nội dung này đạt 5,21 điểm, tăng")  # kept, cut off as written


def test_section_three_names_the_wards_departments_in_its_sentences(imported):
    parties = list(Responsibility.objects.filter(plan=imported.plan).order_by("order").values_list("party", flat=True))
    assert parties == [VP, VHXH, "Công an phường", KT, "Ủy ban Mặt trận Tổ quốc Việt Nam phường"]
    standing = Responsibility.objects.get(plan=imported.plan, order=1)
    assert standing.text.startswith(f"{VP} là cơ quan thường trực")
    assert not any("names no responsible parties" in w for w in imported.warnings)
    assert imported.warnings == []


def test_rows_numbered_with_the_body_codes_are_matched_by_number(commune, people, ward_plan):
    report = import_plan(ward_plan("codes", extra=True), unit=commune, year=2026, dry_run=True)
    matched = [m for m in report.matches if m.task is not None]
    assert [(m.row.number, m.task.code, m.how, m.confidence) for m in matched] == [
        (code, code, "number", "high") for code in BODY_CODES
    ]
    (extra,) = [m for m in report.matches if m.task is None]
    assert extra.row.number == "5.c"
    assert (extra.new_task.code, extra.new_task.area.code, extra.new_task.origin) == ("PL.5.c", 5, TaskOrigin.APPENDIX)
    assert (extra.new_task.lead_text, extra.new_task.deadline_text) == (TTHC, "Trước 15/12/2026")
    assert report.counts.total == 17


def test_a_row_that_restates_nothing_becomes_a_task_in_its_groups_area(commune, people, ward_plan):
    report = import_plan(ward_plan("groups", extra=True), unit=commune, year=2026, dry_run=True)
    assert [t.code for t in report.draft.tasks] == [*BODY_CODES, "PL.11"]
    extra = report.matches[10]
    assert (extra.task, extra.how, extra.new_task.code, extra.new_task.area.code) == (None, "", "PL.11", 5)
    assert extra.closest is not None and extra.score < 0.55  # shown to the clerk as the nearest item
    assert report.counts.per_area[5] == 3


def test_a_table_without_groups_is_matched_across_the_plan_and_an_extra_row_placed_by_meaning(
    commune, people, ward_plan
):
    report = import_plan(ward_plan("flat", extra=True), unit=commune, year=2026, dry_run=True)
    assert [m.task.code for m in report.matches if m.task is not None] == BODY_CODES
    (extra,) = [m.new_task for m in report.matches if m.task is None]
    assert (extra.code, extra.area.code) == ("PL.11", 5)  # "thủ tục hành chính" reads like area 5


def test_the_clerks_choices_override_the_matches(commune, people, ward_plan):
    path = ward_plan()
    report = import_plan(path, unit=commune, year=2026, dry_run=True)
    first, second = report.matches[0].row.key, report.matches[1].row.key
    report = import_plan(path, unit=commune, year=2026, choices={first: "", second: "1.a"})
    tasks = tasks_of(report.plan)
    assert tasks["1.a"].lead_text == VHXH  # row 2's lead, by the clerk's choice
    assert tasks["1.b"].lead_text == ""  # row 2 moved away, row 1 became a task of its own
    assert tasks["PL.1"].lead_text == KT and tasks["PL.1"].content_area.code == 1
    assert [(m.how, m.task.code if m.task else None) for m in report.matches[:2]] == [("clerk", None), ("clerk", "1.a")]
