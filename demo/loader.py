"""Demo data: Trung Trắc commune, its officials, the 2024 seed plan with a year of progress.

`load_demo()` is what `manage.py load_demo` runs. It is idempotent: units, positions, people
and scores are created or updated in place, and the plan is imported (through the plan
importer, from the project's own copy of the seed plan) only if the commune has no 2024
plan yet; `reset=True` re-imports it and rebuilds the assignments and progress.

The tasks' audit history tells the same 2024 story, never the day of loading: the clerk's import
(10/01/2024), her assignments and deadlines (11/01), then each report and review at its own time.

Everything here is demo data: the people are invented, the commune's scores are invented
(flagged `is_demo`), and the province's figures are the published ones, also flagged.

After the commune, `load_demo()` loads the post-reform shape beside it (`ward.py`): Phường Mỹ Hào
of the post-2025 Hưng Yên, its departments and people, and its 2026 plan, written for the demo.
"""

import datetime
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _

from importing.plan import PlanImportError, import_plan
from plans.models import AdministrativeUnit, ContentArea, PapiScore, Plan, Role, SubDimension
from plans.successors import link_successors
from plans.units import load_units
from tasks.deadlines import DeadlineKind, parse_deadline
from tasks.models import Comment, ProgressUpdate, TaskStatus

from . import ward as post_reform_ward
from .common import (
    DEMO_PASSWORD,
    VN_TZ,
    DemoError,
    DemoPassword,
    Person,
    update_changed,
    upsert_people,
    upsert_positions,
)
from .common import at as _at
from .data.assignments import ASSIGNMENTS, FINAL_STATUS, Note, Outcome

__all__ = ["DEMO_PASSWORD", "PEOPLE", "POSITIONS", "VN_TZ", "DemoError", "DemoResult", "Person", "load_demo"]
DEMO_YEAR = 2024
DEMO_PLAN = Path(__file__).resolve().parent / "data" / "ke-hoach-papi-2024-xa-trung-trac.txt"
EMAIL_DOMAIN = "trungtrac.demo"
SEED = 20240115
_DAY = datetime.timedelta(days=1)
_MINUTE = datetime.timedelta(minutes=1)

PROVINCE = ("33", "Hưng Yên")
DISTRICT = ("330", "Văn Lâm")
# The plan's own spelling and placeholder codes, kept (tests and the upgrade proof use them). The
# pre-2025 list (vietnamadminunits) writes "Xã Trưng Trắc", code 12013, in "Huyện Văn Lâm", 325,
# and gives 12100 to Xã Tân Minh (Yên Mỹ); plans/successors.py finds the commune by its names.
# Since 01/07/2025 it is part of Xã Như Quỳnh (11986 in vietnam-provinces), loaded with the
# post-2025 Hưng Yên (plans/units.py).
COMMUNE = ("12100", "Trung Trắc")

# The story's first days, before the first reports (from 15/01): the clerk imports the plan on
# 10/01/2024, then assigns each task and sets its deadline on 11/01 (date, hour, minute).
IMPORTED_ON = (datetime.date(DEMO_YEAR, 1, 10), 8, 0)
ASSIGNED_ON = (datetime.date(DEMO_YEAR, 1, 11), 8, 30)
DEADLINE_REASON = "Thời hạn theo phân công tại hội nghị triển khai Kế hoạch ngày 11/01/2024."

# Commune titles before the July 2025 reform: (name, short name), in the order lists show them.
POSITIONS = [
    ("Chủ tịch UBND xã", "Chủ tịch"),
    ("Phó Chủ tịch UBND xã", "Phó Chủ tịch"),
    ("Công chức Văn phòng - Thống kê", "Văn phòng - Thống kê"),
    ("Công chức Tài chính - Kế toán", "Tài chính - Kế toán"),
    ("Công chức Tư pháp - Hộ tịch", "Tư pháp - Hộ tịch"),
    ("Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường", "Địa chính - NN - XD - MT"),
    ("Công chức Văn hóa - Xã hội", "Văn hóa - Xã hội"),
    ("Chỉ huy trưởng Ban Chỉ huy Quân sự", "Quân sự"),
    ("Trưởng Công an xã", "Công an"),
    ("Phụ trách Đài truyền thanh xã", "Truyền thanh"),
    ("Chủ tịch Ủy ban MTTQ Việt Nam xã", "MTTQ"),
]


PEOPLE = [
    # Lê Ngọc Tuân signs the seed plan.
    Person("chutich", "Lê Ngọc Tuân", Role.CHAIRMAN, "Chủ tịch UBND xã"),
    Person("phochutich", "Nguyễn Văn Hùng", Role.VICE_CHAIRMAN, "Phó Chủ tịch UBND xã"),
    # The clerk is staff so that the admin works as a fallback.
    Person("vanphong", "Nguyễn Thị Hoa", Role.CLERK, "Công chức Văn phòng - Thống kê", is_staff=True),
    Person("taichinh", "Đỗ Thị Thu Hương", Role.OFFICIAL, "Công chức Tài chính - Kế toán"),
    Person("tuphap", "Trần Văn Bình", Role.OFFICIAL, "Công chức Tư pháp - Hộ tịch"),
    Person("diachinh", "Phạm Đức Thắng", Role.OFFICIAL, "Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường"),
    # Communes usually have two Culture-Social officials: culture and information, and
    # labour, war invalids and social affairs (poverty lists, social policy).
    Person("vanhoa", "Hoàng Thị Mai", Role.OFFICIAL, "Công chức Văn hóa - Xã hội"),
    Person("xahoi", "Vũ Thị Lan", Role.OFFICIAL, "Công chức Văn hóa - Xã hội"),
    Person("quansu", "Đặng Văn Toàn", Role.OFFICIAL, "Chỉ huy trưởng Ban Chỉ huy Quân sự"),
    Person("congan", "Trịnh Quang Huy", Role.OFFICIAL, "Trưởng Công an xã"),
    Person("truyenthanh", "Bùi Ngọc Ánh", Role.OFFICIAL, "Phụ trách Đài truyền thanh xã"),
    # The Fatherland Front supervises the plan (III.4); it takes no tasks.
    Person("mttq", "Nguyễn Thị Thanh Tâm", Role.OBSERVER, "Chủ tịch Ủy ban MTTQ Việt Nam xã"),
    # The province's account administrator grants roles (accounts/privileges.py) in the admin.
    Person("quantri", "Phạm Minh Quân", Role.ACCOUNT_ADMIN, "", is_staff=True, at_province=True),
]


# --- Scores -----------------------------------------------------------------------

COMMUNE_SCORE_NOTE = "Số liệu minh họa (demo), không phải kết quả đánh giá thực tế của xã."
PROVINCE_SCORE_NOTE = (
    "Số liệu PAPI cấp tỉnh đã công bố, dùng làm dữ liệu minh họa/tham chiếu "
    "(published provincial figure, shown as demo/reference)."
)
# The commune's invented scores per area 1..8 (each 1–10; totals are their sums), with its
# rank among Văn Lâm's 11 commune-level units where the district ranked it.
COMMUNE_SCORES = [
    # (year, source, areas 1..8, rank)
    (2022, PapiScore.Source.SELF, ("5.12", "5.40", "4.55", "6.80", "7.21", "7.02", "3.90", "3.05"), None),
    (2022, PapiScore.Source.DISTRICT, ("4.98", "5.21", "4.35", "6.62", "7.05", "6.88", "3.71", "2.86"), 7),
    (2023, PapiScore.Source.SELF, ("5.20", "5.51", "4.60", "6.85", "7.30", "7.10", "4.05", "3.20"), None),
    (2023, PapiScore.Source.DISTRICT, ("5.05", "5.32", "4.41", "6.70", "7.12", "6.95", "3.85", "3.02"), 8),
    (2024, PapiScore.Source.TARGET, ("5.15", "5.45", "4.50", "6.80", "7.20", "7.05", "4.00", "3.30"), None),
    (2024, PapiScore.Source.SELF, ("5.30", "5.62", "4.70", "6.95", "7.35", "7.18", "4.15", "3.50"), None),
    (2024, PapiScore.Source.DISTRICT, ("5.18", "5.47", "4.52", "6.81", "7.20", "7.06", "4.02", "3.35"), 5),
]
COMMUNE_RANK_BASE = 11


# --- Loading ----------------------------------------------------------------------


@dataclass
class DemoResult:
    commune: AdministrativeUnit
    plan: Plan
    people: list
    plan_created: bool
    people_created: int = 0
    tasks: int = 0
    updates: int = 0
    scores: int = 0
    warnings: list = field(default_factory=list)
    successor: AdministrativeUnit | None = None  # the post-2025 unit the commune became
    successor_notes: list = field(default_factory=list)  # where the national lists differ from the plan
    ward: object = None  # the post-reform ward and its 2026 plan (ward.WardResult)


@transaction.atomic
def load_demo(*, reset=False):
    """Create or refresh the demo commune, people, plan, progress and scores (one transaction)."""
    warnings = []
    province, commune = _units(warnings)
    successor, notes = _successor(commune)
    password = DemoPassword()
    people, people_created = upsert_people(
        PEOPLE,
        unit=commune,
        province=province,
        positions=upsert_positions(POSITIONS),
        email_domain=EMAIL_DOMAIN,
        password=password,
    )
    scores = _commune_scores(commune) + _province_scores(province)

    plan = Plan.objects.filter(unit=commune, year=DEMO_YEAR).first()
    plan_created = plan is None or reset
    if plan_created:
        plan, import_warnings = _import_plan(commune, replace=plan is not None, by=people["vanphong"])
        warnings += import_warnings
        _assign_and_report(plan, people)
    ward = post_reform_ward.load_ward(province, reset=reset, password=password)

    return DemoResult(
        commune=commune,
        plan=plan,
        people=[people[p.username] for p in PEOPLE],
        plan_created=plan_created,
        people_created=people_created,
        tasks=plan.tasks.count(),
        updates=ProgressUpdate.objects.filter(task__plan=plan).count(),
        scores=scores,
        warnings=warnings,
        successor=successor,
        successor_notes=notes,
        ward=ward,
    )


def _units(warnings):
    """(province, commune), creating the three-level tree where it is missing."""
    parent, chain = None, []
    for kind, (code, name) in zip(
        (AdministrativeUnit.Kind.PROVINCE, AdministrativeUnit.Kind.DISTRICT, AdministrativeUnit.Kind.COMMUNE),
        (PROVINCE, DISTRICT, COMMUNE),
        strict=True,
    ):
        unit, _created = AdministrativeUnit.objects.get_or_create(
            code=code, defaults={"kind": kind, "name": name, "parent": parent}
        )
        # An existing unit (e.g. from the national list) is kept as it is.
        if unit.name != name or unit.kind != kind or unit.parent_id != (parent.pk if parent else None):
            warnings.append(
                _("Unit %(code)s already exists as %(kind)s %(name)s; it was kept unchanged.")
                % {"code": code, "kind": unit.get_kind_display(), "name": unit.name}
            )
        parent = unit
        chain.append(unit)
    return chain[0], chain[-1]


def _successor(commune):
    """The post-2025 Hưng Yên from the national list, and the unit the commune became in it."""
    load_units([PROVINCE[0]])
    links = link_successors([commune]).links
    return (links[0].successor, links[0].notes) if links else (None, [])


def _upsert_score(unit, year, source, area, score, **extra):
    values = {"score": Decimal(score), "is_demo": True, **extra}
    obj = PapiScore.objects.filter(unit=unit, year=year, source=source, area=area, sub_dimension=None).first()
    if obj is None:
        PapiScore.objects.create(unit=unit, year=year, source=source, area=area, **values)
    else:
        update_changed(obj, values)


def _commune_scores(commune):
    areas = {a.code: a for a in ContentArea.objects.filter(code__range=(1, 8))}
    count = 0
    for year, source, per_area, rank in COMMUNE_SCORES:
        for code, value in enumerate(per_area, start=1):
            _upsert_score(commune, year, source, areas[code], value, note=COMMUNE_SCORE_NOTE)
        total = sum(Decimal(v) for v in per_area)
        ranking = {"rank": rank, "rank_base": COMMUNE_RANK_BASE} if rank else {"rank": None, "rank_base": None}
        _upsert_score(commune, year, source, None, total, note=COMMUNE_SCORE_NOTE, **ranking)
        count += len(per_area) + 1
    return count


def _province_scores(province):
    """The province's published totals and area scores, from the project's reference data."""
    # The project's own copy of the published reference data (a migration loads it too).
    path = Path(apps.get_app_config("plans").path) / "data" / "papi-dimensions.json"
    data = json.loads(path.read_text(encoding="utf-8"))["published_scores_for_demo"]
    figures = data.get(PROVINCE[1], {})
    areas = {a.code: a for a in ContentArea.objects.all()}
    count = 0
    for year, values in figures.items():
        for key, value in values.items():
            if key == "total":
                rank, _sep, base = values.get("rank", "").partition("/")
                extra = {"rank": int(rank) if rank else None, "rank_base": int(base) if base else None}
                area = None
            elif key.startswith("d") and key[1:].isdigit():
                extra, area = {"rank": None, "rank_base": None}, areas[int(key[1:])]
            else:
                continue
            _upsert_score(
                province,
                int(year),
                PapiScore.Source.OFFICIAL,
                area,
                str(value),
                note=PROVINCE_SCORE_NOTE,
                **extra,
            )
            count += 1
    return count


def _import_plan(commune, replace, by):
    """The clerk imports the seed plan in January 2024 (the tasks' history starts there)."""
    try:
        with DEMO_PLAN.open("rb") as source:
            report = import_plan(
                source,
                unit=commune,
                year=DEMO_YEAR,
                replace=replace,
                filename=DEMO_PLAN.name,
                by=by,
                at=_at(*IMPORTED_ON),
            )
    except PlanImportError as exc:
        raise DemoError(_("The seed plan could not be imported: %s") % exc) from exc
    return report.plan, [str(w) for w in getattr(report, "warnings", None) or []]


def _assign_and_report(plan, people):
    tasks = {task.code: task for task in plan.tasks.all()}
    missing, unexpected = sorted(set(ASSIGNMENTS) - set(tasks)), sorted(set(tasks) - set(ASSIGNMENTS))
    if missing or unexpected:
        raise DemoError(
            _(
                "The importer numbered the seed plan differently from the demo's assignment table: "
                "missing %(missing)s; unexpected %(unexpected)s."
            )
            % {"missing": ", ".join(missing) or "-", "unexpected": ", ".join(unexpected) or "-"}
        )
    sub_dimensions = {s.code: s for s in SubDimension.objects.all()}
    rng = random.Random(SEED)
    clerk = people["vanphong"]
    updates, comments = [], []
    for i, (code, assignment) in enumerate(ASSIGNMENTS.items()):
        task = tasks[code]
        deadline = parse_deadline(assignment.deadline, DEMO_YEAR)
        if deadline is None:
            raise DemoError(f"Unreadable demo deadline for {code}: {assignment.deadline!r}")
        # The day after the import the clerk goes down the list: who does it, then by when.
        assigned_at = _at(*ASSIGNED_ON) + 2 * i * _MINUTE
        task.lead = people[assignment.lead]
        _record(task, clerk, assigned_at, ["lead"])
        task.cooperating.set([people[u] for u in assignment.cooperating])  # the same record's people
        fields = deadline.as_task_fields()
        for name, value in fields.items():
            setattr(task, name, value)
        _record(task, clerk, assigned_at + _MINUTE, list(fields), reason=DEADLINE_REASON)
        if assignment.sub_dimensions and not task.sub_dimensions.exists():
            task.sub_dimensions.set([sub_dimensions[c] for c in assignment.sub_dimensions])
        task_updates, task_comments = _history(rng, task, assignment, people)
        _replay(task, task_updates)
        updates += task_updates
        comments += task_comments
    ProgressUpdate.objects.bulk_create(updates, batch_size=500)
    Comment.objects.bulk_create(comments, batch_size=500)


def _record(task, by, when, fields, reason=""):
    """Save as `tasks.services` does (the version goes up, one audit record by `by`), dated `when`."""
    task.version += 1
    task._history_user, task._history_date = by, when
    if reason:
        task._change_reason = reason
    elif hasattr(task, "_change_reason"):
        del task._change_reason
    task.save(update_fields=[*fields, "version", "updated_at"])


def _replay(task, updates):
    """Each report and review changed the task when it was made, as `tasks.services` does: one
    audit record each, by its author at its time, ending in the state `_history` worked out."""
    final = (task.status, task.progress, task.completed_at)
    for update in updates:
        if update.kind == ProgressUpdate.Kind.PROGRESS:
            task.completed_at = update.created_at if update.status == TaskStatus.AWAITING_CONFIRMATION else None
        elif update.kind == ProgressUpdate.Kind.RETURNED:
            task.completed_at = None
        task.status, task.progress = update.status, update.progress
        reason = update.note if update.kind == ProgressUpdate.Kind.RETURNED else ""
        _record(task, update.author, update.created_at, ["status", "progress", "completed_at"], reason=reason)
    if (task.status, task.progress, task.completed_at) != final:
        raise DemoError(f"The demo history of {task.code} does not end where the task stands.")


# --- Progress history -------------------------------------------------------------

# Days off in 2024 besides weekends: New Year, Tết Giáp Thìn, Hùng Kings, 30/4–1/5, National Day.
HOLIDAYS_2024 = {
    datetime.date(2024, 1, 1),
    *(datetime.date(2024, 2, d) for d in range(8, 15)),
    datetime.date(2024, 4, 18),
    datetime.date(2024, 4, 29),
    datetime.date(2024, 4, 30),
    datetime.date(2024, 5, 1),
    datetime.date(2024, 8, 31),
    *(datetime.date(2024, 9, d) for d in range(1, 4)),
}


def is_working_day(day):
    return day.weekday() < 5 and day not in HOLIDAYS_2024


def _working_day(day, step):
    while not is_working_day(day):
        day += datetime.timedelta(days=step)
    return day


def _office_time(rng, day):
    """A time in office hours (7:30–11:30, 13:30–17:00), later in the day more often than not."""
    if rng.random() < 0.45:
        minutes = rng.randint(7 * 60 + 30, 11 * 60 + 20)
    else:
        minutes = rng.randint(13 * 60 + 30, 16 * 60 + 50)
    return _at(day, minutes // 60, minutes % 60)


def _day(text, default):
    if not text:
        return default
    day, month = (int(part) for part in text.split("/"))
    return datetime.date(DEMO_YEAR, month, day)


def _end_day(rng, outcome, due):
    """The day of the last report: completion for done tasks, the latest report otherwise."""
    dec = datetime.date(DEMO_YEAR, 12, 1)
    if outcome == Outcome.ON_TIME:
        day = due - datetime.timedelta(days=rng.randint(2, 15)) if due else dec + datetime.timedelta(rng.randint(8, 26))
        return _working_day(day, -1)
    if outcome == Outcome.LATE:
        return _working_day(due + datetime.timedelta(days=rng.randint(8, 35)), 1)
    if outcome == Outcome.AWAITING:
        day = due - datetime.timedelta(days=rng.randint(1, 3)) if due else dec + datetime.timedelta(rng.randint(9, 19))
        return _working_day(day, -1)
    if outcome == Outcome.BLOCKED:
        return _working_day(datetime.date(DEMO_YEAR, 10, 1) + datetime.timedelta(rng.randint(0, 59)), 1)
    return _working_day(datetime.date(DEMO_YEAR, 11, 18) + datetime.timedelta(rng.randint(0, 32)), -1)


def _final_progress(rng, outcome):
    if outcome in (Outcome.ON_TIME, Outcome.LATE, Outcome.AWAITING):
        return 100
    if outcome == Outcome.BLOCKED:
        return rng.choice((30, 35, 40, 45, 50))
    return rng.choice((60, 65, 70, 75, 80, 85))


CONFIRM_NOTES = (
    "Đồng ý kết quả, xác nhận hoàn thành.",
    "Đã kiểm tra hồ sơ, xác nhận hoàn thành.",
    "Xác nhận hoàn thành; lưu hồ sơ theo quy định.",
)


def _history(rng, task, assignment, people):
    """The task's timeline as the portal's workflow would have written it, and its final state.

    The lead reports progress; reporting done awaits confirmation (`completed_at` is the time
    of that report); the reviewer (the clerk, or the vice-chairman for the clerk's own tasks)
    confirms or returns it. Cooperating officials do not report: their notes become comments.
    Returns (progress updates, comments) and sets the task's status, progress, completed_at.
    """
    notes = [note if isinstance(note, Note) else Note(note) for note in assignment.notes]
    task.status, task.progress, task.completed_at = TaskStatus.NOT_STARTED, 0, None
    if not notes:
        return [], []
    if notes[-1].by not in ("", assignment.lead) or notes[-1].kind:
        raise DemoError(f"The last note of {task.code} must be the lead's report.")
    outcome = assignment.outcome
    lead = people[assignment.lead]
    reviewer = people["phochutich" if assignment.lead == "vanphong" else "vanphong"]
    start = _working_day(_day(assignment.starts, datetime.date(DEMO_YEAR, 1, 15)) + rng.randint(0, 10) * _DAY, 1)
    end = _end_day(rng, outcome, task.due_date)
    times = sorted(_office_time(rng, day) for day in _report_days(rng, notes, start, end))
    for i in range(1, len(times)):
        times[i] = max(times[i], times[i - 1] + datetime.timedelta(minutes=7))

    final = _final_progress(rng, outcome)
    ceiling = 90 if final == 100 else final - 5
    reports = sum(1 for note in notes if note.by in ("", assignment.lead) and not note.kind)
    updates, comments, reported, percent = [], [], 0, 0
    for i, (note, when) in enumerate(zip(notes, times, strict=True)):
        if note.kind == Note.RETURNED:
            updates.append(_update(task, reviewer, when, TaskStatus.RETURNED, percent, note.text, "returned"))
            task.completed_at = None
            continue
        if note.by not in ("", assignment.lead):
            comments.append(Comment(task=task, author=people[note.by], created_at=when, text=note.text))
            continue
        reported += 1
        returned_next = i + 1 < len(notes) and notes[i + 1].kind == Note.RETURNED
        if i == len(notes) - 1:
            status, percent = DONE_REPORT.get(outcome, FINAL_STATUS[outcome]), final
        elif returned_next:
            status, percent = TaskStatus.AWAITING_CONFIRMATION, 100
        else:
            # Evenly rising with a little noise, in steps of 5, never above the final figure.
            step = ceiling * reported / reports + rng.randint(-5, 5)
            status, percent = TaskStatus.IN_PROGRESS, max(percent, 10, min(ceiling, 5 * round(step / 5)))
        if status == TaskStatus.AWAITING_CONFIRMATION:
            task.completed_at = when
        updates.append(_update(task, lead, when, status, percent, note.text))
    if outcome in (Outcome.ON_TIME, Outcome.LATE):
        day = min(_working_day(end + rng.randint(1, 4) * _DAY, 1), datetime.date(DEMO_YEAR, 12, 31))
        when = max(_office_time(rng, day), times[-1] + datetime.timedelta(minutes=20))
        updates.append(_update(task, reviewer, when, TaskStatus.DONE, 100, rng.choice(CONFIRM_NOTES), "confirmed"))
    task.status, task.progress = updates[-1].status, updates[-1].progress
    return updates, comments


# A lead reporting a task done asks for confirmation (tasks.services.report_progress).
DONE_REPORT = {Outcome.ON_TIME: TaskStatus.AWAITING_CONFIRMATION, Outcome.LATE: TaskStatus.AWAITING_CONFIRMATION}


def _update(task, author, when, status, progress, note, kind="progress"):
    return ProgressUpdate(
        task=task, author=author, created_at=when, kind=kind, status=status, progress=progress, note=note
    )


def _report_days(rng, notes, start, end):
    """One working day per note: dated notes near their date, the others spread between them."""
    days = [None] * len(notes)
    days[-1] = end
    for i, note in enumerate(notes[:-1]):
        if note.on:
            days[i] = _day(note.on, None) + rng.randint(-2, 2) * _DAY
    if days[0] is None:
        days[0] = start
    i = 1
    while i < len(days):
        if days[i] is None:
            j = next(k for k in range(i, len(days)) if days[k] is not None)
            before, after = days[i - 1], days[j]
            for k in range(i, j):
                offset = (after - before).days * (k - i + 1) // (j - i + 1) + rng.randint(-4, 4)
                days[k] = before + offset * _DAY
            i = j
        i += 1
    result = []
    for day in days:
        day = min(max(day, start), end)
        forward = _working_day(day, 1)
        result.append(forward if forward <= end else _working_day(day, -1))
    return sorted(result)


def deadline_kinds(plan):
    """How many of the plan's tasks have each kind of deadline (for the command's summary)."""
    counts = dict.fromkeys(DeadlineKind.values, 0)
    for kind in plan.tasks.values_list("deadline_kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts
