"""When things happen in a synthetic province: office hours on weekdays, month ends."""

import datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def month_end(year, month):
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def office_datetime(rng, day):
    """A weekday (moved back from a weekend) at an office hour, 7:30–11:30 or 13:30–16:50."""
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    minutes = rng.choice((rng.randint(450, 690), rng.randint(810, 1010)))
    return datetime.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=VN_TZ)


def office_times(rng, start, end, k):
    """k strictly increasing office-hour datetimes on weekdays between start and end (the last on end)."""
    span = max((end - start).days, 0)
    days = sorted(rng.randint(0, span) for _ in range(k - 1)) + [span]
    result = []
    for offset in days:
        when = office_datetime(rng, start + datetime.timedelta(days=offset))
        if result and when <= result[-1]:
            when = result[-1] + datetime.timedelta(minutes=rng.randint(5, 30))
        result.append(when)
    return result
