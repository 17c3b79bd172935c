"""One answer for every form that carries the version its user saw (optimistic locking).

A view gives ``submit_versioned`` the bound form, what to do with its cleaned data, and how to draw
its page; the answers are the same on every such form (the task page's, the clerk's, the reports'):

- an invalid form: the page again with its errors (200);
- ``stale`` raised (the object changed since the form was opened): **409**, the page again with
  what changed, who changed it and when (``describe(exc, cleaned_data)``), and the form as typed
  against the current version (``form.keep_input(exc.current)``): sending it again applies it
  over those changes, knowingly;
- ``refused`` raised (a rule of the workflow): the page again with the message on the form (200);
- done: whatever ``success(result)`` answers, as a rule a message and a redirect (POST/redirect/GET).

``page(form, conflict=None, status=200)`` draws the page; ``conflict`` is a dict with ``changes``
([(label, before, after)]) and ``editors`` ([(user, when)]), which ``includes/conflict_changes.html``
lists.
"""

from django.http import HttpResponse


def submit_versioned(form, apply, *, page, success, stale, refused, describe) -> HttpResponse:
    if not form.is_valid():
        return page(form)
    try:
        result = apply(form.cleaned_data)
    except stale as exc:  # before `refused`: a stale form is one of its kinds
        conflict = describe(exc, form.cleaned_data)
        return page(form.keep_input(exc.current), conflict=conflict, status=409)
    except refused as exc:
        form.add_error(None, str(exc))
        return page(form)
    return success(result)


def editors_since(history, version):
    """[(user, when)] of the historical records after ``version``, each person once, oldest first.

    ``history``: a simple_history queryset of one object (``task.history``); one query."""
    return editors_of(history.filter(version__gt=version))


def editors_of(records):
    """[(user, when)] of simple_history ``records``, each person once (their first), oldest first."""
    editors, seen = [], set()
    for record in records.select_related("history_user").order_by("history_date"):
        if record.history_user_id not in seen:
            seen.add(record.history_user_id)
            editors.append((record.history_user, record.history_date))
    return editors


class KeepsInput:
    """For a versioned form: itself again, with what was typed, against the object as it is now.

    Files cannot be sent back to a browser: a page with a file field says to choose them again."""

    def keep_input(self, current):
        data = self.data.copy()
        data[self.add_prefix("version")] = str(current.version)
        return self.with_data(data, current)

    def with_data(self, data, current):
        return type(self)(data, prefix=self.prefix)
