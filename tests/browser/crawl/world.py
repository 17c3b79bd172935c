"""The data the page crawl walks through: the demo commune (`load_demo`) plus what the demo leaves
empty, so that every page shows rows and states: a reporting round with a pending, a submitted, a
returned and an accepted report, notifications, reminders sent and failed, an export in progress
and one ready, evidence, a pending e-mail change, a supervisor and an account administrator.

Each role of `plans.models.Role` needs a person here: the crawl fails if a new role has none.
"""

import datetime
import re
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from demo.loader import DEMO_PASSWORD, load_demo
from plans.models import AdministrativeUnit, Plan, Role, User
from tasks.models import Comment, Evidence, Task, TaskStatus

PASSWORD = DEMO_PASSWORD
DATA = Path(__file__).resolve().parents[2] / "data"


@dataclass
class World:
    people: dict  # Role value -> username signed in for that role
    ids: dict = field(default_factory=dict)  # what fills URL parameters, by name (see catalogue.py)
    files: dict = field(default_factory=dict)  # files the crawl uploads, by name


def _person(username, **fields):
    user, _created = User.objects.update_or_create(username=username, defaults=fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def _first(queryset, what):
    obj = queryset.order_by("pk").first()
    if obj is None:
        raise AssertionError(f"the demo data has no {what}: tests/browser/crawl/world.py needs one")
    return obj


def build_world(tmp_path):
    demo = load_demo()
    commune, plan = demo.commune, demo.plan
    by_username = {p.username: p for p in demo.people}
    clerk, official = by_username["vanphong"], by_username["tuphap"]
    people = {Role.OFFICIAL: official.username}
    for person in demo.people:
        people.setdefault(person.role, person.username)
    if Role.SUPERVISOR not in people:
        district = commune.parent
        people[Role.SUPERVISOR] = _person("huyen", full_name="Hoàng Văn Huyện", unit=district, role=Role.SUPERVISOR)
    if Role.ACCOUNT_ADMIN not in people:
        province = AdministrativeUnit.objects.filter(kind="province").first()
        people[Role.ACCOUNT_ADMIN] = _person("quantri", full_name="Phạm Minh Quân", unit=province, role="account_admin")
    people = {role: getattr(who, "username", who) for role, who in people.items()}
    # Signs in and out for the "signed out" page, and is locked out for the lockout page.
    _person("khach", full_name="Khách Thử", unit=commune, role=Role.OBSERVER)
    _person("khoa", full_name="Người Bị Khóa", unit=commune, role=Role.OBSERVER)

    tasks = Task.objects.filter(plan=plan)
    own = tasks.filter(lead=official)
    awaiting = _first(tasks.filter(status=TaskStatus.AWAITING_CONFIRMATION), "task awaiting confirmation")
    awaiting.cooperating.add(official)
    if not awaiting.updates.exists() or not Comment.objects.filter(task=awaiting).exists():
        Comment.objects.create(task=awaiting, author=clerk, text="Đề nghị bổ sung biên bản.")
    Evidence.objects.create(
        task=awaiting,
        uploaded_by=official,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="bien-ban.pdf"),
        original_name="Biên bản họp dân.pdf",
        content_type="application/pdf",
        size=15,
    )
    done = _first(tasks.filter(status=TaskStatus.DONE), "finished task")
    open_task = _first(own.exclude(status__in=[TaskStatus.DONE, TaskStatus.AWAITING_CONFIRMATION]), "open task")
    # The clerk's forms are sent with errors, and its deletion form (a reason is optional) not at all.
    clerk_task = _first(tasks.exclude(pk__in=[awaiting.pk, done.pk, open_task.pk]), "fourth task")

    submissions = _reports(plan, clerk, official)
    call_command("send_reminders", date=str(plan.year) + "-06-28", stdout=StringIO())
    exports = _exports(clerk, commune)

    # A pending e-mail change: its link (the token is only ever in the e-mail).
    from accounts import services as account_services
    from accounts.models import SecurityEvent

    outbox = len(mail.outbox)
    account_services.request_email_change(official, official, "binh.moi@trungtrac.demo", via=SecurityEvent.Via.PORTAL)
    prefix = re.escape(reverse("accounts:email_confirm", args=["TOKEN"]).replace("TOKEN/", ""))
    tokens = [m for msg in mail.outbox[outbox:] for m in re.findall(prefix + r"([^/\s]+)/", msg.body)]
    if not tokens:
        raise AssertionError("the e-mail change sent no confirmation link: cannot fill accounts:email_confirm")

    # A department of the commune leads the clerk's task; the official heads it (the post-2025 shape).
    from plans.models import Department

    office = Department.objects.create(unit=commune, name="Văn phòng HĐND và UBND", head=official)
    clerk_task.lead, clerk_task.lead_department = None, office
    clerk_task.save()

    # A commune merged into the demo commune, with an open task: the dashboard's "Trước sáp nhập"
    # and the clerk's page carrying it over.
    merged = AdministrativeUnit.objects.create(
        kind="commune", code="99901", name="Đình Dù", parent=commune.parent,
        succeeded_by=commune, dissolved_on=datetime.date(2025, 7, 1),
    )  # fmt: skip
    merged_plan = Plan.objects.create(unit=merged, year=2023, title="Kế hoạch PAPI 2023 xã Đình Dù")
    Task.objects.create(plan=merged_plan, code="1.a", title="Tiếp công dân định kỳ", text="Tiếp công dân định kỳ.")

    khach = User.objects.get(username="khach")
    ids = {
        "task": [awaiting.pk, done.pk, open_task.pk],
        "clerk_task": clerk_task.pk,
        "official": official.pk,
        "position": official.position_id,
        "department": office.pk,
        "merged_plan": merged_plan.pk,
        "round": submissions["round"],
        "submission": submissions["list"],
        "email_token": tokens[0],
        "reset": (urlsafe_base64_encode(force_bytes(khach.pk)), default_token_generator.make_token(khach)),
        "export": exports,
    }
    return World(people=people, ids=ids, files=_files(tmp_path, clerk, plan))


def _reports(plan, clerk, official):
    """Q2/2024: the official's report returned, one accepted, one waiting for review, the rest
    pending. Returns the round and the reports [pending, submitted, returned, accepted]."""
    from reports import services
    from reports.models import Submission
    from reports.periods import Period

    round_ = services.open_round(plan, Period.parse(f"{plan.year}-Q2"), by=clerk)
    submissions = list(round_.submissions.select_related("official").order_by("pk"))
    mine = [s for s in submissions if s.official_id == official.pk]
    others = [s for s in submissions if s.official_id != official.pk]
    if not mine or len(others) < 3:
        raise AssertionError("the demo round has too few officials to show every state of a report")
    returned, accepted, submitted, pending = mine[0], *others[:3]
    for submission in (returned, accepted, submitted):
        items = {item.task_id: "Đã triển khai, có biên bản kèm theo." for item in submission.items.all()}
        data = {"results": "Hoàn thành các nhiệm vụ được giao.", "limitations": "", "causes": "", "proposals": ""}
        services.save_submission(submission, by=submission.official, data=data, items=items, submit=True)
    services.return_submission(Submission.objects.get(pk=returned.pk), by=clerk, reason="Bổ sung số liệu tháng 6.")
    services.accept_submission(Submission.objects.get(pk=accepted.pk), by=clerk)
    return {"round": round_.pk, "list": [pending.pk, submitted.pk, returned.pk, accepted.pk]}


def _exports(clerk, commune):
    from reports.models import ExportJob

    now = timezone.now()
    ready = ExportJob.objects.create(
        requested_by=clerk,
        unit=commune,
        kind=ExportJob.Kind.REPORT,
        params={"period": "2024-Q2"},
        status=ExportJob.Status.DONE,
        progress=100,
        file=ContentFile(b"PK\x03\x04", name="bao-cao.xlsx"),
        file_name="Báo cáo PAPI Quý II-2024.xlsx",
        finished_at=now,
        expires_at=now + datetime.timedelta(days=7),
    )
    ExportJob.objects.create(
        requested_by=clerk, unit=commune, kind=ExportJob.Kind.REPORT, status=ExportJob.Status.RUNNING, progress=40
    )
    ExportJob.objects.create(
        requested_by=clerk, unit=commune, kind=ExportJob.Kind.APPENDIX, status=ExportJob.Status.FAILED, error="Lỗi"
    )
    return ready.pk


def _files(tmp_path, clerk, plan):
    """What the crawl uploads: a plan document (its preview) and the appendix back (its preview)."""
    client = Client()
    client.force_login(clerk)
    response = client.get(reverse("importing:appendix_download"), {"plan": plan.pk})
    if response.status_code != 200:
        raise AssertionError(f"the appendix download answered {response.status_code}: the crawl cannot upload it")
    appendix = tmp_path / "phu-luc.xlsx"
    appendix.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    return {"plan": DATA / "plans" / "ke-hoach-papi-2024-xa-lac-hong.txt", "appendix": appendix}
