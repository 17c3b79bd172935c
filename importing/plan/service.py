"""Importing a plan: read, parse, build, and store it in one transaction.

    import_plan(source, unit=..., year=2024, replace=False, dry_run=False, by=None, at=None) → ImportReport

`source` is a path or a binary file object (a browser upload). Bad input raises
PlanImportError with one translated line; a dry run writes nothing at all,
neither rows nor files.

Every task's audit history starts with the import: its first record is dated `at` (the
plan's `imported_at`, now unless given) and attributed to `by` (the clerk who uploaded it,
the person a command names; None: the server's operator). The task page reads it as
"Imported from plan …".

`choices` are the clerk's corrections of the preview's appendix matches: {row key: task code, or
"" for a new task} (`appendix_match`); rows not named are matched by the importer's rules.
"""

import hashlib
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import BasisDocument, ContentArea, Department, Plan, PlanSection, Position, Responsibility, User
from tasks.models import Task

from .areas import AreaCandidate
from .builder import build
from .encodings import notices
from .errors import PlanExistsError, PlanImportError
from .parser import parse
from .reader import MAX_BYTES, read_source, too_large_message
from .report import ImportReport


def import_plan(source, *, unit, year, replace=False, dry_run=False, filename=None, by=None, at=None, choices=None):
    """Import the plan in `source` for `unit` and `year`, by `by` at `at`; see the module docstring."""
    if not 2000 <= int(year) <= 2100:
        raise PlanImportError(_("The year must be between 2000 and 2100."))
    data, filename = _read(source, filename)
    document = read_source(data, filename)
    filename = filename or f"plan.{ {'docx': 'docx', 'markdown': 'md'}.get(document.kind, 'txt') }"
    parsed = parse(document)
    if not parsed.has_structure:
        raise PlanImportError(_("No plan structure was found: no roman-numeral parts or numbered sections."))
    draft = build(
        parsed,
        year=year,
        areas=area_candidates(),
        positions=list(Position.objects.filter(is_active=True)),
        people=list(User.objects.filter(unit=unit, is_active=True).select_related("position")),
        choices=choices,
        departments=list(Department.objects.filter(unit=unit)),
    )
    if not draft.tasks:
        raise PlanImportError(
            _(
                "No tasks were found: the plan has no part such as “NỘI DUNG” or “NHIỆM VỤ, GIẢI PHÁP” "
                "with items a), b), c)."
            )
        )
    existing = Plan.objects.filter(unit=unit, year=year).first()
    if existing and not replace and not dry_run:
        raise PlanExistsError(_exists_message(unit, year))
    warnings = []
    if existing and not replace:
        warnings.append(_exists_message(unit, year))
    elif existing and (work := recorded_work(existing)):
        warnings.append(
            _("Replacing the existing plan deletes its tasks and the work recorded on them: %(work)s.")
            % {"work": ", ".join(f"{name}: {count}" for name, count in work)}
        )
    stored = {"data": data, "filename": filename, "replace": replace, "by": by, "at": at or timezone.now()}
    plan = None if dry_run else _store(draft, unit=unit, year=year, **stored)
    report = ImportReport.for_draft(draft, dry_run=dry_run, warnings=warnings, notices=notices(document.encoding))
    report.plan = plan
    return report


def recorded_work(plan):
    """What officials recorded on the plan's tasks (updates, comments, files...), as (name, count) pairs.

    Found through the models that point at Task, so that a new kind of record is counted too.
    """
    counts = []
    for relation in Task._meta.related_objects:
        model = relation.related_model
        if relation.many_to_many or model._meta.auto_created or model.__name__.startswith("Historical"):
            continue
        count = model._base_manager.filter(**{f"{relation.field.name}__plan": plan}).count()
        if count:
            counts.append((str(model._meta.verbose_name_plural), count))
    return counts


def area_candidates():
    """The PAPI content areas with every name a plan may use for them."""
    areas = ContentArea.objects.prefetch_related("sub_dimensions")
    return [
        AreaCandidate(
            area.code,
            area.name_vi,
            [line.strip() for line in area.aliases.splitlines() if line.strip()],
            [sub.name_vi for sub in area.sub_dimensions.all()],
            obj=area,
        )
        for area in areas
    ]


def _exists_message(unit, year):
    return _("A plan for %(unit)s in %(year)s already exists.") % {
        "unit": unit,
        "year": year,
    }


def _read(source, filename):
    """The bytes of a path or file object, reading at most MAX_BYTES + 1 (read_source refuses more)."""
    if hasattr(source, "read"):
        data = source.read(MAX_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
        return data, filename or Path(getattr(source, "name", "") or "").name
    path = Path(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise PlanImportError(too_large_message())
        with path.open("rb") as file:
            return file.read(MAX_BYTES + 1), filename or path.name
    except OSError as error:
        raise PlanImportError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror or error}
        ) from None


def _clip(model, field_name, value, warnings):
    limit = model._meta.get_field(field_name).max_length
    value = value or ""
    if limit and len(value) > limit:
        warnings.append(
            _("%(field)s was longer than %(limit)s characters and was shortened.")
            % {"field": model._meta.get_field(field_name).verbose_name, "limit": limit}
        )
        return value[: limit - 1].rstrip() + "…"
    return value


def _store(draft, *, unit, year, data, filename, replace, by, at):
    """Write the draft in one transaction; the stored file is removed again if it fails."""
    parsed, header, warnings = draft.parsed, draft.parsed.header, draft.warnings
    plan = Plan(
        unit=unit,
        year=year,
        number=_clip(Plan, "number", header.number, warnings),
        issuing_body=_clip(Plan, "issuing_body", header.issuing_body, warnings),
        title=_clip(
            Plan, "title", header.title or Path(filename).stem or _("Plan %(year)s") % {"year": year}, warnings
        ),
        issue_date=header.issue_date,
        place=_clip(Plan, "place", header.place, warnings),
        preamble="\n\n".join(parsed.preamble),
        target=parsed.target,
        signer_name=_clip(Plan, "signer_name", parsed.signer_name, warnings),
        signer_title=_clip(Plan, "signer_title", parsed.signer_title, warnings),
        recipients="\n".join(parsed.recipients),
        closing=parsed.closing,
        source_name=_clip(Plan, "source_name", filename, warnings),
        source_sha256=hashlib.sha256(data).hexdigest(),
        imported_at=at,
    )
    _record_as(plan, by, at)
    stored = None
    try:
        with transaction.atomic():
            old = Plan.objects.select_for_update().filter(unit=unit, year=year).first()
            old_file = ""
            if old is not None:
                if not replace:
                    raise PlanExistsError(_exists_message(unit, year))
                old_file = old.source_file.name
                old.delete()
            plan.source_file.save(filename, ContentFile(data), save=False)
            stored = plan.source_file.name
            try:
                with transaction.atomic():
                    plan.save()
            except IntegrityError:  # another import of the same plan got there first
                raise PlanExistsError(_exists_message(unit, year)) from None
            _store_contents(plan, draft, by=by)
            if old_file and old_file != stored:
                storage = plan.source_file.storage
                transaction.on_commit(lambda: storage.delete(old_file))
    except BaseException:
        if stored:
            plan.source_file.storage.delete(stored)
        raise
    return plan


def _record_as(instance, by, at):
    """The history records the instance's saves write are dated `at` and attributed to `by`
    (without `by`: to the signed-in person of the request, if any)."""
    if by is not None:
        instance._history_user = by
    instance._history_date = at


def _store_contents(plan, draft, *, by):
    warnings = draft.warnings
    BasisDocument.objects.bulk_create(
        BasisDocument(
            plan=plan,
            order=order,
            doc_type=_clip(BasisDocument, "doc_type", document.doc_type, warnings),
            number=_clip(BasisDocument, "number", document.number, warnings),
            issued_on=document.issued_on,
            issuer=_clip(BasisDocument, "issuer", document.issuer, warnings),
            citation=document.citation,
        )
        for order, document in enumerate(draft.parsed.basis_documents, start=1)
    )
    saved = {}  # id(SectionDraft) -> PlanSection; parents come before their children
    for section in draft.sections:
        saved[id(section)] = PlanSection.objects.create(
            plan=plan,
            parent=saved[id(section.parent)] if section.parent is not None else None,
            order=section.order,
            kind=section.kind,
            purpose=section.purpose,
            number=_clip(PlanSection, "number", section.number, warnings),
            heading=section.heading,
            text=section.text,
            content_area=section.area.obj if section.area is not None else None,
        )
    Responsibility.objects.bulk_create(
        Responsibility(
            plan=plan,
            order=responsibility.order,
            party=_clip(Responsibility, "party", responsibility.party, warnings),
            text=responsibility.text,
            position=responsibility.position,
        )
        for responsibility in draft.responsibilities
    )
    for draft_task in draft.tasks:
        deadline_fields = draft_task.deadline.as_task_fields() if draft_task.deadline is not None else {}
        deadline_fields["deadline_text"] = _clip(Task, "deadline_text", draft_task.deadline_text, warnings)
        task = Task(
            plan=plan,
            section=saved[id(draft_task.section)],
            code=draft_task.code,
            order=draft_task.order,
            title=_clip(Task, "title", draft_task.title, warnings),
            text=draft_task.text,
            origin=draft_task.origin,
            content_area=draft_task.area.obj if draft_task.area is not None else None,
            lead=draft_task.lead,
            lead_department=draft_task.lead_department,
            lead_text=_clip(Task, "lead_text", draft_task.lead_text, warnings),
            cooperating_text=draft_task.cooperating_text,
            expected_output=draft_task.expected_output,
            remarks=draft_task.remarks,
            created_at=plan.imported_at,
            **deadline_fields,
        )
        _record_as(task, by, plan.imported_at)  # the cooperating officials' record below too
        task.save()
        if draft_task.cooperating:
            task.cooperating.set(draft_task.cooperating)
        if draft_task.cooperating_departments:
            task.cooperating_departments.set(draft_task.cooperating_departments)
