"""Forms of the task summary table round trip: the upload, and the confirm step's staged file."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .appendix import MAX_BYTES


class AppendixUploadForm(forms.Form):
    # Empty files pass here so that every refusal of the file's content speaks with one voice
    # (reports.appendix.read_appendix), the empty file included.
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
