"""Small template filters of the portal's layout."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def minutes(delta):
    """A timedelta in whole minutes, rounded up (a 90-second wait reads as 2 minutes)."""
    if not delta:
        return 0
    return -(-int(delta.total_seconds()) // 60)


@register.filter
def from_now(delta):
    """The moment `delta` after now (an aware datetime, shown in the local time zone)."""
    return timezone.now() + delta if delta else None
