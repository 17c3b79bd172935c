"""load_units: the post-2025 tree from vietnam-provinces, idempotent, renamed in place, bounded queries."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from vietnam_provinces import Province, VietNamDivisionType, Ward

from plans.models import AdministrativeUnit
from plans.units import UnitsError, find_province, load_units, national_communes, national_provinces
from reports.cache import cached_communes_table
from reports.report_workbook import _issuer

pytestmark = pytest.mark.django_db

Kind = AdministrativeUnit.Kind
LOCAL = AdministrativeUnit.LOCAL_KINDS
KINDS = {
    VietNamDivisionType.XA: Kind.COMMUNE,
    VietNamDivisionType.PHUONG: Kind.WARD,
    VietNamDivisionType.DAC_KHU: Kind.SPECIAL_ZONE,
}


def tree(province_code):
    """{code: (name, kind)} of the communes, wards and special zones under a province."""
    units = AdministrativeUnit.objects.filter(parent__code=province_code, kind__in=LOCAL)
    return {code: (name, kind) for code, name, kind in units.values_list("code", "name", "kind")}


def snapshot():
    return sorted(AdministrativeUnit.objects.values_list("pk", "code", "name", "kind", "parent_id"))


def test_the_library_gives_the_known_national_totals():
    # 34 provinces (28 provinces, 6 centrally-run cities), 3,321 communes, wards and special zones.
    provinces, wards = list(Province.iter_all()), list(Ward.iter_all())
    assert len(provinces) == len(national_provinces()) == 34
    assert len(wards) == len(national_communes()) == 3321
    assert sum(p.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG for p in provinces) == 6
    assert {w.division_type for w in wards} == set(KINDS)


def test_hung_yen_has_the_librarys_communes_and_wards_with_their_codes_and_kinds():
    result = load_units(["33"])

    library = {f"{w.code:05d}": w for w in Ward.iter_by_province(33)}
    loaded = tree("33")
    assert len(loaded) == len(library) == 104
    assert set(loaded) == set(library)
    for code, (name, kind) in loaded.items():
        ward = library[code]
        assert kind == KINDS[ward.division_type]
        assert ward.name.split() == [*{Kind.COMMUNE: ["Xã"], Kind.WARD: ["Phường"]}[kind], *name.split()]
    province = AdministrativeUnit.objects.get(code="33")
    assert (province.name, province.kind, province.parent) == ("Hưng Yên", Kind.PROVINCE, None)
    assert loaded["11986"] == ("Như Quỳnh", Kind.COMMUNE)
    assert (result.created, result.unchanged, result.updated, result.conflicts) == (105, 0, [], [])
    assert not AdministrativeUnit.objects.filter(kind=Kind.DISTRICT).exists()  # no districts since 2025


def test_the_whole_country_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(40):  # about 3,355 rows: batches of 500, never a query per unit
        result = load_units()

    assert AdministrativeUnit.objects.filter(parent=None, kind__in=AdministrativeUnit.PROVINCE_KINDS).count() == 34
    assert AdministrativeUnit.objects.filter(parent__parent=None, kind__in=LOCAL).count() == 3321
    assert result.created == 3355 and len(result.provinces) == 34
    hanoi, phu_quoc = AdministrativeUnit.objects.get(code="01"), AdministrativeUnit.objects.get(name="Phú Quốc")
    assert (hanoi.name, hanoi.kind, hanoi.kind_word) == ("Hà Nội", Kind.CITY, "thành phố")
    assert (phu_quoc.kind, phu_quoc.kind_word, phu_quoc.parent.name, phu_quoc.is_local) == (
        Kind.SPECIAL_ZONE,
        "đặc khu",
        "An Giang",
        True,
    )
    assert AdministrativeUnit.objects.filter(kind=Kind.SPECIAL_ZONE).count() == 13
    # The reports' letterhead names them as documents do.
    assert [_issuer(unit)[1] for unit in (hanoi, phu_quoc)] == ["thành phố Hà Nội", "đặc khu Phú Quốc"]


def test_a_province_in_a_handful_of_queries_whatever_its_size(django_assert_max_num_queries):
    # Reads in batches of 500 codes, inserts in batches (SQLite: 166 rows an INSERT), one save().
    with django_assert_max_num_queries(10):
        load_units(["79"])  # Hồ Chí Minh City: 168 units
    with django_assert_max_num_queries(5):
        load_units(["79"])  # again: reads, writes nothing


def test_loading_twice_changes_nothing_and_says_so():
    load_units(["33"])
    before = snapshot()

    result = load_units(["33"])

    assert snapshot() == before
    assert (result.created, result.updated, result.unchanged, result.changed) == (0, [], 105, False)
    out = StringIO()
    call_command("load_units", "--province", "Hưng Yên", stdout=out)
    assert "Tạo mới: 0; cập nhật: 0; giữ nguyên: 105." in out.getvalue()
    assert "Không có gì thay đổi: cơ sở dữ liệu đã khớp với danh mục." in out.getvalue()
    assert snapshot() == before


def test_a_unit_the_list_names_differently_is_updated_in_place_not_duplicated():
    hung_yen = AdministrativeUnit.objects.create(kind=Kind.PROVINCE, code="33", name="Tỉnh Hưng Yên (cũ)")
    typed = AdministrativeUnit.objects.create(kind=Kind.WARD, code="11986", name="Như Quynh", parent=None)

    result = load_units(["33"])

    typed.refresh_from_db()
    hung_yen.refresh_from_db()
    assert (typed.name, typed.kind, typed.parent) == ("Như Quỳnh", Kind.COMMUNE, hung_yen)
    assert hung_yen.name == "Hưng Yên"
    assert AdministrativeUnit.objects.filter(code="11986").count() == 1
    assert {code for code, _before, _after in result.updated} == {"33", "11986"}
    assert result.created == 103


def test_a_code_held_by_a_pre_2025_unit_is_reported_and_left_alone(province, district):
    town = AdministrativeUnit.objects.create(kind=Kind.COMMUNE, code="11986", name="Như Quỳnh", parent=district)

    result = load_units(["33"])

    town.refresh_from_db()
    assert town.parent == district  # still the pre-2025 town under Văn Lâm
    assert len(result.conflicts) == 1 and "11986" in result.conflicts[0] and "Xã Như Quỳnh" in result.conflicts[0]
    assert len(tree("33")) == 103


def test_units_the_list_does_not_name_are_kept_and_reported(province):
    gone = AdministrativeUnit.objects.create(kind=Kind.COMMUNE, code="99998", name="Không còn", parent=province)

    result = load_units(["33"])

    assert result.unlisted == [gone] and AdministrativeUnit.objects.filter(pk=gone.pk).exists()


def test_the_command_reports_counts_and_what_it_renamed(province):
    AdministrativeUnit.objects.create(kind=Kind.WARD, code="11986", name="Như Quynh", parent=province)
    out = StringIO()

    call_command("load_units", "--province", "33", stdout=out)

    text = out.getvalue()
    assert "vietnam-provinces 2025.10.1" in text
    assert "Tỉnh, thành phố trực thuộc trung ương: 1; xã, phường, đặc khu: 104." in text
    assert "Tạo mới: 103; cập nhật: 1; giữ nguyên: 1." in text
    assert "11986: Phường Như Quynh → Xã Như Quỳnh" in text


def test_a_dry_run_writes_nothing():
    result = load_units(["33"], dry_run=True)

    assert result.created == 105 and not AdministrativeUnit.objects.exists()


@pytest.mark.parametrize(
    ("text", "code"),
    [("33", "33"), ("1", "01"), ("hung yen", "33"), ("Hưng Yên", "33"), ("Thành phố Hà Nội", "01"), ("Huế", "46")],
)
def test_a_province_is_found_by_its_code_or_name(text, code):
    assert find_province(text).code == code


def test_an_unknown_province_is_refused_and_nothing_is_written():
    with pytest.raises(UnitsError):
        load_units(["33", "Thái Bình"])  # merged into Hưng Yên in 2025
    with pytest.raises(CommandError, match="Atlantis"):
        call_command("load_units", "--province", "Atlantis", stdout=StringIO())
    assert not AdministrativeUnit.objects.exists()


def test_the_cached_communes_table_of_a_province_shows_the_communes_loaded(province):
    before = cached_communes_table(province, 2025)  # now cached

    load_units(["33"])

    assert before == [] and len(cached_communes_table(province, 2025)) == 104
