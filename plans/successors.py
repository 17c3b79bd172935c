"""Which post-2025 unit each pre-2025 unit became, from `vietnamadminunits`' mapping.

`link_successors()` (`manage.py link_successors`) looks at the pre-2025 units in the database —
communes and wards under a district, and provinces whose code is not in the 2025 list — finds
each in the library's list of the 63 provinces (by its code when the code and the names agree,
else by its name, its district's and its province's, accents and kind words ignored: the
demo's "Trung Trắc" is the list's "Xã Trưng Trắc"), follows the library's mapping to the
post-2025 unit, loads that unit's province first when it is missing (plans/units.py) and sets
`succeeded_by` (and `dissolved_on`, 01/07/2025, where empty). A commune the reform split between
several new ones goes to the part the library names as the main one; the others are reported.
A link someone already set to another unit is kept and reported.

Codes come from `vietnam-provinces`: the two libraries give different codes for 121 of the new
units (e.g. Xã Như Quỳnh: 11986 there, 12004 in vietnamadminunits), so the successor is found by
its province and name in the official list, and by the mapping's code only when the name is not
there.
The library's data files (its SQLite dataset and the converter's JSON mapping) are read directly,
one pre-2025 province at a time, without importing the package: its address converter would
geocode an address with a street over the network (ArcGIS) and its import loads shapely, numpy
and geopy (over half a second) for that. What is used is the converter's no-street path, the
same dictionaries `vietnamadminunits.convert_address` follows: the demo's link takes a tenth of
a second.
"""

import datetime
import importlib.util
import json
import re
import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import AdministrativeUnit
from .units import in_new_tree, load_units, name_key, national_communes, national_provinces, tidy

REFORM_DATE = datetime.date(2025, 7, 1)  # the two-tier local government took office
BATCH = 500


@dataclass
class Link:
    unit: AdministrativeUnit
    listed_as: str  # the library's pre-2025 name: "Xã Trưng Trắc, Huyện Văn Lâm, Tỉnh Hưng Yên"
    listed_code: str
    successor: AdministrativeUnit | None = None
    status: str = "linked"  # linked | unchanged | kept (someone's own link)
    notes: list = field(default_factory=list)


@dataclass
class LinkResult:
    links: list = field(default_factory=list)
    not_found: list = field(default_factory=list)  # messages
    loaded: object = None  # the LoadResult of the provinces loaded first, if any
    dry_run: bool = False

    @property
    def linked(self):
        return [link for link in self.links if link.status == "linked"]


# --- The library's data -------------------------------------------------------------------------


def _data(name):
    """A data file of `vietnamadminunits`, found without importing the package: its __init__ loads
    shapely, numpy and geopy (over half a second) for the geocoding this module never does."""
    spec = importlib.util.find_spec("vietnamadminunits")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / name


def _query(sql, *params):
    uri = f"{_data('dataset.db').as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(sql, params)]


@cache
def _legacy_provinces():
    """{code: row} of the 63 pre-2025 provinces."""
    sql = "SELECT DISTINCT province, provinceCode, provinceKey FROM admin_units_legacy"
    return {row["provinceCode"]: row for row in _query(sql)}


@cache
def _legacy_province(code):
    """One pre-2025 province's communes and wards: (by code, by (district, ward) name keys)."""
    rows = _query(
        "SELECT province, district, ward, wardType, provinceCode, wardCode, provinceKey, districtKey, wardKey "
        "FROM admin_units_legacy WHERE provinceCode = ? AND wardKey IS NOT NULL",
        code,
    )
    by_names = defaultdict(list)
    for row in rows:
        by_names[name_key(row["district"]), name_key(row["ward"])].append(row)
    return {row["wardCode"]: row for row in rows}, dict(by_names)


@cache
def _mapping():
    """(new province key → old keys, new ward key per old key, old key → split parts, new units by key)."""
    converter = json.loads(_data("converter_2025.json").read_text(encoding="utf-8"))
    new_ward = {
        old: (province, ward)
        for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
        for ward, olds in wards.items()
        for old in olds
    }
    split = {
        old: (province, parts)
        for province, by_old in converter["DICT_PROVINCE_WARD_DIVIDED"].items()
        for old, parts in by_old.items()
    }
    units = {
        (row["provinceKey"], row["wardKey"]): row
        for row in _query("SELECT provinceKey, provinceCode, ward, wardCode, wardKey FROM admin_units")
    }
    return converter["DICT_PROVINCE"], new_ward, split, units


@cache
def _official_by_name():
    by_name = defaultdict(list)
    for unit in national_communes().values():
        by_name[unit.province_code, name_key(unit.listed_as)].append(unit)
    return dict(by_name)


def _official(row):
    """The official (vietnam-provinces) unit for a row of the library's 2025 list."""
    found = _official_by_name().get((f"{int(row['provinceCode']):02d}", name_key(row["ward"])), [])
    if len(found) > 1:
        found = [u for u in found if u.listed_as == tidy(row["ward"])] or found[:1]
    if not found and row["wardCode"] in national_communes():
        found = [national_communes()[row["wardCode"]]]
    return found[0] if found else None


# --- Finding a unit in the 63-province list -----------------------------------------------------

_WORDS = {AdministrativeUnit.Kind.WARD: ("Phường",), AdministrativeUnit.Kind.COMMUNE: ("Xã", "Thị trấn")}


def _legacy_province_of(unit):
    """The pre-2025 province's code for a unit of the database (by its code when the names agree)."""
    provinces = _legacy_provinces()
    if unit is None:
        return None
    row = provinces.get(unit.code)
    if row and name_key(row["province"]) == name_key(unit.name):
        return unit.code
    return next((code for code, row in provinces.items() if name_key(row["province"]) == name_key(unit.name)), None)


def _listed(unit):
    """The library's row for a pre-2025 commune or ward (by code when the names agree, else by names)."""
    district = unit.parent
    province = _legacy_province_of(district.parent if district else None)
    if province is None:
        return None
    by_code, by_names = _legacy_province(province)
    keys = (name_key(district.name), name_key(unit.name))
    row = by_code.get(unit.code)
    if row and (name_key(row["district"]), name_key(row["ward"])) == keys:
        return row
    rows = by_names.get(keys, [])
    if len(rows) > 1:  # "Xã X" and "Thị trấn X" in one district: the kind decides
        rows = [r for r in rows if r["wardType"] in _WORDS.get(unit.kind, ())] or rows
    return rows[0] if len(rows) == 1 else None


def _successor_of(row):
    """(the official post-2025 unit, the other parts' names) for a row of the 63-province list."""
    _provinces, new_ward, split, units = _mapping()
    old = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
    if old in new_ward:
        province_key, ward_key = new_ward[old]
        others = []
    elif old in split:
        province_key, parts = split[old]
        main = [p for p in parts if p["isDefaultNewWard"]] or parts[:1]
        ward_key = main[0]["newWardKey"]
        others = [units[province_key, p["newWardKey"]]["ward"] for p in parts if p["newWardKey"] != ward_key]
    else:
        return None, []
    new = units.get((province_key, ward_key))
    return (_official(new) if new else None), [tidy(name) for name in others]


def _new_province_of(unit):
    """(the pre-2025 province's row, the official post-2025 province it is part of)."""
    province_map, _new_ward, _split, units = _mapping()
    row = _legacy_provinces().get(_legacy_province_of(unit))
    if row is None:
        return None, None
    new_key = next((new for new, olds in province_map.items() if row["provinceKey"] in olds), None)
    new_code = next((r["provinceCode"] for (p, _w), r in units.items() if p == new_key), None)
    return row, national_provinces().get(f"{int(new_code):02d}") if new_code else None


# --- Linking -------------------------------------------------------------------------------------


def pre_reform_units():
    """Communes and wards under a district, and provinces the 2025 list no longer has; official
    (numeric) codes only, so synthetic provinces are left out."""
    local = AdministrativeUnit.objects.filter(
        kind__in=AdministrativeUnit.LOCAL_KINDS, parent__kind=AdministrativeUnit.Kind.DISTRICT
    ).select_related("parent__parent", "succeeded_by")
    provinces = AdministrativeUnit.objects.filter(
        kind__in=AdministrativeUnit.PROVINCE_KINDS, parent__isnull=True
    ).exclude(code__in=list(national_provinces()))
    return [unit for unit in [*local, *provinces] if unit.code.isdigit()]


@transaction.atomic
def link_successors(units=None, *, dry_run=False):
    """Link each pre-2025 unit (`units`, or all of them) to the post-2025 unit it became."""
    result = LinkResult(dry_run=dry_run)
    found = [_find(unit, result) for unit in (pre_reform_units() if units is None else units)]
    found = [item for item in found if item]
    targets = sorted({target.code for _link, target in found})
    rows = _rows(targets)
    missing = sorted({target.province_code or target.code for _link, target in found if target.code not in rows})
    if missing:  # the successors' provinces are not loaded yet
        result.loaded = load_units(missing)
        rows = _rows(targets)
    for link, target in found:
        if target.code not in rows:
            result.not_found.append(
                _("%(unit)s became %(successor)s (%(code)s), which could not be loaded: see the conflicts.")
                % {"unit": place(link.unit), "successor": target.listed_as, "code": target.code}
            )
    found = [(link, rows[target.code]) for link, target in found if target.code in rows]
    changed = [row for link, successor in found if (row := _link(link, successor))]
    for start in range(0, len(changed), BATCH):
        AdministrativeUnit.objects.bulk_update(changed[start : start + BATCH], ["succeeded_by", "dissolved_on"])
    result.links = [link for link, _successor in found]
    if dry_run:
        transaction.set_rollback(True)
    elif changed:
        changed[0].save(update_fields=["succeeded_by"])  # the signal reports.cache listens to (plans/units.py)
    return result


def _rows(codes):
    """{code: unit} of the post-2025 units among `codes` (a code held by a pre-2025 unit is not one)."""
    rows = {}
    for start in range(0, len(codes), BATCH):
        units = AdministrativeUnit.objects.filter(code__in=codes[start : start + BATCH]).select_related("parent")
        rows.update((u.code, u) for u in units if in_new_tree(u) or _is_province(u))
    return rows


def _is_province(unit):
    return unit.kind in AdministrativeUnit.PROVINCE_KINDS and unit.parent_id is None


def _find(unit, result):
    """(Link, the official post-2025 unit) or None, with the reason in `result.not_found`."""
    if unit.kind in AdministrativeUnit.PROVINCE_KINDS:
        row, target = _new_province_of(unit)
        if row is None:
            result.not_found.append(_not_listed(unit))
            return None
        link = Link(unit, tidy(row["province"]), row["provinceCode"])
    else:
        row = _listed(unit)
        if row is None:
            result.not_found.append(_not_listed(unit))
            return None
        target, others = _successor_of(row)
        link = Link(unit, ", ".join(tidy(row[k]) for k in ("ward", "district", "province")), row["wardCode"])
        _spelling_notes(link, unit, row)
        if others:
            link.notes.append(
                _("The reform split it: parts went to %(others)s; it is linked to the main successor.")
                % {"others": ", ".join(others)}
            )
    if target is None:
        result.not_found.append(
            _("%(unit)s: the library maps %(listed)s to no unit of the 2025 list.")
            % {"unit": place(unit), "listed": link.listed_as}
        )
        return None
    return link, target


def _without_kind_word(name):
    return re.sub(r"^(xã|phường|thị trấn|đặc khu) (?=\S)", "", tidy(name), flags=re.IGNORECASE)


def _spelling_notes(link, unit, row):
    listed = _without_kind_word(row["ward"])
    if _without_kind_word(unit.name) != listed:
        link.notes.append(
            _("The pre-2025 list writes “%(listed)s”; the database writes “%(name)s”.")
            % {"listed": listed, "name": unit.name}
        )
    if unit.code != row["wardCode"]:
        link.notes.append(
            _("Its official pre-2025 code is %(listed)s; the database has %(code)s.")
            % {"listed": row["wardCode"], "code": unit.code}
        )


def _link(link, successor):
    """Set the link on the unit; the unit when it changed, else None."""
    unit = link.unit
    link.successor = successor
    if successor.pk == unit.pk:  # cannot be: a pre-2025 unit's code is not a post-2025 one's
        link.status = "unchanged"
        return None
    if unit.succeeded_by_id not in (None, successor.pk):
        link.status = "kept"
        link.notes.append(
            _("Already linked to %(current)s by hand; kept (the library says %(successor)s).")
            % {"current": unit.succeeded_by, "successor": successor}
        )
        return None
    if unit.succeeded_by_id == successor.pk and unit.dissolved_on is not None:
        link.status = "unchanged"
        return None
    unit.succeeded_by, unit.dissolved_on = successor, unit.dissolved_on or REFORM_DATE
    return unit


def place(unit):
    names = [unit.name, *(u.name for u in unit.ancestors())]
    return f"{unit.get_kind_display()} {', '.join(names)} ({unit.code})"


def _not_listed(unit):
    return _("%(unit)s is not in the library's list of the 63 pre-2025 provinces (checked by code and by name).") % {
        "unit": place(unit)
    }
