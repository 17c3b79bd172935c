"""Forms of the reminder pages: the commune's schedule (clerk), a person's e-mail choice, the log filters."""

import re

from celery.schedules import crontab
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from plans.models import User

from .models import Reminder, ReminderSettings

DUE_DAYS_MIN, DUE_DAYS_MAX, DUE_DAYS_COUNT = 1, 60, 5


def scan_hours():
    """The local hours at which the scan runs (settings.REMINDER_SCAN_HOURS, a crontab hour field)."""
    return sorted(crontab(hour=settings.REMINDER_SCAN_HOURS).hour)


def parse_due_days(value):
    """ "7, 1" → [1, 7]: whole numbers of days, 1–60, at most five, separated by commas or spaces."""
    words = [w for w in re.split(r"[\s,;]+", value or "") if w]
    if not words:
        raise ValidationError(_("Enter at least one number of days, e.g. 7, 1."), code="required")
    days = set()
    for word in words:
        if not word.isdigit():
            raise ValidationError(
                _("“%(value)s” is not a whole number of days. Write numbers separated by commas, e.g. 7, 1."),
                code="invalid",
                params={"value": word},
            )
        number = int(word)
        if not DUE_DAYS_MIN <= number <= DUE_DAYS_MAX:
            raise ValidationError(
                _("Each number of days must be between %(min)d and %(max)d; %(value)d is not."),
                code="out_of_range",
                params={"min": DUE_DAYS_MIN, "max": DUE_DAYS_MAX, "value": number},
            )
        days.add(number)
    if len(days) > DUE_DAYS_COUNT:
        raise ValidationError(
            _("Give at most %(count)d different numbers of days."), code="too_many", params={"count": DUE_DAYS_COUNT}
        )
    return sorted(days)


class DueDaysField(forms.CharField):
    """A list of day counts typed as text ("7, 1"); cleans to a sorted list of ints."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(n) for n in sorted(value, reverse=True))
        return value

    def to_python(self, value):
        return parse_due_days(super().to_python(value))


class ReminderSettingsForm(forms.ModelForm):
    due_days = DueDaysField(
        label=_("Remind this many days before a deadline"),
        max_length=40,
        help_text=_("Whole days from 1 to 60, at most five, separated by commas, e.g. 7, 1."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "7, 1"}),
    )
    send_hour = forms.TypedChoiceField(
        label=_("Send from this hour"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text=_("Local time (Asia/Ho_Chi_Minh)."),
    )

    class Meta:
        model = ReminderSettings
        fields = ["enabled", "due_days", "overdue_repeat_days", "review_notice_days", "send_hour", "chairman_weekday"]

    def clean_send_hour(self):
        hour = self.cleaned_data["send_hour"]
        hours = scan_hours()
        # Reminders go out at the first scan from this hour: after the last scan of the day, never.
        if hours and hour > hours[-1]:
            raise ValidationError(
                _(
                    "The portal looks for reminders to send from %(first)02d:00 to %(last)02d:00; "
                    "pick an hour up to %(last)02d:00."
                ),
                code="after_last_scan",
                params={"first": hours[0], "last": hours[-1]},
            )
        return hour


def describe_schedule(config):
    """The schedule of a commune's reminders in a few sentences, for the settings page."""
    if not config.enabled:
        return [gettext("Reminders are turned off for this commune: nobody receives them.")]
    days = sorted(config.due_days, reverse=True)
    hours = scan_hours()
    first = max(config.send_hour, hours[0]) if hours else config.send_hour
    before = ngettext("%(days)s day before a deadline", "%(days)s days before a deadline", days[0] if days else 0) % {
        "days": str(get_text_list([str(n) for n in days], gettext("and")))
    }
    repeat = config.overdue_repeat_days
    again = ngettext(
        "again every day while a task is overdue", "again every %(count)d days while a task is overdue", repeat
    ) % {"count": repeat}
    notice = config.review_notice_days
    if notice:
        review = ngettext(
            "Ongoing tasks are reminded %(count)d day before their review period ends.",
            "Ongoing tasks are reminded %(count)d days before their review period ends.",
            notice,
        ) % {"count": notice}
    else:
        review = gettext("Ongoing tasks are reminded on the last day of their review period.")
    return [
        gettext("Reminders are sent from %(hour)02d:00 (local time), on the days there is something to remind.")
        % {"hour": first},
        gettext("Officials are reminded %(before)s, on the day itself, and %(again)s.")
        % {"before": before, "again": again},
        review,
        gettext("The clerk receives a summary on working days (Monday to Friday)."),
        gettext("The chairman receives a weekly summary on %(weekday)s.")
        % {"weekday": config.get_chairman_weekday_display()},
    ]


class EmailPreferenceForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email_notifications"]
        labels = {"email_notifications": _("Receive reminders by e-mail")}
        help_texts = {
            "email_notifications": _(
                "Deadline reminders and summaries, at most one e-mail of each kind a day. "
                "Notifications in the portal stay either way."
            )
        }


def _with_blank(choices):
    return [("", _("All")), *choices]


class ReminderLogFilterForm(forms.Form):
    """The log's filters (GET). Invalid values are ignored, never an error page."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=_with_blank(Reminder.Status.choices))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_with_blank(Reminder.Kind.choices))
    day = forms.DateField(
        label=_("Day"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def filter(self, reminders):
        if not self.is_valid():
            return reminders
        data = self.cleaned_data
        if data["status"]:
            reminders = reminders.filter(status=data["status"])
        if data["kind"]:
            reminders = reminders.filter(kind=data["kind"])
        if data["day"]:
            reminders = reminders.filter(day=data["day"])
        return reminders
