"""The post-reform demo unit: Phường Mỹ Hào, its departments and people, and its 2026 plan.

`load_ward()` runs inside `load_demo()`, after the post-2025 Hưng Yên is loaded. Like the commune
it is idempotent: departments, positions and people are created or updated in place (heads
included), and the plan is imported through the plan importer, by the ward clerk, only if the ward
has no 2026 plan yet; `reset=True` re-imports it and replays the story.

The departments exist before the import, so the importer makes them the lead and cooperating
parties the appendix names. The story then goes through the task services themselves: the heads
delegate (`tasks.services.assignment.delegate`), the staff report
(`tasks.services.workflow.report_progress`), the clerk or the chairman confirms or returns, a head
comments. Each action is dated when it happened in 2026, never the day of loading: the rows it
wrote (audit records, progress updates, comments, notifications, the completion time) are re-dated
by saving them again (`_dated`). The people and the story are in `data/ward.py`.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from importing.plan import PlanImportError, import_plan
from notifications.models import Notification
from plans.models import AdministrativeUnit, Department, Plan
from tasks.models import Comment, ProgressUpdate, Task, TaskStatus
from tasks.services import assignment, workflow

from .common import DemoError, at, update_changed, upsert_people, upsert_positions
from .data import ward as data

WARD_PLAN = Path(__file__).resolve().parent / "data" / "ke-hoach-papi-2026-phuong-my-hao.md"


@dataclass
class WardResult:
    ward: AdministrativeUnit
    plan: Plan
    departments: list  # Department, in the plan's order
    people: list  # User, in data.PEOPLE's order
    plan_created: bool
    people_created: int = 0
    tasks: int = 0
    updates: int = 0
    warnings: list = field(default_factory=list)


def find_ward(province):
    """Phường Mỹ Hào of the loaded province (the national list gives its code)."""
    ward = AdministrativeUnit.objects.filter(
        parent=province, kind=AdministrativeUnit.Kind.WARD, name=data.WARD_NAME
    ).first()
    if ward is None:
        raise DemoError(
            _("The national list has no ward %(name)s in %(province)s: the demo ward cannot be loaded.")
            % {"name": data.WARD_NAME, "province": province}
        )
    return ward


def load_ward(province, *, reset=False, password):
    """Create or refresh the ward's departments, people, plan and story (in the caller's transaction)."""
    ward = find_ward(province)
    departments = {name: Department.objects.get_or_create(unit=ward, name=name)[0] for name in data.DEPARTMENTS}
    people, people_created = upsert_people(
        data.PEOPLE,
        unit=ward,
        province=province,
        positions=upsert_positions(data.POSITIONS, first_order=data.POSITIONS_FROM),
        email_domain=data.EMAIL_DOMAIN,
        password=password,
        departments=departments,
    )
    for name, head in data.DEPARTMENTS.items():
        update_changed(departments[name], {"head": people[head]})

    plan = Plan.objects.filter(unit=ward, year=data.YEAR).first()
    plan_created, warnings = plan is None or reset, []
    if plan_created:
        plan, warnings = _import_plan(ward, replace=plan is not None, by=people["mh.vanphong"])
        _check_import(plan)
        _tell_the_story(plan, people)
    return WardResult(
        ward=ward,
        plan=plan,
        departments=list(departments.values()),
        people=[people[p.username] for p in data.PEOPLE],
        plan_created=plan_created,
        people_created=people_created,
        tasks=plan.tasks.count(),
        updates=ProgressUpdate.objects.filter(task__plan=plan).count(),
        warnings=warnings,
    )


def _import_plan(ward, replace, by):
    try:
        with WARD_PLAN.open("rb") as source:
            report = import_plan(
                source,
                unit=ward,
                year=data.YEAR,
                replace=replace,
                filename=WARD_PLAN.name,
                by=by,
                at=at(*data.IMPORTED_ON),
            )
    except PlanImportError as exc:
        raise DemoError(_("The demo ward's plan could not be imported: %s") % exc) from exc
    return report.plan, [str(w) for w in report.warnings]


def _check_import(plan):
    """The story needs the importer's numbering and leads; say so plainly when they differ."""
    leads = {
        task.code: task.lead_department.name if task.lead_department_id else task.lead and task.lead.username
        for task in plan.tasks.select_related("lead", "lead_department")
    }
    if leads != data.LEADS:
        wrong = sorted(set(leads.items()) ^ set(data.LEADS.items()), key=lambda pair: (pair[0], str(pair[1])))
        raise DemoError(
            _("The importer read the demo ward's plan differently from the demo's table of leads: %(wrong)s.")
            % {"wrong": "; ".join(f"{code}: {lead}" for code, lead in wrong)}
        )


def _day(text):
    day, month = (int(part) for part in text.split("/"))
    return datetime.date(data.YEAR, month, day)


def _tell_the_story(plan, people):
    tasks = {task.code: task for task in plan.tasks.all()}
    february = datetime.date(data.YEAR, 2, 1)
    for day, hour, minute, head, code, delegates in data.DELEGATIONS:
        with _dated(at(february.replace(day=day), hour, minute)):
            assignment.delegate(tasks[code], by=people[head], people=[people[u] for u in delegates])
    for day, time, who, code, action, status, progress, note in data.EVENTS:
        hour, minute = (int(part) for part in time.split(":"))
        task, by = tasks[code], people[who]
        with _dated(at(_day(day), hour, minute)):
            if action == "report":
                workflow.report_progress(task, by=by, status=status, progress=progress, note=note)
            elif action == "confirm":
                workflow.confirm(task, by=by, note=note)
            elif action == "return":
                workflow.return_task(task, by=by, reason=note)
            else:
                workflow.add_comment(task, by=by, text=note)


def _last_pk(model):
    return model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0


@contextmanager
def _dated(when):
    """What the services write inside the block is dated `when`: each new audit record, progress
    update, comment and notification, and a completion time set in it (saved row by row, so the
    signals the dashboard's cache listens to are sent)."""
    history = Task.history.model
    models = {history: "history_date", ProgressUpdate: "created_at", Comment: "created_at"}
    models[Notification] = "created_at"
    marks = {model: _last_pk(model) for model in models}
    yield
    for model, name in models.items():
        for row in model._base_manager.filter(pk__gt=marks[model]).order_by("pk"):
            values = {name: when}
            if model is history and row.completed_at is not None and row.status == TaskStatus.AWAITING_CONFIRMATION:
                values["completed_at"] = when
            update_changed(row, values)
            if "completed_at" in values:
                task = Task.objects.get(pk=row.id)
                task.completed_at = when
                task.save_without_historical_record(update_fields=["completed_at"])
