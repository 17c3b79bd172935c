"""Every role over every view and action, GET and POST, including URLs the person cannot see.

Expected answers: OK (the page, a form with errors, or a redirect after success),
FORBIDDEN (403: the person sees the commune but may not do this), HIDDEN (404: the
object belongs to another commune), LOGIN (302 to the sign-in page).
Each request runs in a rolled-back savepoint so that one role's successful POST
(a confirmation, a deletion) does not change what the next request finds.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from notifications.models import Notification
from plans.models import ContentArea, Department, Plan, Position, Role
from reminders.models import Reminder
from reports.models import ExportJob
from reports.periods import Period
from reports.services import open_round
from tasks.models import Evidence, Task, TaskStatus

from .conftest import make_person

OK, FORBIDDEN, HIDDEN, LOGIN = "ok", 403, 404, "login"

# "head" heads the department that leads `dept_task`, "staff" is its member the task was delegated
# to, "other_dept" a member of another department of the commune.
IN_COMMUNE = ["lead", "coop", "other", "head", "staff", "other_dept", "clerk", "chairman", "vice", "observer"]
ROLES = [*IN_COMMUNE, "supervisor", "outsider_clerk", "outsider_official", "anonymous"]


def allow(*who, otherwise=FORBIDDEN, outsiders=HIDDEN):
    """Expected answer per role: OK for `who`, `otherwise` for the rest of the commune
    and the supervisor, `outsiders` for the other commune's people."""
    expected = {}
    for role in ROLES:
        if role == "anonymous":
            expected[role] = LOGIN
        elif role in who:
            expected[role] = OK
        elif role.startswith("outsider"):
            expected[role] = outsiders
        else:
            expected[role] = otherwise
    return expected


EVERYONE = [*IN_COMMUNE, "supervisor"]
EVERYONE_SIGNED_IN = [*EVERYONE, "outsider_clerk", "outsider_official"]
COMMENTERS = ["lead", "coop", "clerk", "chairman", "vice"]
REVIEWERS = ["clerk", "chairman", "vice"]
CLERKS = ["clerk", "outsider_clerk"]

# (URL name, object the URL takes, method, expected answers)
MATRIX = [
    # Reading
    ("tasks:my_tasks", None, "get", allow(*EVERYONE_SIGNED_IN)),
    ("tasks:task_list", None, "get", allow(*EVERYONE_SIGNED_IN)),
    ("tasks:plan_overview", None, "get", allow(*EVERYONE_SIGNED_IN)),
    ("tasks:task_detail", "task", "get", allow(*EVERYONE)),
    ("tasks:evidence_download", "evidence", "get", allow(*EVERYONE)),
    ("notifications:notifications", None, "get", allow(*EVERYONE_SIGNED_IN)),
    ("dashboard", None, "get", allow(*EVERYONE_SIGNED_IN)),
    # The official's work on the task
    ("tasks:task_progress", "task", "post", allow("lead", "clerk")),
    ("tasks:task_evidence", "task", "post", allow(*COMMENTERS)),
    ("tasks:task_comment", "task", "post", allow(*COMMENTERS)),
    ("tasks:task_confirm", "task", "post", allow(*REVIEWERS)),
    ("tasks:task_return", "task", "post", allow(*REVIEWERS)),
    # A task led by a department: its head and the staff it was delegated to report; the head
    # delegates; a member of another department is like any other official.
    ("tasks:task_detail", "dept_task", "get", allow(*EVERYONE)),
    ("tasks:task_progress", "dept_task", "post", allow("head", "staff", "clerk")),
    ("tasks:task_comment", "dept_task", "post", allow("head", "staff", "clerk", "chairman", "vice")),
    ("tasks:task_delegate", "dept_task", "get", allow("head", "clerk")),
    ("tasks:task_delegate", "dept_task", "post", allow("head", "clerk")),
    # A task an official leads is delegated by nobody.
    ("tasks:task_delegate", "task", "get", allow()),
    ("tasks:task_assign", "dept_task", "post", allow("clerk")),
    # The clerk's tools on a task of the commune
    ("tasks:task_assign", "task", "get", allow("clerk")),
    ("tasks:task_assign", "task", "post", allow("clerk")),
    ("tasks:task_deadline", "task", "get", allow("clerk")),
    ("tasks:task_deadline", "task", "post", allow("clerk")),
    ("tasks:task_edit", "task", "get", allow("clerk")),
    ("tasks:task_edit", "task", "post", allow("clerk")),
    ("tasks:task_delete", "task", "get", allow("clerk")),
    ("tasks:task_delete", "task", "post", allow("clerk")),
    # The clerk's tools on the commune (another commune's clerk works on their own commune)
    ("tasks:bulk_assign", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("tasks:bulk_assign", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("tasks:task_add", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    # Carrying a merged unit's tasks names the old plan (?from=): without it, nothing to carry (404)
    # for a clerk; everyone else is refused first. tests/mergers has the cases with a merged unit.
    ("tasks:carry_over", None, "get", {**allow(outsiders=FORBIDDEN), "clerk": HIDDEN, "outsider_clerk": HIDDEN}),
    ("tasks:task_add", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("importing:plan_upload", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("importing:plan_upload", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("people:officials", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("people:official_add", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("people:official_add", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    # Non-clerks are refused on their role before the person is looked up (403 for any id).
    ("people:official_edit", "person", "get", {**allow("clerk"), "outsider_official": FORBIDDEN}),
    ("people:official_edit", "person", "post", {**allow("clerk"), "outsider_official": FORBIDDEN}),
    ("people:positions", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("people:departments", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("people:department_add", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("people:department_edit", "department", "get", {**allow("clerk"), "outsider_official": FORBIDDEN}),
    ("people:department_edit", "department", "post", {**allow("clerk"), "outsider_official": FORBIDDEN}),
    ("people:position_add", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("people:position_edit", "position", "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    # Notifications belong to their recipient only
    ("notifications:notification_read", "notification", "post", allow("lead", otherwise=HIDDEN)),
    ("notifications:notification_open", "notification", "post", allow("lead", otherwise=HIDDEN)),
    ("notifications:notifications_read_all", None, "post", allow(*EVERYONE_SIGNED_IN)),
    # Reminders: the clerk runs the commune's schedule and log (another commune's clerk, their own);
    # resending takes a reminder of the commune (hidden from the other commune's clerk).
    ("reminders:reminder_settings", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("reminders:reminder_settings", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("reminders:reminder_log", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("reminders:reminder_resend", "reminder", "post", {**allow("clerk"), "outsider_official": FORBIDDEN}),
    # Everyone chooses for themselves whether reminders also come by e-mail.
    ("reminders:my_reminder_preferences", None, "get", allow(*EVERYONE_SIGNED_IN)),
    ("reminders:my_reminder_preferences", None, "post", allow(*EVERYONE_SIGNED_IN)),
    # Reporting rounds: everyone who sees the commune reads a round; the clerk opens, reminds,
    # closes, returns and accepts (another commune's clerk opens rounds of their own commune).
    ("reports:rounds", None, "get", allow(*EVERYONE_SIGNED_IN)),
    ("reports:round_open", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("reports:round_open", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("reports:round_detail", "round", "get", allow(*EVERYONE)),
    ("reports:round_remind", "round", "post", allow("clerk")),
    ("reports:round_close", "round", "get", allow("clerk")),
    ("reports:round_close", "round", "post", allow("clerk")),
    # A submission: its official edits it; the clerk, the leaders, observers and supervisors read it;
    # other officials (even one cooperating on the same task) may not.
    ("reports:submission", "submission", "get", allow("lead", "clerk", "chairman", "vice", "observer", "supervisor")),
    ("reports:submission", "submission", "post", allow("lead")),
    ("reports:submission_return", "submission", "post", allow("clerk")),
    ("reports:submission_accept", "submission", "post", allow("clerk")),
    ("reports:my_submissions", None, "get", allow(*EVERYONE_SIGNED_IN)),
    # The task summary table: the clerk downloads, uploads and applies it; the chairman and vice
    # download it. Other roles are refused on their role (403); each clerk works on their own commune.
    ("importing:appendix", None, "get", allow(*CLERKS, "chairman", "vice", outsiders=FORBIDDEN)),
    ("importing:appendix", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("importing:appendix_download", None, "get", allow(*CLERKS, "chairman", "vice", outsiders=FORBIDDEN)),
    ("importing:appendix_apply", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    # Exports: leaders and supervisors export; files belong to whoever asked for them.
    ("reports:export", None, "get", allow(*CLERKS, "chairman", "vice", "supervisor", outsiders=FORBIDDEN)),
    ("reports:export", None, "post", allow(*CLERKS, "chairman", "vice", "supervisor", outsiders=FORBIDDEN)),
    ("reports:my_exports", None, "get", allow(*EVERYONE_SIGNED_IN)),
    ("reports:settings", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("reports:settings", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("reports:export_status", "export", "get", allow("clerk", otherwise=HIDDEN)),
    ("reports:export_download", "export", "get", allow("clerk", otherwise=HIDDEN)),
    # PAPI scores: everyone reads their commune's (a supervisor the communes below); only the
    # clerk enters, uploads and downloads the template (another commune's clerk, for their own).
    ("reports:scores", None, "get", allow(*EVERYONE_SIGNED_IN)),
    ("reports:scores_edit", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("reports:scores_edit", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("reports:scores_upload", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("reports:scores_upload", None, "post", allow(*CLERKS, outsiders=FORBIDDEN)),
    ("reports:scores_template", None, "get", allow(*CLERKS, outsiders=FORBIDDEN)),
    # The commune dashboard: everyone reads their own commune's (the supervisor is pointed to the
    # cross-commune view); another commune's people see their own commune's plan.
    ("reports:dashboard", None, "get", allow(*EVERYONE_SIGNED_IN)),
    # The cross-commune table: supervisors see the communes of their unit, a commune's people their
    # own commune's row (another commune's people, theirs); nobody is refused.
    ("reports:communes", None, "get", allow(*EVERYONE_SIGNED_IN)),
]

# reports:* pages whose rows their authors have yet to add (exports and the appendix, written
# alongside the rounds); a name listed here is exempt from the coverage check below.
NOT_YET_IN_MATRIX = set()


@pytest.fixture
def world(commune, other_commune, district):
    people = {
        "lead": make_person("lead", commune, Role.OFFICIAL, "Công chức Tư pháp - Hộ tịch", "Trần Văn Bình"),
        "coop": make_person("coop", commune, Role.OFFICIAL, "Công chức Văn hóa - Xã hội", "Đỗ Thị Mai"),
        "other": make_person("other", commune, Role.OFFICIAL, "Công chức Tài chính - Kế toán", "Vũ Văn Hùng"),
        "clerk": make_person("clerk", commune, Role.CLERK, "Công chức Văn phòng - Thống kê", "Nguyễn Thị Hoa"),
        "chairman": make_person("chairman", commune, Role.CHAIRMAN, "Chủ tịch UBND xã", "Lê Ngọc Tuân"),
        "vice": make_person("vice", commune, Role.VICE_CHAIRMAN, "Phó Chủ tịch UBND xã", "Phạm Văn Long"),
        "observer": make_person(
            "observer", commune, Role.OBSERVER, "Chủ tịch Ủy ban MTTQ Việt Nam xã", "Hoàng Thị Lan"
        ),
        "supervisor": make_person("supervisor", district, Role.SUPERVISOR, "Chuyên viên Phòng Nội vụ", "Bùi Văn Nam"),
        "outsider_clerk": make_person(
            "outclerk", other_commune, Role.CLERK, "Công chức Văn phòng - Thống kê", "Ngô Thị Hà"
        ),
        "outsider_official": make_person(
            "outofficial", other_commune, Role.OFFICIAL, "Công chức Tư pháp - Hộ tịch", "Đặng Văn Sơn"
        ),
    }
    office = Department.objects.create(unit=commune, name="Văn phòng HĐND và UBND")
    culture = Department.objects.create(unit=commune, name="Phòng Văn hóa - Xã hội")
    for key, username, department, name in [
        ("head", "head", office, "Lý Thị Thu"),
        ("staff", "staff", office, "Mai Văn Tiến"),
        ("other_dept", "otherdept", culture, "Tạ Thị Nga"),
    ]:
        people[key] = make_person(username, commune, Role.OFFICIAL, "Công chức Văn phòng - Thống kê", name)
        people[key].department = department
        people[key].save()
    office.head = people["head"]
    office.save()
    plan = Plan.objects.create(unit=commune, year=2024, title="Kế hoạch PAPI 2024")
    Plan.objects.create(unit=other_commune, year=2024, title="Kế hoạch PAPI 2024 Lạc Hồng")
    task = Task.objects.create(
        plan=plan,
        code="1.3.a",
        title="Tiếp công dân",
        text="Thực hiện tốt việc tiếp công dân.",
        content_area=ContentArea.objects.get(code=3),
        lead=people["lead"],
        status=TaskStatus.AWAITING_CONFIRMATION,
        progress=100,
        deadline_kind="date",
        due_date=datetime.date(2024, 6, 30),
    )
    task.cooperating.add(people["coop"])
    dept_task = Task.objects.create(
        plan=plan,
        code="1.3.b",
        title="Niêm yết thủ tục hành chính",
        text="Niêm yết công khai thủ tục hành chính.",
        content_area=ContentArea.objects.get(code=3),
        lead_department=office,
        deadline_kind="date",
        due_date=datetime.date(2024, 9, 30),
    )
    dept_task.delegates.add(people["staff"])
    evidence = Evidence.objects.create(
        task=task,
        uploaded_by=people["lead"],
        file="evidence/2024/06/abc.pdf",
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
    )
    notification = Notification.objects.create(recipient=people["lead"], kind="returned", task=task)
    reminder = Reminder.objects.create(
        recipient=people["lead"],
        unit=commune,
        kind=Reminder.Kind.OFFICIAL,
        day=datetime.date(2024, 6, 25),
        status=Reminder.Status.FAILED,
        reason="550 mailbox unavailable",
        subject="[Cổng PAPI] Nhắc việc 25/06/2024",
        task_ids=[task.pk],
    )
    objects = {
        "task": task,
        "dept_task": dept_task,
        "department": office,
        "evidence": evidence,
        "person": people["other"],
        "position": Position.objects.get(name="Công chức Tài chính - Kế toán"),
        "notification": notification,
        "reminder": reminder,
    }
    # A reporting round of Q2/2024: the lead and the cooperating official are asked to report.
    round_ = open_round(plan, Period.parse("2024-Q2"), by=people["clerk"])
    objects["round"] = round_
    objects["submission"] = round_.submissions.get(official=people["lead"])
    # A finished export the clerk asked for: only the clerk may see or download it.
    export = ExportJob.objects.create(
        requested_by=people["clerk"],
        unit=commune,
        kind=ExportJob.Kind.REPORT,
        status=ExportJob.Status.DONE,
        params={"period": "2024-Q2", "style": "decree09"},
        file_name="bao-cao-papi-2024-Q2.xlsx",
    )
    export.file.save("bao-cao.xlsx", ContentFile(b"PK\x03\x04 not really a workbook"), save=True)
    objects["export"] = export
    return people, objects


def _answer(response):
    if response.status_code in (403, 404, 405):
        return response.status_code
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return LOGIN
    assert response.status_code in (200, 302, 409), response.status_code
    return OK


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_expected_answer_from_every_view_and_action(client, world, role, settings):
    people, objects = world
    # The evidence file exists on disk, so that a permitted download really succeeds.
    (settings.MEDIA_ROOT / "evidence/2024/06").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence/2024/06/abc.pdf").write_bytes(b"%PDF-1.4\n")
    if role != "anonymous":
        client.force_login(people[role])

    wrong = []
    for name, target, method, expected in MATRIX:
        args = [objects[target].pk] if target else []
        url = reverse(name, args=args)
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
        answer = _answer(response)
        if answer != expected[role]:
            wrong.append(f"{method.upper()} {url} ({name}): got {answer}, expected {expected[role]}")

    assert not wrong, "\n".join(wrong)


def test_the_matrix_covers_every_url_of_the_portal():
    from django.urls import get_resolver

    resolver = get_resolver()
    names = {
        f"{namespace}:{n}"
        for namespace in ("tasks", "reports")
        for n in resolver.namespace_dict[namespace][1].reverse_dict
        if isinstance(n, str)
    }
    covered = {name for name, *_ in MATRIX}

    assert names - covered - NOT_YET_IN_MATRIX == set()
    assert any(name.startswith("reports:") for name in covered)
