"""The hourly scan: which digests are due now, and queueing one job for each."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .digest import compute
from .models import Reminder, ReminderSettings


@dataclass(frozen=True)
class Due:
    recipient_id: int
    kind: str
    day: datetime.date
    digest: object


def due_now(now=None, *, day=None, respect_send_hour=True):
    """Digests due for `day` (default: today in Asia/Ho_Chi_Minh) that nobody has sent yet.

    With `respect_send_hour`, a commune's digests wait until its send hour (local time).
    """
    local = timezone.localtime(now)
    day = day or local.date()
    digests = compute(day)
    done = set(Reminder.objects.filter(day=day).values_list("recipient_id", "kind"))
    config = ReminderSettings.for_unit_ids(sorted({d.unit_id for d in digests}))
    return [
        Due(d.recipient_id, d.kind, day, d)
        for d in digests
        if (d.recipient_id, d.kind) not in done and (not respect_send_hour or local.hour >= config[d.unit_id].send_hour)
    ]
