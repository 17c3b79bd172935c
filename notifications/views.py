"""In-app notifications: the list, opening one (marks it read), marking read.

A person only ever sees and marks their own notifications: every lookup is filtered by
`recipient=request.user`, so anyone else's id answers 404. Reading changes state, so it
is a POST (the "open" button marks the notification read, then goes to the task; a
reminder digest covers several tasks, has no task, and goes to its `url` instead).
The message is rendered in the reader's language from `Notification.kind`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from core.http import is_own_url

from .models import Notification

PAGE_SIZE = 25


def _inbox(user):
    return Notification.objects.filter(recipient=user)


def mark_read(notifications):
    """Mark the unread ones among `notifications` read, in one UPDATE; returns how many."""
    return notifications.unread().update(read_at=timezone.now())


def _back(request):
    """Where a form posted from the list returns: its `next` if it is ours, else the list."""
    target = request.POST.get("next", "")
    return target if is_own_url(request, target) else reverse("notifications:notifications")


@login_required
@require_GET
def notification_list(request):
    """The signed-in person's notifications, newest first, 25 a page (`?unread=1`: unread only)."""
    unread_only = request.GET.get("unread") == "1"
    notifications = _inbox(request.user)
    if unread_only:
        notifications = notifications.unread()
    notifications = notifications.select_related("task", "actor").order_by("-created_at", "-pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notifications.html",
        {"page_obj": page, "notifications": page.object_list, "unread_only": unread_only},
    )


def _link(request, notification):
    """Where a notification without a task (a reminder digest) leads: its own link if it is
    ours (a path on this site), else the person's tasks."""
    target = notification.url
    return target if is_own_url(request, target) else reverse("tasks:my_tasks")


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one notification read and go to its task (or, for a reminder digest, its link)."""
    notification = get_object_or_404(_inbox(request.user).select_related("task"), pk=pk)
    mark_read(_inbox(request.user).filter(pk=notification.pk))
    if notification.task is None:
        return redirect(_link(request, notification))
    if notification.task.deleted_at is not None:
        messages.info(request, _("This task has been deleted."))
        return redirect(_back(request))
    try:
        return redirect(reverse("tasks:task_detail", args=[notification.task_id]))
    except NoReverseMatch:  # the task page is not there yet
        return redirect(_back(request))


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one notification read and stay on the list."""
    notification = get_object_or_404(_inbox(request.user), pk=pk)
    mark_read(_inbox(request.user).filter(pk=notification.pk))
    return redirect(_back(request))


@login_required
@require_POST
def notifications_read_all(request):
    """Mark every unread notification of the person read."""
    count = mark_read(_inbox(request.user))
    if count:
        messages.success(
            request,
            ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", count)
            % {"count": count},
        )
    return redirect(_back(request))
