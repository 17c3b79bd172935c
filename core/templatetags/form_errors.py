"""The error summary at the top of a form with errors: every error, each linked to its field."""

from dataclasses import dataclass

from django import template
from django.forms.widgets import CheckboxSelectMultiple, RadioSelect

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    label: str = ""
    anchor: str = ""  # the id of the control the link moves to; empty: not linked (form-wide)


def _anchor(bound_field):
    """The id of the field's first control: a group of radios or boxes starts at `<id>_0`."""
    if bound_field.is_hidden or not bound_field.auto_id:
        return ""
    if isinstance(bound_field.field.widget, RadioSelect | CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


@register.simple_tag(takes_context=True)
def form_problems(context, *forms):
    """The errors of `forms`, form-wide ones first, then by field in the form's order.

    Errors of hidden fields (a stale version number) are form-wide: there is nothing to move to.
    A template that draws a field itself names where its link goes with `anchor_<field name>`
    (e.g. `{% include "includes/error_summary.html" with anchor_tasks="bulk-tasks" %}`).
    """
    problems = []
    for form in forms:
        if not form or not getattr(form, "is_bound", False) or not form.errors:
            continue
        problems += [Problem(str(message)) for message in form.non_field_errors()]
        for bound_field in form:
            anchor = context.get(f"anchor_{bound_field.name}") or _anchor(bound_field)
            for message in bound_field.errors:
                problems.append(Problem(str(message), bound_field.label if anchor else "", anchor))
    return problems
