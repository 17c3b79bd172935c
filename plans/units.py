"""The national list of administrative units since the 2025 reform, from `vietnam-provinces`.

Since 1 July 2025 Vietnam has two tiers: 34 provinces (28 provinces and 6 centrally-run cities)
and 3,321 communes, wards and special zones, with no districts between them. The list and its
official codes come from the `vietnam-provinces` package (the General Statistics Office's list),
never typed by hand; `load_units()` (`manage.py load_units`) writes it into `AdministrativeUnit`:

- one province or all of them, in one transaction, idempotent: a unit is found by its official
  code, so running it again writes nothing, and a unit the list names differently is renamed
  (or re-kinded, re-parented), never duplicated;
- names are stored as the rest of the portal stores them, without the kind's word ("Như Quỳnh",
  kind commune; "Hà Nội", kind city), with the list's own spelling (its white space tidied);
- a code already held by a unit outside the post-2025 tree (a pre-2025 commune under a district,
  or a district) is left alone and reported: codes are unique, and the 2025 list reuses the codes
  of pre-2025 communes, so such a unit must be linked (plans/successors.py) or re-coded by hand;
- units under a loaded province that the list does not name are kept (they may have plans) and
  reported.

Writes are bulk (a whole country is three or four thousand rows); `bulk_create` and
`bulk_update` send no signals, so when anything changed one province is saved through `save()`
at the end, whose post_save `reports.cache` turns into an invalidation of every cached page
(an administrative unit is reference data: `_on_reference`, at once and at commit).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from django.db import transaction
from django.utils.translation import gettext as _

from .models import AdministrativeUnit
from .text import fold

Kind = AdministrativeUnit.Kind

# The library's division types → (kind, the word its names start with).
_DIVISIONS = {
    "tỉnh": (Kind.PROVINCE, "Tỉnh"),
    "thành phố trung ương": (Kind.CITY, "Thành phố"),
    "xã": (Kind.COMMUNE, "Xã"),
    "phường": (Kind.WARD, "Phường"),
    "đặc khu": (Kind.SPECIAL_ZONE, "Đặc khu"),
}
BATCH = 500


class UnitsError(Exception):
    """The national list cannot be loaded as asked (an unknown province, a code taken by another kind)."""


@dataclass(frozen=True)
class NationalUnit:
    """One unit of the national list, as the portal stores it."""

    code: str  # "33", "11986"
    name: str  # without the kind's word: "Như Quỳnh"
    kind: str
    listed_as: str  # the list's own name: "Xã Như Quỳnh"
    province_code: str | None = None  # a commune's province


def tidy(text):
    """The list's text in NFC with single spaces: a few of its names carry a double space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def name_key(text):
    """A name for matching across lists and spellings: no accents, case, punctuation or kind word
    ("Xã Ea H’leo" and "Ea H'Leo" match, so do "Thuỷ" and "Thủy")."""
    folded = re.sub(r"[^0-9a-z ]+", "", fold(tidy(text).replace("-", " ")))
    folded = re.sub(r"^(xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho|tinh|tp) (?=\S)", "", folded)
    return " ".join(folded.split())


def _national(code, library_name, division_type, province_code=None, width=5):
    kind, word = _DIVISIONS[str(getattr(division_type, "value", division_type))]
    listed = tidy(library_name)
    name = listed[len(word) + 1 :] if listed.startswith(word + " ") else listed
    return NationalUnit(f"{int(code):0{width}d}", name, kind, listed, province_code)


@cache
def national_provinces():
    """The 34 provinces and centrally-run cities, by code."""
    from vietnam_provinces import Province

    units = (_national(p.code, p.name, p.division_type, width=2) for p in Province.iter_all())
    return {unit.code: unit for unit in sorted(units, key=lambda u: u.code)}


@cache
def national_communes():
    """Every commune, ward and special zone, by code (3,321 in the list of October 2025)."""
    from vietnam_provinces import Ward

    units = (_national(w.code, w.name, w.division_type, f"{int(w.province_code):02d}") for w in Ward.iter_all())
    return {unit.code: unit for unit in sorted(units, key=lambda u: u.code)}


def communes_of(province_code):
    return [unit for unit in national_communes().values() if unit.province_code == province_code]


def data_version():
    """The date the library's copy of the list was taken from the statistics office."""
    import vietnam_provinces

    return vietnam_provinces.__data_version__


def find_province(text):
    """A national province by its code ("33", "1") or name ("Hưng Yên", "hung yen", "Thành phố Hà Nội")."""
    provinces = national_provinces()
    text = tidy(str(text))
    if text.isdigit() and f"{int(text):02d}" in provinces:
        return provinces[f"{int(text):02d}"]
    matches = [p for p in provinces.values() if name_key(text) in (name_key(p.name), name_key(p.listed_as))]
    if len(matches) != 1:
        raise UnitsError(
            _("No province or centrally-run city is called “%(name)s” in the national list (codes 01–96).")
            % {"name": text}
        )
    return matches[0]


@dataclass
class LoadResult:
    provinces: list = field(default_factory=list)  # the NationalUnits loaded
    created: int = 0
    unchanged: int = 0
    updated: list = field(default_factory=list)  # (code, before, after) as "kind name" strings
    conflicts: list = field(default_factory=list)  # messages
    unlisted: list = field(default_factory=list)  # units kept under a loaded province, not in the list
    dry_run: bool = False

    @property
    def changed(self):
        return bool(self.created or self.updated)


@transaction.atomic
def load_units(provinces=None, *, dry_run=False):
    """Create or update the post-2025 tree of the given provinces (codes or names; None: all)."""
    wanted = national_provinces().values() if provinces is None else {find_province(p) for p in provinces}
    wanted = sorted(wanted, key=lambda unit: unit.code)
    result = LoadResult(dry_run=dry_run)
    rows = _province_rows(wanted, result)
    communes = [unit for unit in national_communes().values() if unit.province_code in rows]
    _commune_rows(communes, rows, result)
    result.provinces = [unit for unit in wanted if unit.code in rows]
    listed = {unit.code for unit in communes}
    result.unlisted = [
        unit
        for unit in AdministrativeUnit.objects.filter(parent__in=rows.values(), kind__in=AdministrativeUnit.LOCAL_KINDS)
        if unit.code not in listed
    ]
    if dry_run:
        transaction.set_rollback(True)
    elif result.changed:
        # The signal reports.cache listens to (see the module docstring); the name is unchanged.
        next(iter(rows.values())).save(update_fields=["name"])
    return result


def _existing(codes):
    found = {}
    codes = sorted(codes)
    for start in range(0, len(codes), BATCH):
        chunk = codes[start : start + BATCH]
        found.update((u.code, u) for u in AdministrativeUnit.objects.filter(code__in=chunk).select_related("parent"))
    return found


def _label(unit):
    return f"{unit.get_kind_display()} {unit.name}"


def _province_rows(wanted, result):
    """{code: the province's row}, created or updated; a code held by another kind is a conflict."""
    existing, rows, new, changed = _existing(unit.code for unit in wanted), {}, [], []
    for unit in wanted:
        row = existing.get(unit.code)
        if row is None:
            row = AdministrativeUnit(code=unit.code, name=unit.name, kind=unit.kind)
            new.append(row)
        elif row.kind not in AdministrativeUnit.PROVINCE_KINDS or row.parent_id is not None:
            result.conflicts.append(_taken(row, unit))
            continue
        elif (row.name, row.kind) != (unit.name, unit.kind):
            before = _label(row)
            row.name, row.kind = unit.name, unit.kind
            result.updated.append((unit.code, before, _label(row)))
            changed.append(row)
        else:
            result.unchanged += 1
        rows[unit.code] = row
    AdministrativeUnit.objects.bulk_create(new, batch_size=BATCH)
    AdministrativeUnit.objects.bulk_update(changed, ["name", "kind"], batch_size=BATCH)
    result.created += len(new)
    if any(row.pk is None for row in new):  # a database that returns no ids from a bulk insert
        rows.update(_existing(row.code for row in new))
    return rows


def _commune_rows(communes, provinces, result):
    existing, new, changed = _existing(unit.code for unit in communes), [], []
    for unit in communes:
        parent = provinces[unit.province_code]
        row = existing.get(unit.code)
        if row is None:
            new.append(AdministrativeUnit(code=unit.code, name=unit.name, kind=unit.kind, parent=parent))
        elif not in_new_tree(row):
            result.conflicts.append(_taken(row, unit))
        elif (row.name, row.kind, row.parent_id) != (unit.name, unit.kind, parent.pk):
            before = _label(row) if row.parent_id == parent.pk else f"{_label(row)} ({row.parent or '-'})"
            row.name, row.kind, row.parent = unit.name, unit.kind, parent
            result.updated.append((unit.code, before, _label(row)))
            changed.append(row)
        else:
            result.unchanged += 1
    AdministrativeUnit.objects.bulk_create(new, batch_size=BATCH)
    AdministrativeUnit.objects.bulk_update(changed, ["name", "kind", "parent"], batch_size=BATCH)
    result.created += len(new)


def in_new_tree(row):
    """A commune-level unit directly under a province (or under nothing): the 2025 shape."""
    parent_kind = row.parent.kind if row.parent_id else None
    return row.kind in AdministrativeUnit.LOCAL_KINDS and parent_kind in (None, *AdministrativeUnit.PROVINCE_KINDS)


def _taken(row, unit):
    where = f" ({row.parent})" if row.parent_id else ""
    return _(
        "Code %(code)s is already used by %(unit)s%(where)s, which is not part of the post-2025 tree: "
        "%(listed)s was not loaded. Link that unit to its successor or correct its code, then load again."
    ) % {"code": unit.code, "unit": _label(row), "where": where, "listed": unit.listed_as}
