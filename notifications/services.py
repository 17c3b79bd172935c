"""Telling people something in the portal (the bell): the one place notification rows are made."""

from .models import Notification


def notify(kind, recipients, *, actor=None, task=None, detail=""):
    """One notification of `kind` per recipient, in one INSERT; returns the rows created.

    `recipients` holds users or user ids, or (user or user id, url) pairs when each notice links
    somewhere of its own (a notice without a task). None and the actor are skipped, and each
    person (with each link) is told once. `detail` is kept to its first 300 characters.
    """
    actor_id = getattr(actor, "pk", None)
    wanted = {}  # a dict keeps the order of `recipients`
    for recipient in recipients:
        person, url = recipient if isinstance(recipient, tuple) else (recipient, "")
        person_id = getattr(person, "pk", person)
        if person_id is not None and person_id != actor_id:
            wanted[person_id, url] = None
    return Notification.objects.bulk_create(
        Notification(recipient_id=person_id, kind=kind, task=task, url=url, actor=actor, detail=detail[:300])
        for person_id, url in wanted
    )
