"""The import forms: a plan document's upload, the task summary table's upload, and their confirm steps."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .appendix.common import MAX_BYTES
from .plan.appendix_match import NEW
from .plan.text import shorten


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
        if uploaded.name.lower().endswith(".doc"):
            raise ValidationError(_("Old Word documents (.doc) cannot be read; save the file as .docx."))
        if not uploaded.name.lower().endswith(UPLOAD_SUFFIXES):
            raise ValidationError(_("Upload a .docx, .txt or .md file."))
        if uploaded.size > UPLOAD_MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        return uploaded


class PlanConfirmForm(forms.Form):
    """The confirmation of a previewed plan, with one select per appendix row: the body item the row
    completes, or a new task (`importing.plan.appendix_match`). A select left out of the request
    keeps the preview's match."""

    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, matches=None, codes=(), report=None, **kwargs):
        """`matches`: {row key: the preview's match, a code or NEW}, as the token carries them;
        `codes`: the body items a row may fill; `report`: the preview, for titles and labels."""
        super().__init__(*args, **kwargs)
        self.matches, self.report = dict(matches or {}), report
        titles = {task.code: task.title for task in report.body_tasks} if report is not None else {}
        choices = [(NEW, _("A new task"))]
        choices += [(code, f"{code} — {shorten(titles[code], 70)}" if code in titles else code) for code in codes]
        numbers = {m.row.key: m.row.number for m in report.matches} if report is not None else {}
        for key, preview in self.matches.items():
            self.fields[self.field_name(key)] = forms.ChoiceField(
                label=_("Body item completed by appendix row %(number)s") % {"number": numbers.get(key) or key},
                choices=choices,
                initial=preview,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    @staticmethod
    def field_name(key):
        return f"row-{key}"

    def chosen(self):
        """{row key: code or NEW}: what the form says, the preview's match where a select was left out."""
        return {
            key: self.cleaned_data.get(self.field_name(key), preview) if self.field_name(key) in self.data else preview
            for key, preview in self.matches.items()
        }

    def clean(self):
        cleaned = super().clean()
        rows = {}
        for key, code in self.chosen().items():
            if code != NEW:
                rows.setdefault(code, []).append(key)
        numbers = {m.row.key: m.row.number for m in self.report.matches} if self.report is not None else {}
        for code, keys in rows.items():
            if len(keys) > 1:
                self.add_error(
                    None,
                    _("Rows %(rows)s are all matched to %(code)s; a body item is completed by one row only.")
                    % {"rows": ", ".join(numbers.get(k) or k for k in keys), "code": code},
                )
        return cleaned

    def choices(self):
        """The clerk's corrections: {row key: code or NEW} for the rows whose match they changed."""
        return {key: code for key, code in self.chosen().items() if code != self.matches[key]}

    def rows(self):
        """(Match, bound select) for each appendix row of the preview, in table order."""
        if self.report is None:
            return []
        return [
            (match, self[self.field_name(match.row.key)])
            for match in self.report.matches
            if self.field_name(match.row.key) in self.fields
        ]
