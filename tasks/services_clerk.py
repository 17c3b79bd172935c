"""The clerk's changes that `tasks.services` does not cover: editing, adding, bulk assigning.

Same pattern as `tasks.services`: one transaction per action, the task row locked and
its version checked (`StaleTaskError`), the acting user and reason written to the audit
history, the people concerned notified. Also here: staging an uploaded plan between the
preview and the confirmed import, and handing out first passwords to new officials.
"""

import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Plan, PlanSection, Role, User

from .access import is_unit_manager
from .importing import import_plan
from .models import Notification, Task, TaskOrigin
from .services import TaskActionError, _lock, _notify, _require, _save, assign

ASSIGNABLE_ROLES = (Role.OFFICIAL, Role.CLERK, Role.CHAIRMAN, Role.VICE_CHAIRMAN)
_AD_HOC_CODE = re.compile(r"PL\.(\d+)", re.IGNORECASE)


def check_assignable(unit_id, people):
    """The rule `services.assign` applies, for tasks that do not exist yet."""
    if any(p.unit_id != unit_id for p in people):
        raise TaskActionError(_("Only officials of this commune can be assigned."))
    if any(p.role not in ASSIGNABLE_ROLES for p in people):
        raise TaskActionError(_("Observers and supervisors cannot be assigned tasks."))
    if any(not p.is_active for p in people):
        raise TaskActionError(_("Deactivated people cannot be assigned tasks."))


@transaction.atomic
def edit_task(task, *, by, title, expected_output, reason="", expected_version=None):
    """Change the short title and expected output. Returns (task, changed)."""
    task = _lock(task, expected_version)
    _require(by, task, "manage")
    title = " ".join((title or "").split())
    if not title:
        raise TaskActionError(_("The short title cannot be empty."))
    expected_output = (expected_output or "").strip()
    if (title, expected_output) == (task.title, task.expected_output):
        return task, False
    task.title, task.expected_output = title, expected_output
    _save(task, by, reason=reason, fields=["title", "expected_output"])
    return task, True


def next_ad_hoc_code(plan):
    """ "PL.n" after the highest one the plan has used (deleted tasks count, to avoid look-alikes)."""
    codes = Task.all_objects.filter(plan=plan, code__istartswith="PL.").values_list("code", flat=True)
    numbers = [int(match[1]) for code in codes if (match := _AD_HOC_CODE.fullmatch(code))]
    return f"PL.{max(numbers, default=0) + 1}"


@transaction.atomic
def add_task(
    plan,
    *,
    by,
    code,
    title,
    text,
    deadline,
    content_area=None,
    sub_dimensions=(),
    lead=None,
    cooperating=(),
    expected_output="",
):
    """Add a task the plan text does not hold (e.g. from an appendix); its people are notified.

    It is filed under the plan's section for its content area, if the plan has one.
    """
    if not is_unit_manager(by, plan.unit_id):
        raise PermissionDenied
    # Lock the plan row: two clerks adding the same code one after the other get a clear message.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    code = (code or "").strip()
    title = " ".join((title or "").split())
    if not code or not title:
        raise TaskActionError(_("A task needs a code and a short title."))
    if Task.objects.filter(plan=plan, code__iexact=code).exists():
        raise TaskActionError(_("Another task of this plan already has the code %(code)s.") % {"code": code})
    cooperating = [p for p in cooperating if lead is None or p.pk != lead.pk]
    check_assignable(plan.unit_id, [p for p in [lead, *cooperating] if p is not None])
    sub_dimensions = list(sub_dimensions)
    if sub_dimensions and (content_area is None or any(s.area_id != content_area.pk for s in sub_dimensions)):
        raise TaskActionError(_("The sub-dimensions must belong to the task's content area."))
    section = None
    if content_area is not None:
        section = PlanSection.objects.filter(plan=plan, content_area=content_area).order_by("order").first()
    last_order = Task.all_objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0
    task = Task(
        plan=plan,
        section=section,
        code=code,
        order=last_order + 1,
        title=title,
        text=(text or "").strip() or title,
        origin=TaskOrigin.AD_HOC,
        content_area=content_area,
        lead=lead,
        expected_output=(expected_output or "").strip(),
        **deadline.as_task_fields(),
    )
    task._history_user = by
    task.save()
    if cooperating:
        task.cooperating.set(cooperating)
    if sub_dimensions:
        task.sub_dimensions.set(sub_dimensions)
    _notify(Notification.Kind.ASSIGNED, task, by, [lead, *cooperating])
    return task


KEEP = object()  # "leave as it is" for bulk_assign


@transaction.atomic
def bulk_assign(items, *, by, lead=KEEP, cooperating=(), cooperating_mode="add"):
    """Assign several tasks at once: all or nothing.

    `items` is [(task, version the user saw), ...]. `lead` is a person, None (nobody) or
    KEEP; `cooperating_mode` is "add" (to each task's own), "replace" or "keep".
    A stale task raises StaleTaskError (its `.current` says which) and nothing is saved.
    Returns [(task, changed), ...] in the given order; unchanged tasks keep their version.
    """
    results = []
    for task, version in items:
        current = _lock(task, version)
        _require(by, current, "manage")
        new_lead = current.lead if lead is KEEP else lead
        before = list(current.cooperating.all())
        if cooperating_mode == "replace":
            wanted = list(cooperating)
        elif cooperating_mode == "add":
            wanted = before + [p for p in cooperating if p not in before]
        else:
            wanted = before
        wanted = [p for p in wanted if new_lead is None or p.pk != new_lead.pk]
        unchanged = getattr(new_lead, "pk", None) == current.lead_id and {p.pk for p in wanted} == {
            p.pk for p in before
        }
        if unchanged:
            results.append((current, False))
            continue
        results.append((assign(current, by=by, lead=new_lead, cooperating=wanted, expected_version=None), True))
    return results


# --- Plan upload: the file waits between the preview and the confirmed import ------

UPLOAD_SALT = "tasks.clerk.plan-upload"
UPLOAD_MAX_AGE = 60 * 60  # seconds a preview stays valid
UPLOAD_DIR = "imports"


def stage_upload(uploaded, *, user, unit, year, replace):
    """Keep an uploaded plan under MEDIA_ROOT/imports/ and return a signed token naming it.

    The token binds the file to the user, unit, year and replace choice, so the confirm
    step cannot be pointed at another file or unit.
    """
    prune_staged()
    suffix = PurePath(uploaded.name or "").suffix.lower()[:10]
    name = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}{suffix}", ContentFile(uploaded.read()))
    payload = {"f": name, "n": uploaded.name or "", "u": user.pk, "unit": unit.pk, "y": year, "r": bool(replace)}
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


def import_staged(payload, *, unit, by=None):
    """The confirmed import of a staged upload (one transaction, in the importer); the file goes either way.

    The tasks' history starts with the import by `by`, else by the person who staged it (the token
    names them, and `read_staged` checked it is the one confirming).
    """
    by = by or User.objects.filter(pk=payload["u"]).first()
    try:
        with default_storage.open(payload["f"], "rb") as staged:
            return import_plan(staged, unit=unit, year=payload["y"], replace=payload["r"], filename=payload["n"], by=by)
    finally:
        discard_staged(payload)


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


# --- People -----------------------------------------------------------------------


class _OnePersonPasswordForm(PasswordResetForm):
    """Django's reset e-mail, sent for one named person (not everyone sharing the address)."""

    def __init__(self, person):
        super().__init__({"email": person.email})
        self.person = person

    def get_users(self, email):
        return [self.person] if self.person.is_active and self.person.email else []


def send_password_link(person, request):
    """E-mail `person` a one-time link to set their password. False if they have no e-mail."""
    form = _OnePersonPasswordForm(person)
    if not person.email or not form.is_valid():
        return False
    form.save(
        request=request,
        use_https=request.is_secure(),
        subject_template_name="tasks/clerk/password_set_subject.txt",
        email_template_name="tasks/clerk/password_set_email.txt",
        extra_email_context={"site_url": settings.SITE_URL.rstrip("/"), "person": person},
    )
    return True
