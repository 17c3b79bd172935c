"""An uploaded file waits here between its preview and the confirmed import.

The plan upload (`importing.views.plan_upload`) and the appendix round trip
(`importing.views.appendix`) preview a file without writing anything, keep it under
MEDIA_ROOT/imports/ and hand the browser a signed token naming it; the confirm step reads
the same file back, so what is imported is what was previewed.

A plan's token also carries how the preview matched each appendix row to the body (row key →
task code, "" for a new task) and the codes a row may be matched to, so that the clerk's
corrections sent with the confirmation are checked against what was previewed.
"""

import uuid
from pathlib import PurePath

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from plans.models import User

from .plan import import_plan

UPLOAD_SALT = "tasks.clerk.plan-upload"
UPLOAD_MAX_AGE = 60 * 60  # seconds a preview stays valid
UPLOAD_DIR = "imports"


def stage_upload(uploaded, *, user, unit, year, replace, matches=None, codes=()):
    """Keep an uploaded plan under MEDIA_ROOT/imports/ and return a signed token naming it.

    The token binds the file to the user, unit, year and replace choice, so the confirm
    step cannot be pointed at another file or unit; `matches` ({row key: code or ""}) and
    `codes` are the preview's appendix matches and the body items a row may fill.
    """
    prune_staged()
    suffix = PurePath(uploaded.name or "").suffix.lower()[:10]
    name = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}{suffix}", ContentFile(uploaded.read()))
    payload = {"f": name, "n": uploaded.name or "", "u": user.pk, "unit": unit.pk, "y": year, "r": bool(replace)}
    if matches:
        payload.update(m=dict(matches), c=list(codes))
    return signing.dumps(payload, salt=UPLOAD_SALT)


def read_staged(token, *, user, unit):
    """The payload of a token from `stage_upload`, or None if forged, expired, foreign or gone."""
    try:
        payload = signing.loads(token, salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE)
    except signing.BadSignature:
        return None
    if payload.get("u") != user.pk or payload.get("unit") != unit.pk:
        return None
    if not str(payload.get("f", "")).startswith(f"{UPLOAD_DIR}/") or not default_storage.exists(payload["f"]):
        return None
    return payload


def discard_staged(payload):
    if payload and default_storage.exists(payload["f"]):
        default_storage.delete(payload["f"])


def import_staged(payload, *, unit, by=None, choices=None):
    """The confirmed import of a staged upload (one transaction, in the importer); the file goes either way.

    The tasks' history starts with the import by `by`, else by the person who staged it (the token
    names them, and `read_staged` checked it is the one confirming). `choices` are the clerk's
    corrections of the appendix matches (`importing.plan.appendix_match`).
    """
    by = by or User.objects.filter(pk=payload["u"]).first()
    try:
        return _import(payload, unit=unit, by=by, choices=choices)
    finally:
        discard_staged(payload)


def preview_staged(payload, *, unit, choices=None):
    """The staged upload previewed again (a dry run) with the clerk's `choices`; the file stays."""
    return _import(payload, unit=unit, dry_run=True, choices=choices)


def _import(payload, **options):
    """The importer on the staged file, with the year, replace choice and name the token carries."""
    with default_storage.open(payload["f"], "rb") as staged:
        return import_plan(staged, year=payload["y"], replace=payload["r"], filename=payload["n"], **options)


def prune_staged(now=None):
    """Remove uploads whose preview was abandoned (older than twice the token's life)."""
    now = now or timezone.now()
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{UPLOAD_DIR}/{name}"
        try:
            if (now - default_storage.get_modified_time(path)).total_seconds() > 2 * UPLOAD_MAX_AGE:
                default_storage.delete(path)
        except FileNotFoundError:  # removed meanwhile by another request
            continue
