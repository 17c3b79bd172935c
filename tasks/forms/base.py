"""What every form about one task carries: the version the user saw.

A change made meanwhile by someone else is then refused by the services (`StaleTaskError`)
instead of being overwritten; after the conflict, `keep_input(current)` is the form again with
what was typed, against the task as it is now (`core.versioned`).
"""

from django import forms

from core.versioned import KeepsInput


class VersionedForm(KeepsInput, forms.Form):
    """A form about one task. Given the `task`, its version is the initial one; `html_id`, for
    the forms that share the task page, keeps their element ids apart."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    html_id = ""

    def __init__(self, *args, task=None, **kwargs):
        self.task = task
        if task is not None:
            kwargs.setdefault("initial", {}).setdefault("version", task.version)
        if self.html_id:
            kwargs.setdefault("auto_id", f"id_{self.html_id}_%s")
        super().__init__(*args, **kwargs)

    def with_data(self, data, current):
        return type(self)(data, task=current if self.task is not None else None, prefix=self.prefix)
