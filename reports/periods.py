"""Reporting periods: a month, quarter, half-year, nine months or year, by Decree 09 cut-off or by the calendar.

`Period` is a plain value (no models, no queries), the foundation for reporting rounds:

    >>> q1 = Period.parse("2025-Q1")                  # Decree 09/2019 cut-off windows by default
    >>> q1.start, q1.end                              # inclusive; `end` is the data cut-off
    (datetime.date(2024, 12, 15), datetime.date(2025, 3, 14))
    >>> Period.containing(datetime.date(2024, 12, 20), PeriodKind.QUARTER) == q1
    True

Decree 09/2019/NĐ-CP, Article 12, counts a reporting month from the 15th of the previous month to the
14th of the month; a quarter, half-year, nine months or year runs from the 15th of the month before its
first month to the 14th of its last month (Q1: 15/12 of the previous year → 14/3). The decree names no
window for the second half-year; we use 15/6 → 14/12, which the same rule gives. Statistical reports use
plain calendar periods instead (`PeriodStyle.CALENDAR`).

Nine-month periods do not cover the whole year (nothing after September's cut-off until the next
window opens), so `Period.containing` can return None for them; `Period.current` then gives the
latest one that has begun.
"""

import calendar
import datetime
import functools
import re
import zoneinfo
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100
# Decree 09/2019: a reporting month runs from the 15th of the month before to the 14th.
DECREE09_CUTOFF_DAY = 14


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half-year")
    NINE_MONTHS = "nine_months", _("Nine months")
    YEAR = "year", _("Year")

    @property
    def per_year(self):
        """How many periods of this kind a year has: 12 months, 4 quarters, 2 halves, 1 nine months, 1 year."""
        return _PER_YEAR[self]

    @property
    def months(self):
        """How many calendar (or reporting) months one period spans."""
        return _MONTHS[self]


_PER_YEAR = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.HALF_YEAR: 2,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}
_MONTHS = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF_YEAR: 6,
    PeriodKind.NINE_MONTHS: 9,
    PeriodKind.YEAR: 12,
}
# Ties in ordering (same cut-off day) put the shorter period first: June, Q2, first half-year.
_KIND_RANK = {kind: rank for rank, kind in enumerate(PeriodKind)}


class PeriodStyle(models.TextChoices):
    DECREE09 = "decree09", _("Decree 09/2019 cut-off dates")
    CALENDAR = "calendar", _("Calendar periods")


_STYLE_RANK = {style: rank for rank, style in enumerate(PeriodStyle)}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# The codes `Period.code` writes, and nothing else: 2024-03, 2024-Q2, 2024-H1, 2024-9M, 2024.
# [0-9], not \d: \d also matches other scripts' digits ("２０２４").
_CODE = re.compile(r"(?P<year>[0-9]{4})(?:-(?:(?P<month>[0-9]{2})|Q(?P<quarter>[0-9])|H(?P<half>[0-9])|(?P<nine>9M)))?")


def _local_date(value, tz=None):
    """A date as it is; an aware datetime as its date in `tz` (default: settings.TIME_ZONE)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(tz or timezone.get_default_timezone())
        return value.date()
    return value


def _reporting_month(day, style):
    """(year, month) of the reporting month a day's data belongs to: under Decree 09 the 15th onwards
    counts towards the next month (20/12/2024 → January 2025)."""
    if style == PeriodStyle.DECREE09 and day.day > DECREE09_CUTOFF_DAY:
        return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.year, day.month


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    """One reporting period. `index` is the month (1–12), quarter (1–4) or half (1–2); 1 for the others.

    Periods order by cut-off date (`end`); on the same cut-off the shorter kind comes first.
    `code` does not record the style: parse it back with the same `style`.
    """

    kind: str
    year: int
    index: int = 1
    style: str = PeriodStyle.DECREE09

    def __post_init__(self):
        # Accept plain strings ("quarter", "calendar") but store the enum members, so that equal
        # periods compare and hash equal however they were built.
        object.__setattr__(self, "kind", PeriodKind(self.kind))
        object.__setattr__(self, "style", PeriodStyle(self.style))
        for field in ("year", "index"):
            value = getattr(self, field)
            if type(value) is not int:
                raise TypeError(f"Period.{field} must be an int, not {value!r}")
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValueError(
                gettext("The year of a reporting period must be between %(first)s and %(last)s, not %(year)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR, "year": self.year}
            )
        last = self.kind.per_year
        if not 1 <= self.index <= last:
            kind = str(self.kind.label).lower()
            if last == 1:
                message = gettext("A %(kind)s period is numbered 1, not %(index)s.")
            else:
                message = gettext("The number of a %(kind)s period must be between 1 and %(last)s, not %(index)s.")
            raise ValueError(message % {"kind": kind, "last": last, "index": self.index})

    # --- Dates ----------------------------------------------------------------

    @property
    def first_month(self):
        """The first calendar month the period reports on (its window may open in the month before)."""
        return (self.index - 1) * self.kind.months + 1

    @property
    def last_month(self):
        return self.first_month + self.kind.months - 1

    @property
    def start(self):
        """The first day of the period, inclusive."""
        if self.style == PeriodStyle.CALENDAR:
            return datetime.date(self.year, self.first_month, 1)
        if self.first_month == 1:
            return datetime.date(self.year - 1, 12, DECREE09_CUTOFF_DAY + 1)
        return datetime.date(self.year, self.first_month - 1, DECREE09_CUTOFF_DAY + 1)

    @property
    def end(self):
        """The last day of the period, inclusive: the data cut-off."""
        if self.style == PeriodStyle.CALENDAR:
            return datetime.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])
        return datetime.date(self.year, self.last_month, DECREE09_CUTOFF_DAY)

    def contains(self, value, tz=None):
        """Whether a date, or an aware datetime (read in `tz`, default settings.TIME_ZONE), falls in the period."""
        return self.start <= _local_date(value, tz) <= self.end

    def as_datetime_range(self, tz=None):
        """Aware datetimes [start 00:00, day after end 00:00) in `tz` (default settings.TIME_ZONE),
        for filtering timestamps: `created_at__gte=start, created_at__lt=end`."""
        if tz is None:
            tz = timezone.get_default_timezone()
        elif isinstance(tz, str):
            tz = zoneinfo.ZoneInfo(tz)
        midnight = datetime.time(0, 0)
        return (
            datetime.datetime.combine(self.start, midnight, tzinfo=tz),
            datetime.datetime.combine(self.end + datetime.timedelta(days=1), midnight, tzinfo=tz),
        )

    def submission_due(self, days_after=1, holidays=()):
        """The submission deadline: the `days_after`-th working day after the cut-off.

        Decree 09/2019 asks for at least one working day between the cut-off and the submission, so
        `days_after` is at least 1. Saturdays, Sundays and the dates in `holidays` are not working days.
        Provinces set communes' actual deadlines: pass their number of working days.
        """
        if days_after < 1:
            raise ValueError(f"days_after must be at least 1 working day, not {days_after!r}")
        holidays = frozenset(holidays)
        day = self.end
        while days_after:
            day += datetime.timedelta(days=1)
            if day.weekday() < 5 and day not in holidays:
                days_after -= 1
        return day

    # --- Names and codes ------------------------------------------------------

    @property
    def name(self):
        """The period as users say it, in the active language: "Quý I/2024", "6 tháng đầu năm 2024"."""
        values = {"year": self.year}
        if self.kind == PeriodKind.MONTH:
            return gettext("Month %(month)s/%(year)s") % {**values, "month": self.index}
        if self.kind == PeriodKind.QUARTER:
            return gettext("Quarter %(roman)s/%(year)s") % {**values, "roman": _ROMAN[self.index]}
        if self.kind == PeriodKind.HALF_YEAR:
            if self.index == 1:
                return gettext("First six months of %(year)s") % values
            return gettext("Second six months of %(year)s") % values
        if self.kind == PeriodKind.NINE_MONTHS:
            return gettext("Nine months of %(year)s") % values
        return gettext("Year %(year)s") % values

    def __str__(self):
        return self.name

    @property
    def code(self):
        """A short, sortable-within-a-kind code: 2024-03, 2024-Q2, 2024-H1, 2024-9M, 2024."""
        suffix = {
            PeriodKind.MONTH: f"-{self.index:02d}",
            PeriodKind.QUARTER: f"-Q{self.index}",
            PeriodKind.HALF_YEAR: f"-H{self.index}",
            PeriodKind.NINE_MONTHS: "-9M",
            PeriodKind.YEAR: "",
        }[self.kind]
        return f"{self.year}{suffix}"

    @classmethod
    def parse(cls, code, style=PeriodStyle.DECREE09):
        """The period a code names (see `code`); lower case and surrounding spaces are accepted.

        Raises ValueError with a translated message for anything else, or for a number out of range.
        """
        match = _CODE.fullmatch(code.strip().upper()) if isinstance(code, str) else None
        if match is None:
            raise ValueError(
                gettext(
                    "“%(code)s” is not a reporting period. Write it as 2024-03 (a month), 2024-Q2 (a quarter), "
                    "2024-H1 or 2024-H2 (six months), 2024-9M (nine months) or 2024 (a year)."
                )
                % {"code": code if isinstance(code, str) else ""}
            )
        year = int(match["year"])
        if match["month"]:
            return cls(PeriodKind.MONTH, year, int(match["month"]), style)
        if match["quarter"]:
            return cls(PeriodKind.QUARTER, year, int(match["quarter"]), style)
        if match["half"]:
            return cls(PeriodKind.HALF_YEAR, year, int(match["half"]), style)
        if match["nine"]:
            return cls(PeriodKind.NINE_MONTHS, year, 1, style)
        return cls(PeriodKind.YEAR, year, 1, style)

    # --- Finding periods ------------------------------------------------------

    @classmethod
    def for_year(cls, kind, year, style=PeriodStyle.DECREE09):
        """All periods of a kind in a year, in order: the twelve months, the four quarters, …"""
        kind = PeriodKind(kind)
        return [cls(kind, year, index, style) for index in range(1, kind.per_year + 1)]

    @classmethod
    def containing(cls, value, kind, style=PeriodStyle.DECREE09, tz=None):
        """The period of `kind` that contains a date (or an aware datetime, read in `tz`).

        Under Decree 09 the 15th onwards belongs to the next month's window: 20/12/2024 is in
        January 2025, Q1/2025, the first half of 2025 and the year 2025. None when no period of
        the kind contains the day, which happens only to nine months (after its cut-off).
        """
        kind = PeriodKind(kind)
        year, month = _reporting_month(_local_date(value, tz), PeriodStyle(style))
        index = (month - 1) // kind.months + 1
        if index > kind.per_year:
            return None
        return cls(kind, year, index, style)

    @classmethod
    def current(cls, kind, style=PeriodStyle.DECREE09, today=None):
        """The latest period of `kind` that has begun by `today` (default: today in settings.TIME_ZONE).

        For months, quarters, half-years and years that is the one containing today; between a
        nine-month cut-off and the next window it is the nine months just ended.
        """
        if today is None:
            today = timezone.localdate(timezone=timezone.get_default_timezone())
        kind = PeriodKind(kind)
        year, month = _reporting_month(_local_date(today), PeriodStyle(style))
        index = min((month - 1) // kind.months + 1, kind.per_year)
        return cls(kind, year, index, style)

    def previous(self):
        if self.index == 1:
            return Period(self.kind, self.year - 1, self.kind.per_year, self.style)
        return Period(self.kind, self.year, self.index - 1, self.style)

    def next(self):
        if self.index == self.kind.per_year:
            return Period(self.kind, self.year + 1, 1, self.style)
        return Period(self.kind, self.year, self.index + 1, self.style)

    # --- Ordering -------------------------------------------------------------

    def _sort_key(self):
        return (self.end, _KIND_RANK[self.kind], _STYLE_RANK[self.style])

    def __lt__(self, other):
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()
