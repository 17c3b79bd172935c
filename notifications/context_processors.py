"""The bell on every page: where the notifications are and how many are unread."""

import functools

from django.urls import reverse

from .models import Notification


def _unread_count(user):
    return Notification.objects.filter(recipient=user).unread().count()


def bell(request):
    """`notifications_url` and `unread_notifications`.

    `unread_notifications` is a memoised callable, which templates call for its value:
    one COUNT query, run only by a page that shows the bell, however often it is used.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notifications_url": reverse("notifications:notifications"),
        "unread_notifications": functools.cache(functools.partial(_unread_count, user)),
    }
