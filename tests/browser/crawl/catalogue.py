"""Every URL pattern of the project, classified: a page the crawl opens (with what fills its path
parameters and which states it shows: filters applied, a form sent back with errors, an upload's
preview) or not a page (a POST-only action, a download, JSON), with the reason.

`check_classified()` walks the URL resolver: a pattern that is in neither table, or a page whose
path parameters have no filler, fails the crawl with a message saying what to add here. So a new
page is audited as soon as it has an entry, and cannot be added without one.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from plans.models import Role

OFFICIAL, CLERK, CHAIRMAN = Role.OFFICIAL.value, Role.CLERK.value, Role.CHAIRMAN.value
SUPERVISOR, ACCOUNT_ADMIN = Role.SUPERVISOR.value, Role.ACCOUNT_ADMIN.value
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Get:
    """Open the page, with a query string (filters, a year, a page number)."""

    query: str = ""
    roles: tuple | None = None  # None: every role (and anonymous for a public page)


@dataclass(frozen=True)
class Submit:
    """Send the page's form (CSS selector `form`) with values the server refuses, and audit the
    page that answers: the form with its errors, or what an upload returns (a preview).
    Text fields are emptied first unless `clear` is False; `files` names `World.files` entries."""

    form: str
    roles: tuple
    values: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    clear: bool = True
    kwargs: object = None  # world -> path parameters, when not the page's first ones
    query: str = ""


@dataclass(frozen=True)
class Page:
    params: object = None  # world -> [path parameters, ...]; required when the pattern has any
    states: tuple = (Get(),)
    public: bool = False  # also opened signed out


def _each(key, name="pk"):
    def fill(world):
        value = world.ids[key]
        return [{name: v} for v in (value if isinstance(value, list) else [value])]

    return fill


YEAR = "?year=2024"  # the demo plan's year; the current year has no plan (an empty state)

PAGES = {
    "home": Page(public=True),
    "dashboard": Page(),
    # Sign-in and passwords (Django's views, the project's templates).
    "login": Page(
        public=True,
        states=(Get(), Submit("main form", roles=(ANONYMOUS,), values={"username": "khach", "password": "sai"})),
    ),
    "password_reset": Page(
        public=True,
        states=(Get(), Submit("main form", roles=(ANONYMOUS,), values={"email": "không-phải-địa-chỉ"})),
    ),
    "password_reset_done": Page(public=True),
    "password_reset_confirm": Page(
        public=True,
        params=lambda w: [
            {"uidb64": w.ids["reset"][0], "token": w.ids["reset"][1]},
            {"uidb64": w.ids["reset"][0], "token": "sai-ma"},
        ],
        states=(
            Get(roles=(ANONYMOUS,)),
            Submit(
                "main form",
                roles=(ANONYMOUS,),
                values={"new_password1": "mot-mat-khau-dai-2024", "new_password2": "khac-han-2024"},
            ),
        ),
    ),
    "password_reset_complete": Page(public=True),
    "password_change": Page(states=(Get(), Submit("main form", roles=(OFFICIAL,)))),
    "password_change_done": Page(),
    # The person's own account, e-mail confirmation, security events.
    "accounts:my_account": Page(
        states=(Get(), Submit("#email-form", roles=(OFFICIAL,), values={"email-new_email": "sai"})),
    ),
    "accounts:email_confirm": Page(
        params=lambda w: [{"token": w.ids["email_token"]}], states=(Get(roles=(OFFICIAL,)),)
    ),
    "accounts:security_log": Page(
        states=(Get(), Get(query="?kind=role_granted&q=vanphong"), Get(query="?q=không-có-ai")),
    ),
    # Tasks: lists, a task, the clerk's pages.
    "tasks:task_list": Page(states=(Get(), Get(query="?bucket=overdue&year=2024"), Get(query="?q=không-có-nhiệm-vụ"))),
    "tasks:my_tasks": Page(states=(Get(), Get(query="?q=biên+bản"), Get(query="?bucket=done_late"))),
    "tasks:task_detail": Page(
        params=_each("task"),
        states=(
            Get(),
            Submit("#comment", roles=(OFFICIAL,)),
            Submit('form[action$="/return/"]', roles=(CLERK,)),
            Submit("#progress form", roles=(OFFICIAL,), kwargs=lambda w: {"pk": w.ids["task"][2]}),
        ),
    ),
    "tasks:plan_overview": Page(states=(Get(), Get(query=YEAR))),
    "tasks:bulk_assign": Page(states=(Get(query=YEAR), Submit("main form", roles=(CLERK,), query=YEAR))),
    "tasks:task_add": Page(states=(Get(query=YEAR), Submit("main form", roles=(CLERK,), query=YEAR))),
    # A unit merged into the demo commune (world.py): its open tasks carried into the 2024 plan.
    "tasks:carry_over": Page(states=(Get(query=YEAR + "&from={merged_plan}"),)),
    "importing:plan_upload": Page(
        states=(
            Get(),
            Submit("main form", roles=(CLERK,), values={"year": "1800"}),
            Submit("main form", roles=(CLERK,), clear=False, values={"year": "2025"}, files={"file": "plan"}),
        ),
    ),
    "tasks:task_assign": Page(params=_each("clerk_task")),
    "tasks:task_delegate": Page(params=_each("clerk_task"), states=(Get(), Submit("main form", roles=(CLERK,)))),
    "tasks:task_deadline": Page(params=_each("clerk_task"), states=(Get(), Submit("main form", roles=(CLERK,)))),
    "tasks:task_edit": Page(params=_each("clerk_task"), states=(Get(), Submit("main form", roles=(CLERK,)))),
    # Not sent: its reason is optional, so the form has no error to show (it would delete the task).
    "tasks:task_delete": Page(params=_each("clerk_task")),
    "people:officials": Page(),
    "people:official_add": Page(states=(Get(), Submit("main form", roles=(CLERK,)))),
    "people:official_edit": Page(params=_each("official")),
    "people:positions": Page(),
    "people:position_add": Page(states=(Get(), Submit("main form", roles=(CLERK,)))),
    "people:position_edit": Page(params=_each("position")),
    "people:departments": Page(),
    "people:department_add": Page(states=(Get(), Submit("main form", roles=(CLERK,)))),
    "people:department_edit": Page(params=_each("department")),
    "notifications:notifications": Page(states=(Get(), Get(query="?unread=1"))),
    "reminders:reminder_log": Page(states=(Get(), Get(query="?status=failed"))),
    "reminders:reminder_settings": Page(states=(Get(), Submit("main form", roles=(CLERK,)))),
    "reminders:my_reminder_preferences": Page(),
    # Reports: rounds and reports, exports, the appendix, settings, dashboards, scores.
    "reports:rounds": Page(),
    "reports:round_open": Page(states=(Get(), Get(query="?kind=quarter&index=2&year=2024"))),
    "reports:round_detail": Page(params=_each("round")),
    "reports:round_close": Page(params=_each("round")),
    "reports:submission": Page(
        params=_each("submission"),
        states=(
            Get(),
            Submit('form[action$="/return/"]', roles=(CLERK,), kwargs=lambda w: {"pk": w.ids["submission"][1]}),
        ),
    ),
    "reports:my_submissions": Page(),
    "reports:export": Page(states=(Get(), Submit("main form", roles=(CLERK,)))),
    "reports:my_exports": Page(),
    "importing:appendix": Page(
        states=(
            Get(),
            Submit("main form[enctype]", roles=(CLERK,)),
            Submit("main form[enctype]", roles=(CLERK,), clear=False, files={"file": "appendix"}),
        ),
    ),
    "reports:settings": Page(
        states=(Get(), Submit("main form", roles=(CLERK,), values={"submission_working_days": "-3"}))
    ),
    "reports:dashboard": Page(states=(Get(), Get(query="?print=1"))),
    "reports:communes": Page(states=(Get(), Get(query="?sort=tasks&dir=desc"))),
    "reports:scores": Page(states=(Get(), Get(query="?year=2023"))),
    "reports:scores_edit": Page(states=(Get(query=YEAR),)),
    "reports:scores_upload": Page(states=(Get(), Submit("main form[enctype]", roles=(CLERK,)))),
}

NOT_PAGES = {
    "healthz": "JSON for monitoring",
    "favicon": "a redirect to the static icon (the crawl checks that it answers)",
    "set_language": "POST only (the language button on every page)",
    "logout": "POST only; the crawl signs out from the menu and audits the signed-out page",
    "accounts:email_cancel": "POST only",
    "tasks:task_progress": "POST only; its errors show on the task page (tasks:task_detail states)",
    "tasks:task_evidence": "POST only; its errors show on the task page",
    "tasks:task_comment": "POST only; its errors show on the task page (tasks:task_detail states)",
    "tasks:task_confirm": "POST only; its errors show on the task page",
    "tasks:task_return": "POST only; its errors show on the task page (tasks:task_detail states)",
    "tasks:evidence_download": "a file download",
    "notifications:notifications_read_all": "POST only",
    "notifications:notification_open": "POST only (redirects to what the notification is about)",
    "notifications:notification_read": "POST only",
    "reminders:reminder_resend": "POST only",
    "reports:round_remind": "POST only",
    "reports:submission_return": "POST only; its errors show on the report page (reports:submission states)",
    "reports:submission_accept": "POST only",
    "reports:export_status": "JSON polled by the export page",
    "reports:export_download": "a file download",
    "importing:appendix_download": "a file download",
    "importing:appendix_apply": "POST only (from the appendix preview)",
    "reports:scores_template": "a file download",
}

# Whole namespaces left out, with the reason.
NOT_CRAWLED_NAMESPACES = {
    "admin": "Django's own admin (its templates and styles), a fallback for staff; not the portal's pages",
}


@dataclass(frozen=True)
class Pattern:
    name: str | None
    route: str
    params: tuple


def url_patterns():
    """Every URL pattern outside the namespaces left out: (name with namespace, route, parameters)."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                if ns in NOT_CRAWLED_NAMESPACES:
                    continue
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                params = tuple(entry.pattern.regex.groupindex)
                found.append(Pattern(name, prefix + str(entry.pattern), params))

    walk(get_resolver().url_patterns, "", None)
    return found


def check_classified(patterns):
    """The problems that keep a pattern out of the crawl, one line each (empty: none)."""
    problems = []
    for pattern in patterns:
        if pattern.name is None:
            problems.append(f"URL pattern {pattern.route!r} has no name: name it and classify it in PAGES or NOT_PAGES")
        elif pattern.name in PAGES:
            if pattern.params and PAGES[pattern.name].params is None:
                problems.append(
                    f"page {pattern.name!r} ({pattern.route}) has path parameters {pattern.params} "
                    "but no `params` filler in tests/browser/crawl/catalogue.py PAGES"
                )
        elif pattern.name not in NOT_PAGES:
            problems.append(
                f"URL pattern {pattern.name!r} ({pattern.route}) is not classified: add it to PAGES (with how to fill "
                "its parameters and its states) or to NOT_PAGES (with the reason) in tests/browser/crawl/catalogue.py"
            )
    names = {p.name for p in patterns}
    problems += [f"PAGES names {name!r}, which no URL pattern has" for name in sorted(set(PAGES) - names)]
    problems += [f"NOT_PAGES names {name!r}, which no URL pattern has" for name in sorted(set(NOT_PAGES) - names)]
    return problems
