"""What each person should be reminded of on a day, worked out from the data alone.

Nothing here depends on whether beat ran yesterday: a digest is due when the tasks say so
(a deadline N days away, due today, overdue and not reminded for `overdue_repeat_days`, an
ongoing task near the end of its review period and not yet reminded for it), so after an
outage the next scan sends today's reminders once, never a flood of the missed days.

`compute()` runs a fixed number of queries whatever the number of tasks and communes.

Other apps add sections to the digests without this package importing them (reports → tasks,
never the reverse): `register_section(name, provider, kind=...)`, usually from an AppConfig's
`ready()`. compute() calls each provider once, before it loads the people, as

    provider(day, people_ids, unit_ids, settings=config) -> {person_id: [item dict]}

`people_ids` is None (everyone) or the recipients asked for; `unit_ids` the communes whose reminders
are on; `settings` {unit_id: ReminderSettings}. A provider runs one or two queries whatever the data
size. The items land in `digest.extra[name]` of the person's digest of that kind (official: anyone
the provider names; clerk: the commune's clerks, on working days, like the rest of their digest).
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Q, Value

from plans.models import Plan, Role, User
from tasks.deadlines import ReviewFrequency
from tasks.models import Task, TaskStatus

from .models import Reminder, ReminderSettings

Kind = Reminder.Kind


@dataclass
class Digest:
    """One message to one person: the sections hold task rows (dicts from `.values()`)."""

    recipient: dict
    unit_id: int
    kind: str
    day: datetime.date
    due_soon: dict = field(default_factory=dict)  # {days: [task]}
    due_today: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    review: list = field(default_factory=list)  # [(task, period end)]
    awaiting: list = field(default_factory=list)  # clerk: tasks to confirm
    overdue_by_official: list = field(default_factory=list)  # [(person dict, [task])]
    overdue_by_area: list = field(default_factory=list)  # [(area code or None, count)]
    extra: dict = field(default_factory=dict)  # {section name: [item]} from the registered providers

    @property
    def recipient_id(self):
        return self.recipient["id"]

    @property
    def task_ids(self):
        rows = [*self.due_today, *self.overdue, *self.awaiting, *(t for t, _end in self.review)]
        rows += [t for tasks in self.due_soon.values() for t in tasks]
        rows += [t for _person, tasks in self.overdue_by_official for t in tasks]
        return sorted({t["id"] for t in rows})

    @property
    def extra_count(self):
        """Items of the registered sections (they carry no task id, so task_ids ignores them)."""
        return sum(len(items) for items in self.extra.values())

    @property
    def is_empty(self):
        return not self.task_ids and not self.extra_count

    @property
    def overdue_count(self):
        if self.kind == Kind.OFFICIAL:
            return len(self.overdue)
        return sum(len(tasks) for _person, tasks in self.overdue_by_official)


TASK_FIELDS = [
    "id",
    "code",
    "title",
    "status",
    "due_date",
    "deadline_kind",
    "deadline_text",
    "review_frequency",
    "lead_id",
    "lead_department__head_id",
    "lead_department__name",
    "plan__unit_id",
    "content_area__code",
]


# {kind: {section name: provider}}: see the module's docstring.
SECTIONS = {Kind.OFFICIAL: {}, Kind.CLERK: {}}


def register_section(name, provider, *, kind=Kind.OFFICIAL):
    """Add a section `name` to the digests of `kind` (official or clerk); registering a name again
    replaces its provider. Each provider costs compute() its own queries (one or two)."""
    if kind not in SECTIONS:
        raise ValueError(f"Sections can be added to official or clerk digests, not {kind!r}.")
    SECTIONS[kind][name] = provider


def review_period_end(day, frequency):
    """The last day of the review period that contains `day`."""
    if frequency == ReviewFrequency.WEEKLY:
        return day + datetime.timedelta(days=4 - day.weekday()) if day.weekday() <= 4 else day
    months = {
        ReviewFrequency.MONTHLY: 1,
        ReviewFrequency.QUARTERLY: 3,
        ReviewFrequency.HALF_YEARLY: 6,
        ReviewFrequency.YEARLY: 12,
    }.get(frequency)
    if months is None:
        return None
    last_month = ((day.month - 1) // months + 1) * months
    return datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def _units_with_active_plans(unit_ids):
    plans = Plan.objects.filter(status=Plan.Status.ACTIVE)
    if unit_ids is not None:
        plans = plans.filter(unit_id__in=unit_ids)
    return set(plans.values_list("unit_id", flat=True))


COOPERATING, DELEGATED = 1, 2


def _people_to_remind(day, tasks, relevant):
    """{task id: people to remind}: the lead official, the cooperating officials and the heads of
    cooperating departments; for a department's task the people it was delegated to, and its head
    while nobody has it or it is overdue. One query (a union of the three link tables)."""
    through = Task.cooperating.through.objects.filter(task__in=relevant)
    links = (
        through.annotate(source=Value(COOPERATING))
        .values_list("task_id", "user_id", "source")
        .union(
            Task.delegates.through.objects.filter(task__in=relevant, user__is_active=True)
            .annotate(source=Value(DELEGATED))
            .values_list("task_id", "user_id", "source"),
            Task.cooperating_departments.through.objects.filter(task__in=relevant, department__head__isnull=False)
            .annotate(source=Value(COOPERATING))
            .values_list("task_id", "department__head_id", "source"),
            all=True,
        )
    )
    people_of, delegated = defaultdict(set), set()
    for task_id, user_id, source in links:
        if task_id in tasks:
            people_of[task_id].add(user_id)
            if source == DELEGATED:
                delegated.add(task_id)
    for t in tasks.values():
        if t["lead_id"]:
            people_of[t["id"]].add(t["lead_id"])
        overdue = t["due_date"] is not None and t["due_date"] < day
        if t["lead_department__head_id"] and (t["id"] not in delegated or overdue):
            people_of[t["id"]].add(t["lead_department__head_id"])
    return people_of


def compute(day, *, unit_ids=None, recipient_ids=None, kinds=None):
    """Every digest due on `day` (a local date), optionally narrowed to some communes, people or kinds.

    Queries: active plans' communes, their settings, the open tasks, the cooperating links,
    the people, the last overdue/review reminders, the chairman summaries of the week, the
    tasks awaiting confirmation: eight, however many tasks there are, plus the queries of each
    registered section provider (run once, before the people are loaded).
    """
    kinds = set(kinds or Kind.values)
    units = _units_with_active_plans(unit_ids)
    config = ReminderSettings.for_unit_ids(sorted(units))
    units = {u for u in units if config[u].enabled}
    if not units:
        return []
    horizon = day + datetime.timedelta(days=max([0, *(n for c in config.values() for n in c.due_days)]))
    open_tasks = Task.objects.filter(plan__unit_id__in=units, plan__status=Plan.Status.ACTIVE).exclude(
        status__in=[TaskStatus.DONE, TaskStatus.AWAITING_CONFIRMATION]
    )
    relevant = open_tasks.filter(Q(due_date__lte=horizon) | Q(deadline_kind="ongoing", review_frequency__gt=""))
    tasks = {t["id"]: t for t in relevant.values(*TASK_FIELDS)}
    people_of = _people_to_remind(day, tasks, relevant)

    extra = _provided_sections(day, recipient_ids, units, config, kinds)

    leaders = Q(role__in=[Role.CLERK, Role.CHAIRMAN], unit_id__in=units)
    named = {p for ids in people_of.values() for p in ids} | {p for _k, _n, found in extra for p in found}
    wanted = Q(pk__in=named) | leaders
    # Observers and supervisors only read: never reminded, even if still named on a task (the clerk
    # may have turned an official into an observer after assigning them).
    people_query = User.objects.filter(wanted, is_active=True).exclude(role__in=[Role.OBSERVER, Role.SUPERVISOR])
    if recipient_ids is not None:
        people_query = people_query.filter(pk__in=recipient_ids)
    people = {
        p["id"]: p
        for p in people_query.values("id", "full_name", "username", "email", "email_notifications", "role", "unit_id")
    }
    last = {
        row["recipient_id"]: row
        for row in Reminder.objects.filter(recipient_id__in=people, kind=Kind.OFFICIAL, status=Reminder.Status.SENT)
        .values("recipient_id")
        .annotate(
            overdue=Max("day", filter=Q(has_overdue=True)),
            review=Max("day", filter=Q(has_review=True)),
        )
    }

    digests = {}

    def digest(person_id, kind):
        key = (person_id, kind)
        if key not in digests:
            person = people[person_id]
            digests[key] = Digest(person, person["unit_id"] or 0, kind, day)
        return digests[key]

    if Kind.OFFICIAL in kinds:
        _official_digests(day, tasks, people_of, people, config, last, digest)
    if kinds & {Kind.CLERK, Kind.CHAIRMAN}:
        _leader_digests(day, tasks, people, config, units, kinds, digest)
    _attach_sections(day, extra, people, units, digest)
    return [d for d in digests.values() if not d.is_empty]


def _provided_sections(day, recipient_ids, units, config, kinds):
    """[(kind, name, {person_id: [item]})] from the registered providers of the wanted kinds."""
    people_ids = None if recipient_ids is None else sorted(recipient_ids)
    found = []
    for kind, sections in SECTIONS.items():
        if kind not in kinds:
            continue
        for name, provider in sections.items():
            found.append((kind, name, provider(day, people_ids, sorted(units), settings=config) or {}))
    return found


def _attach_sections(day, extra, people, units, digest):
    for kind, name, found in extra:
        for person_id, items in found.items():
            person = people.get(person_id)  # inactive people, observers and supervisors are not there
            if person is None or not items or person["unit_id"] not in units:
                continue
            if kind == Kind.CLERK and (person["role"] != Role.CLERK or day.weekday() >= 5):
                continue
            digest(person_id, kind).extra[name] = list(items)


def _official_digests(day, tasks, people_of, people, config, last, digest):
    for task in tasks.values():
        settings = config[task["plan__unit_id"]]
        due = task["due_date"]
        for person_id in people_of[task["id"]]:
            if person_id not in people:
                continue
            seen = last.get(person_id, {})
            if due is not None:
                days_left = (due - day).days
                if days_left == 0:
                    digest(person_id, Kind.OFFICIAL).due_today.append(task)
                elif days_left in settings.due_days:
                    digest(person_id, Kind.OFFICIAL).due_soon.setdefault(days_left, []).append(task)
                elif days_left < 0:
                    previous = seen.get("overdue")
                    if previous is None or (day - previous).days >= settings.overdue_repeat_days:
                        digest(person_id, Kind.OFFICIAL).overdue.append(task)
            elif task["review_frequency"]:
                end = review_period_end(day, task["review_frequency"])
                window_start = end - datetime.timedelta(days=settings.review_notice_days) if end else None
                previous = seen.get("review")
                if end and window_start <= day <= end and (previous is None or previous < window_start):
                    digest(person_id, Kind.OFFICIAL).review.append((task, end))


def _leader_digests(day, tasks, people, config, units, kinds, digest):
    overdue = [t for t in tasks.values() if t["due_date"] is not None and t["due_date"] < day]
    by_unit_official = defaultdict(lambda: defaultdict(list))
    by_unit_area = defaultdict(lambda: defaultdict(int))
    for task in overdue:
        by_unit_area[task["plan__unit_id"]][task["content_area__code"]] += 1
        # By who leads it: an official (their id), or a department (its name stands for the person).
        if task["lead_id"]:
            by_unit_official[task["plan__unit_id"]][task["lead_id"]].append(task)
        elif task["lead_department__name"]:
            by_unit_official[task["plan__unit_id"]][("department", task["lead_department__name"])].append(task)
    names = dict(
        User.objects.filter(pk__in={t["lead_id"] for t in overdue if t["lead_id"]}).values_list("pk", "full_name")
    )
    names.update({key: key[1] for found in by_unit_official.values() for key in found if isinstance(key, tuple)})
    awaiting = defaultdict(list)
    if Kind.CLERK in kinds:
        rows = Task.objects.filter(plan__unit_id__in=units, plan__status=Plan.Status.ACTIVE).filter(
            status=TaskStatus.AWAITING_CONFIRMATION
        )
        for task in rows.values(*TASK_FIELDS):
            awaiting[task["plan__unit_id"]].append(task)
    monday = day - datetime.timedelta(days=day.weekday())
    # This week's summaries only: one sent in a later week (a past day asked for with --date) does not count.
    this_week = (monday, monday + datetime.timedelta(days=6))
    summarised = set(
        Reminder.objects.filter(kind=Kind.CHAIRMAN, day__range=this_week, status=Reminder.Status.SENT).values_list(
            "recipient_id", flat=True
        )
    )
    for person in people.values():
        unit_id = person["unit_id"]
        if unit_id not in units:
            continue
        officials = [
            ({"id": pk, "full_name": names.get(pk, "")}, sorted(found, key=lambda t: t["due_date"]))
            for pk, found in sorted(by_unit_official[unit_id].items(), key=lambda item: -len(item[1]))
        ]
        if person["role"] == Role.CLERK and Kind.CLERK in kinds and day.weekday() < 5:
            clerk = digest(person["id"], Kind.CLERK)
            clerk.awaiting = awaiting[unit_id]
            clerk.overdue_by_official = officials
        if (
            person["role"] == Role.CHAIRMAN
            and Kind.CHAIRMAN in kinds
            and day.weekday() >= config[unit_id].chairman_weekday
            and person["id"] not in summarised
        ):
            chairman = digest(person["id"], Kind.CHAIRMAN)
            chairman.overdue_by_official = officials
            chairman.overdue_by_area = sorted(
                by_unit_area[unit_id].items(), key=lambda item: (item[0] is None, item[0] or 0)
            )
