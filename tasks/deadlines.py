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


_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?")
_MONTH = re.compile(r"thang\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4})|\s+nam\s+(\d{4}))?")
_QUARTER = re.compile(r"quy\s*(iv|iii|ii|i|[1-4])\b(?:\s*[/.-]\s*(\d{4})|\s+nam\s+(\d{4}))?")
_YEAR = re.compile(r"\b(20\d{2})\b")
_REPEATING = {
    "hang tuan": ReviewFrequency.WEEKLY,
    "hang thang": ReviewFrequency.MONTHLY,
    "hang quy": ReviewFrequency.QUARTERLY,
    "6 thang": ReviewFrequency.HALF_YEARLY,
    "hang nam": ReviewFrequency.YEARLY,
}


def _year(*candidates, default):
    for value in candidates:
        if value:
            value = int(value)
            return value + 2000 if value < 100 else value
    return default


def parse_deadline(text, year):
    """Read a deadline as written in a plan; `year` is the plan's year. None if unreadable.

    >>> parse_deadline("Quý II/2024", 2024).due_date
    datetime.date(2024, 6, 30)
    """
    raw = (text or "").strip()
    folded = fold(raw)
    if not folded:
        return None
    if "thuong xuyen" in folded or "ca nam" in folded and "truoc" not in folded:
        frequency = next((f for k, f in _REPEATING.items() if k in folded), ReviewFrequency.QUARTERLY)
        return Deadline.ongoing(raw, frequency)
    for key, frequency in _REPEATING.items():
        if folded.startswith(key) or folded == key or f"dinh ky {key}" in folded:
            if key == "6 thang" and ("dau nam" in folded or "cuoi nam" in folded):
                break
            return Deadline.ongoing(raw, frequency)
    if match := _DATE.search(folded):
        day, month = int(match.group(1)), int(match.group(2))
        try:
            return Deadline.by_date(datetime.date(_year(match.group(3), default=year), month, day), raw)
        except ValueError:
            return None
    if match := _QUARTER.search(folded):
        index = ROMAN.get(match.group(1)) or int(match.group(1))
        return Deadline.period(PeriodKind.QUARTER, index, _year(match.group(2), match.group(3), default=year), raw)
    if "6 thang dau" in folded or "nua dau" in folded:
        return Deadline.period(PeriodKind.HALF_YEAR, 1, _year(*_YEAR.findall(folded), default=year), raw)
    if "6 thang cuoi" in folded or "nua cuoi" in folded:
        return Deadline.period(PeriodKind.HALF_YEAR, 2, _year(*_YEAR.findall(folded), default=year), raw)
    if match := _MONTH.search(folded):
        month = int(match.group(1))
        if 1 <= month <= 12:
            return Deadline.period(PeriodKind.MONTH, month, _year(match.group(2), match.group(3), default=year), raw)
        return None
    if "nam" in folded or _YEAR.fullmatch(folded):
        found = _YEAR.findall(folded)
        if found or "trong nam" in folded or "cuoi nam" in folded:
            return Deadline.period(PeriodKind.YEAR, 1, _year(*found, default=year), raw)
    return None
