"""Reporting periods: Decree 09/2019 cut-off windows and calendar periods, codes, names, deadlines."""

import dataclasses
import datetime
import random
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext

from reports import periods
from reports.periods import Period, PeriodKind, PeriodStyle

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = datetime.UTC

MONTH, QUARTER, HALF, NINE, YEAR = (
    PeriodKind.MONTH,
    PeriodKind.QUARTER,
    PeriodKind.HALF_YEAR,
    PeriodKind.NINE_MONTHS,
    PeriodKind.YEAR,
)
DECREE09, CALENDAR = PeriodStyle.DECREE09, PeriodStyle.CALENDAR
TILING_KINDS = [MONTH, QUARTER, HALF, YEAR]  # nine months leave a gap at the end of the year


def d(iso):
    return datetime.date.fromisoformat(iso)


def every_period(years=(2000, 2001, 2023, 2024, 2025, 2099, 2100)):
    for style in PeriodStyle:
        for kind in PeriodKind:
            for year in years:
                yield from Period.for_year(kind, year, style)


# --- Start and end ------------------------------------------------------------

WINDOWS = [
    # style, kind, year, index, start, end (both inclusive)
    (DECREE09, MONTH, 2024, 1, "2023-12-15", "2024-01-14"),
    (DECREE09, MONTH, 2024, 2, "2024-01-15", "2024-02-14"),
    (DECREE09, MONTH, 2024, 3, "2024-02-15", "2024-03-14"),
    (DECREE09, MONTH, 2024, 4, "2024-03-15", "2024-04-14"),
    (DECREE09, MONTH, 2024, 5, "2024-04-15", "2024-05-14"),
    (DECREE09, MONTH, 2024, 6, "2024-05-15", "2024-06-14"),
    (DECREE09, MONTH, 2024, 7, "2024-06-15", "2024-07-14"),
    (DECREE09, MONTH, 2024, 8, "2024-07-15", "2024-08-14"),
    (DECREE09, MONTH, 2024, 9, "2024-08-15", "2024-09-14"),
    (DECREE09, MONTH, 2024, 10, "2024-09-15", "2024-10-14"),
    (DECREE09, MONTH, 2024, 11, "2024-10-15", "2024-11-14"),
    (DECREE09, MONTH, 2024, 12, "2024-11-15", "2024-12-14"),
    (DECREE09, MONTH, 2025, 1, "2024-12-15", "2025-01-14"),
    (DECREE09, MONTH, 2025, 2, "2025-01-15", "2025-02-14"),
    (DECREE09, MONTH, 2025, 3, "2025-02-15", "2025-03-14"),
    (DECREE09, MONTH, 2025, 4, "2025-03-15", "2025-04-14"),
    (DECREE09, MONTH, 2025, 5, "2025-04-15", "2025-05-14"),
    (DECREE09, MONTH, 2025, 6, "2025-05-15", "2025-06-14"),
    (DECREE09, MONTH, 2025, 7, "2025-06-15", "2025-07-14"),
    (DECREE09, MONTH, 2025, 8, "2025-07-15", "2025-08-14"),
    (DECREE09, MONTH, 2025, 9, "2025-08-15", "2025-09-14"),
    (DECREE09, MONTH, 2025, 10, "2025-09-15", "2025-10-14"),
    (DECREE09, MONTH, 2025, 11, "2025-10-15", "2025-11-14"),
    (DECREE09, MONTH, 2025, 12, "2025-11-15", "2025-12-14"),
    (DECREE09, QUARTER, 2024, 1, "2023-12-15", "2024-03-14"),
    (DECREE09, QUARTER, 2024, 2, "2024-03-15", "2024-06-14"),
    (DECREE09, QUARTER, 2024, 3, "2024-06-15", "2024-09-14"),
    (DECREE09, QUARTER, 2024, 4, "2024-09-15", "2024-12-14"),
    (DECREE09, QUARTER, 2025, 1, "2024-12-15", "2025-03-14"),
    (DECREE09, QUARTER, 2025, 2, "2025-03-15", "2025-06-14"),
    (DECREE09, QUARTER, 2025, 3, "2025-06-15", "2025-09-14"),
    (DECREE09, QUARTER, 2025, 4, "2025-09-15", "2025-12-14"),
    (DECREE09, HALF, 2024, 1, "2023-12-15", "2024-06-14"),
    (DECREE09, HALF, 2024, 2, "2024-06-15", "2024-12-14"),
    (DECREE09, HALF, 2025, 1, "2024-12-15", "2025-06-14"),
    (DECREE09, HALF, 2025, 2, "2025-06-15", "2025-12-14"),
    (DECREE09, NINE, 2024, 1, "2023-12-15", "2024-09-14"),
    (DECREE09, NINE, 2025, 1, "2024-12-15", "2025-09-14"),
    (DECREE09, YEAR, 2024, 1, "2023-12-15", "2024-12-14"),
    (DECREE09, YEAR, 2025, 1, "2024-12-15", "2025-12-14"),
    (CALENDAR, MONTH, 2024, 1, "2024-01-01", "2024-01-31"),
    (CALENDAR, MONTH, 2024, 2, "2024-02-01", "2024-02-29"),
    (CALENDAR, MONTH, 2024, 3, "2024-03-01", "2024-03-31"),
    (CALENDAR, MONTH, 2024, 4, "2024-04-01", "2024-04-30"),
    (CALENDAR, MONTH, 2024, 5, "2024-05-01", "2024-05-31"),
    (CALENDAR, MONTH, 2024, 6, "2024-06-01", "2024-06-30"),
    (CALENDAR, MONTH, 2024, 7, "2024-07-01", "2024-07-31"),
    (CALENDAR, MONTH, 2024, 8, "2024-08-01", "2024-08-31"),
    (CALENDAR, MONTH, 2024, 9, "2024-09-01", "2024-09-30"),
    (CALENDAR, MONTH, 2024, 10, "2024-10-01", "2024-10-31"),
    (CALENDAR, MONTH, 2024, 11, "2024-11-01", "2024-11-30"),
    (CALENDAR, MONTH, 2024, 12, "2024-12-01", "2024-12-31"),
    (CALENDAR, MONTH, 2025, 1, "2025-01-01", "2025-01-31"),
    (CALENDAR, MONTH, 2025, 2, "2025-02-01", "2025-02-28"),
    (CALENDAR, MONTH, 2025, 3, "2025-03-01", "2025-03-31"),
    (CALENDAR, MONTH, 2025, 4, "2025-04-01", "2025-04-30"),
    (CALENDAR, MONTH, 2025, 5, "2025-05-01", "2025-05-31"),
    (CALENDAR, MONTH, 2025, 6, "2025-06-01", "2025-06-30"),
    (CALENDAR, MONTH, 2025, 7, "2025-07-01", "2025-07-31"),
    (CALENDAR, MONTH, 2025, 8, "2025-08-01", "2025-08-31"),
    (CALENDAR, MONTH, 2025, 9, "2025-09-01", "2025-09-30"),
    (CALENDAR, MONTH, 2025, 10, "2025-10-01", "2025-10-31"),
    (CALENDAR, MONTH, 2025, 11, "2025-11-01", "2025-11-30"),
    (CALENDAR, MONTH, 2025, 12, "2025-12-01", "2025-12-31"),
    (CALENDAR, QUARTER, 2024, 1, "2024-01-01", "2024-03-31"),
    (CALENDAR, QUARTER, 2024, 2, "2024-04-01", "2024-06-30"),
    (CALENDAR, QUARTER, 2024, 3, "2024-07-01", "2024-09-30"),
    (CALENDAR, QUARTER, 2024, 4, "2024-10-01", "2024-12-31"),
    (CALENDAR, QUARTER, 2025, 1, "2025-01-01", "2025-03-31"),
    (CALENDAR, QUARTER, 2025, 2, "2025-04-01", "2025-06-30"),
    (CALENDAR, QUARTER, 2025, 3, "2025-07-01", "2025-09-30"),
    (CALENDAR, QUARTER, 2025, 4, "2025-10-01", "2025-12-31"),
    (CALENDAR, HALF, 2024, 1, "2024-01-01", "2024-06-30"),
    (CALENDAR, HALF, 2024, 2, "2024-07-01", "2024-12-31"),
    (CALENDAR, HALF, 2025, 1, "2025-01-01", "2025-06-30"),
    (CALENDAR, HALF, 2025, 2, "2025-07-01", "2025-12-31"),
    (CALENDAR, NINE, 2024, 1, "2024-01-01", "2024-09-30"),
    (CALENDAR, NINE, 2025, 1, "2025-01-01", "2025-09-30"),
    (CALENDAR, YEAR, 2024, 1, "2024-01-01", "2024-12-31"),
    (CALENDAR, YEAR, 2025, 1, "2025-01-01", "2025-12-31"),
]


@pytest.mark.parametrize(("style", "kind", "year", "index", "start", "end"), WINDOWS)
def test_period_starts_and_ends_on_the_expected_days(style, kind, year, index, start, end):
    period = Period(kind, year, index, style)

    assert (period.start, period.end) == (d(start), d(end))


def test_the_table_covers_every_kind_and_style_in_2024_and_2025():
    covered = {(style, kind, year, index) for style, kind, year, index, _start, _end in WINDOWS}
    expected = {(p.style, p.kind, p.year, p.index) for p in every_period(years=(2024, 2025))}

    assert covered == expected


@pytest.mark.parametrize("style", PeriodStyle)
@pytest.mark.parametrize("kind", TILING_KINDS)
def test_consecutive_periods_follow_each_other_without_gap_or_overlap(kind, style):
    period = Period(kind, 2000, 1, style)
    while period.year < 2100:
        following = period.next()
        assert following.start == period.end + datetime.timedelta(days=1), (period, following)
        period = following


def test_the_default_style_is_decree09_and_the_default_index_is_1():
    assert Period(YEAR, 2024) == Period(YEAR, 2024, 1, DECREE09)


def test_kinds_and_styles_may_be_given_as_plain_strings():
    period = Period("quarter", 2024, 2, "calendar")

    assert period == Period(QUARTER, 2024, 2, CALENDAR)
    assert hash(period) == hash(Period(QUARTER, 2024, 2, CALENDAR))
    assert period.kind is QUARTER and period.style is CALENDAR


def test_a_period_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Period(YEAR, 2024).year = 2025


# --- Validation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "year", "index"),
    [
        (MONTH, 2024, 0),
        (MONTH, 2024, 13),
        (QUARTER, 2024, 0),
        (QUARTER, 2024, 5),
        (HALF, 2024, 3),
        (NINE, 2024, 2),
        (YEAR, 2024, 2),
        (YEAR, 2024, 0),
        (YEAR, 1999, 1),
        (YEAR, 2101, 1),
        (MONTH, 1999, 12),
    ],
)
def test_out_of_range_numbers_are_rejected(kind, year, index):
    with pytest.raises(ValueError):
        Period(kind, year, index)


def test_the_first_and_last_years_are_allowed():
    assert Period(YEAR, 2000).year == 2000
    assert Period(YEAR, 2100).year == 2100


def test_out_of_range_messages_say_what_is_allowed():
    with translation.override("en"):
        with pytest.raises(ValueError, match=r"^The number of a quarter period must be between 1 and 4, not 5\.$"):
            Period(QUARTER, 2024, 5)
        with pytest.raises(ValueError, match=r"^A year period is numbered 1, not 2\.$"):
            Period(YEAR, 2024, 2)
        with pytest.raises(
            ValueError, match=r"^The year of a reporting period must be between 2000 and 2100, not 1999"
        ):
            Period(YEAR, 1999)


@pytest.mark.parametrize(("kind", "style"), [("week", DECREE09), (YEAR, "lunar")])
def test_unknown_kinds_and_styles_are_rejected(kind, style):
    with pytest.raises(ValueError):
        Period(kind, 2024, 1, style)


@pytest.mark.parametrize(("year", "index"), [("2024", 1), (2024.0, 1), (2024, "1"), (2024, True)])
def test_year_and_index_must_be_integers(year, index):
    with pytest.raises(TypeError):
        Period(MONTH, year, index)


# --- Codes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "code"),
    [
        (Period(MONTH, 2024, 3), "2024-03"),
        (Period(MONTH, 2024, 12), "2024-12"),
        (Period(QUARTER, 2024, 2), "2024-Q2"),
        (Period(HALF, 2024, 1), "2024-H1"),
        (Period(HALF, 2024, 2), "2024-H2"),
        (Period(NINE, 2024), "2024-9M"),
        (Period(YEAR, 2024), "2024"),
    ],
)
def test_code(period, code):
    assert period.code == code
    assert Period(period.kind, period.year, period.index, CALENDAR).code == code  # the style is not in the code


@pytest.mark.parametrize("period", list(every_period()), ids=lambda p: f"{p.style}-{p.code}")
def test_parsing_a_code_gives_the_period_back(period):
    assert Period.parse(period.code, style=period.style) == period


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2024-q2", Period(QUARTER, 2024, 2)),
        ("  2024-Q2\n", Period(QUARTER, 2024, 2)),
        ("2024-h2", Period(HALF, 2024, 2)),
        ("2024-9m", Period(NINE, 2024)),
        (" 2024 ", Period(YEAR, 2024)),
        ("2024-03", Period(MONTH, 2024, 3)),
    ],
)
def test_parse_accepts_lower_case_and_surrounding_spaces(code, expected):
    assert Period.parse(code) == expected


def test_parse_defaults_to_decree09_and_takes_a_style():
    assert Period.parse("2025-Q1").start == d("2024-12-15")
    assert Period.parse("2025-Q1", style=CALENDAR).start == d("2025-01-01")


@pytest.mark.parametrize(
    "code",
    [
        "2024-Q5",
        "2024-13",
        "2024-H3",
        "24-Q1",
        "",
        "2024Q1",
        "   ",
        "2024-Q0",
        "2024-00",
        "2024-3",
        "2024-003",
        "2024-Q12",
        "2024-H0",
        "2024-9M1",
        "2024-M9",
        "2024-Q1 2025",
        "2024 -Q1",
        "Quý I/2024",
        "1999",
        "2101-Q1",
        "２０２４",  # full-width digits
        None,
    ],
)
def test_parse_rejects_anything_else(code):
    with pytest.raises(ValueError):
        Period.parse(code)


def test_a_badly_written_code_gets_a_message_naming_it_and_showing_the_forms():
    with translation.override("en"), pytest.raises(ValueError) as caught:
        Period.parse("2024Q1")

    message = str(caught.value)
    assert message.startswith("“2024Q1” is not a reporting period.")
    for form in ("2024-03", "2024-Q2", "2024-H1", "2024-H2", "2024-9M", "2024 (a year)"):
        assert form in message


def test_a_code_with_a_number_out_of_range_gets_the_range_message():
    with translation.override("en"), pytest.raises(ValueError, match="between 1 and 12, not 13"):
        Period.parse("2024-13")


# --- Names ----------------------------------------------------------------------


NAMES = [
    (Period(MONTH, 2024, 3), "Month 3/2024", "Tháng 3/2024"),
    (Period(MONTH, 2024, 12), "Month 12/2024", "Tháng 12/2024"),
    (Period(QUARTER, 2024, 1), "Quarter I/2024", "Quý I/2024"),
    (Period(QUARTER, 2024, 2), "Quarter II/2024", "Quý II/2024"),
    (Period(QUARTER, 2024, 3), "Quarter III/2024", "Quý III/2024"),
    (Period(QUARTER, 2025, 4), "Quarter IV/2025", "Quý IV/2025"),
    (Period(HALF, 2024, 1), "First six months of 2024", "6 tháng đầu năm 2024"),
    (Period(HALF, 2024, 2), "Second six months of 2024", "6 tháng cuối năm 2024"),
    (Period(NINE, 2024), "Nine months of 2024", "9 tháng năm 2024"),
    (Period(YEAR, 2024), "Year 2024", "Năm 2024"),
]

# The translations handed to the lead for locale/vi/LC_MESSAGES/django.po.
VIETNAMESE = {
    "Month %(month)s/%(year)s": "Tháng %(month)s/%(year)s",
    "Quarter %(roman)s/%(year)s": "Quý %(roman)s/%(year)s",
    "First six months of %(year)s": "6 tháng đầu năm %(year)s",
    "Second six months of %(year)s": "6 tháng cuối năm %(year)s",
    "Nine months of %(year)s": "9 tháng năm %(year)s",
    "Year %(year)s": "Năm %(year)s",
}


@pytest.mark.parametrize(("period", "english", "vietnamese"), NAMES, ids=lambda v: v if isinstance(v, str) else "")
def test_name_in_english(period, english, vietnamese):
    with translation.override("en"):
        assert period.name == english
        assert str(period) == english
        assert Period(period.kind, period.year, period.index, CALENDAR).name == english


@pytest.mark.parametrize(("period", "english", "vietnamese"), NAMES, ids=lambda v: v if isinstance(v, str) else "")
def test_the_proposed_vietnamese_translations_give_the_names_users_write(monkeypatch, period, english, vietnamese):
    monkeypatch.setattr(periods, "gettext", lambda msgid: VIETNAMESE.get(msgid, msgid))

    assert period.name == vietnamese


@pytest.mark.parametrize(("period", "english", "vietnamese"), NAMES, ids=lambda v: v if isinstance(v, str) else "")
def test_name_in_vietnamese_from_the_catalogue(period, english, vietnamese):
    with translation.override("vi"):
        if all(gettext(msgid) == msgid for msgid in VIETNAMESE):
            pytest.skip("the Vietnamese catalogue does not translate the period names yet")
        assert period.name == vietnamese


def test_kind_labels_in_english():
    with translation.override("en"):
        assert [str(kind.label) for kind in PeriodKind] == ["Month", "Quarter", "Half-year", "Nine months", "Year"]


# --- Submission deadline --------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "days_after", "holidays", "due"),
    [
        # Cut-off Saturday 14/09/2024: the first working day after it is Monday 16/09.
        (Period(NINE, 2024), 1, (), "2024-09-16"),
        (Period(NINE, 2024), 2, (), "2024-09-17"),
        (Period(NINE, 2024), 1, {d("2024-09-16")}, "2024-09-17"),
        # Saturday 14/12/2024 (the year's cut-off) → Monday 16/12.
        (Period(YEAR, 2024), 1, (), "2024-12-16"),
        # Thursday 14/11/2024 → Friday 15/11; three working days → Tuesday 19/11.
        (Period(MONTH, 2024, 11), 1, (), "2024-11-15"),
        (Period(MONTH, 2024, 11), 3, (), "2024-11-19"),
        # Friday 14/03/2025 → Monday 17/03.
        (Period(QUARTER, 2025, 1), 1, (), "2025-03-17"),
        # Calendar: Monday 30/09/2024 → Tuesday 01/10.
        (Period(QUARTER, 2024, 3, CALENDAR), 1, (), "2024-10-01"),
        # Wednesday 30/04/2025, then the 1–2 May holidays and a weekend → Monday 05/05.
        (Period(MONTH, 2025, 4, CALENDAR), 1, [d("2025-05-01"), d("2025-05-02")], "2025-05-05"),
        # Tuesday 31/12/2024 and New Year's Day → Thursday 02/01/2025.
        (Period(YEAR, 2024, 1, CALENDAR), 1, {d("2025-01-01")}, "2025-01-02"),
    ],
)
def test_submission_due_counts_working_days_after_the_cut_off(period, days_after, holidays, due):
    assert period.submission_due(days_after=days_after, holidays=holidays) == d(due)


def test_submission_is_never_due_on_the_cut_off_day_or_a_weekend():
    for period in every_period(years=(2024, 2025)):
        due = period.submission_due()
        assert due > period.end
        assert due.weekday() < 5


@pytest.mark.parametrize("days_after", [0, -1])
def test_submission_needs_at_least_one_working_day(days_after):
    with pytest.raises(ValueError):
        Period(YEAR, 2024).submission_due(days_after=days_after)


# --- Containing, current --------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "kind", "style", "expected"),
    [
        # Decree 09: the 14th closes a window, the 15th opens the next.
        ("2024-03-14", MONTH, DECREE09, Period(MONTH, 2024, 3)),
        ("2024-03-15", MONTH, DECREE09, Period(MONTH, 2024, 4)),
        ("2024-12-31", MONTH, DECREE09, Period(MONTH, 2025, 1)),
        ("2024-12-14", QUARTER, DECREE09, Period(QUARTER, 2024, 4)),
        ("2024-12-15", QUARTER, DECREE09, Period(QUARTER, 2025, 1)),
        ("2024-12-20", QUARTER, DECREE09, Period(QUARTER, 2025, 1)),
        ("2025-03-14", QUARTER, DECREE09, Period(QUARTER, 2025, 1)),
        ("2025-03-15", QUARTER, DECREE09, Period(QUARTER, 2025, 2)),
        ("2024-06-14", HALF, DECREE09, Period(HALF, 2024, 1)),
        ("2024-06-15", HALF, DECREE09, Period(HALF, 2024, 2)),
        ("2024-12-20", HALF, DECREE09, Period(HALF, 2025, 1)),
        ("2024-09-14", NINE, DECREE09, Period(NINE, 2024)),
        ("2024-09-15", NINE, DECREE09, None),
        ("2024-12-14", NINE, DECREE09, None),
        ("2024-12-15", NINE, DECREE09, Period(NINE, 2025)),
        ("2024-12-14", YEAR, DECREE09, Period(YEAR, 2024)),
        ("2024-12-20", YEAR, DECREE09, Period(YEAR, 2025)),
        ("2024-02-29", MONTH, DECREE09, Period(MONTH, 2024, 3)),
        # Calendar periods.
        ("2024-02-29", MONTH, CALENDAR, Period(MONTH, 2024, 2, CALENDAR)),
        ("2024-03-31", QUARTER, CALENDAR, Period(QUARTER, 2024, 1, CALENDAR)),
        ("2024-04-01", QUARTER, CALENDAR, Period(QUARTER, 2024, 2, CALENDAR)),
        ("2024-12-20", QUARTER, CALENDAR, Period(QUARTER, 2024, 4, CALENDAR)),
        ("2024-07-01", HALF, CALENDAR, Period(HALF, 2024, 2, CALENDAR)),
        ("2024-09-30", NINE, CALENDAR, Period(NINE, 2024, 1, CALENDAR)),
        ("2024-10-01", NINE, CALENDAR, None),
        ("2024-12-31", YEAR, CALENDAR, Period(YEAR, 2024, 1, CALENDAR)),
    ],
)
def test_containing(day, kind, style, expected):
    assert Period.containing(d(day), kind, style) == expected


@pytest.mark.parametrize("style", PeriodStyle)
@pytest.mark.parametrize("kind", PeriodKind)
def test_every_day_of_2024_and_2025_lies_in_exactly_the_period_containing_it(kind, style):
    day = d("2024-01-01")
    while day.year < 2026:
        period = Period.containing(day, kind, style)
        others = [p for p in every_period(years=(day.year - 1, day.year, day.year + 1)) if p.kind == kind]
        holders = [p for p in others if p.style == style and p.contains(day)]
        assert holders == ([period] if period else []), day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("today", "kind", "style", "expected"),
    [
        ("2024-12-20", QUARTER, DECREE09, Period(QUARTER, 2025, 1)),
        ("2024-12-20", QUARTER, CALENDAR, Period(QUARTER, 2024, 4, CALENDAR)),
        ("2024-12-14", YEAR, DECREE09, Period(YEAR, 2024)),
        ("2024-12-15", YEAR, DECREE09, Period(YEAR, 2025)),
        # Between a nine-month cut-off and the next window: the nine months just ended.
        ("2024-09-15", NINE, DECREE09, Period(NINE, 2024)),
        ("2024-12-14", NINE, DECREE09, Period(NINE, 2024)),
        ("2024-12-15", NINE, DECREE09, Period(NINE, 2025)),
        ("2024-10-01", NINE, CALENDAR, Period(NINE, 2024, 1, CALENDAR)),
        ("2024-12-31", NINE, CALENDAR, Period(NINE, 2024, 1, CALENDAR)),
        ("2025-01-01", NINE, CALENDAR, Period(NINE, 2025, 1, CALENDAR)),
    ],
)
def test_current(today, kind, style, expected):
    assert Period.current(kind, style, today=d(today)) == expected


def test_current_uses_todays_date_in_vietnam_not_utc():
    # 17:30 UTC on 14/12/2024 is already 00:30 on 15/12 in Hanoi: the first quarter of 2025 has begun.
    with time_machine.travel(datetime.datetime(2024, 12, 14, 17, 30, tzinfo=UTC), tick=False):
        assert Period.current(QUARTER) == Period(QUARTER, 2025, 1)
    with time_machine.travel(datetime.datetime(2024, 12, 14, 16, 59, tzinfo=UTC), tick=False):
        assert Period.current(QUARTER) == Period(QUARTER, 2024, 4)


# --- Datetime ranges and midnight ---------------------------------------------------


def test_as_datetime_range_runs_from_local_midnight_to_the_midnight_after_the_cut_off():
    start, end = Period(QUARTER, 2025, 1).as_datetime_range()

    assert start == datetime.datetime(2024, 12, 15, 0, 0, tzinfo=HANOI)
    assert end == datetime.datetime(2025, 3, 15, 0, 0, tzinfo=HANOI)
    assert start.utcoffset() == datetime.timedelta(hours=7)
    assert start == datetime.datetime(2024, 12, 14, 17, 0, tzinfo=UTC)


def test_as_datetime_range_takes_another_time_zone():
    start, end = Period(MONTH, 2024, 2, CALENDAR).as_datetime_range(UTC)
    assert (start, end) == (datetime.datetime(2024, 2, 1, tzinfo=UTC), datetime.datetime(2024, 3, 1, tzinfo=UTC))

    start, _end = Period(MONTH, 2024, 2, CALENDAR).as_datetime_range("UTC")
    assert start == datetime.datetime(2024, 2, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime.datetime(2025, 3, 14, 23, 59, 59, 999999, tzinfo=HANOI), Period(QUARTER, 2025, 1)),
        (datetime.datetime(2025, 3, 15, 0, 0, tzinfo=HANOI), Period(QUARTER, 2025, 2)),
        # The same two moments in UTC.
        (datetime.datetime(2025, 3, 14, 16, 59, 59, 999999, tzinfo=UTC), Period(QUARTER, 2025, 1)),
        (datetime.datetime(2025, 3, 14, 17, 0, tzinfo=UTC), Period(QUARTER, 2025, 2)),
        (datetime.datetime(2024, 12, 14, 23, 59, tzinfo=HANOI), Period(QUARTER, 2024, 4)),
        (datetime.datetime(2024, 12, 15, 0, 0, tzinfo=HANOI), Period(QUARTER, 2025, 1)),
    ],
)
def test_a_moment_around_midnight_belongs_to_one_period_only(moment, expected):
    start, end = expected.as_datetime_range()
    assert start <= moment < end
    assert expected.contains(moment)
    assert Period.containing(moment, QUARTER) == expected
    for neighbour in (expected.previous(), expected.next()):
        neighbour_start, neighbour_end = neighbour.as_datetime_range()
        assert not neighbour_start <= moment < neighbour_end
        assert not neighbour.contains(moment)


def test_contains_takes_dates_and_reads_aware_datetimes_in_the_given_time_zone():
    q1 = Period(QUARTER, 2025, 1)

    assert q1.contains(d("2024-12-15")) and q1.contains(d("2025-03-14"))
    assert not q1.contains(d("2024-12-14")) and not q1.contains(d("2025-03-15"))
    # 20:00 UTC on 14/03 is 03:00 on 15/03 in Hanoi but still 14/03 in UTC.
    moment = datetime.datetime(2025, 3, 14, 20, 0, tzinfo=UTC)
    assert not q1.contains(moment)
    assert q1.contains(moment, tz=UTC)


def test_datetime_ranges_of_consecutive_periods_meet_exactly():
    period = Period(MONTH, 2024, 1)
    for _ in range(24):
        assert period.as_datetime_range()[1] == period.next().as_datetime_range()[0]
        period = period.next()


# --- Previous, next, ordering -------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "previous", "following"),
    [
        (Period(MONTH, 2024, 1), Period(MONTH, 2023, 12), Period(MONTH, 2024, 2)),
        (Period(MONTH, 2024, 12), Period(MONTH, 2024, 11), Period(MONTH, 2025, 1)),
        (Period(QUARTER, 2025, 1), Period(QUARTER, 2024, 4), Period(QUARTER, 2025, 2)),
        (Period(QUARTER, 2024, 4, CALENDAR), Period(QUARTER, 2024, 3, CALENDAR), Period(QUARTER, 2025, 1, CALENDAR)),
        (Period(HALF, 2024, 1), Period(HALF, 2023, 2), Period(HALF, 2024, 2)),
        (Period(HALF, 2024, 2), Period(HALF, 2024, 1), Period(HALF, 2025, 1)),
        (Period(NINE, 2024), Period(NINE, 2023), Period(NINE, 2025)),
        (Period(YEAR, 2024, 1, CALENDAR), Period(YEAR, 2023, 1, CALENDAR), Period(YEAR, 2025, 1, CALENDAR)),
    ],
)
def test_previous_and_next(period, previous, following):
    assert period.previous() == previous
    assert period.next() == following


def test_next_and_previous_undo_each_other():
    for period in every_period(years=(2001, 2024, 2099)):
        assert period.next().previous() == period
        assert period.previous().next() == period


def test_there_is_nothing_before_2000_or_after_2100():
    with pytest.raises(ValueError):
        Period(MONTH, 2000, 1).previous()
    with pytest.raises(ValueError):
        Period(YEAR, 2100).next()


def test_periods_of_one_kind_sort_chronologically():
    chronological = [p for year in (2023, 2024, 2025) for p in Period.for_year(MONTH, year)]
    shuffled = chronological[:]
    random.Random(9).shuffle(shuffled)

    assert sorted(shuffled) == chronological
    assert Period(QUARTER, 2024, 4) < Period(QUARTER, 2025, 1)
    assert Period(YEAR, 2025) > Period(YEAR, 2024)
    assert Period(YEAR, 2024) <= Period(YEAR, 2024)


def test_mixed_periods_sort_by_cut_off_then_the_shorter_first():
    june, q2, h1, year = Period(MONTH, 2024, 6), Period(QUARTER, 2024, 2), Period(HALF, 2024, 1), Period(YEAR, 2024)

    assert sorted([year, h1, q2, june, Period(MONTH, 2024, 7)]) == [june, q2, h1, Period(MONTH, 2024, 7), year]


def test_periods_do_not_compare_with_other_things():
    with pytest.raises(TypeError):
        assert Period(YEAR, 2024) < "2025"
    assert Period(YEAR, 2024) != "2024"


def test_for_year_lists_the_periods_of_a_kind_in_order():
    assert [p.code for p in Period.for_year(QUARTER, 2024, CALENDAR)] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert len(Period.for_year(MONTH, 2024)) == 12
    assert Period.for_year("nine_months", 2024) == [Period(NINE, 2024)]
