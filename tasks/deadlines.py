"""Deadlines as plans state them: a date, a period (quarter, half-year, year) or ongoing.

`Deadline` is the parsed value; `parse_deadline()` reads the words Vietnamese plans use
("Quý II/2024", "trước 30/6/2024", "6 tháng đầu năm", "Thường xuyên", "Hàng quý").
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.text import fold


class DeadlineKind(models.TextChoices):
    DATE = "date", _("By a date")
    PERIOD = "period", _("By a period")
    ONGOING = "ongoing", _("Ongoing")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")


class ReviewFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def period_end(kind, index, year):
    """The last day of a period: quarter 2 of 2024 → 30/06/2024."""
    if kind == PeriodKind.YEAR:
        return datetime.date(year, 12, 31)
    months_per = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF_YEAR: 6}[kind]
    last_month = index * months_per
    return datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])


@dataclass(frozen=True)
class Deadline:
    kind: str
    due_date: datetime.date | None = None
    period_kind: str = ""
    period_index: int | None = None
    review_frequency: str = ""
    text: str = ""

    def as_task_fields(self):
        return {
            "deadline_kind": self.kind,
            "due_date": self.due_date,
            "period_kind": self.period_kind,
            "period_index": self.period_index,
            "review_frequency": self.review_frequency,
            "deadline_text": self.text,
        }

    @classmethod
    def ongoing(cls, text="", review_frequency=ReviewFrequency.QUARTERLY):
        return cls(DeadlineKind.ONGOING, review_frequency=review_frequency, text=text)

    @classmethod
    def period(cls, kind, index, year, text=""):
        return cls(
            DeadlineKind.PERIOD,
            due_date=period_end(kind, index, year),
            period_kind=kind,
            period_index=index,
            text=text,
        )

    @classmethod
    def by_date(cls, day, text=""):
        return cls(DeadlineKind.DATE, due_date=day, text=text)


# A numeric date: "30/6/2024", "30/6", "30-06-24"; the month may not run on into a year ("6/2024" is a month).
_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})(?![\d])(?:\s*[/.-]\s*(\d{4}|\d{2})(?!\d))?")
# A written-out date: "ngày 15 tháng 6 năm 2024", "ngày 15 tháng 6".
_LONG_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})(?:\s*nam\s*(\d{4}))?")
_MONTH = re.compile(r"thang\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4})|\s+nam\s+(\d{4}))?")
_QUARTER = re.compile(r"quy\s*(iv|iii|ii|i|[1-4])\b(?:\s*[/.-]\s*(\d{4})|\s+nam\s+(\d{4}))?")
_YEAR = re.compile(r"\b(20\d{2})\b")
# Repeating work: "Hàng quý" / "Hằng quý" (both spellings fold to "hang"), "định kỳ 6 tháng".
_REPEATING = {
    "hang tuan": ReviewFrequency.WEEKLY,
    "hang thang": ReviewFrequency.MONTHLY,
    "hang quy": ReviewFrequency.QUARTERLY,
    "hang nam": ReviewFrequency.YEARLY,
}
_HALF_YEARLY = re.compile(r"^6 thang\b(?!\s*(?:dau|cuoi))|dinh ky 6 thang|6 thang\s*(?:/|mot)\s*lan")


def _year(*candidates, default):
    for value in candidates:
        if value:
            value = int(value)
            return value + 2000 if value < 100 else value
    return default


def _frequency(folded):
    if _HALF_YEARLY.search(folded):
        return ReviewFrequency.HALF_YEARLY
    return next((f for key, f in _REPEATING.items() if key in folded), None)


def _date(day, month, year, text):
    try:
        return Deadline.by_date(datetime.date(year, int(month), int(day)), text)
    except ValueError:
        return None


def parse_deadline(text, year):
    """Read a deadline as written in a plan; `year` is the plan's year. None if unreadable.

    Ongoing ("Thường xuyên", "Cả năm", "Hàng quý", "Định kỳ 6 tháng"), a date ("Trước
    30/6/2024", "ngày 15 tháng 6 năm 2024"; with a range, its end), a quarter ("Quý II/2024"),
    a half-year ("6 tháng đầu năm"), a month ("Tháng 9/2024") or the year ("Năm 2024").

    >>> parse_deadline("Quý II/2024", 2024).due_date
    datetime.date(2024, 6, 30)
    """
    raw = (text or "").strip()
    folded = fold(raw)
    if not folded:
        return None
    frequency = _frequency(folded)
    if "thuong xuyen" in folded or ("ca nam" in folded and "truoc" not in folded):
        return Deadline.ongoing(raw, frequency or ReviewFrequency.QUARTERLY)
    if frequency:
        return Deadline.ongoing(raw, frequency)
    years = _YEAR.findall(folded)
    if dates := list(_DATE.finditer(folded)):
        last = dates[-1]  # "từ 01/3 đến 30/6/2024" is due at the end
        return _date(last.group(1), last.group(2), _year(last.group(3), *years, default=year), raw)
    if match := _LONG_DATE.search(folded):
        return _date(match.group(1), match.group(2), _year(match.group(3), *years, default=year), raw)
    if match := _QUARTER.search(folded):
        index = ROMAN.get(match.group(1)) or int(match.group(1))
        return Deadline.period(
            PeriodKind.QUARTER, index, _year(match.group(2), match.group(3), *years, default=year), raw
        )
    if "6 thang dau" in folded or "nua dau" in folded:
        return Deadline.period(PeriodKind.HALF_YEAR, 1, _year(*years, default=year), raw)
    if "6 thang cuoi" in folded or "nua cuoi" in folded:
        return Deadline.period(PeriodKind.HALF_YEAR, 2, _year(*years, default=year), raw)
    if match := _MONTH.search(folded):
        month = int(match.group(1))
        if 1 <= month <= 12:
            return Deadline.period(
                PeriodKind.MONTH, month, _year(match.group(2), match.group(3), *years, default=year), raw
            )
        return None
    if years or "trong nam" in folded or "cuoi nam" in folded:
        return Deadline.period(PeriodKind.YEAR, 1, _year(*years, default=year), raw)
    return None


def _writes_date(match, day):
    """A date pattern's match names `day` (a match without a year takes the day's own)."""
    written = (int(match.group(1)), int(match.group(2)), _year(match.group(3), default=day.year))
    return written == (day.day, day.month, day.year)


def states_date(text, day):
    """Whether the plan's words already write the date `day`: "Trước 15/12/2024", "trước 15/12",
    "ngày 15 tháng 12 năm 2024" state 15/12/2024; "Quý IV/2024" does not."""
    folded = fold(text or "")
    matches = [*_DATE.finditer(folded), *_LONG_DATE.finditer(folded)]
    return any(_writes_date(match, day) for match in matches)


def deadline_label(text, due_date, kind):
    """A deadline as people read it, its date written once: the plan's words, with the date they
    resolve to when the words do not already say it.

    "Quý II/2024" → "Quý II/2024 (30/06/2024)"; "Trước 15/12/2024" stays as it is; without words,
    the date ("15/12/2024") or, for ongoing work, "Ongoing". Every page, list and e-mail uses it
    (`Task.deadline_display`, the reminders' `deadline` filter).
    """
    text = " ".join((text or "").split())
    date = due_date.strftime("%d/%m/%Y") if due_date else ""
    if text and date and not states_date(text, due_date):
        return f"{text} ({date})"
    if text or date:
        return text or date
    if kind == DeadlineKind.ONGOING:
        return str(DeadlineKind.ONGOING.label)
    return ""
