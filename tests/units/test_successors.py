"""link_successors: each pre-2025 unit in the database to the post-2025 unit it became (vietnamadminunits)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from plans.models import AdministrativeUnit
from plans.successors import REFORM_DATE, link_successors
from plans.units import load_units, name_key

pytestmark = pytest.mark.django_db

Kind = AdministrativeUnit.Kind


def rows():
    return sorted(AdministrativeUnit.objects.values_list("pk", "code", "name", "parent_id", "succeeded_by_id"))


def test_the_demo_commune_is_linked_to_nhu_quynh_loading_hung_yen_first(commune):
    # tests/conftest.py: the demo's Trung Trắc (12100) in Văn Lâm (330), Hưng Yên (33).
    result = link_successors()

    commune.refresh_from_db()
    successor = commune.succeeded_by
    assert (successor.code, successor.name, successor.kind) == ("11986", "Như Quỳnh", Kind.COMMUNE)
    assert successor.parent == commune.parent.parent  # the same Hưng Yên, now without districts
    assert commune.dissolved_on == REFORM_DATE == datetime.date(2025, 7, 1)
    assert result.loaded.created == 104 and [p.code for p in result.loaded.provinces] == ["33"]
    (link,) = result.links
    assert (link.status, link.listed_as, link.listed_code) == (
        "linked",
        "Xã Trưng Trắc, Huyện Văn Lâm, Tỉnh Hưng Yên",
        "12013",
    )
    # The plan's spelling and the demo's placeholder code differ from the list: said, not changed.
    assert any("Trưng Trắc" in note for note in link.notes) and any("12013" in note for note in link.notes)
    assert (commune.name, commune.code) == ("Trung Trắc", "12100")


def test_linking_again_changes_nothing(commune):
    link_successors()
    before = rows()

    result = link_successors()

    assert result.loaded is None and [link.status for link in result.links] == ["unchanged"]
    assert rows() == before


def test_a_commune_found_by_its_official_code_whatever_its_district_is_called(province):
    van_lam = AdministrativeUnit.objects.create(kind=Kind.DISTRICT, code="325", name="huyện Văn Lâm", parent=province)
    minh_hai = AdministrativeUnit.objects.create(kind=Kind.COMMUNE, code="12007", name="Xã Minh Hải", parent=van_lam)

    (link,) = link_successors([minh_hai]).links

    # The new Lạc Đạo has the code of the old Chỉ Đạo in the official list.
    assert (link.successor.name, link.successor.code, link.notes) == ("Lạc Đạo", "11992", [])


def test_a_split_commune_goes_to_its_main_successor_and_the_other_parts_are_named(district):
    dinh_du = AdministrativeUnit.objects.create(kind=Kind.COMMUNE, code="12004", name="Đình Dù", parent=district)

    (link,) = link_successors([dinh_du]).links

    assert link.successor.name == "Như Quỳnh"
    assert any("Xã Đại Đồng" in note for note in link.notes)


def test_a_merged_province_is_linked_to_the_province_it_joined(province):
    thai_binh = AdministrativeUnit.objects.create(kind=Kind.PROVINCE, code="34", name="Thái Bình")

    result = link_successors()

    thai_binh.refresh_from_db()
    assert thai_binh.succeeded_by == province and thai_binh.dissolved_on == REFORM_DATE
    assert result.loaded is None  # Hưng Yên (33) was there already: its tree is not needed for the link


def test_a_link_set_by_hand_is_kept(commune, province):
    chosen = AdministrativeUnit.objects.create(kind=Kind.COMMUNE, code="11995", name="Đại Đồng", parent=province)
    commune.succeeded_by = chosen
    commune.save()

    (link,) = link_successors([commune]).links

    commune.refresh_from_db()
    assert link.status == "kept" and commune.succeeded_by == chosen
    assert any("Như Quỳnh" in note for note in link.notes)


def test_a_successor_whose_code_a_pre_2025_unit_holds_is_reported_not_linked(commune, district):
    # The pre-2025 town Như Quỳnh kept its code, 11986, for the new commune: both cannot have it.
    AdministrativeUnit.objects.create(kind=Kind.COMMUNE, code="11986", name="Như Quỳnh", parent=district)

    result = link_successors([commune])

    commune.refresh_from_db()
    assert commune.succeeded_by is None and result.links == []
    assert any("11986" in message for message in result.not_found)
    assert any("11986" in conflict for conflict in result.loaded.conflicts)


def test_units_not_in_the_library_and_synthetic_ones_are_left_alone(district):
    made_up = AdministrativeUnit.objects.create(kind=Kind.COMMUNE, code="12345", name="Không Có", parent=district)
    synthetic = AdministrativeUnit.objects.create(kind=Kind.COMMUNE, code="S01C00001", name="An", parent=district)

    result = link_successors()

    assert result.links == [] and len(result.not_found) == 1 and "Không Có" in result.not_found[0]
    assert not AdministrativeUnit.objects.filter(pk__in=[made_up.pk, synthetic.pk], succeeded_by__isnull=False)


def test_a_dry_run_writes_nothing(commune):
    result = link_successors(dry_run=True)

    commune.refresh_from_db()
    assert result.links[0].status == "linked" and commune.succeeded_by is None
    assert AdministrativeUnit.objects.count() == 3


def test_the_command_says_what_it_linked_and_then_that_nothing_changed(commune):
    out = StringIO()
    call_command("link_successors", stdout=out)
    first = out.getvalue()
    assert "Đã nạp trước từ danh mục quốc gia: Hưng Yên (tạo mới 104 đơn vị)." in first
    assert "Xã Trung Trắc, Văn Lâm, Hưng Yên (12100) → Xã Như Quỳnh (11986): đã liên kết" in first
    assert "Danh mục trước năm 2025 ghi “Trưng Trắc”; cơ sở dữ liệu ghi “Trung Trắc”." in first
    assert "Đã liên kết: 1 (ghi ngày giải thể 01/07/2025 nếu chưa có)" in first

    out = StringIO()
    call_command("link_successors", stdout=out)
    assert "(11986): đã liên kết từ trước" in out.getvalue()
    assert "Không có gì thay đổi." in out.getvalue()


def test_loading_the_province_again_keeps_the_links(commune):
    link_successors()
    load_units(["33"])

    commune.refresh_from_db()
    assert commune.succeeded_by.code == "11986"


@pytest.mark.parametrize("province", ["33", "34"])  # Hưng Yên and Thái Bình, merged into Hưng Yên
def test_the_mapping_read_from_the_librarys_files_agrees_with_its_own_converter(province):
    from vietnamadminunits import convert_address

    from plans.successors import _legacy_province, _successor_of

    by_code, _by_names = _legacy_province(province)
    assert len(by_code) > 100
    for row in by_code.values():
        official, _others = _successor_of(row)
        converted = convert_address(f"{row['ward']}, {row['district']}, {row['province']}")
        assert converted.OldAdminUnit.ward_code == row["wardCode"]
        assert (official.province_code, name_key(official.listed_as)) == (
            f"{int(converted.province_code):02d}",
            name_key(converted.ward),
        ), row["ward"]
