"""The seed plan's unit names against the libraries: every difference is known and written down here
(and in demo/loader.py): the plan writes "Trung Trắc", the lists "Trưng Trắc"."""

import re

from vietnamadminunits.database import query

from demo.loader import COMMUNE, DEMO_PLAN, DISTRICT, PROVINCE
from plans.text import fold
from plans.units import national_communes, national_provinces

NAMED = re.compile(r"\b(xã|huyện|tỉnh) ((?:[A-ZĐ]\w*)(?: [A-ZĐ]\w*)*)")
LEGACY_KIND = {"xã": "ward", "huyện": "district", "tỉnh": "province"}


def legacy_names(column):
    """{folded short name: the list's spelling} of one column of the 63-province list (Hưng Yên only)."""
    rows = query(f"SELECT DISTINCT {column}Short AS name FROM admin_units_legacy WHERE provinceCode = '33'")  # noqa: S608
    return {fold(row["name"]): row["name"] for row in rows}


def test_every_unit_the_seed_plan_names_is_spelled_as_the_lists_spell_it_but_trung_trac():
    named = set(NAMED.findall(DEMO_PLAN.read_text(encoding="utf-8")))
    assert named == {("xã", "Trung Trắc"), ("huyện", "Văn Lâm"), ("tỉnh", "Hưng Yên")}

    differences = {}
    for kind, name in named:
        listed = legacy_names(LEGACY_KIND[kind])[fold(name)]
        if listed != name:
            differences[kind, name] = listed

    assert differences == {("xã", "Trung Trắc"): "Trưng Trắc"}


def test_the_demo_keeps_the_plans_spelling_and_placeholder_codes_and_says_so():
    assert (PROVINCE, DISTRICT, COMMUNE) == (("33", "Hưng Yên"), ("330", "Văn Lâm"), ("12100", "Trung Trắc"))
    codes = query(
        "SELECT districtCode, wardCode FROM admin_units_legacy WHERE provinceCode = '33' AND wardShort = 'Trưng Trắc'"
    )
    assert codes == [{"districtCode": "325", "wardCode": "12013"}]
    assert national_provinces()["33"].name == "Hưng Yên"  # the same name and code after 2025
    assert national_communes()["11986"].listed_as == "Xã Như Quỳnh"
    source = (DEMO_PLAN.parent.parent / "loader.py").read_text(encoding="utf-8")
    assert "Trưng Trắc" in source and "12013" in source and "325" in source
