"""The rules that match appendix rows to body items, the score sentences and the parties of part III,
one at a time (no database)."""

from dataclasses import dataclass

import pytest

from importing.plan.appendix_match import NEW, RowToMatch, match_rows, number_codes, similarity
from importing.plan.parties import party_in_sentence
from importing.plan.scores import is_score_sentence


@dataclass
class Area:
    code: int


@dataclass
class Section:
    heading: str
    parent: object = None


@dataclass
class Item:
    code: str
    text: str
    area: object = None
    section: object = None


AREA_1 = Section("THAM GIA CỦA NGƯỜI DÂN Ở CẤP CƠ SỞ")
COMMUNICATION = Section("Công tác thông tin, tuyên truyền")
BODY = [
    Item("1.a", "Tổ chức hội nghị lấy ý kiến Nhân dân về dự thảo quy hoạch sử dụng đất.", Area(1), AREA_1),
    Item("1.b", "Tuyên truyền, phổ biến Luật Thực hiện dân chủ ở cơ sở đến từng thôn.", Area(1), AREA_1),
    Item("5.a", "Rà soát, đơn giản hóa TTHC; công khai đầy đủ các quy định về TTHC.", Area(5), Section("TTHC")),
    Item("3.a", "Phát thanh chuyên mục về Chỉ số PAPI hằng tháng.", None, COMMUNICATION),
]


def row(key, text, number="", area=None, group="", label=""):
    return RowToMatch(key, number, text, area, group, label)


def test_similarity_is_high_for_a_restatement_and_low_for_a_neighbour():
    restated = similarity("Lấy ý kiến Nhân dân về quy hoạch sử dụng đất", BODY[0].text)
    neighbour = similarity("Lấy ý kiến Nhân dân về quy hoạch sử dụng đất", BODY[1].text)
    assert restated >= 0.8 > 0.3 >= neighbour
    assert similarity("Rà soát, đơn giản hóa thủ tục hành chính", BODY[2].text) >= 0.8  # TTHC written out
    assert similarity("Tuyên truyền", BODY[1].text) <= 0.5  # two words are a weak clue
    assert similarity("", BODY[1].text) == 0.0


@pytest.mark.parametrize(
    ("number", "group", "codes"),
    [
        ("1.a", "", ["1.a"]),
        ("1a", "", ["1.a"]),
        ("1.2.b.", "", ["1.2.b"]),
        ("a", "I", ["1.a"]),
        ("b)", "2.", ["2.b"]),
        ("3", "II", ["2.3"]),
        ("3", "", []),  # the table's own count
        ("a", "", []),
        ("1.2", "", ["1.2"]),
    ],
)
def test_an_stt_stands_for_the_codes_it_can_mean(number, group, codes):
    assert number_codes(row("1", "x", number, group=group)) == codes


def test_rows_are_matched_by_number_then_by_text_in_their_area_each_item_once():
    rows = [
        row("1.1", "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở", "1.b"),
        row("1.2", "Hội nghị lấy ý kiến Nhân dân về quy hoạch sử dụng đất", "2", area=1, group="I"),
        row("1.3", "Hội nghị lấy ý kiến Nhân dân về quy hoạch sử dụng đất", "3", area=1, group="I"),
        row("1.4", "Phát thanh chuyên mục Chỉ số PAPI", "4", label="Công tác thông tin, tuyên truyền"),
    ]
    matches = match_rows(rows, BODY)
    assert [(m.task.code if m.task else None, m.how) for m in matches] == [
        ("1.b", "number"),
        ("1.a", "text"),
        (None, ""),  # its twin took 1.a
        ("3.a", "text"),  # its group row reads like the body section "Công tác thông tin, tuyên truyền"
    ]
    assert matches[2].closest.code == "1.a" and matches[2].percent >= 80


def test_a_number_whose_texts_share_nothing_is_not_a_match():
    (match,) = match_rows([row("1.1", "Lắp đặt camera an ninh", "1.a")], BODY)
    assert match.task is None


def test_outside_its_area_a_row_needs_a_closer_text():
    text = "Phát thanh chuyên mục về dân chủ ở cơ sở"
    assert 0.55 <= similarity(text, BODY[3].text) < 0.7
    rows = [row("1.1", text, "1", area=1, group="I")]
    assert match_rows(rows, BODY)[0].task is None  # enough in its own area, not for 3.a outside it
    rows = [row("1.1", "Phát thanh chuyên mục về Chỉ số PAPI hằng tháng", "1", area=1, group="I")]
    assert match_rows(rows, BODY)[0].task.code == "3.a"


def test_the_clerks_choices_come_first():
    rows = [row("1.1", "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở", "1.b"), row("1.2", "Một việc khác", "2")]
    matches = match_rows(rows, BODY, {"1.1": NEW, "1.2": "1.b"})
    assert [(m.task.code if m.task else None, m.how) for m in matches] == [(None, "clerk"), ("1.b", "clerk")]


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2023, chỉ số nội dung này đạt 4,89 điểm…",
        "Năm 2023, chỉ số nội dung này đạt",  # cut off
        "Năm 2025, chỉ số nội dung này đạt 5,21 điểm, tăng",
        "- Kết quả năm 2024: Chỉ số nội dung 5 đạt 7,02 điểm, xếp thứ 15/63.",
        "Chỉ số nội dung này năm 2025 đạt 4,12 điểm…",
        "Trong năm 2025, Chỉ số nội dung Thủ tục hành chính công của phường đạt 7,21 điểm",
        "Chỉ số nội dung 2 xếp thứ 12/45 xã, phường",
        "Kết quả năm 2025: đạt 4,1 điểm",
        "Năm 2025, điểm số nội dung thành phần này đạt 1,85 điểm.",
    ],
)
def test_score_sentences_are_recognised_by_how_they_start(text):
    assert is_score_sentence(text)


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2026, tổ chức hội nghị đối thoại với Nhân dân.",
        "Tuyên truyền kết quả Chỉ số PAPI của xã năm 2023 và những năm qua.",
        "Chỉ số PAPI của phường được cải thiện qua từng năm.",
        "Tổ chức hội nghị đạt 5 điểm thi đua.",
        "Kết quả thực hiện Kế hoạch được báo cáo hằng quý.",
    ],
)
def test_tasks_that_mention_scores_are_not_score_sentences(text):
    assert not is_score_sentence(text)


@pytest.mark.parametrize(
    ("sentence", "party"),
    [
        ("Văn phòng HĐND và UBND phường là cơ quan thường trực, giúp UBND phường…", "Văn phòng HĐND và UBND phường"),
        ("Phòng Văn hóa - Xã hội chủ trì, phối hợp với Công an phường tuyên truyền", "Phòng Văn hóa - Xã hội"),
        ("Căn cứ chức năng, nhiệm vụ được giao, Công an phường có trách nhiệm bảo đảm an ninh", "Công an phường"),
        ("UBND phường giao Phòng Kinh tế, Hạ tầng và Đô thị theo dõi", "Phòng Kinh tế, Hạ tầng và Đô thị"),
        ("Đề nghị Ủy ban MTTQ Việt Nam phường phối hợp giám sát", "Ủy ban MTTQ Việt Nam phường"),
        ("Trưởng Công an phường chỉ đạo lực lượng bảo đảm an ninh", "Trưởng Công an phường"),
        ("Ban Giám sát đầu tư của cộng đồng giám sát các công trình", "Ban Giám sát đầu tư của cộng đồng"),
        ("Yêu cầu các thôn phổ biến Kế hoạch đến từng hộ", "Các thôn"),
        # no one: a heading alone, a duty without a party, a remark
        ("Đề nghị Ủy ban Mật trận Tổ quốc Việt Nam xã", ""),
        ("Là bộ phận thường trực giúp UBND xã triển khai", ""),
        ("Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị báo cáo về UBND phường (qua Văn phòng)", ""),
    ],
)
def test_the_party_a_sentence_gives_duties_to(sentence, party):
    assert party_in_sentence(sentence) == party
