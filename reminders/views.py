"""Reminder pages: the commune's schedule and log (clerk), and a person's e-mail choice.

Who may do what: the schedule, the log and "resend" are for the commune's clerk
(`is_unit_manager`, through `tasks.access.managed_unit`: other roles 403); a reminder of another
commune answers 404. Everyone signed in chooses whether they get reminders by e-mail;
in-app notifications always stay.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import GET_ONLY, GET_POST, next_or
from tasks.access import managed_unit as _managed_unit

from .forms import EmailPreferenceForm, ReminderLogFilterForm, ReminderSettingsForm, describe_schedule
from .jobs import send_reminder
from .models import Reminder, ReminderSettings

LOG_PAGE_SIZE = 50


@login_required
@GET_POST
def reminder_settings(request):
    """The commune's reminder schedule; the row is created on the first save."""
    unit = _managed_unit(request)
    config = ReminderSettings.objects.filter(unit=unit).first() or ReminderSettings(unit=unit)
    schedule = describe_schedule(config)  # what is saved (validating the form changes `config`)
    form = ReminderSettingsForm(request.POST if request.method == "POST" else None, instance=config)
    if request.method == "POST" and form.is_valid():
        # update_or_create: two first saves at once make one row, not an IntegrityError.
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        ReminderSettings.objects.update_or_create(unit=unit, defaults=fields)
        messages.success(request, _("The reminder settings were saved."))
        return redirect("reminders:reminder_settings")
    return render(
        request,
        "reminders/settings.html",
        {"unit": unit, "form": form, "saved": config.pk is not None, "schedule": schedule},
    )


@login_required
@GET_POST
def my_reminder_preferences(request):
    """One choice for anyone signed in: reminders by e-mail, or in the portal only."""
    form = EmailPreferenceForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.cleaned_data["email_notifications"]:
            messages.success(request, _("You will receive reminders by e-mail."))
        else:
            messages.success(request, _("You will no longer receive reminders by e-mail; they stay in the portal."))
        return redirect("reminders:my_reminder_preferences")
    return render(request, "reminders/preferences.html", {"form": form})


@login_required
@GET_ONLY
def reminder_log(request):
    """The commune's reminders, newest first, 50 a page, filtered by ?status=, ?kind=, ?day=.

    Queries do not grow with the rows: the count, then one page with the recipients joined.
    """
    unit = _managed_unit(request)
    filters = ReminderLogFilterForm(request.GET or None)
    reminders = filters.filter(
        Reminder.objects.filter(unit=unit).select_related("recipient").order_by("-day", "-created_at", "-pk")
    )
    page = Paginator(reminders, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reminders/log.html",
        {
            "unit": unit,
            "filters": filters,
            "page_obj": page,
            "reminders": page.object_list,
            "filter_query": query.urlencode(),
            "resendable": {Reminder.Status.FAILED, Reminder.Status.SKIPPED},
        },
    )


@login_required
@require_POST
def reminder_resend(request, pk):
    """Forget a failed or skipped reminder and queue it again (same person, kind and day).

    The row is the claim that stops a second delivery (see reminders/delivery.py), so
    it goes in the same transaction that queues the job; the job starts only after the commit.
    """
    unit = _managed_unit(request)
    with transaction.atomic():
        row = get_object_or_404(
            Reminder.objects.select_for_update(of=("self",)).filter(unit=unit).select_related("recipient"), pk=pk
        )
        if row.status == Reminder.Status.SENT:
            return render(request, "reminders/resend_refused.html", {"reminder": row}, status=400)
        recipient_id, kind, day = row.recipient_id, row.kind, row.day.isoformat()
        row.delete()
        transaction.on_commit(lambda: send_reminder.delay(recipient_id, kind, day))
    messages.success(
        request,
        _("The reminder for %(name)s of %(day)s was queued; it appears in the log again once it has been sent.")
        % {"name": row.recipient, "day": row.day.strftime("%d/%m/%Y")},
    )
    return redirect(next_or(request, reverse("reminders:reminder_log")))
