"""tasks.deadlines.parse_deadline: every way plans write a deadline."""

import datetime

import pytest

from tasks.deadlines import DeadlineKind, PeriodKind, ReviewFrequency, parse_deadline

D = datetime.date


@pytest.mark.parametrize(
    ("text", "kind", "due", "period", "frequency"),
    [
        ("Thường xuyên", DeadlineKind.ONGOING, None, ("", None), ReviewFrequency.QUARTERLY),
        ("Thường xuyên, báo cáo hàng tháng", DeadlineKind.ONGOING, None, ("", None), ReviewFrequency.MONTHLY),
        ("Cả năm", DeadlineKind.ONGOING, None, ("", None), ReviewFrequency.QUARTERLY),
        ("Hàng quý", DeadlineKind.ONGOING, None, ("", None), ReviewFrequency.QUARTERLY),
        ("Hằng tháng", DeadlineKind.ONGOING, None, ("", None), ReviewFrequency.MONTHLY),
        ("Hàng tuần", DeadlineKind.ONGOING, None, ("", None), ReviewFrequency.WEEKLY),
        ("Thực hiện hàng năm", DeadlineKind.ONGOING, None, ("", None), ReviewFrequency.YEARLY),
        ("Định kỳ 6 tháng", DeadlineKind.ONGOING, None, ("", None), ReviewFrequency.HALF_YEARLY),
        ("Trước 30/6/2024", DeadlineKind.DATE, D(2024, 6, 30), ("", None), ""),
        ("Trước 31/12", DeadlineKind.DATE, D(2024, 12, 31), ("", None), ""),
        ("15-3-24", DeadlineKind.DATE, D(2024, 3, 15), ("", None), ""),
        ("Trước ngày 15 tháng 6 năm 2024", DeadlineKind.DATE, D(2024, 6, 15), ("", None), ""),
        ("Từ 01/3 đến 30/6/2024", DeadlineKind.DATE, D(2024, 6, 30), ("", None), ""),
        ("Quý II/2024", DeadlineKind.PERIOD, D(2024, 6, 30), (PeriodKind.QUARTER, 2), ""),
        ("Quý 3/2024", DeadlineKind.PERIOD, D(2024, 9, 30), (PeriodKind.QUARTER, 3), ""),
        ("Quý IV năm 2025", DeadlineKind.PERIOD, D(2025, 12, 31), (PeriodKind.QUARTER, 4), ""),
        ("Quý I", DeadlineKind.PERIOD, D(2024, 3, 31), (PeriodKind.QUARTER, 1), ""),
        ("6 tháng đầu năm 2024", DeadlineKind.PERIOD, D(2024, 6, 30), (PeriodKind.HALF_YEAR, 1), ""),
        ("6 tháng cuối năm", DeadlineKind.PERIOD, D(2024, 12, 31), (PeriodKind.HALF_YEAR, 2), ""),
        ("Tháng 9/2024", DeadlineKind.PERIOD, D(2024, 9, 30), (PeriodKind.MONTH, 9), ""),
        ("Tháng 2", DeadlineKind.PERIOD, D(2024, 2, 29), (PeriodKind.MONTH, 2), ""),
        ("Tháng 12 năm 2024", DeadlineKind.PERIOD, D(2024, 12, 31), (PeriodKind.MONTH, 12), ""),
        ("Năm 2024", DeadlineKind.PERIOD, D(2024, 12, 31), (PeriodKind.YEAR, 1), ""),
        ("Trong năm", DeadlineKind.PERIOD, D(2024, 12, 31), (PeriodKind.YEAR, 1), ""),
    ],
)
def test_each_form_of_deadline(text, kind, due, period, frequency):
    deadline = parse_deadline(text, 2024)
    assert deadline.kind == kind
    assert deadline.due_date == due
    assert (deadline.period_kind, deadline.period_index) == period
    assert deadline.review_frequency == frequency
    assert deadline.text == text
    assert deadline.as_task_fields()["deadline_text"] == text


@pytest.mark.parametrize("text", ["", "   ", "Theo chỉ đạo của huyện", "31/2/2024", "Tháng 13/2024"])
def test_unreadable_deadlines_give_none(text):
    assert parse_deadline(text, 2024) is None
