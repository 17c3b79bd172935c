"""Forms of the task page: progress report, evidence, comment, confirm and return.

Each carries the task's `version` (`tasks.forms.base.VersionedForm`).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import evidence
from ..models import TaskStatus
from .base import VersionedForm

# What an official may report; "done" asks the clerk or chairman to confirm.
REPORTABLE_STATUSES = [
    (TaskStatus.NOT_STARTED, TaskStatus.NOT_STARTED.label),
    (TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS.label),
    (TaskStatus.BLOCKED, TaskStatus.BLOCKED.label),
    (TaskStatus.DONE, _("Done (send for confirmation)")),
]
MAX_FILES_PER_UPLOAD = 10


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several files in one input; each is checked by content (`tasks.evidence.sniff`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": evidence.ACCEPT, "multiple": True}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Evidence files"))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(EvidenceFilesField, self).clean(f, initial) for f in files if f]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise ValidationError(
                gettext("Please attach at most %(count)d files at a time.") % {"count": MAX_FILES_PER_UPLOAD},
                code="too_many",
            )
        errors = []
        for file in files:
            try:
                evidence.sniff(file)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


class ProgressForm(VersionedForm):
    html_id = "progress"
    status = forms.ChoiceField(label=_("Status"), choices=REPORTABLE_STATUSES, widget=forms.RadioSelect)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you report the task done or blocked: what was done, or what is in the way."),
    )
    files = EvidenceFilesField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _files_help(optional=True)

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status in (TaskStatus.DONE, TaskStatus.BLOCKED) and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Please write a note when reporting a task done or blocked."))
        return cleaned

    @classmethod
    def for_task(cls, task, **kwargs):
        """An unbound form starting from the task's current status and %."""
        reportable = {value for value, _label in REPORTABLE_STATUSES}
        status = task.status if task.status in reportable else TaskStatus.IN_PROGRESS
        return cls(initial={"version": task.version, "status": status, "progress": task.progress}, **kwargs)


class EvidenceForm(VersionedForm):
    html_id = "evidence"
    files = EvidenceFilesField(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _files_help(optional=False)


class CommentForm(VersionedForm):
    html_id = "comment"
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class ConfirmForm(VersionedForm):
    html_id = "confirm"
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ReturnForm(VersionedForm):
    html_id = "return"
    # The reason is also the audit history's change reason, which holds 100 characters.
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


def _files_help(optional):
    """Which files are accepted, with today's size limit (a setting, so built per form)."""
    limit = filesizeformat(settings.PAPI_EVIDENCE_MAX_BYTES)
    if optional:
        return gettext("Optional. PDF, photos (JPEG, PNG, WebP, GIF), Word or Excel; at most %(limit)s each.") % {
            "limit": limit
        }
    return gettext("PDF, photos (JPEG, PNG, WebP, GIF), Word or Excel; at most %(limit)s each.") % {"limit": limit}
