"""A missed invalidation of the cached pages (reports.cache) is caught here, not by the chairman.

Two halves:

1. `WRITE_PATHS`: every write the project's services offer that changes what the dashboard, the
   PAPI scores comparison or the cross-commune table show. Each case renders the pages through
   the test client (with the real cache of the test settings), writes through the service,
   renders again and sees the change; then it empties the cache and checks that the cached
   pages were exactly the freshly computed ones. Take a receiver out of `reports.cache.connect()`
   and the cases of that model fail. Writes that change nothing these pages show (evidence files,
   comments, submissions, notifications) have no case.
2. The guards, for the next write nobody connected:
   - every `QuerySet.update()`, `bulk_create()`, `bulk_update()`, `.raw()`, `cursor()` and
     `QuerySet.delete()` in the production source is in `ALLOWED_BULK_WRITES` with the reason it
     cannot leave the pages stale (or the case that proves it does not);
   - every model the cached computations read is connected by `reports.cache.connect()`, or listed
     in `NOT_TRACKED` with the reason;
   - every row those models point at with ``on_delete=SET_NULL`` (a delete that rewrites the pages'
     rows in one UPDATE, sending none of their signals) is connected too, or listed with the reason.
"""

import ast
import datetime
import importlib
import io
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import ContentArea, PapiScore, User
from reports import scores as papi
from reports import services as rounds
from reports.communes import communes_table
from reports.dashboard import commune_dashboard
from reports.periods import Period
from tasks.deadlines import Deadline
from tasks.models import Task, TaskStatus
from tasks.services import assignment, editing, workflow

from ..architecture.imports import ROOT, project_modules

pytestmark = pytest.mark.django_db

PLANS = ROOT / "tests" / "data" / "plans"
SEED_PLAN = PLANS / "ke-hoach-papi-2024-xa-trung-trac.txt"


@pytest.fixture(autouse=True)
def _a_real_cache(settings):
    """The cases only prove something if the pages are really cached: never a dummy cache."""
    if isinstance(caches["default"], DummyCache):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


# --- What the pages show -------------------------------------------------------------------------


class Pages:
    """The commune's chairman and the district's supervisor, each signed in on their own client."""

    def __init__(self, world, commune, chairman, supervisor, officials, clerk, today):
        self.plan, self.commune, self.today, self.clerk = world["plan"], commune, today, clerk
        self.binh, self.an = officials["binh"], officials["an"]
        self.chairman, self.supervisor = Client(), Client()
        self.chairman.force_login(chairman)
        self.supervisor.force_login(supervisor)

    def task(self, code):
        return Task.objects.get(plan__unit=self.commune, plan__year=self.today.year, code=code)

    def days(self, n):
        return self.today + datetime.timedelta(days=n)


PRINTED = re.compile(r'id="overall-(total|done|overdue|awaiting)"[^>]*>(\d+)</a>')


def look(pages):
    """What the chairman's dashboard (their commune's plan of the year, with its PAPI scores) and
    the supervisor's cross-commune table show, in comparable form."""
    response = pages.chairman.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    d, scores = response.context["d"], response.context["scores"]
    printed = {name: int(n) for name, n in PRINTED.findall(response.content.decode())}
    latest = d.recent_updates[0] if d.recent_updates else None
    table = pages.supervisor.get(reverse("reports:communes"), {"year": pages.today.year})
    assert table.status_code == 200
    listed = next(r for r in table.context["page_obj"].object_list if r.pk == pages.commune.pk)
    return {
        "tasks": printed["total"],
        "done": printed["done"],
        "overdue": printed["overdue"],
        "awaiting": printed["awaiting"],
        "late list": [(t.code, t.title, str(t.lead) if t.lead else None) for t in d.overdue_tasks],
        "tasks led": {str(o.lead) if o.lead else None: o.counts.total for o in d.officials},
        "area lights": {a.param: a.light for a in d.areas},
        "latest update": latest and (latest.task.code, latest.kind, latest.status),
        "round": d.current_round and (d.current_round.period.name, d.current_round.status),
        "score": scores.total.this.score if scores.total.this else None,
        "tasks scored against": scores.total.tasks,
        "communes table: tasks": listed.tasks,
        "communes table: done": listed.done,
        "communes table: overdue": listed.overdue,
        "communes table: score": listed.score,
    }


def row(**changes):
    """The commune's row of the cross-commune table: {"communes table: tasks": 13, ...}."""
    return {f"communes table: {name}": value for name, value in changes.items()}


def without(late, code):
    return [t for t in late if t[0] != code]


# --- The write paths -----------------------------------------------------------------------------
# The world (tests/dashboard/conftest.py): 12 live tasks; overdue 9.1 (nobody, 30 days) and 1.3
# (An, 3 days); 2.2 awaiting confirmation (An, due yesterday); 2.4, 3.2 and 9.1 unassigned.


@dataclass(frozen=True)
class WritePath:
    says: str  # what the user did, as the case's id
    write: Callable  # pages -> None: the write, through the project's own service
    expect: Callable  # (before, pages) -> {what the pages show: its value after the write}
    prepare: Callable | None = None  # pages -> None: before the pages are first rendered


def _report_done(p):
    workflow.report_progress(p.task("1.3"), by=p.an, status=TaskStatus.DONE, progress=100, note="Đã xong")


def _confirm(p):
    workflow.confirm(p.task("2.2"), by=p.clerk, note="Đạt yêu cầu")


def _return(p):
    workflow.return_task(p.task("2.2"), by=p.clerk, reason="Thiếu biên bản")


def _assign(p):
    assignment.assign(p.task("3.2"), by=p.clerk, lead=p.binh, cooperating=[p.an])


def _bulk_assign(p):
    items = [(task, task.version) for task in (p.task("2.4"), p.task("9.1"))]
    assignment.bulk_assign(items, by=p.clerk, lead=p.an)


def _edit(p):
    task = p.task("9.1")
    editing.edit_task(task, by=p.clerk, title="Rà soát thủ tục hành chính", expected_output=task.expected_output)


def _move_deadline(p):
    late = p.days(-2)
    editing.change_deadline(
        p.task("3.2"), by=p.clerk, deadline=Deadline.by_date(late, f"{late:%d/%m/%Y}"), reason="Sớm"
    )


def _remove(p):
    editing.soft_delete(p.task("1.3"), by=p.clerk, reason="Trùng")


def _add(p):
    late = p.days(-4)
    editing.add_task(
        p.plan,
        by=p.clerk,
        code="PL.1",
        title="Tiếp công dân lưu động",
        text="",
        deadline=Deadline.by_date(late, f"{late:%d/%m/%Y}"),
        content_area=ContentArea.objects.get(code=3),
        lead=p.binh,
    )


def appendix_function(name):
    """`importing.appendix`'s round trip, wherever the package keeps it (it is being split into
    modules): imported here, not at the top, so that the rest of this file runs meanwhile."""
    package = importlib.import_module("importing.appendix")
    modules = [package] + [
        importlib.import_module(f"importing.appendix.{m.name}") for m in pkgutil.iter_modules(package.__path__)
    ]
    for module in modules:
        if callable(getattr(module, name, None)):
            return getattr(module, name)
    raise LookupError(f"importing.appendix has no {name}() any more: update appendix_function() in {__file__}")


def _apply_appendix(p):
    """The clerk downloads the task summary table, moves 3.2's deadline and gives 2.4 to An."""
    from openpyxl import load_workbook

    exported = io.BytesIO()
    appendix_function("write_appendix")(exported, p.plan)
    wb = load_workbook(io.BytesIO(exported.getvalue()))
    ws = wb.active
    header = next(r for r in ws.iter_rows() if "Mã" in [c.value for c in r])
    column = {c.value: c.column for c in header if c.value}
    for r in ws.iter_rows(min_row=header[0].row + 1):
        code = r[column["Mã"] - 1].value
        if code == "3.2":
            ws.cell(r[0].row, column["Thời gian hoàn thành"]).value = f"{p.days(-2):%d/%m/%Y}"
        elif code == "2.4":
            ws.cell(r[0].row, column["Chủ trì"]).value = p.an.full_name
    edited = io.BytesIO()
    wb.save(edited)
    upload = SimpleUploadedFile("bieu.xlsx", edited.getvalue())
    preview = appendix_function("read_appendix")(upload, p.plan)
    assert preview.ok and len(preview.changes) == 2, preview.errors
    appendix_function("apply_appendix")(preview, by=p.clerk)


def _import_again(p):
    from importing.plan import import_plan

    import_plan(SEED_PLAN, unit=p.commune, year=p.today.year, replace=True, by=p.clerk)


def _imported(before, p):
    n = Task.objects.filter(plan__unit=p.commune, plan__year=p.today.year).count()
    return {"tasks": n, "done": 0, "tasks scored against": n, "latest update": None, **row(tasks=n, done=0)}


QUARTER = "Q1"


def _open_round(p):
    rounds.open_round(p.plan, Period.parse(f"{p.today.year}-{QUARTER}"), by=p.clerk)


def _close_round(p):
    rounds.close_round(p.plan.rounds.get(), by=p.clerk)


def _round(status):
    return lambda before, p: {"round": (Period.parse(f"{p.today.year}-{QUARTER}").name, status)}


def _save_figure(p, score="42.5"):
    papi.save_figure(
        p.commune,
        p.today.year,
        PapiScore.Source.OFFICIAL,
        values={"score": Decimal(score), "rank": 12, "rank_base": 63, "group": ""},
    )


def _clear_in_the_form(p):
    """The score entry form with the total left blank: its figure is deleted (a QuerySet.delete())."""
    from reports.forms_scores import ScoreEntryForm

    form = ScoreEntryForm({"source": PapiScore.Source.OFFICIAL}, unit=p.commune, year=p.today.year)
    assert form.is_valid(), form.errors
    form.save()


def _upload_scores(p):
    """The score spreadsheet's confirmed preview, applied."""
    from reports.score_sheet import apply_rows, rows_from_token

    rows = rows_from_token([[p.today.year, "official", "Tổng", "44.1", 9, 63, ""]], p.commune)
    assert apply_rows(rows, p.commune) == 1


def _delete_person(p):
    """A superuser deletes Bình in the admin: the tasks he led become unassigned."""
    admin = User.objects.create_superuser("quantri", password="pw-quantri", full_name="Quản trị")
    client = Client()
    client.force_login(admin)
    response = client.post(reverse("admin:plans_user_delete", args=[p.binh.pk]), {"post": "yes"})
    assert response.status_code == 302 and not User.objects.filter(pk=p.binh.pk).exists()


WRITE_PATHS = [
    WritePath(
        "an official reports the overdue task 1.3 done (workflow.report_progress)",
        _report_done,
        lambda b, p: {
            "overdue": b["overdue"] - 1,
            "awaiting": b["awaiting"] + 1,
            "late list": without(b["late list"], "1.3"),
            "area lights": {**b["area lights"], "1": "green"},
            "latest update": ("1.3", "progress", TaskStatus.AWAITING_CONFIRMATION),
            **row(overdue=b["communes table: overdue"] - 1),
        },
    ),
    WritePath(
        "the clerk confirms 2.2 (workflow.confirm)",
        _confirm,
        lambda b, p: {
            "done": b["done"] + 1,
            "awaiting": b["awaiting"] - 1,
            "latest update": ("2.2", "confirmed", TaskStatus.DONE),
            **row(done=b["communes table: done"] + 1),
        },
    ),
    WritePath(
        "the clerk returns 2.2, due yesterday (workflow.return_task)",
        _return,
        lambda b, p: {
            "awaiting": b["awaiting"] - 1,
            "overdue": b["overdue"] + 1,
            "late list": [*b["late list"], ("2.2", "Việc 2.2", "Ngô Văn An")],
            **row(overdue=b["communes table: overdue"] + 1),
        },
    ),
    WritePath(
        "the clerk gives 3.2 to Bình (assignment.assign)",
        _assign,
        lambda b, p: {"tasks led": {"Trần Văn Bình": 5, "Ngô Văn An": 5, None: 2}},
    ),
    WritePath(
        "the clerk gives 2.4 and 9.1 to An at once (assignment.bulk_assign)",
        _bulk_assign,
        lambda b, p: {
            "tasks led": {"Trần Văn Bình": 4, "Ngô Văn An": 7, None: 1},
            "late list": [("9.1", "Việc 9.1", "Ngô Văn An"), ("1.3", "Việc 1.3", "Ngô Văn An")],
        },
    ),
    WritePath(
        "the clerk renames the overdue task 9.1 (editing.edit_task)",
        _edit,
        lambda b, p: {"late list": [("9.1", "Rà soát thủ tục hành chính", None), ("1.3", "Việc 1.3", "Ngô Văn An")]},
    ),
    WritePath(
        "the clerk moves 3.2's deadline to two days ago (editing.change_deadline)",
        _move_deadline,
        lambda b, p: {
            "overdue": b["overdue"] + 1,
            "late list": [*b["late list"], ("3.2", "Việc 3.2", None)],
            **row(overdue=b["communes table: overdue"] + 1),
        },
    ),
    WritePath(
        "the clerk removes the overdue task 1.3 (editing.soft_delete)",
        _remove,
        lambda b, p: {
            "tasks": b["tasks"] - 1,
            "overdue": b["overdue"] - 1,
            "late list": without(b["late list"], "1.3"),
            "area lights": {**b["area lights"], "1": "green"},
            "tasks scored against": b["tasks scored against"] - 1,
            **row(tasks=b["communes table: tasks"] - 1, overdue=b["communes table: overdue"] - 1),
        },
    ),
    WritePath(
        "the clerk adds the task PL.1, four days late already (editing.add_task)",
        _add,
        lambda b, p: {
            "tasks": b["tasks"] + 1,
            "overdue": b["overdue"] + 1,
            "late list": [b["late list"][0], ("PL.1", "Tiếp công dân lưu động", "Trần Văn Bình"), b["late list"][1]],
            "tasks scored against": b["tasks scored against"] + 1,
            **row(tasks=b["communes table: tasks"] + 1, overdue=b["communes table: overdue"] + 1),
        },
    ),
    WritePath(
        "the clerk uploads the edited task summary table (importing.appendix apply_appendix)",
        _apply_appendix,
        lambda b, p: {
            "overdue": b["overdue"] + 1,
            "late list": [*b["late list"], ("3.2", "Việc 3.2", None)],
            "tasks led": {"Trần Văn Bình": 4, "Ngô Văn An": 6, None: 2},
            **row(overdue=b["communes table: overdue"] + 1),
        },
    ),
    WritePath(
        "the clerk imports the plan again over this year's (importing.plan.import_plan, replace=True)",
        _import_again,
        _imported,
    ),
    WritePath(
        "the clerk opens the Q1 reporting round (reports.services.open_round)",
        _open_round,
        _round("open"),
    ),
    WritePath(
        "the clerk closes the reporting round (reports.services.close_round)",
        _close_round,
        _round("closed"),
        prepare=_open_round,
    ),
    WritePath(
        "the clerk enters this year's total score (reports.scores.save_figure)",
        _save_figure,
        lambda b, p: {"score": Decimal("42.5"), **row(score=Decimal("42.5"))},
    ),
    WritePath(
        "the clerk uploads the score spreadsheet (reports.score_sheet.apply_rows)",
        _upload_scores,
        lambda b, p: {"score": Decimal("44.1"), **row(score=Decimal("44.1"))},
        prepare=_save_figure,
    ),
    WritePath(
        "the clerk clears the total score in the score form (ScoreEntryForm.save)",
        _clear_in_the_form,
        lambda b, p: {"score": None, **row(score=None)},
        prepare=_save_figure,
    ),
    WritePath(
        "a superuser deletes an official who leads tasks (the admin)",
        _delete_person,
        lambda b, p: {"tasks led": {"Ngô Văn An": 5, None: 7}},
    ),
]


@pytest.fixture
def pages(world, commune, chairman, supervisor, officials, clerk, today):
    return Pages(world, commune, chairman, supervisor, officials, clerk, today)


@pytest.mark.parametrize("path", WRITE_PATHS, ids=[p.says for p in WRITE_PATHS])
def test_what_a_write_changes_shows_at_the_next_request(pages, path):
    if path.prepare:
        path.prepare(pages)
    before = look(pages)  # now cached
    path.write(pages)
    expected = path.expect(before, pages)
    assert expected and all(before[k] != v for k, v in expected.items()), "the case must change what the pages show"

    after = look(pages)

    assert {k: after[k] for k in expected} == expected, "the cached pages kept showing what was there before"
    cache.clear()
    assert look(pages) == after, "the cached pages differ from the same pages computed afresh"


def test_the_pages_here_really_come_from_the_cache(pages):
    """A write that sends no signal is not seen: the cases above prove the receivers, not a missing cache."""
    before = look(pages)
    Task.objects.filter(pk=pages.task("1.3").pk).update(status=TaskStatus.DONE)  # bypasses the signals
    assert look(pages) == before
    cache.clear()
    assert look(pages)["overdue"] == before["overdue"] - 1


# --- Guard 1: bulk writes in the production source -----------------------------------------------

CONNECTED = "connected in reports.cache: QuerySet.delete() sends post_delete per row for a model with receivers"
NOT_READ = "no cached page reads"
A_DICT = "a dict's update(), not a queryset's"

# (file, function, what, receiver) -> why it cannot leave the cached pages stale. `receiver` is the
# name the call chain starts from (the model, or the variable).
ALLOWED_BULK_WRITES = {
    ("accounts/services.py", "request_email_change", ".update()", "EmailChange"): f"{NOT_READ} e-mail changes",
    ("accounts/services.py", "cancel_email_change", ".update()", "EmailChange"): f"{NOT_READ} e-mail changes",
    ("core/health.py", "check_database", ".cursor()", "connection"): "SELECT 1: the health check writes nothing",
    ("importing/staging.py", "stage_upload", ".update()", "payload"): (
        "a dict: the staged upload's signed token gains the preview's appendix matches; no row is written"
    ),
    ("demo/loader.py", "_assign_and_report", "bulk_create()", "ProgressUpdate"): (
        "the demo's updates, bulk-created in the transaction of the tasks' save(): their on-commit bumps run "
        "after (reports/cache.py); dev and test settings only"
    ),
    ("demo/loader.py", "_assign_and_report", "bulk_create()", "Comment"): f"{NOT_READ} comments",
    ("demo/synthetic/__init__.py", "delete_synthetic_province", "QuerySet.delete()", "Plan"): CONNECTED,
    ("demo/synthetic/__init__.py", "delete_synthetic_province", "QuerySet.delete()", "PapiScore"): CONNECTED,
    ("demo/synthetic/__init__.py", "delete_synthetic_province", "QuerySet.delete()", "User"): CONNECTED,
    ("demo/synthetic/__init__.py", "delete_synthetic_province", "QuerySet.delete()", "communes"): CONNECTED,
    ("demo/synthetic/__init__.py", "delete_synthetic_province", "QuerySet.delete()", "districts"): CONNECTED,
    ("demo/synthetic/builder.py", "Builder._save", "bulk_create()", "model"): (
        "a new synthetic province's units, plans, tasks, scores: no entry can exist for them, and the "
        "province's own create() bumps the epoch (reports/cache.py); dev and test settings only"
    ),
    ("demo/synthetic/builder.py", "Builder._people", "bulk_create()", "through"): f"{NOT_READ} role groups",
    ("demo/synthetic/builder.py", "Builder._tasks", "bulk_create()", "through"): (
        "the new synthetic tasks' cooperating officials (see Builder._save); no cached page reads them"
    ),
    ("demo/synthetic/builder.py", "Builder._tasks", ".update()", "self"): "a Counter's update(), not a queryset's",
    ("importing/appendix/applying.py", "_give_reason", ".update()", "Task"): (
        "Task.history: the audit trail, which no cached page reads; the assign() before it saved the task"
    ),
    ("importing/plan/service.py", "_store_contents", "bulk_create()", "BasisDocument"): f"{NOT_READ} basis documents",
    ("importing/plan/service.py", "_store_contents", "bulk_create()", "Responsibility"): (
        f"{NOT_READ} responsibilities"
    ),
    ("importing/views/appendix.py", "_preview_page", ".update()", "context"): A_DICT,
    ("notifications/services.py", "notify", "bulk_create()", "Notification"): (
        "notifications: the unread count is read on every request, never cached"
    ),
    ("notifications/views.py", "mark_read", ".update()", "notifications"): "notifications (see notify)",
    **dict.fromkeys(
        [
            ("plans/units.py", "_province_rows", "bulk_create()", "AdministrativeUnit"),
            ("plans/units.py", "_province_rows", "bulk_update()", "AdministrativeUnit"),
            ("plans/units.py", "_commune_rows", "bulk_create()", "AdministrativeUnit"),
            ("plans/units.py", "_commune_rows", "bulk_update()", "AdministrativeUnit"),
            ("plans/successors.py", "link_successors", "bulk_update()", "AdministrativeUnit"),
        ],
        "the national list's units (load_units, link_successors): when anything changed, one unit is saved "
        "through save() after them in the same transaction, whose post_save reports.cache turns into "
        "bump_all() (units are reference data), at once and at commit (case: tests/units/test_load_units.py, "
        "a province's cached communes table shows the communes loaded)",
    ),
    ("reports/forms_scores.py", "ScoreEntryForm.save", "QuerySet.delete()", "PapiScore"): (
        f"{CONNECTED} (case: the clerk clears the total score in the score form)"
    ),
    ("reports/jobs.py", "_set_progress", ".update()", "ExportJob"): f"{NOT_READ} export jobs",
    ("reports/jobs.py", "run_export", ".update()", "ExportJob"): f"{NOT_READ} export jobs",
    ("reports/jobs.py", "_fail", ".update()", "ExportJob"): f"{NOT_READ} export jobs",
    ("reports/jobs.py", "delete_expired_exports", ".update()", "ExportJob"): f"{NOT_READ} export jobs",
    ("reports/services.py", "open_round", "bulk_create_with_history()", "Submission"): (
        f"{NOT_READ} submissions (the dashboard shows the round, whose create() bumps the commune)"
    ),
    ("reports/services.py", "open_round", "bulk_create()", "SubmissionItem"): f"{NOT_READ} submissions",
    ("reports/services.py", "close_round", "bulk_create()", "TaskSnapshot"): (
        f"{NOT_READ} the frozen tasks (the round's save() after it bumps the commune)"
    ),
    ("reports/services.py", "save_submission", "bulk_update()", "SubmissionItem"): f"{NOT_READ} submissions",
    ("tasks/views/editing.py", "bulk_assign.page", ".update()", "context"): A_DICT,
    ("tasks/views/overview.py", "plan_overview", ".update()", "context"): A_DICT,
}

BULK = {"bulk_create", "bulk_update", "bulk_create_with_history", "bulk_update_with_history"}
RAW = {"raw", "extra", "cursor", "_raw_delete", "_update", "_insert", "_batched_insert"}
# What a queryset is built with (the receiver of a .delete() that is a QuerySet.delete()).
QUERYSET_METHODS = {
    *("filter", "exclude", "all", "none", "select_for_update", "order_by", "distinct", "only", "defer"),
    *("annotate", "select_related", "prefetch_related", "values", "values_list"),
    *("alive", "for_user", "for_plan", "for_unit", "open", "done", "overdue", "involving", "with_bucket"),
    *("within", "visible_to", "unread", "valid_in"),
}
MANAGERS = {"objects", "all_objects", "_base_manager", "_default_manager", "history"}


def _start(node):
    """The name a call chain starts from: `Task` in Task.objects.filter(...).update(...)."""
    while not isinstance(node, ast.Name):
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return "?"
    return node.id


def _is_queryset(node, assigned):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in QUERYSET_METHODS
    if isinstance(node, ast.Attribute):
        return node.attr in MANAGERS
    if isinstance(node, ast.Name):  # a variable holding a queryset built in the same function
        return any(_is_queryset(value, {}) for value in assigned.get(node.id, ()))
    return False


class _BulkWrites(ast.NodeVisitor):
    """(function, what, receiver, line) of each write that sends no model signal."""

    def __init__(self):
        self.found, self.names, self.assigned = [], [], [{}]

    def visit_FunctionDef(self, node):
        assigned = {}
        for sub in ast.walk(node):
            if isinstance(sub, ast.Assign):
                for target in sub.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(sub.value)
        self.names.append(node.name)
        self.assigned.append(assigned)
        self.generic_visit(node)
        self.assigned.pop()
        self.names.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.names.append(node.name)
        self.generic_visit(node)
        self.names.pop()

    def visit_Call(self, node):
        func = node.func
        method = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        what = start = None
        if method == "update" and isinstance(func, ast.Attribute) and node.keywords and not node.args:
            what, start = ".update()", _start(func.value)  # QuerySet.update() takes keywords only
        elif method in BULK:
            what = f"{method}()"
            start = _start(func.value) if isinstance(func, ast.Attribute) else _start(node.args[1])
        elif method in RAW and isinstance(func, ast.Attribute):
            what, start = f".{method}()", _start(func.value)
        elif (
            method == "delete"
            and isinstance(func, ast.Attribute)
            and not (node.args or node.keywords)
            and _is_queryset(func.value, self.assigned[-1])
        ):
            what, start = "QuerySet.delete()", _start(func.value)
        if what:
            self.found.append((".".join(self.names) or "<module>", what, start, node.lineno))
        self.generic_visit(node)


def bulk_writes(source):
    visitor = _BulkWrites()
    visitor.visit(ast.parse(source))
    return visitor.found


def production_bulk_writes():
    """{(file, function, what, receiver): [line, ...]} over the project's packages (tests and migrations
    left out; `demo` in, since it writes what the pages read)."""
    found = {}
    for path in project_modules().values():
        file = path.relative_to(ROOT).as_posix()
        for function, what, start, line in bulk_writes(path.read_text(encoding="utf-8")):
            found.setdefault((file, function, what, start), []).append(line)
    return found


def test_every_bulk_write_in_the_source_says_why_it_cannot_leave_the_dashboard_stale():
    unexplained = {key: lines for key, lines in production_bulk_writes().items() if key not in ALLOWED_BULK_WRITES}

    assert not unexplained, (
        "Writes that send no model signal, so reports.cache does not see them (the dashboard, the PAPI "
        "comparison and the cross-commune table may keep showing the old rows for up to a day):\n"
        + "\n".join(
            f"  {f}:{lines[0]} in {fn}(): {what} on {start}" for (f, fn, what, start), lines in unexplained.items()
        )
        + "\nFor each one: if it writes rows those pages read (tasks, their links, progress updates, PAPI scores, "
        "plans, reporting rounds, units, content areas, sub-dimensions), make it send the signals (save() per "
        "row; QuerySet.delete() does) or bump the cache after it (reports.cache.bump_unit(unit ids) or "
        "bump_all(), from an app that may import reports; see README's layers), and add a case to WRITE_PATHS "
        f"in {__file__}. Then add it to ALLOWED_BULK_WRITES there with the reason it cannot leave them stale."
    )


def test_the_allow_list_of_bulk_writes_names_only_writes_that_are_still_there():
    gone = sorted(set(ALLOWED_BULK_WRITES) - set(production_bulk_writes()))

    assert not gone, (
        "ALLOWED_BULK_WRITES names writes no longer in the source (moved or removed): update or delete:\n"
        + "\n".join(f"  {entry}" for entry in gone)
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n    Task.objects.filter(pk=1).update(status='done')", [("f", ".update()", "Task", 2)]),
        ("def f(d):\n    d.update({'a': 1})\n    d.update(other)", []),
        ("def f():\n    ProgressUpdate.objects.bulk_create(rows)", [("f", "bulk_create()", "ProgressUpdate", 2)]),
        ("def f():\n    bulk_update_with_history(rows, Task, [])", [("f", "bulk_update_with_history()", "Task", 2)]),
        ("class A:\n    def f(self):\n        connection.cursor()", [("A.f", ".cursor()", "connection", 3)]),
        ("def f():\n    qs = Task.objects.filter(plan=p)\n    qs.delete()", [("f", "QuerySet.delete()", "qs", 3)]),
        ("def f():\n    task = Task.objects.filter(plan=p).first()\n    task.delete()", []),
        ("def f(storage):\n    storage.delete(name)", []),
    ],
    ids=["queryset update", "dict update", "bulk_create", "bulk_update_with_history", "cursor", "qs delete",
         "instance delete", "storage delete"],
)  # fmt: skip
def test_the_scan_tells_bulk_writes_from_lookalikes(source, expected):
    assert bulk_writes(source) == expected


# --- Guard 2: the models the cached pages read ---------------------------------------------------

# Models the cached computations read without a receiver for some of their signals, and why.
NOT_TRACKED = {
    "plans.user": {
        "signals": {"post_save"},
        "why": (
            "a person's row is saved at every sign-in: names and roles are not tracked (shown for "
            "CACHE_TTL at most, see reports/cache.py); a deletion is, since it unassigns their tasks"
        ),
    },
}
# (model, field) with on_delete=SET_NULL whose target has no receiver of its deletion, and why.
NULLED_UNSEEN = {
    ("tasks.task", "section"): "no cached page reads a task's section",
    ("plans.user", "position"): "the pages name people by full name, never by position",
    ("plans.user", "department"): "no cached page reads a person's department",
}


SIGNALLED = (models.CASCADE, models.PROTECT, models.RESTRICT, models.DO_NOTHING)


def cache_receivers(signal, sender):
    sync, async_ = signal._live_receivers(sender)
    return [r for r in (*sync, *async_) if getattr(r, "__module__", "") == "reports.cache"]


def models_the_pages_read(pages):
    """The models whose tables the three cached computations query, found in their SQL."""
    _save_figure(pages)
    _open_round(pages)
    with CaptureQueriesContext(connection) as queries:
        commune_dashboard(pages.plan, pages.today)
        papi.comparison(pages.commune, pages.today.year)
        communes_table(pages.commune.parent, pages.today.year, pages.today)
    sql = "\n".join(q["sql"] for q in queries.captured_queries)
    read = [m for m in apps.get_models(include_auto_created=True) if f'"{m._meta.db_table}"' in sql]
    assert Task in read and PapiScore in read, "the query capture found nothing: check models_the_pages_read()"
    return read


def untracked(model):
    """The signals of `model` that reports.cache does not listen to."""
    if model._meta.auto_created:  # a many-to-many table: changed through m2m_changed only
        return set() if cache_receivers(m2m_changed, model) else {"m2m_changed"}
    return {
        name
        for name, signal in (("post_save", post_save), ("post_delete", post_delete))
        if not cache_receivers(signal, model)
    }


def test_every_model_the_cached_pages_read_retires_them_when_it_changes(pages):
    missing = {}
    for model in models_the_pages_read(pages):
        unheard = untracked(model) - NOT_TRACKED.get(model._meta.label_lower, {}).get("signals", set())
        if unheard:
            missing[model._meta.label_lower] = sorted(unheard)

    assert not missing, (
        "The cached dashboard, PAPI comparison or cross-commune table read these models, but reports.cache "
        "does not hear these signals of them, so a change would not show for up to a day:\n"
        + "\n".join(f"  {label}: {', '.join(signals)}" for label, signals in missing.items())
        + "\nConnect them in reports.cache.connect() (bump the unit whose pages show the row, or bump_all()) and "
        f"add a case to WRITE_PATHS in {__file__}; or, if a change of it cannot matter, list it in NOT_TRACKED "
        "there with the reason."
    )


def test_deleting_a_row_the_pages_point_at_retires_them(pages):
    """on_delete=SET_NULL rewrites the pages' rows in one UPDATE: the deleted row's own signal is
    the only one sent (deleting a lead official unassigns their tasks)."""
    missing = []
    for model in models_the_pages_read(pages):
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            # CASCADE sends each deleted row's post_delete, except for a many-to-many table's rows.
            if field.remote_field.on_delete in SIGNALLED and not model._meta.auto_created:
                continue
            target = field.related_model
            if cache_receivers(post_delete, target) or (model._meta.label_lower, field.name) in NULLED_UNSEEN:
                continue
            missing.append(f"  deleting a {target._meta.label_lower} changes {model._meta.label_lower}.{field.name}")

    assert not missing, (
        "Deleting these rows rewrites rows the cached pages read without a signal reports.cache hears:\n"
        + "\n".join(missing)
        + "\nConnect post_delete of the deleted model in reports.cache.connect() (bump_all() if its rows may be "
        f"anywhere), or list (model, field) in NULLED_UNSEEN in {__file__} with the reason it cannot matter."
    )
