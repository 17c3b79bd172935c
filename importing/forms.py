"""The import forms: a plan document's upload, the task summary table's upload, and their confirm steps."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .appendix.common import MAX_BYTES


class AppendixUploadForm(forms.Form):
    # Empty files pass here so that every refusal of the file's content speaks with one voice
    # (importing.appendix.reading.read_appendix), the empty file included.
    file = forms.FileField(
        label=_("Edited table (.xlsx)"),
        allow_empty_file=True,
        help_text=_("The table downloaded above, edited in Excel; at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        return uploaded


class AppendixConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


# --- Plan upload ------------------------------------------------------------------------

UPLOAD_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_SUFFIXES = (".txt", ".md", ".docx")


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Plan document"), help_text=_("A Word document (.docx) or a text file (.txt, .md), at most 5 MB.")
    )
    year = forms.IntegerField(label=_("Year of the plan"), min_value=2000, max_value=2100)
    replace = forms.BooleanField(
        label=_("Replace the plan I already have for this year"),
        required=False,
        help_text=_("The old plan is deleted with its tasks and their progress reports."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(UPLOAD_SUFFIXES):
            raise ValidationError(_("Upload a .docx, .txt or .md file."))
        if uploaded.size > UPLOAD_MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        return uploaded


class PlanConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
