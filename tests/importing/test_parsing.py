"""The parser's parts on their own, and its robustness on mangled input."""

import random

import pytest

from importing.plan.builder import build
from importing.plan.citations import find_basis_documents, find_target
from importing.plan.closing import parse_closing
from importing.plan.header import place_and_date
from importing.plan.markers import match_lettered, match_numbered, match_part
from importing.plan.parser import parse
from importing.plan.reader import Paragraph, Source, drop_emphasis, read_source, rejoin
from importing.plan.service import area_candidates

from .conftest import MINH_HAI, SEED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", ("I", "MỤC ĐÍCH, YÊU CẦU")),
        ("IV - KINH PHÍ", ("IV", "KINH PHÍ")),
        ("PHẦN THỨ HAI: NHIỆM VỤ", ("II", "NHIỆM VỤ")),
        ("Phần III", ("III", "")),
        ("IIII. Không phải số La Mã", None),
        ("Về việc thực hiện", None),
        ("Phần lớn người dân hài lòng", None),
    ],
)
def test_parts_are_roman_numerals_or_phan(text, expected):
    part = match_part(text)
    assert (tuple(part) if part else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Mục đích", "1"),
        ("1.1. Nội dung “Tham gia”", "1.1"),
        ("1.2 Nội dung", "1.2"),
        ("2) Yêu cầu", "2"),
        ("1.2.3. Y tế", "1.2.3"),
        ("15 hộ nghèo được hỗ trợ", None),
        ("2024 là năm bản lề", None),
        ("1.500.000 đồng", None),
        ("29/12/2023 huyện ban hành", None),
    ],
)
def test_numbered_sections_need_a_number_and_a_heading(text, expected):
    numbered = match_numbered(text)
    assert (numbered.number if numbered else None) == expected


@pytest.mark.parametrize(
    ("text", "letter"),
    [("a) Triển khai", "a"), ("đ) Công khai", "đ"), ("b. Tổ chức", "b"), ("v.v... và các nội dung", None)],
)
def test_lettered_items(text, letter):
    lettered = match_lettered(text)
    assert (lettered.letter if lettered else None) == letter


def test_emphasis_is_dropped_even_across_lines_but_lone_asterisks_stay():
    assert drop_emphasis("**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**") == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    assert drop_emphasis("(*xã hội từ thiện...*), __kèm theo__") == "(xã hội từ thiện...), kèm theo"
    assert drop_emphasis("Ghi chú (*) và 2 * 3") == "Ghi chú (*) và 2 * 3"


def test_a_sentence_cut_by_a_page_break_is_rejoined_but_items_and_new_sentences_are_not():
    paragraphs = [
        Paragraph("b) Thực hiện công khai", "line 1"),
        Paragraph("danh sách hộ nghèo.", "line 3"),
        Paragraph("Cải tiến quy trình", "line 5"),
        Paragraph("a) mục mới", "line 7"),
        Paragraph("Câu đã kết thúc.", "line 9"),
        Paragraph("tiếp theo viết thường", "line 11"),
    ]
    assert [(p.text, p.where) for p in rejoin(paragraphs)] == [
        ("b) Thực hiện công khai danh sách hộ nghèo.", "line 1"),
        ("Cải tiến quy trình", "line 5"),
        ("a) mục mới", "line 7"),
        ("Câu đã kết thúc.", "line 9"),
        ("tiếp theo viết thường", "line 11"),
    ]


def test_place_and_date_lines():
    assert place_and_date("Lạc Hồng, ngày 05 tháng 01 năm 2024") == (
        "Lạc Hồng",
        __import__("datetime").date(2024, 1, 5),
    )
    assert place_and_date("Trung Trắc, ngày     tháng 01 năm 2026") == ("Trung Trắc", None)
    assert place_and_date("Thực hiện Kế hoạch, ngày nào cũng làm") is None


def test_basis_documents_are_found_once_with_date_and_issuer():
    documents = find_basis_documents(
        [
            "Căn cứ Nghị định số 09/2019/NĐ-CP ngày 24 tháng 01 năm 2019 của Chính phủ quy định chế độ báo cáo;",
            "Thực hiện Công văn số 55/UBND-NC ngày 3/2/2024 của UBND huyện và Quyết định số 7/QĐ-UBND.",
            "Theo Nghị định số 09/2019/NĐ-CP ngày 24/01/2019.",
        ]
    )
    assert [(d.doc_type, d.number, str(d.issued_on), d.issuer) for d in documents] == [
        ("Nghị định", "09/2019/NĐ-CP", "2019-01-24", "Chính phủ"),
        ("Công văn", "55/UBND-NC", "2024-02-03", "UBND huyện"),
        ("Quyết định", "7/QĐ-UBND", "None", ""),
    ]


def test_the_target_is_the_sentence_from_phan_dau():
    assert find_target(["Mục tiêu chung. Phấn đấu tăng 3 bậc; giữ vững kết quả."]) == "Phấn đấu tăng 3 bậc"
    assert find_target(["Không có mục tiêu."]) == ""


def test_closing_with_name_in_capitals_and_signed_note():
    closing = parse_closing(
        [Paragraph(t, "") for t in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "TRẦN VĂN NAM", "Ghi chú thêm")]
    )
    assert (closing.signer_title, closing.signer_name) == ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "TRẦN VĂN NAM")
    assert [p.text for p in closing.unplaced] == ["Ghi chú thêm"]


def _mangle(lines, rng):
    lines = list(lines)
    for _ in range(rng.randint(1, 12)):
        action = rng.choice(["drop", "swap", "cut", "dup", "noise", "marker"])
        index = rng.randrange(len(lines))
        if action == "drop":
            lines.pop(index)
        elif action == "swap":
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "cut":
            lines[index] = lines[index][: rng.randint(0, len(lines[index]))]
        elif action == "dup":
            lines.insert(index, lines[index])
        elif action == "noise":
            lines[index] = "".join(rng.choice("*_#|-+.)/ aIVX1đ“”\t") for _ in range(rng.randint(1, 12)))
        else:
            lines[index] = (
                rng.choice(["I.", "1.", "a)", "- ", "1.1.", "PHẦN", "| STT | Nhiệm vụ |", "TM. ", "**"]) + lines[index]
            )
        if not lines:
            lines = ["I. X"]
    return lines


@pytest.mark.django_db
@pytest.mark.parametrize("seed_file", [SEED, MINH_HAI])
def test_the_parser_survives_mangled_plans(seed_file):
    areas = area_candidates()
    lines = seed_file.read_text(encoding="utf-8").split("\n")
    rng = random.Random(2024)
    for _ in range(150):
        text = "\n".join(_mangle(lines, rng))
        if not text.strip():
            continue
        source = read_source(text.encode(), seed_file.name)
        parsed = parse(source)
        draft = build(parsed, year=2024, areas=areas)
        assert len({t.code for t in draft.tasks}) == len(draft.tasks)


def test_a_markdown_pipe_table_is_an_appendix_and_repeated_numbers_get_their_group():
    text = "\n".join(
        [
            "KẾ HOẠCH",
            "I. NHIỆM VỤ",
            "1. Chung",
            "a) Việc chung.",
            "",
            "| STT | Nội dung công việc | Đơn vị chủ trì | Thời hạn |",
            "|---|---|---|---|",
            "| I | Thủ tục hành chính công | | |",
            "| 1 | Niêm yết thủ tục | Tư pháp - Hộ tịch | Quý I |",
            "| II | Quản trị điện tử | | |",
            "| 1 | Cập nhật cổng thông tin | Văn phòng - Thống kê | Tháng 3/2024 |",
        ]
    )
    parsed = parse(Source("markdown", read_source(text.encode(), "plan.md").blocks))
    (table,) = parsed.appendices
    assert [(r.kind, r.number) for r in table.rows] == [("group", "I"), ("task", "1"), ("group", "II"), ("task", "1")]
    assert table.headers == {
        "number": "STT",
        "task": "Nội dung công việc",
        "lead": "Đơn vị chủ trì",
        "deadline": "Thời hạn",
    }


def test_a_number_left_blank_for_the_clerk_is_no_number():
    from importing.plan.header import parse_header

    header, preamble, unplaced = parse_header(
        [Paragraph(t, "") for t in ("UBND XÃ AN BÌNH", "Số:      /KH-UBND", "KẾ HOẠCH", "Về PAPI", "Số 15 hộ.")]
    )
    assert (header.issuing_body, header.number, header.title) == ("UBND XÃ AN BÌNH", "", "Về PAPI")
    assert [p.text for p in preamble] == ["Số 15 hộ."]
    assert unplaced == []
