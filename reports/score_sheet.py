"""The PAPI score spreadsheet read back: header, rows, checks, and the all-or-nothing apply.

The columns are ``reports.scores.COLUMNS`` (Năm | Mã | Điểm | Xếp hạng | Trên tổng số | Nhóm | Nguồn),
one row per figure; the header row is found by its titles. ``read_workbook`` is a dry run: every
row gets a status (new, changed, unchanged) or its errors; ``apply_rows`` writes all rows or none.
A file that is not an .xlsx, or whose table has merged cells, is refused as a whole
(``ScoreUploadError``); a cell holding NaN or an infinity is an error of its row.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import OneLineError
from core.spreadsheets import reading as sheets
from plans.models import ContentArea, PapiScore, SubDimension

from .scores import COLUMNS, MAX_YEAR, MIN_YEAR, Source, _fmt, check_sum, save_figure, score_range


class ScoreUploadError(OneLineError):
    """A one-line, translated message about a spreadsheet that cannot be read at all."""


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
TITLES = {name: title for title, name in FIELDS.items()}
# What a cell of each column should hold, for the message about one that holds NaN or infinity.
EXPECTED = {
    "year": gettext_lazy("a year such as 2024"),
    "code": gettext_lazy("an area code (1–8), a sub-dimension code such as 2.3, or “Tổng”"),
    "score": gettext_lazy("a number such as 6.25"),
    "rank": gettext_lazy("a whole number"),
    "rank_base": gettext_lazy("a whole number"),
    "group": gettext_lazy("a group name, or an empty cell"),
    "source": gettext_lazy("a source: official, provincial, district, self or target"),
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
    unusable: set = field(default_factory=set)  # fields holding a non-finite number (already an error)
    status: str = ""  # "new", "changed", "unchanged"
    existing: object = None

    @property
    def key(self):
        return (self.year, self.source, self.scope, self.code)

    def values(self):
        return {"score": self.score, "rank": self.rank, "rank_base": self.rank_base, "group": self.group}

    def as_token(self):
        return [self.year, self.source, self.code, str(self.score), self.rank, self.rank_base, self.group]

    def saved_text(self):
        """The figure this row would replace, as text ("" for none): what a preview showed it over."""
        figure = self.existing
        if figure is None:
            return ""
        return f"{figure.score.normalize()} {figure.rank or ''}/{figure.rank_base or ''} {figure.group}".strip()


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
    number = Decimal(str(value).strip().replace(",", "."))
    if not number.is_finite():  # NaN cannot even be compared with the range
        raise ValueError(value)
    return number


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
    """The rows of the first sheet of a real .xlsx (checked from its bytes), as lists of values, and
    the sheet's merged ranges."""
    from django.core.exceptions import ValidationError

    from core.safe_files import DamagedFileError, UnsafeFileError
    from tasks.evidence import EXCEL_WORKBOOK, sniff

    try:
        sniff(uploaded, kind=EXCEL_WORKBOOK)
    except ValidationError as error:
        raise ScoreUploadError(" ".join(error.messages)) from None
    unreadable = _("The workbook cannot be read; save it again as .xlsx and retry.")
    uploaded.seek(0)
    try:  # sniff() checked the size (PAPI_EVIDENCE_MAX_BYTES); the package is checked here
        workbook = sheets.load_uploaded(uploaded.read())
    except DamagedFileError:
        raise ScoreUploadError(unreadable) from None
    except UnsafeFileError as error:  # a zip bomb, entities, a huge text node: its own words
        raise ScoreUploadError(error.message) from None
    try:
        sheet = workbook.worksheets[0]
        try:
            rows = [list(row) for row in islice(sheet.iter_rows(values_only=True), MAX_ROWS + HEADER_SEARCH_ROWS)]
        except Exception:  # noqa: BLE001 (a damaged sheet, or a stored "NaN": say which cell)
            raise ScoreUploadError(sheets.unreadable_number_message(sheet) or unreadable) from None
        merged = sheets.merged_ranges(sheet)
    except ScoreUploadError:
        raise
    except Exception:  # noqa: BLE001
        raise ScoreUploadError(unreadable) from None
    finally:
        workbook.close()
    return rows, merged


def read_workbook(uploaded, unit):
    """Parse and check every row against the database (a dry run): a list of ``UploadRow``.

    A merge that hides a cell of the table refuses the file (ScoreUploadError); a cell holding NaN
    or an infinity is an error of its row."""
    rows, merged = open_workbook(uploaded)
    header, columns = _find_header(rows)
    hidden = sheets.hidden_by_merges(merged, header + 1, columns.values())
    if hidden:
        raise ScoreUploadError(sheets.merged_message(hidden))
    result = []
    for offset, cells in enumerate(rows[header + 1 :], start=header + 2):
        raw = {name: (cells[i] if i < len(cells) else None) for name, i in columns.items()}
        if all(v is None or str(v).strip() == "" for v in raw.values()):
            continue
        row = UploadRow(number=offset, raw=raw)
        for name, value in raw.items():
            if sheets.non_finite(value):
                row.unusable.add(name)
                column = sheets.column_name(columns[name], TITLES[name])
                row.errors.append(sheets.non_finite_message(column, value, EXPECTED[name]))
        result.append(row)
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
    """Each field of a row; a field already refused as a non-finite number is not checked again."""
    unusable = row.unusable
    if "year" not in unusable:
        _check_year(row)
    if "code" not in unusable:
        _check_code(row, areas, subs)
    if "score" not in unusable:
        _check_score(row, areas)
    if not {"rank", "rank_base"} & unusable:
        _check_rank(row)
    group = _norm(row.raw.get("group"))
    if group and "group" not in unusable:
        if group in groups:
            row.group = groups[group]
        else:
            row.errors.append(_("Unknown group “%(value)s”.") % {"value": row.raw.get("group")})
    source = _norm(row.raw.get("source"))
    if source in sources:
        row.source = sources[source]
    elif "source" not in unusable:
        row.errors.append(_("Unknown source “%(value)s”.") % {"value": row.raw.get("source") or ""})


def _check_year(row):
    raw = row.raw
    try:
        row.year = _int(raw.get("year"))
    except (TypeError, ValueError):
        row.year = None
    if row.year is None or not MIN_YEAR <= row.year <= MAX_YEAR:
        row.errors.append(_("Bad year “%(value)s”.") % {"value": raw.get("year") or ""})
        row.year = None


def _check_code(row, areas, subs):
    errors = row.errors
    code = _code_text(row.raw.get("code"))
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


def _check_score(row, areas):
    errors = row.errors
    try:
        row.score = _decimal(row.raw.get("score"))
    except (InvalidOperation, ValueError):
        row.score = None
    if row.score is None:
        errors.append(_("Score “%(value)s” is not a number.") % {"value": row.raw.get("score") or ""})
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


def _check_rank(row):
    errors = row.errors
    try:
        row.rank = _int(row.raw.get("rank"))
        row.rank_base = _int(row.raw.get("rank_base"))
    except (TypeError, ValueError):
        errors.append(_("Rank and rank base must be whole numbers."))
        return
    if any(v is not None and not 1 <= v <= 32767 for v in (row.rank, row.rank_base)):
        errors.append(_("Rank and rank base must be between 1 and 32767."))
    elif row.rank is not None and row.rank_base is not None and row.rank > row.rank_base:
        errors.append(
            _("Rank %(rank)s is beyond the number ranked (%(base)s).") % {"rank": row.rank, "base": row.rank_base}
        )


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
