"""PAPI scores of a commune: which figure counts, the year-on-year comparison, and the spreadsheet.

Which figure is "the" score of a year: a unit may hold several figures for the same year and scope
(the official survey, a provincial or district assessment, its own self-assessment). The comparison
uses the most authoritative one present, in the order of ``SOURCE_PREFERENCE``:
official > provincial > district > self. Targets (source ``target``) are never "the" score; they
are shown in their own column.

The spreadsheet has the columns Năm | Mã | Điểm | Xếp hạng | Trên tổng số | Nhóm | Nguồn, one row per
figure; "Mã" is an area code (1–8), a sub-dimension code ("2.3") or "Tổng" for the total. The header
row is found by its titles. ``read_workbook`` is a dry run: every row gets a status (new, changed,
unchanged) or its errors; ``apply_rows`` writes all rows or none.
"""

from __future__ import annotations

import io
import json
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from plans.models import ContentArea, PapiScore, SubDimension
from tasks.models import Task

Source = PapiScore.Source
SOURCE_PREFERENCE = (Source.OFFICIAL, Source.PROVINCIAL, Source.DISTRICT, Source.SELF)
WEAKEST = 3  # how many of the lowest areas are marked
FEW_TASKS = 2  # a weak area with at most this many tasks is flagged
SUM_TOLERANCE = Decimal("0.01")
MIN_YEAR, MAX_YEAR = 2006, 2100  # the PAPI survey started in 2009; earlier pilots are allowed


class ScoreUploadError(Exception):
    """A one-line, translated message about a spreadsheet that cannot be read at all."""

    def __init__(self, message):
        message = " ".join(str(message).split())
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


# --- Scale -------------------------------------------------------------------------------------


def _load_scale():
    path = Path(settings.BASE_DIR) / "plans" / "data" / "papi-dimensions.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["scale"]
    except (OSError, KeyError, ValueError):
        return {"dimension_min": 1, "dimension_max": 10, "total_min_8": 10, "total_max_8": 80}


SCALE = _load_scale()
AREA_MIN = Decimal(SCALE["dimension_min"])
AREA_MAX = Decimal(SCALE["dimension_max"])


def areas_in(year):
    """The content areas scored in ``year`` (areas 7 and 8 exist from 2018)."""
    return ContentArea.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=year)).order_by("code")


def total_range(area_count):
    """(min, max) of the total for a year with ``area_count`` areas: 10–80 for eight."""
    if area_count == 8:
        return Decimal(SCALE["total_min_8"]), Decimal(SCALE["total_max_8"])
    return AREA_MIN * area_count, AREA_MAX * area_count


def score_range(scope, area_count):
    """(min, max) for a scope: "total", "area" or "sub" (a sub-dimension is part of an area's 0–10)."""
    if scope == "total":
        return total_range(area_count)
    if scope == "area":
        return AREA_MIN, AREA_MAX
    return Decimal(0), AREA_MAX


def check_sum(total, area_scores, area_count):
    """An error message if all areas are given and their sum is not the total, else None."""
    if total is None or area_count == 0 or len(area_scores) < area_count:
        return None
    if any(score is None for score in area_scores):
        return None
    added = sum(area_scores, Decimal(0))
    if abs(added - total) > SUM_TOLERANCE:
        return _("The total (%(total)s) must equal the sum of the %(n)s area scores (%(sum)s).") % {
            "total": _fmt(total),
            "n": area_count,
            "sum": _fmt(added),
        }
    return None


def _fmt(value):
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


# --- The comparison ----------------------------------------------------------------------------


def preferred(scores):
    """The score to show among figures of one year and scope (see the module docstring)."""
    by_source = {s.source: s for s in scores}
    for source in SOURCE_PREFERENCE:
        if source in by_source:
            return by_source[source]
    return None


def default_year(unit):
    """The latest year with a (non-target) score, else the latest with a target, else None."""
    scores = PapiScore.objects.filter(unit=unit)
    year = scores.exclude(source=Source.TARGET).order_by("-year").values_list("year", flat=True).first()
    return year or scores.order_by("-year").values_list("year", flat=True).first()


@dataclass
class Row:
    scope: object  # a ContentArea, a SubDimension or None for the total
    last: PapiScore | None = None
    this: PapiScore | None = None
    target: PapiScore | None = None
    tasks: int | None = None
    weak: bool = False
    subs: list = field(default_factory=list)

    @property
    def change(self):
        if self.last is None or self.this is None:
            return None
        return self.this.score - self.last.score

    @property
    def gap(self):
        """How far this year's score is from the target (negative: below it)."""
        if self.this is None or self.target is None:
            return None
        return self.this.score - self.target.score

    @property
    def few_tasks(self):
        return self.weak and self.tasks is not None and self.tasks <= FEW_TASKS

    @property
    def is_demo(self):
        return any(s is not None and s.is_demo for s in (self.last, self.this, self.target))


@dataclass
class Comparison:
    unit: object
    year: int
    total: Row
    areas: list
    unassigned_tasks: int = 0

    @property
    def weakest(self):
        return [row for row in self.areas if row.weak]

    @property
    def has_demo(self):
        return self.total.is_demo or any(r.is_demo or any(s.is_demo for s in r.subs) for r in self.areas)

    @property
    def has_scores(self):
        return any(row.this or row.last or row.target for row in [self.total, *self.areas])


def task_counts(unit, year):
    """Tasks of the commune's plan of ``year``: ({area_id: n}, {sub_dimension_id: n}); one GROUP BY each."""
    tasks = Task.objects.filter(plan__unit=unit, plan__year=year)
    per_area = {row["content_area"]: row["n"] for row in tasks.values("content_area").annotate(n=Count("pk"))}
    through = Task.sub_dimensions.through.objects.filter(
        task__plan__unit=unit, task__plan__year=year, task__deleted_at__isnull=True
    )
    per_sub = {row["subdimension"]: row["n"] for row in through.values("subdimension").annotate(n=Count("task"))}
    return per_area, per_sub


def comparison(unit, year):
    """Last year, this year and the target per area and for the total, with task counts."""
    figures = {}  # (year, area_id, sub_id) -> [scores], targets under year "target"
    for score in PapiScore.objects.filter(unit=unit, year__in=(year - 1, year)):
        key = ("target" if score.source == Source.TARGET else score.year, score.area_id, score.sub_dimension_id)
        if key[0] == "target" and score.year != year:
            continue
        figures.setdefault(key, []).append(score)

    def row(scope, area_id, sub_id, tasks=None):
        target = figures.get(("target", area_id, sub_id), [None])[0]
        return Row(
            scope=scope,
            last=preferred(figures.get((year - 1, area_id, sub_id), [])),
            this=preferred(figures.get((year, area_id, sub_id), [])),
            target=target,
            tasks=tasks,
        )

    per_area, per_sub = task_counts(unit, year)
    areas = list(areas_in(year))
    rows = {area.pk: row(area, area.pk, None, per_area.get(area.pk, 0)) for area in areas}
    for sub in SubDimension.objects.valid_in(year).filter(area__in=areas).order_by("area__code", "code"):
        sub_row = row(sub, sub.area_id, sub.pk, per_sub.get(sub.pk, 0))
        # A sub-dimension figure may be stored with or without its area.
        if sub_row.this is None and sub_row.last is None and sub_row.target is None:
            alt = row(sub, None, sub.pk, per_sub.get(sub.pk, 0))
            sub_row = alt
        rows[sub.area_id].subs.append(sub_row)
    scored = sorted((r for r in rows.values() if r.this is not None), key=lambda r: (r.this.score, r.scope.code))
    for weak in scored[:WEAKEST]:
        weak.weak = True
    return Comparison(
        unit=unit,
        year=year,
        total=row(None, None, None, sum(per_area.values())),
        areas=list(rows.values()),
        unassigned_tasks=per_area.get(None, 0),
    )


# --- Saving a year's figures -----------------------------------------------------------------------


def scope_lookup(area=None, sub_dimension=None):
    """The fields naming a scope, matching the conditional unique constraints."""
    if sub_dimension is not None:
        return {"sub_dimension": sub_dimension}
    if area is not None:
        return {"area": area, "sub_dimension": None}
    return {"area": None, "sub_dimension": None}


def save_figure(unit, year, source, *, area=None, sub_dimension=None, values):
    """update_or_create one figure; ``values`` holds score, rank, rank_base, group."""
    lookup = {"unit": unit, "year": year, "source": source, **scope_lookup(area, sub_dimension)}
    defaults = {**values, "is_demo": False}
    if sub_dimension is not None:
        defaults["area_id"] = sub_dimension.area_id
    return PapiScore.objects.update_or_create(**lookup, defaults=defaults)


# --- The spreadsheet ---------------------------------------------------------------------------

COLUMNS = ("Năm", "Mã", "Điểm", "Xếp hạng", "Trên tổng số", "Nhóm", "Nguồn")
REQUIRED = ("Năm", "Mã", "Điểm", "Nguồn")
FIELDS = {
    "Năm": "year",
    "Mã": "code",
    "Điểm": "score",
    "Xếp hạng": "rank",
    "Trên tổng số": "rank_base",
    "Nhóm": "group",
    "Nguồn": "source",
}
TOTAL_WORDS = {"tổng", "tổng điểm", "total", "tong"}
HEADER_SEARCH_ROWS = 20
MAX_ROWS = 1000


def _norm(value):
    return " ".join(unicodedata.normalize("NFC", str(value or "")).strip().lower().split())


def _choice_aliases(choices, extra=()):
    """Codes and labels (Vietnamese and English) of a TextChoices, normalised."""
    aliases = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in choices.choices:
                aliases[_norm(value)] = value
                aliases[_norm(label)] = value
    for word, value in extra:
        aliases[_norm(word)] = value
    return aliases


SOURCE_WORDS = (
    ("chính thức", Source.OFFICIAL),
    ("papi", Source.OFFICIAL),
    ("tỉnh", Source.PROVINCIAL),
    ("huyện", Source.DISTRICT),
    ("tự đánh giá", Source.SELF),
    ("mục tiêu", Source.TARGET),
)
GROUP_WORDS = (
    ("nhóm đạt điểm cao nhất", PapiScore.Group.HIGHEST),
    ("nhóm đạt điểm trung bình cao", PapiScore.Group.HIGH_AVERAGE),
    ("nhóm đạt điểm trung bình thấp", PapiScore.Group.LOW_AVERAGE),
    ("nhóm đạt điểm thấp nhất", PapiScore.Group.LOWEST),
)


@dataclass
class UploadRow:
    number: int  # the spreadsheet row
    raw: dict
    year: int | None = None
    code: str = ""
    scope: str = ""  # "total", "area", "sub"
    area: object = None
    sub_dimension: object = None
    score: Decimal | None = None
    rank: int | None = None
    rank_base: int | None = None
    group: str = ""
    source: str = ""
    errors: list = field(default_factory=list)
    status: str = ""  # "new", "changed", "unchanged"
    existing: object = None

    @property
    def key(self):
        return (self.year, self.source, self.scope, self.code)

    def values(self):
        return {"score": self.score, "rank": self.rank, "rank_base": self.rank_base, "group": self.group}

    def as_token(self):
        return [self.year, self.source, self.code, str(self.score), self.rank, self.rank_base, self.group]


def _int(value):
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return int(str(value).strip())


def _decimal(value):
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, float):
        value = repr(value)
    return Decimal(str(value).strip().replace(",", "."))


def _code_text(value):
    if isinstance(value, float):
        return f"{int(value)}" if value.is_integer() else repr(value)
    return str(value if value is not None else "").strip()


def _find_header(rows):
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        titles = {_norm(cell): i for i, cell in enumerate(row) if cell not in (None, "")}
        columns = {FIELDS[c]: titles[_norm(c)] for c in COLUMNS if _norm(c) in titles}
        if all(FIELDS[c] in columns for c in REQUIRED):
            return index, columns
    raise ScoreUploadError(
        _("No header row found: the sheet needs the columns %(columns)s.") % {"columns": " | ".join(COLUMNS)}
    )


def open_workbook(uploaded):
    """The rows of the first sheet of a real .xlsx (checked from its bytes), as lists of values."""
    from django.core.exceptions import ValidationError
    from openpyxl import load_workbook

    from tasks.evidence import XLSX, sniff

    try:
        kind = sniff(uploaded)
    except ValidationError as error:
        raise ScoreUploadError(" ".join(error.messages)) from None
    if kind != XLSX:
        raise ScoreUploadError(_("This is not an Excel workbook (.xlsx)."))
    uploaded.seek(0)
    try:
        workbook = load_workbook(io.BytesIO(uploaded.read()), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 (openpyxl raises many kinds for a damaged file)
        raise ScoreUploadError(_("The workbook cannot be read; save it again as .xlsx and retry.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in islice(sheet.iter_rows(values_only=True), MAX_ROWS + HEADER_SEARCH_ROWS)]
    finally:
        workbook.close()
    return rows


def read_workbook(uploaded, unit):
    """Parse and check every row against the database (a dry run): a list of ``UploadRow``."""
    rows = open_workbook(uploaded)
    header, columns = _find_header(rows)
    result = []
    for offset, cells in enumerate(rows[header + 1 :], start=header + 2):
        raw = {name: (cells[i] if i < len(cells) else None) for name, i in columns.items()}
        if all(v is None or str(v).strip() == "" for v in raw.values()):
            continue
        result.append(UploadRow(number=offset, raw=raw))
    if not result:
        raise ScoreUploadError(_("The sheet has a header but no rows of scores."))
    _check_rows(result, unit)
    return result


def rows_from_token(data, unit):
    """Rebuild the rows a confirmed preview carried (the values it showed), checked again."""
    rows = []
    for number, (year, source, code, score, rank, rank_base, group) in enumerate(data, start=1):
        raw = {
            "year": year,
            "code": code,
            "score": score,
            "rank": rank,
            "rank_base": rank_base,
            "group": group,
            "source": source,
        }
        rows.append(UploadRow(number=number, raw=raw))
    _check_rows(rows, unit)
    return rows


def _check_rows(rows, unit):
    areas = {area.code: area for area in ContentArea.objects.all()}
    subs = {sub.code: sub for sub in SubDimension.objects.all()}
    sources = _choice_aliases(Source, SOURCE_WORDS)
    groups = _choice_aliases(PapiScore.Group, GROUP_WORDS)
    for row in rows:
        _check_row(row, areas, subs, sources, groups)
    # Duplicates and the sum of the areas, per year and source.
    seen = {}
    for row in rows:
        if row.errors:
            continue
        if row.key in seen:
            row.errors.append(_("Same figure as row %(row)s.") % {"row": seen[row.key]})
        else:
            seen[row.key] = row.number
    by_set = {}
    for row in rows:
        if not row.errors:
            by_set.setdefault((row.year, row.source), []).append(row)
    for (year, _source), group in by_set.items():
        area_count = sum(1 for a in areas.values() if a.valid_from is None or a.valid_from <= year)
        totals = [r for r in group if r.scope == "total"]
        area_scores = [r.score for r in group if r.scope == "area"]
        if totals:
            error = check_sum(totals[0].score, area_scores, area_count)
            if error:
                totals[0].errors.append(error)
    _mark_status(rows, unit)


def _check_row(row, areas, subs, sources, groups):
    raw, errors = row.raw, row.errors
    try:
        row.year = _int(raw.get("year"))
    except (TypeError, ValueError):
        row.year = None
    if row.year is None or not MIN_YEAR <= row.year <= MAX_YEAR:
        errors.append(_("Bad year “%(value)s”.") % {"value": raw.get("year") or ""})
        row.year = None
    code = _code_text(raw.get("code"))
    row.code = code
    if _norm(code) in TOTAL_WORDS:
        row.scope, row.code = "total", "Tổng"
    elif code.isdigit() and int(code) in areas:
        row.scope, row.area = "area", areas[int(code)]
        if row.year and row.area.valid_from and row.area.valid_from > row.year:
            errors.append(_("Area %(code)s is not scored in %(year)s.") % {"code": code, "year": row.year})
    elif code in subs:
        row.scope, row.sub_dimension = "sub", subs[code]
        sub = row.sub_dimension
        if row.year and ((sub.valid_from and sub.valid_from > row.year) or (sub.valid_to and sub.valid_to < row.year)):
            errors.append(_("Sub-dimension %(code)s is not scored in %(year)s.") % {"code": code, "year": row.year})
    else:
        errors.append(_("Unknown code “%(code)s”.") % {"code": code})
    try:
        row.score = _decimal(raw.get("score"))
    except (InvalidOperation, ValueError):
        row.score = None
    if row.score is None:
        errors.append(_("Score “%(value)s” is not a number.") % {"value": raw.get("score") or ""})
    elif row.scope and row.year:
        area_count = sum(1 for a in areas.values() if a.valid_from is None or a.valid_from <= row.year)
        low, high = score_range(row.scope, area_count)
        if not low <= row.score <= high:
            errors.append(
                _("Score %(score)s is out of range (%(low)s–%(high)s).")
                % {"score": _fmt(row.score), "low": _fmt(low), "high": _fmt(high)}
            )
        elif row.score.as_tuple().exponent < -4:
            errors.append(_("Score %(score)s has more than 4 decimals.") % {"score": _fmt(row.score)})
    try:
        row.rank = _int(raw.get("rank"))
        row.rank_base = _int(raw.get("rank_base"))
    except (TypeError, ValueError):
        errors.append(_("Rank and rank base must be whole numbers."))
    else:
        if any(v is not None and not 1 <= v <= 32767 for v in (row.rank, row.rank_base)):
            errors.append(_("Rank and rank base must be between 1 and 32767."))
        elif row.rank is not None and row.rank_base is not None and row.rank > row.rank_base:
            errors.append(
                _("Rank %(rank)s is beyond the number ranked (%(base)s).") % {"rank": row.rank, "base": row.rank_base}
            )
    group = _norm(raw.get("group"))
    if group:
        if group in groups:
            row.group = groups[group]
        else:
            errors.append(_("Unknown group “%(value)s”.") % {"value": raw.get("group")})
    source = _norm(raw.get("source"))
    if source in sources:
        row.source = sources[source]
    else:
        errors.append(_("Unknown source “%(value)s”.") % {"value": raw.get("source") or ""})


def _mark_status(rows, unit):
    years = {row.year for row in rows if row.year}
    existing = {}
    for score in PapiScore.objects.filter(unit=unit, year__in=years):
        if score.sub_dimension_id:
            key = (score.year, score.source, "sub", score.sub_dimension_id)
        elif score.area_id:
            key = (score.year, score.source, "area", score.area_id)
        else:
            key = (score.year, score.source, "total", None)
        existing[key] = score
    for row in rows:
        if row.errors:
            continue
        scope_id = row.sub_dimension.pk if row.sub_dimension else (row.area.pk if row.area else None)
        current = existing.get((row.year, row.source, row.scope, scope_id))
        row.existing = current
        if current is None:
            row.status = "new"
        elif (current.score, current.rank, current.rank_base, current.group, current.is_demo) == (
            row.score,
            row.rank,
            row.rank_base,
            row.group,
            False,
        ):
            row.status = "unchanged"
        else:
            row.status = "changed"


def apply_rows(rows, unit):
    """Write every row (all or nothing); returns the number of figures created or changed."""
    if any(row.errors for row in rows):
        raise ValueError("rows with errors cannot be applied")
    written = 0
    with transaction.atomic():
        for row in rows:
            if row.status == "unchanged":
                continue
            save_figure(unit, row.year, row.source, area=row.area, sub_dimension=row.sub_dimension, values=row.values())
            written += 1
    return written


def template_workbook(year):
    """A blank template with the header, the total and the eight areas of ``year``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Điểm PAPI"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([year, "Tổng", None, None, None, None, Source.OFFICIAL.value])
    for area in areas_in(year):
        sheet.append([year, area.code, None, None, None, None, Source.OFFICIAL.value])
    for letter, width in zip("ABCDEFG", (8, 8, 10, 10, 14, 30, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    notes = workbook.create_sheet("Hướng dẫn")
    notes.append(["Mã: 1–8 (chỉ số nội dung), 2.3 (nội dung thành phần) hoặc Tổng."])
    notes.append(["Nguồn: official, provincial, district, self, target."])
    notes.append(["Nhóm: highest, high_average, low_average, lowest (có thể để trống)."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
