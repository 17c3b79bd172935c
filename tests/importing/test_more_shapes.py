"""Three more plans of issue #12 item 5, each a shape of its own (tests/importing/data/):

- Tân An (.txt, a ward, 2026): upper-case area headings, score sentences as dash bullets, as a
  paragraph cut off ("…xếp thứ"), across a page break and as a sub-section of their own; an area
  written as prose; part III as numbered sections that are sentences ("X là cơ quan thường trực,
  có trách nhiệm:" over its bullets, "X chủ trì, phối hợp với Y…", "Các phòng… căn cứ…"), a
  "Party: duties" section and a heading alone ("Đề nghị Ủy ban MTTQ…").
- Đông Tiến (.txt, a commune, 2026): "1.1. Chỉ số nội dung N: …" sub-sections whose item a) is the
  score (one cut off after "đạt"); part III without sections: a paragraph, dash bullets, "Giao X …",
  "X có trách nhiệm:" over "+" bullets, "Đề nghị …", and a closing remark that names no one.
- Phú Thịnh (.md, a commune, 2026): a Markdown appendix table without group rows, numbered 1–10 in
  the body's order, paraphrasing the items (one heavily, matched by its place), a score row, and a
  row that restates nothing and reads like no area.
"""

from pathlib import Path

import pytest

from importing.plan import import_plan
from plans.models import Responsibility
from tasks.models import Task, TaskOrigin

DATA = Path(__file__).parent / "data"
TAN_AN = DATA / "ke-hoach-papi-2026-phuong-tan-an.txt"
DONG_TIEN = DATA / "ke-hoach-papi-2026-xa-dong-tien.txt"
PHU_THINH = DATA / "ke-hoach-papi-2026-xa-phu-thinh.md"


def parties(report):
    return [(r.party, r.text) for r in Responsibility.objects.filter(plan=report.plan).order_by("order")]


def texts(report):
    return {t.code: t.text for t in Task.objects.filter(plan=report.plan).order_by("order")}


# --- Tân An ------------------------------------------------------------------------------


@pytest.fixture
def tan_an(commune, people):
    return import_plan(TAN_AN, unit=commune, year=2026)


def test_score_bullets_paragraphs_and_sub_sections_are_never_tasks(tan_an):
    tasks = texts(tan_an)
    assert list(tasks) == ["1.1", "1.2", "2.1", "3.1", "3.2", "4.1", "5", "6.1", "7.1", "8.1"]
    assert tan_an.counts.per_area == {1: 2, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1}
    assert not any("điểm" in text or "Năm 2025" in text for text in tasks.values())
    assert tasks["5"] == (  # an area written as prose: its score sentence is left out of the task
        "Rà soát, công bố công khai thủ tục hành chính tại Trung tâm Phục vụ hành chính công phường; "
        "giải quyết hồ sơ đúng hạn."
    )
    assert tasks["6.1"] == "Y tế công lập\n\nNâng cao chất lượng khám, chữa bệnh ban đầu tại trạm y tế phường."
    scores = tan_an.plan.sections.get(number="6.2")  # "Kết quả năm 2025": a section, not a task
    assert not scores.tasks.exists() and scores.text.startswith("Năm 2025, điểm số")
    cut_off = tan_an.plan.sections.get(number="3", purpose="tasks")
    assert cut_off.text == "Năm 2025, chỉ số nội dung này đạt 4,31 điểm, xếp thứ"


def test_numbered_sections_of_part_three_in_sentence_shapes(tan_an, people):
    found = parties(tan_an)
    assert [party for party, _text in found] == [
        "Văn phòng HĐND và UBND phường",
        "Phòng Văn hóa - Xã hội",
        "Công an phường",
        "Các phòng, ban, đơn vị thuộc UBND phường",
        "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam phường",
    ]
    office = found[0][1]
    assert office.startswith("Văn phòng HĐND và UBND phường là cơ quan thường trực, có trách nhiệm:")
    assert office.endswith("- Tổng hợp, báo cáo kết quả thực hiện về UBND tỉnh trước ngày 05/12/2026.")
    assert found[2][1].startswith("bảo đảm an ninh, trật tự")
    assert found[4][1].startswith("Phối hợp giám sát việc thực hiện Kế hoạch")
    assert tan_an.warnings == []


# --- Đông Tiến ---------------------------------------------------------------------------


@pytest.fixture
def dong_tien(commune, people):
    return import_plan(DONG_TIEN, unit=commune, year=2026)


def test_lettered_score_items_are_left_out_and_the_others_keep_their_letters(dong_tien):
    assert list(texts(dong_tien)) == ["1.1.b", "1.1.c", "1.2.b", "1.3.a", "1.3.b", "1.4.b", "2.a"]
    section = dong_tien.plan.sections.get(number="1.2")
    assert section.text.startswith("a) Năm 2025, chỉ số nội dung này đạt")  # cut off, kept on the section


def test_part_three_without_sections_names_a_party_per_sentence(dong_tien):
    found = parties(dong_tien)
    assert [party for party, _text in found] == [
        "Văn phòng HĐND và UBND xã",
        "Phòng Kinh tế",
        "Trung tâm Phục vụ hành chính công xã",
        "Phòng Văn hóa - Xã hội",
        "Ủy ban MTTQ Việt Nam xã và các tổ chức chính trị - xã hội",
    ]
    assert found[3][1] == (
        "Phòng Văn hóa - Xã hội có trách nhiệm:\n\n"
        "+ Tuyên truyền về Chỉ số PAPI trên hệ thống thông tin cơ sở;\n\n"
        "+ Hướng dẫn người dân trả lời phiếu khảo sát."
    )
    assert all("Trong quá trình triển khai" not in text for _party, text in found)  # names no one
    assert not any("names no responsible parties" in w for w in dong_tien.warnings)


# --- Phú Thịnh ---------------------------------------------------------------------------


@pytest.fixture
def phu_thinh(commune, people):
    return import_plan(PHU_THINH, unit=commune, year=2026)


def test_a_flat_markdown_appendix_fills_the_body_in_order(phu_thinh, people):
    matches = [(m.row.number, m.task.code if m.task else m.new_task.code, m.how) for m in phu_thinh.matches]
    assert matches == [
        ("1", "1.a", "text"),
        ("2", "1.b", "text"),
        ("3", "2.a", "text"),
        ("4", "2.b", "text"),
        ("5", "3.a", "order"),  # "Đất đai: trả hồ sơ đúng hẹn…": only its place says it restates 3.a
        ("6", "3.b", "text"),
        ("8", "4.a", "text"),
        ("9", "5.a", "text"),
        ("10", "PL.10", ""),
    ]
    assert [m.confidence for m in phu_thinh.matches[:6]] == ["medium", "high", "high", "high", "medium", "high"]
    tasks = {t.code: t for t in Task.objects.filter(plan=phu_thinh.plan)}
    assert (tasks["1.a"].lead, tasks["1.a"].deadline_text) == (people["clerk"], "Quý II/2026")
    assert tasks["2.a"].lead == people["culture"] and tasks["3.b"].lead == people["official"]
    assert tasks["5.a"].review_frequency == "weekly"
    assert tasks["2.b"].deadline_text == "Theo quy định" and tasks["2.b"].due_date is None


def test_a_score_row_is_not_a_task_and_a_row_that_reads_like_no_area_is_flagged(phu_thinh):
    tasks = Task.objects.filter(plan=phu_thinh.plan)
    assert tasks.count() == 9
    camera = tasks.get(code="PL.10")
    assert (camera.origin, camera.content_area, camera.remarks) == (TaskOrigin.APPENDIX, None, "Xã hội hóa")
    assert (
        "Appendix row 10 “Lắp đặt hệ thống camera an ninh tại các trục đường chính của xã” restates no item of "
        "the plan and reads like no PAPI area; it is imported as a task outside the areas."
    ) in phu_thinh.warnings
    appendix = phu_thinh.plan.sections.get(number="PL")
    assert "Năm 2025, chỉ số nội dung 5 đạt 7,02 điểm" in appendix.text
    assert [p for p, _t in parties(phu_thinh)] == [
        "Công chức Văn phòng - Thống kê",
        "Công chức Tư pháp - Hộ tịch",
        "Các thôn",
    ]
