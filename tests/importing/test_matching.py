"""Area headings matched by meaning; parties matched to positions."""

import pytest

from importing.plan.areas import best_area
from importing.plan.parties import find_parties, party_key
from importing.plan.service import area_candidates
from plans.models import ContentArea


@pytest.fixture
def areas(db):
    return area_candidates()


@pytest.mark.parametrize(
    ("heading", "code"),
    [
        ("Nội dung “Tham gia của người dân ở cấp cơ sở”", 1),
        ("Nội dung “Công khai, minh bạch trong hoạch định chính sách”", 2),
        ("CHỈ SỐ NỘI DUNG 2: CÔNG KHAI, MINH BẠCH TRONG VIỆC RA QUYẾT ĐỊNH", 2),
        ("Trách nhiệm giải trình với người dân", 3),
        ("Nâng cao trách nhiệm giải trình của chính quyền với người dân", 3),
        ("Phòng, chống tham nhũng", 4),
        ("Chỉ số nội dung 5: Thủ tục hành chính công", 5),
        ("Cải cách thủ tục hành chính", 5),
        ("NÂNG CAO CHẤT LƯỢNG CUNG ỨNG DỊCH VỤ CÔNG", 6),
        ("Quản trị môi trường", 7),
        ("Bảo vệ môi trường", 7),
        ("Chuyển đổi số, chính quyền điện tử", 8),
        ("Chỉ số nội dung 4", 4),
        # headings that are not areas
        ("Tổ chức thực hiện tốt nhiệm vụ chuyên môn và nhiệm vụ chính trị của đơn vị, gắn với Chỉ số PAPI", None),
        ("Nhiệm vụ, giải pháp cụ thể (Có Phụ lục kèm theo)", None),
        ("Công tác thông tin, tuyên truyền", None),
        ("Kiểm tra, giám sát việc thực hiện Kế hoạch", None),
        ("Chế độ thông tin, báo cáo", None),
        ("Về kinh phí thực hiện", None),
    ],
)
def test_area_headings_match_by_meaning(areas, heading, code):
    match = best_area(heading, areas)
    assert (match.area.code if match else None) == code


def test_area_two_is_recognised_from_its_words_even_without_the_alias(db):
    ContentArea.objects.update(aliases="")
    match = best_area("Nội dung “Công khai, minh bạch trong hoạch định chính sách”", area_candidates())
    assert match.area.code == 2


def test_an_alias_added_by_an_administrator_teaches_the_matcher_a_new_heading(db):
    heading = "Tiếp dân và xử lý đơn thư"
    assert best_area(heading, area_candidates()) is None
    ContentArea.objects.filter(code=3).update(aliases="Tiếp dân, xử lý đơn thư")
    assert best_area(heading, area_candidates()).area.code == 3


@pytest.mark.parametrize(
    ("party", "key"),
    [
        ("Công chức Văn phòng - Thông kê xã", ("van", "phong", "thong", "ke")),
        ("Công chức Văn phòng - Thống kê", ("van", "phong", "thong", "ke")),
        ("Chủ tịch UBND xã", ("chu", "tich")),
        ("Phó Chủ tịch Ủy ban nhân dân xã", ("pho", "chu", "tich")),
        ("Công chức Văn hóa - Xã hội", ("van", "hoa", "xa", "hoi")),
        ("Cán bộ, công chức xã", ()),
    ],
)
def test_party_keys_keep_the_words_that_tell_positions_apart(party, key):
    assert party_key(party) == key


def test_parties_are_found_in_a_list_even_when_a_name_contains_va():
    names = ["Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường", "Chủ tịch UBND xã", "Phó Chủ tịch UBND xã"]
    found = find_parties("Phó Chủ tịch UBND xã; Địa chính - Nông nghiệp - Xây dựng và Môi trường, các thôn", names)
    assert found == ["Phó Chủ tịch UBND xã", "Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường"]
    assert find_parties("Đài truyền thanh xã", names) == []
