"""Smaller shapes of plans, each showing one rule of the importer (dry runs: nothing is stored)."""

import pytest

from importing.plan import import_plan


@pytest.fixture
def dry(commune, tmp_path):
    def dry(text, name="plan.txt"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return import_plan(path, unit=commune, year=2024, dry_run=True)

    return dry


def codes(report):
    return [task.code for task in report.draft.tasks]


def test_a_closing_like_sentence_inside_the_body_does_not_end_the_plan(dry):
    report = dry(
        "KẾ HOẠCH\nThử\n\nI. NỘI DUNG\n\n1. Tuyên truyền\n\na) Việc một.\n\n"
        "Trên đây là các việc chính của mục này.\n\n2. Kiểm tra\n\na) Việc hai.\n\n"
        "Nơi nhận hồ sơ là Bộ phận một cửa.\n\nb) Việc ba.\n\n"
        "Trên đây là Kế hoạch./.\n\nNơi nhận:\n- Lưu: VT.\n"
    )
    assert codes(report) == ["1.a", "2.a", "2.b"]
    assert report.draft.tasks[0].text == "Việc một.\n\nTrên đây là các việc chính của mục này."
    assert report.unplaced == []
    assert report.draft.parsed.closing == "Trên đây là Kế hoạch./."
    assert report.draft.parsed.recipients == ["- Lưu: VT."]


def test_an_area_written_as_prose_is_one_task(dry):
    report = dry(
        "KẾ HOẠCH\nThử\n\nI. NHIỆM VỤ, GIẢI PHÁP\n\n1. Nội dung “Quản trị môi trường”\n\n"
        "Thu gom rác thải ở các thôn; kiểm tra cơ sở chăn nuôi.\n\n"
        "2. Nội dung “Quản trị điện tử”\n\na) Cập nhật trang thông tin điện tử.\n"
    )
    assert codes(report) == ["1", "2.a"]
    assert report.counts.per_area == {7: 1, 8: 1}
    assert report.draft.tasks[0].title == "Thu gom rác thải ở các thôn"


def test_two_sections_that_read_like_one_area_are_reported_and_only_the_best_is_linked(dry):
    report = dry(
        "KẾ HOẠCH\nThử\n\nII. NỘI DUNG\n\n1. Nội dung “Thủ tục hành chính công”\n\na) Một.\n\n"
        "2. Nội dung “Cải cách thủ tục hành chính”\n\na) Hai.\n"
    )
    assert report.counts.per_area == {5: 1}
    assert report.counts.outside == 1
    assert "Sections 2 and 1 both read like PAPI area 5; only 1 is linked to it." in report.warnings


def test_a_second_part_with_tasks_keeps_its_numeral_in_the_codes(dry):
    report = dry(
        "KẾ HOẠCH\nThử\n\nI. NHIỆM VỤ TRỌNG TÂM\n\n1. Chung\n\na) Một.\n\n"
        "II. GIẢI PHÁP\n\n1. Chung\n\na) Hai.\n\nb) Ba.\n\nIII. TỔ CHỨC THỰC HIỆN\n\n1. Các thôn\n\nThực hiện.\n"
    )
    assert codes(report) == ["1.a", "II.1.a", "II.1.b"]
    assert [r.party for r in report.draft.responsibilities] == ["Các thôn"]


def test_an_item_lettered_twice_gets_a_distinct_code_and_a_warning(dry):
    report = dry("KẾ HOẠCH\nThử\n\nI. NỘI DUNG\n\n1. Chung\n\na) Một.\n\na) Hai.\n\nb) Ba.\n")
    assert codes(report) == ["1.a", "1.a-2", "1.b"]
    assert "Two items are numbered 1.a; the one at line 10 is stored as 1.a-2." in report.warnings


def test_plans_without_roman_parts_use_their_top_numbered_sections_as_parts(dry):
    report = dry(
        "KẾ HOẠCH\nThử nghiệm\n\n1. MỤC ĐÍCH\n\na) Hiểu rõ.\n\n2. NỘI DUNG\n\n"
        "2.1. Chỉ số nội dung 6: Cung ứng dịch vụ công\n\n"
        "a) Khám bệnh.\n\n2.2. Tuyên truyền\n\na) Phát thanh.\n\n3. TỔ CHỨC THỰC HIỆN\n\n"
        "3.1. Công chức Văn phòng - Thống kê: theo dõi, tổng hợp.\n"
    )
    assert codes(report) == ["2.1.a", "2.2.a"]
    assert report.counts.per_area == {6: 1}
    assert [(r.party, r.text) for r in report.draft.responsibilities] == [
        ("Công chức Văn phòng - Thống kê", "theo dõi, tổng hợp.")
    ]


def test_a_title_in_the_wrong_year_is_pointed_out(dry):
    report = dry("KẾ HOẠCH\nNâng cao Chỉ số PAPI năm 2023\n\nI. NỘI DUNG\n\n1. Chung\n\na) Một.\n")
    assert "The title names the year 2023 but the plan is imported for 2024." in report.warnings


def test_a_word_document_that_is_only_an_appendix_table_still_imports(commune, tmp_path):
    import docx

    from .docx_plan import APPENDIX_HEADER, APPENDIX_ROWS

    document = docx.Document()
    document.add_paragraph("BIỂU TỔNG HỢP NHIỆM VỤ")
    table = document.add_table(rows=3, cols=len(APPENDIX_HEADER))
    for row, values in zip(table.rows, [APPENDIX_HEADER, *APPENDIX_ROWS[:2]], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(tmp_path / "bieu.docx")
    report = import_plan(tmp_path / "bieu.docx", unit=commune, year=2024, dry_run=True)
    assert codes(report) == ["PL.1"]
    assert report.counts.per_area == {1: 1}
    assert report.draft.sections[0].heading == "BIỂU TỔNG HỢP NHIỆM VỤ"
