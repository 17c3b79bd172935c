"""Plans of other shapes, written for these tests: the importer is not tuned to the seed.

- Minh Hải (.md): Markdown headings and emphasis, upper-case "CHỈ SỐ NỘI DUNG N:" headings,
  items lettered "a.", area 3 missing (the other seven renumbered 1–7).
- Lạc Hồng (.txt): an official header block (issuing body, number, place and date), a title in
  capitals over two lines, "PHẦN I" / "PHẦN THỨ HAI" parts, area headings in the plan's own words,
  dash bullets as items with "+" sub-bullets, sub-sections 6.1 / 6.2, hard-wrapped lines, and a
  "TỔ CHỨC THỰC HIỆN" written as "Party: duties" lines.
- Tân Quang (.docx, built by docx_plan.py): layout tables for header and signature, Word's
  automatic numbering, and an appendix table whose rows become tasks.
"""

import datetime

import pytest

from importing.plan import import_plan
from plans.models import BasisDocument, PlanSection, Responsibility
from tasks.deadlines import DeadlineKind, PeriodKind, ReviewFrequency
from tasks.models import Task, TaskOrigin

from .conftest import LAC_HONG, MINH_HAI
from .docx_plan import build_plan_docx


def codes(plan, **filters):
    return list(Task.objects.filter(plan=plan, **filters).order_by("order").values_list("code", flat=True))


# --- Minh Hải: Markdown, upper-case "Chỉ số nội dung N" headings, area 3 missing -------------


@pytest.fixture
def minh_hai(commune, people):
    return import_plan(MINH_HAI, unit=commune, year=2024)


def test_markdown_plan_with_one_area_missing_yields_seven_areas(minh_hai):
    plan = minh_hai.plan
    assert minh_hai.counts.per_area == {1: 3, 2: 2, 4: 3, 5: 2, 6: 4, 7: 2, 8: 3}
    assert minh_hai.counts.outside == 2
    assert codes(plan) == [
        *["1.a", "1.b", "1.c", "2.a", "2.b", "3.a", "3.b", "3.c", "4.a", "4.b"],
        *["5.a", "5.b", "5.c", "5.d", "6.a", "6.b", "7.a", "7.b", "7.c", "8.a", "8.b"],
    ]
    areas = PlanSection.objects.filter(plan=plan, content_area__isnull=False).order_by("order")
    assert [(s.number, s.content_area.code) for s in areas] == [
        ("1", 1),
        ("2", 2),
        ("3", 4),
        ("4", 5),
        ("5", 6),
        ("6", 7),
        ("7", 8),
    ]
    assert areas.get(number="7").heading == "CHỈ SỐ NỘI DUNG 8: CHÍNH QUYỀN ĐIỆN TỬ, CHUYỂN ĐỔI SỐ"
    assert codes(plan, content_area__isnull=True) == ["8.a", "8.b"]
    assert minh_hai.warnings == ["No section for PAPI area 3 (Trách nhiệm giải trình với người dân)."]


def test_markdown_plan_header_signer_and_emphasis(minh_hai):
    plan = minh_hai.plan
    assert plan.number == "25/KH-UBND"
    assert plan.issuing_body == "ỦY BAN NHÂN DÂN XÃ MINH HẢI"
    assert (plan.place, plan.issue_date) == ("Minh Hải", datetime.date(2024, 1, 15))
    assert plan.title == "Cải thiện, nâng cao Chỉ số Hiệu quả quản trị và hành chính công (PAPI) năm 2024"
    assert plan.target == "phấn đấu Chỉ số PAPI của xã năm 2024 đạt loại khá trở lên"
    assert (plan.signer_title, plan.signer_name) == ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Nguyễn Văn An")
    assert plan.recipients.splitlines() == ["- UBND huyện Văn Lâm;", "- Các công chức xã;", "- Lưu: VP."]
    assert Task.objects.get(plan=plan, code="1.b").text == (
        "Tổ chức để Nhân dân bàn và quyết định các khoản đóng góp tự nguyện xây dựng công trình công cộng."
    )
    (document,) = BasisDocument.objects.filter(plan=plan)
    assert (document.doc_type, document.number, document.issued_on) == (
        "Quyết định",
        "123/QĐ-UBND",
        datetime.date(2024, 1, 10),
    )
    assert minh_hai.unplaced == []
    assert plan.closing == "Trên đây là Kế hoạch cải thiện Chỉ số PAPI năm 2024 của UBND xã Minh Hải./."


def test_markdown_plan_keeps_purpose_items_and_budget_as_narrative(minh_hai, people):
    plan = minh_hai.plan
    purpose = PlanSection.objects.get(plan=plan, number="I")
    assert purpose.purpose == "narrative"
    assert purpose.text.startswith("a. Nâng cao nhận thức")
    budget = PlanSection.objects.get(plan=plan, number="IV")
    assert (budget.purpose, budget.heading) == ("narrative", "KINH PHÍ THỰC HIỆN")
    assert budget.text == "Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách xã năm 2024."
    parties = Responsibility.objects.filter(plan=plan).order_by("order")
    assert [(r.party, r.position) for r in parties] == [
        ("Công chức Văn phòng - Thống kê", people["clerk"].position),
        ("Công chức Tư pháp - Hộ tịch", people["official"].position),
    ]


# --- Lạc Hồng: header block, PHẦN parts, dash bullets --------------------------------------


@pytest.fixture
def lac_hong(other_commune, people):
    return import_plan(LAC_HONG, unit=other_commune, year=2024)


def test_text_plan_header_block_is_parsed_into_its_fields(lac_hong):
    plan = lac_hong.plan
    assert plan.issuing_body == "ỦY BAN NHÂN DÂN XÃ LẠC HỒNG"
    assert plan.number == "12/KH-UBND"
    assert (plan.place, plan.issue_date) == ("Lạc Hồng", datetime.date(2024, 1, 5))
    assert plan.title == "CẢI THIỆN CHỈ SỐ HIỆU QUẢ QUẢN TRỊ VÀ HÀNH CHÍNH CÔNG (PAPI) NĂM 2024 CỦA XÃ LẠC HỒNG"
    assert plan.target == "Phấn đấu Chỉ số PAPI của xã năm 2024 cao hơn năm 2023"
    assert (plan.signer_title, plan.signer_name) == ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "Nguyễn Thị Mai")
    documents = BasisDocument.objects.filter(plan=plan).order_by("order")
    assert [(d.doc_type, d.number, d.issued_on) for d in documents] == [
        ("Luật", "", datetime.date(2015, 6, 19)),
        ("Kế hoạch", "45/KH-UBND", datetime.date(2024, 1, 10)),
    ]
    assert documents[0].citation == "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    assert documents[1].citation.endswith("về nâng cao Chỉ số PAPI năm 2024")  # a hard-wrapped line rejoined


def test_text_plan_with_phan_parts_and_dash_bullets_yields_all_eight_areas(lac_hong):
    plan = lac_hong.plan
    assert lac_hong.counts.per_area == {1: 3, 2: 2, 3: 2, 4: 1, 5: 2, 6: 3, 7: 1, 8: 2}
    assert lac_hong.counts.outside == 1
    assert codes(plan) == [
        *["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "4.1", "5.1", "5.2"],
        *["6.1.1", "6.1.2", "6.2.1", "7.1", "8.1", "8.2", "9.1"],
    ]
    parts = PlanSection.objects.filter(plan=plan, kind="part").order_by("order")
    assert [(p.number, p.heading, p.purpose) for p in parts] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU", "narrative"),
        ("II", "NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM", "tasks"),
        ("III", "TỔ CHỨC THỰC HIỆN", "responsibilities"),
    ]
    health = PlanSection.objects.get(plan=plan, number="6.1")
    assert (health.kind, health.parent.number, health.content_area) == ("subsection", "6", None)
    assert {t.content_area.code for t in health.tasks.all()} == {6}


def test_sub_bullets_and_wrapped_lines_stay_in_their_item(lac_hong):
    tasks = {t.code: t for t in Task.objects.filter(plan=lac_hong.plan)}
    assert tasks["1.2"].text == (
        "Tuyên truyền về bầu cử trưởng thôn, trong đó:\n\n"
        "+ phát tài liệu đến từng hộ gia đình;\n\n"
        "+ phát trên loa truyền thanh của thôn."
    )
    assert tasks["2.2"].text == (
        "Công khai thu, chi ngân sách xã hằng quý tại trụ sở UBND xã và trên loa truyền thanh của xã."
    )


def test_responsibilities_written_as_party_and_duties_lines(lac_hong, people):
    parties = Responsibility.objects.filter(plan=lac_hong.plan).order_by("order")
    assert [(r.party, r.text, r.position) for r in parties] == [
        (
            "Công chức Văn phòng - Thống kê",
            "tham mưu, theo dõi, tổng hợp kết quả thực hiện Kế hoạch.",
            people["clerk"].position,
        ),
        (
            "Công chức Tư pháp - Hộ tịch",
            "chủ trì cải cách thủ tục hành chính và tiếp công dân.",
            people["official"].position,
        ),
        ("Các thôn", "tổ chức hội nghị Nhân dân, tuyên truyền đến từng hộ.", None),
    ]


# --- Tân Quang: a Word document with an appendix table -------------------------------------


@pytest.fixture
def tan_quang(commune, people, tmp_path):
    return import_plan(build_plan_docx(tmp_path / "ke-hoach-tan-quang.docx"), unit=commune, year=2024)


def test_word_plan_appendix_rows_become_tasks_with_their_columns(tan_quang, people):
    plan = tan_quang.plan
    assert codes(plan) == ["3.a", "3.b", "PL.1", "PL.2", "PL.3", "PL.4", "PL.5"]
    assert tan_quang.counts.per_area == {1: 2, 2: 1, 4: 1}
    assert (tan_quang.counts.outside, tan_quang.counts.appendix) == (3, 5)
    rows = {t.code: t for t in Task.objects.filter(plan=plan, origin=TaskOrigin.APPENDIX)}
    first = rows["PL.1"]
    assert first.text == "Tổ chức hội nghị lấy ý kiến Nhân dân về các công trình xây dựng nông thôn mới"
    assert (first.lead, first.lead_text) == (people["clerk"], "Công chức Văn phòng - Thống kê")
    assert first.cooperating_text == "Công chức Tư pháp - Hộ tịch, Các thôn"
    assert list(first.cooperating.all()) == [people["official"]]
    assert (first.deadline_kind, first.period_kind, first.period_index) == (DeadlineKind.PERIOD, PeriodKind.QUARTER, 2)
    assert (first.due_date, first.deadline_text) == (datetime.date(2024, 6, 30), "Quý II/2024")
    assert first.expected_output == "Biên bản hội nghị"
    assert first.content_area.code == 1
    second = rows["PL.2"]
    assert (second.lead, second.deadline_kind, second.due_date) == (people["official"], DeadlineKind.ONGOING, None)
    assert second.deadline_text == "Thường xuyên"
    assert second.cooperating_text == "Đài truyền thanh xã" and not second.cooperating.exists()
    third = rows["PL.3"]
    assert (third.lead, list(third.cooperating.all())) == (people["clerk"], [people["chairman"]])
    assert (third.deadline_kind, third.due_date) == (DeadlineKind.DATE, datetime.date(2024, 6, 30))
    assert (third.content_area.code, third.remarks) == (2, "Chụp ảnh lưu hồ sơ")
    fourth = rows["PL.4"]  # under the heading merged across the row
    assert (fourth.content_area.code, fourth.lead) == (4, people["chairman"])
    assert (fourth.deadline_kind, fourth.review_frequency) == (DeadlineKind.ONGOING, ReviewFrequency.QUARTERLY)
    fifth = rows["PL.5"]  # under "III. Nhiệm vụ chung": no area; a deadline the parser cannot read
    assert (fifth.content_area, fifth.deadline_text, fifth.due_date) == (None, "Theo yêu cầu của huyện", None)
    assert "Could not read the deadline “Theo yêu cầu của huyện” of appendix row 5; it is kept as written." in (
        tan_quang.warnings
    )


def test_word_plan_appendix_is_a_section_with_its_caption_and_groups(tan_quang):
    appendix = PlanSection.objects.get(plan=tan_quang.plan, kind=PlanSection.Kind.APPENDIX)
    assert (appendix.number, appendix.purpose, appendix.parent) == ("PL", "tasks", None)
    assert appendix.heading == "PHỤ LỤC BIỂU TỔNG HỢP NHIỆM VỤ NÂNG CAO CHỈ SỐ PAPI NĂM 2024"
    assert appendix.text.splitlines() == [
        "(Kèm theo Kế hoạch số 30/KH-UBND ngày 20/01/2024 của UBND xã Tân Quang)",
        "I. Nội dung 1: Tham gia của người dân ở cấp cơ sở",
        "II. Công khai, minh bạch trong việc ra quyết định ở địa phương",
        "Kiểm soát tham nhũng trong khu vực công",
        "III. Nhiệm vụ chung",
    ]
    assert set(appendix.tasks.values_list("code", flat=True)) == {"PL.1", "PL.2", "PL.3", "PL.4", "PL.5"}


def test_word_plan_header_tables_numbering_and_signature(tan_quang, people):
    plan = tan_quang.plan
    assert (plan.issuing_body, plan.number) == ("ỦY BAN NHÂN DÂN XÃ TÂN QUANG", "30/KH-UBND")
    assert (plan.place, plan.issue_date) == ("Tân Quang", datetime.date(2024, 1, 20))
    assert plan.title == "Thực hiện nhiệm vụ nâng cao Chỉ số PAPI năm 2024"
    assert (plan.signer_title, plan.signer_name) == ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "Phạm Văn Hùng")
    assert plan.recipients.splitlines() == ["- UBND huyện;", "- Lưu: VT."]
    # Word's automatic numbering ("List Number") gives the sections of part III their numbers.
    parties = Responsibility.objects.filter(plan=plan).order_by("order")
    assert [(r.party, r.position) for r in parties] == [
        ("Công chức Văn phòng - Thống kê", people["clerk"].position),
        ("Công chức Tư pháp - Hộ tịch", people["official"].position),
    ]
    assert PlanSection.objects.get(plan=plan, purpose="tasks", number="1").text == (
        "Quán triệt đến toàn thể cán bộ, công chức ý nghĩa của Chỉ số PAPI; "
        "gắn kết quả thực hiện với đánh giá, xếp loại cuối năm."
    )
    assert tan_quang.unplaced == []
    assert tan_quang.plan.closing == "Trên đây là Kế hoạch của UBND xã Tân Quang./."


def test_an_uploaded_file_object_imports_like_a_path(commune, people):
    with LAC_HONG.open("rb") as upload:
        report = import_plan(upload, unit=commune, year=2024, filename="upload.txt")
    assert report.plan.source_name == "upload.txt"
    assert report.counts.total == 17
