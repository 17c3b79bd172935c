"""PAPI scores of a commune: which figure counts, the year-on-year comparison, and the spreadsheet.

Which figure is "the" score of a year: a unit may hold several figures for the same year and scope
(the official survey, a provincial or district assessment, its own self-assessment). The comparison
uses the most authoritative one present, in the order of ``SOURCE_PREFERENCE``:
official > provincial > district > self. Targets (source ``target``) are never "the" score; they
are shown in their own column.

The spreadsheet has the columns Năm | Mã | Điểm | Xếp hạng | Trên tổng số | Nhóm | Nguồn, one row per
figure; "Mã" is an area code (1–8), a sub-dimension code ("2.3") or "Tổng" for the total. This module
writes its template; ``reports.score_sheet`` reads a filled-in one back.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from plans.models import ContentArea, PapiScore, SubDimension
from tasks.models import Task

Source = PapiScore.Source
SOURCE_PREFERENCE = (Source.OFFICIAL, Source.PROVINCIAL, Source.DISTRICT, Source.SELF)
WEAKEST = 3  # how many of the lowest areas are marked
FEW_TASKS = 2  # a weak area with at most this many tasks is flagged
SUM_TOLERANCE = Decimal("0.01")
MIN_YEAR, MAX_YEAR = 2006, 2100  # the PAPI survey started in 2009; earlier pilots are allowed


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


def template_workbook(year):
    """A blank template with the header, the total and the eight areas of ``year``, laid out like
    the other exports (``core.spreadsheets.layout.OfficialSheet``: A4 at 100 %, rows sized to their text)."""
    from openpyxl import Workbook

    from core.spreadsheets.layout import Column, OfficialSheet

    workbook = Workbook(write_only=True)
    widths = (8, 8, 10, 10, 12, 16, 12)  # 76 units: A4 portrait holds 77.9 between the margins
    sheet = OfficialSheet(workbook, "Điểm PAPI", [Column(t, w) for t, w in zip(COLUMNS, widths, strict=True)])
    rows = [[year, "Tổng", None, None, None, None, Source.OFFICIAL.value]]
    rows += [[year, area.code, None, None, None, None, Source.OFFICIAL.value] for area in areas_in(year)]
    sheet.write_table(rows)
    notes = OfficialSheet(workbook, "Hướng dẫn", [Column("", sum(widths))], freeze_header=False)
    notes.write_paragraphs(
        [
            "Mã: 1–8 (chỉ số nội dung), 2.3 (nội dung thành phần) hoặc Tổng.",
            "Nguồn: official, provincial, district, self, target.",
            "Nhóm: highest, high_average, low_average, lowest (có thể để trống).",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
