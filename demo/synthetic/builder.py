"""The bulk writer behind `demo.synthetic.generate()`: units, people, plans, tasks, progress, scores."""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from demo.loader import DEMO_PASSWORD, POSITIONS
from plans.models import AdministrativeUnit, ContentArea, PapiScore, Plan, PlanSection, Position, Role, User
from plans.text import name_sort_key
from tasks.deadlines import ROMAN, Deadline, PeriodKind, ReviewFrequency
from tasks.models import ProgressUpdate, Task, TaskStatus

from .dates import VN_TZ, month_end, office_datetime, office_times
from .vocabulary import (
    AREA_BASE,
    FEMALE,
    LEADS,
    MALE,
    NOTES,
    OUTCOME_NAMES,
    OUTCOME_WEIGHTS,
    STAFF,
    SURNAMES,
    TITLES,
    WORKERS,
    item_letters,
    place_name,
)

BATCH = 2000


class Builder:
    def __init__(self, code, rng, year, today):
        self.code, self.rng, self.year = code, rng, year
        self.as_of = min(today, datetime.date(year, 12, 31))
        self.counts = {}
        self.province = None
        self.areas = {area.pk: area for area in ContentArea.objects.filter(code__range=(1, 8)).order_by("code")}

    def run(self, n_communes, n_tasks, n_updates, per_district):
        self.province = AdministrativeUnit.objects.create(
            kind=AdministrativeUnit.Kind.PROVINCE, code=self.code, name=f"Tổng hợp {self.code}"
        )
        communes = self._units(n_communes, per_district)
        people = self._people(communes)
        plans = self._plans(communes, people)
        sections = self._sections(plans)
        self._tasks(plans, sections, people, n_tasks, n_updates)
        self._scores(communes)
        self.counts["units"] = 1 + self.counts["districts"] + len(communes)

    def _save(self, model, rows, label):
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        self.counts[label] = self.counts.get(label, 0) + len(created)
        return created

    # --- units and people ------------------------------------------------------------

    def _units(self, n, per_district):
        n_districts = (n + per_district - 1) // per_district
        districts = self._save(
            AdministrativeUnit,
            [
                AdministrativeUnit(
                    kind=AdministrativeUnit.Kind.DISTRICT,
                    code=f"{self.code}D{d:03d}",
                    name=place_name(d - 1),
                    parent=self.province,
                )
                for d in range(1, n_districts + 1)
            ],
            "districts",
        )
        return self._save(
            AdministrativeUnit,
            [
                AdministrativeUnit(
                    kind=AdministrativeUnit.Kind.COMMUNE,
                    code=f"{self.code}C{i:05d}",
                    name=place_name(i - 1 + 7),
                    parent=districts[(i - 1) // per_district],
                )
                for i in range(1, n + 1)
            ],
            "communes",
        )

    def _people(self, communes):
        """~8 officials per commune: {commune id: {suffix: user}}."""
        positions = {
            name: Position.objects.get_or_create(name=name, defaults={"short_name": short, "order": (i + 1) * 10})[0]
            for i, (name, short) in enumerate(POSITIONS)
        }
        password = make_password(DEMO_PASSWORD)  # hashed once, shared by every synthetic user
        rows = []
        for commune in communes:
            for suffix, role, position in STAFF:
                full_name = self._full_name()
                rows.append(
                    User(
                        username=f"{commune.code.lower()}_{suffix}",
                        password=password,
                        full_name=full_name,
                        sort_name=name_sort_key(full_name),
                        unit=commune,
                        position=positions[position],
                        role=role,
                        email_notifications=False,
                    )
                )
        users = self._save(User, rows, "users")
        groups = {role: Group.objects.get_or_create(name=Role(role).group_name)[0] for _s, role, _p in STAFF}
        through = User.groups.through
        through.objects.bulk_create(
            [through(user_id=u.pk, group_id=groups[u.role].pk) for u in users], batch_size=BATCH
        )
        people = {}
        for user in users:
            people.setdefault(user.unit_id, {})[user.username.rsplit("_", 1)[1]] = user
        return people

    def _full_name(self):
        middles, givens = self.rng.choice((MALE, FEMALE))
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(middles)} {self.rng.choice(givens)}"

    # --- plans and sections ----------------------------------------------------------

    def _plans(self, communes, people):
        return self._save(
            Plan,
            [
                Plan(
                    unit=commune,
                    year=self.year,
                    number=f"{self.rng.randint(1, 60):02d}/KH-UBND",
                    issuing_body=f"ỦY BAN NHÂN DÂN XÃ {commune.name.upper()}",
                    title=f"Kế hoạch nâng cao Chỉ số hiệu quả quản trị và hành chính công năm {self.year}",
                    issue_date=datetime.date(self.year, 1, self.rng.randint(3, 25)),
                    place=commune.name,
                    target=f"Chỉ số PAPI của xã năm {self.year} tăng bậc so với năm {self.year - 1}.",
                    signer_name=people[commune.pk]["chutich"].full_name,
                    signer_title="CHỦ TỊCH",
                    status=Plan.Status.ACTIVE,
                )
                for commune in communes
            ],
            "plans",
        )

    def _sections(self, plans):
        """Per plan: II, its sections 1 / 3 / 4, and the eight area sub-sections of 1.

        Returns {plan id: {content area id, or "1" / "3" / "4": section}}; one bulk insert per level.
        """
        areas = list(self.areas.values())
        S = PlanSection
        parts = self._save(
            S,
            [
                S(plan=p, order=1, kind=S.Kind.PART, purpose=S.Purpose.TASKS, number="II", heading="NỘI DUNG")
                for p in plans
            ],
            "sections",
        )
        headings = {
            "1": "Tổ chức thực hiện tốt nhiệm vụ chuyên môn gắn với các nội dung của Chỉ số PAPI",
            "3": "Công tác thông tin, tuyên truyền",
            "4": "Kiểm tra, giám sát việc thực hiện Kế hoạch",
        }
        order = {"1": 2, "3": 3 + len(areas), "4": 4 + len(areas)}
        level1 = self._save(
            S,
            [
                S(
                    plan=p,
                    parent=part,
                    order=order[n],
                    kind=S.Kind.SECTION,
                    purpose=S.Purpose.TASKS,
                    number=n,
                    heading=h,
                )
                for p, part in zip(plans, parts, strict=True)
                for n, h in headings.items()
            ],
            "sections",
        )
        by_plan = {}
        for section in level1:
            by_plan.setdefault(section.plan_id, {})[section.number] = section
        level2 = self._save(
            S,
            [
                S(
                    plan=p,
                    parent=by_plan[p.pk]["1"],
                    order=3 + i,
                    kind=S.Kind.SUBSECTION,
                    purpose=S.Purpose.TASKS,
                    number=f"1.{area.code}",
                    heading=f"Nội dung “{area.name_vi}”",
                    content_area=area,
                )
                for p in plans
                for i, area in enumerate(areas)
            ],
            "sections",
        )
        for section in level2:
            by_plan[section.plan_id][section.content_area_id] = section
        return by_plan

    # --- tasks -----------------------------------------------------------------------

    def _tasks(self, plans, sections, people, n_tasks, n_updates):
        """Tasks round-robin over the eight areas and sections 3 and 4, leads by field, with history.

        Written a few communes at a time so that memory stays flat at country scale.
        """
        self.counts.update(tasks=0, cooperating=0, updates=0)
        per_chunk = max(1, 20_000 // max(1, n_tasks * max(1, n_updates)))
        for first in range(0, len(plans), per_chunk):
            rows, cooperating, histories = [], [], []
            for plan in plans[first : first + per_chunk]:
                self._plan_tasks(
                    plan, sections[plan.pk], people[plan.unit_id], n_tasks, n_updates, rows, cooperating, histories
                )
            tasks = self._save(Task, rows, "tasks")
            through = Task.cooperating.through
            links = [
                through(task_id=t.pk, user_id=u.pk) for t, users in zip(tasks, cooperating, strict=True) for u in users
            ]
            through.objects.bulk_create(links, batch_size=BATCH)
            self.counts["cooperating"] += len(links)
            for task, history in zip(tasks, histories, strict=True):
                for update in history:
                    update.task_id = task.pk
            self._save(ProgressUpdate, [u for history in histories for u in history], "updates")

    def _plan_tasks(self, plan, sections, staff, n_tasks, n_updates, rows, cooperating, histories):
        rng = self.rng
        slots = [*self.areas.values(), "3", "4"]
        created_at = datetime.datetime(self.year, 1, 5, 8, 0, tzinfo=VN_TZ)
        letters = {}
        for i in range(n_tasks):
            slot = slots[i % len(slots)]
            is_area = isinstance(slot, ContentArea)
            key = slot.code if is_area else slot
            index = letters[key] = letters.get(key, -1) + 1
            title = rng.choice(TITLES[key])
            lead = staff[rng.choice(LEADS[key])]
            task = Task(
                plan=plan,
                section=sections[slot.pk if is_area else slot],
                code=f"1.{key}.{item_letters(index)}" if is_area else f"{key}.{item_letters(index)}",
                order=i + 1,
                title=title,
                text=f"{title} năm {self.year}.",
                content_area=slot if is_area else None,
                lead=lead,
                created_at=created_at,
                **self._deadline().as_task_fields(),
            )
            rows.append(task)
            others = [staff[w] for w in WORKERS if staff[w] != lead]
            cooperating.append(rng.sample(others, rng.choice((0, 1, 1, 2))))
            histories.append(self._history(task, staff, n_updates))

    def _deadline(self):
        rng, year = self.rng, self.year
        kind = rng.random()
        if kind < 0.3:
            month = rng.randint(2, 12)
            day = datetime.date(year, month, rng.choice((15, 28)))
            if day.day == 28:
                day = month_end(year, month)
            return Deadline.by_date(day, f"Trước {day.day}/{day.month}/{year}")
        if kind < 0.65:
            period = rng.choice(("quarter", "quarter", "half", "year", "month"))
            if period == "quarter":
                q = rng.randint(1, 4)
                roman = next(r for r, n in ROMAN.items() if n == q).upper()
                return Deadline.period(PeriodKind.QUARTER, q, year, f"Quý {roman}/{year}")
            if period == "half":
                h = rng.randint(1, 2)
                return Deadline.period(
                    PeriodKind.HALF_YEAR, h, year, f"6 tháng {'đầu' if h == 1 else 'cuối'} năm {year}"
                )
            if period == "month":
                m = rng.randint(2, 12)
                return Deadline.period(PeriodKind.MONTH, m, year, f"Tháng {m} năm {year}")
            return Deadline.period(PeriodKind.YEAR, 1, year, f"Năm {year}")
        text, frequency = rng.choice(
            (
                ("Thường xuyên", ReviewFrequency.QUARTERLY),
                ("Hàng quý", ReviewFrequency.QUARTERLY),
                ("Hàng tháng", ReviewFrequency.MONTHLY),
                ("Thường xuyên, báo cáo 6 tháng", ReviewFrequency.HALF_YEARLY),
            )
        )
        return Deadline.ongoing(text, frequency)

    # --- progress --------------------------------------------------------------------

    def _history(self, task, staff, k):
        """Exactly k updates following the portal's workflow; sets the task's final state.

        The lead reports rising progress; reporting done awaits confirmation (`completed_at` is
        that report's time), then the reviewer (the clerk, or the vice-chairman for the clerk's
        own tasks) confirms or returns it. With k = 0 the task stays not started. The updates
        get their task id once the task is saved.
        """
        if k == 0:
            return []
        rng = self.rng
        outcome = rng.choices(OUTCOME_NAMES, OUTCOME_WEIGHTS)[0]
        reviewed = outcome in ("on_time", "late", "returned")
        if reviewed and k < 2:
            outcome, reviewed = "awaiting", False  # no room for a report and its review
        start = datetime.date(self.year, 1, 8) + datetime.timedelta(days=rng.randint(0, 30))
        final_status, final = self._final(outcome)
        reports = k - 1 if reviewed else k
        end = self._end(outcome, task.due_date, start)
        times = office_times(rng, start, end, reports)
        ceiling = 90 if final == 100 else max(final - 5, 10)
        steps = sorted(rng.randint(5, ceiling) for _ in range(reports - 1))
        last_status = TaskStatus.AWAITING_CONFIRMATION if reviewed else final_status
        updates = [
            ProgressUpdate(
                author=task.lead,
                created_at=when,
                status=last_status if i == reports - 1 else TaskStatus.IN_PROGRESS,
                progress=percent,
                note=rng.choice(NOTES[last_status if i == reports - 1 else TaskStatus.IN_PROGRESS]),
            )
            for i, (when, percent) in enumerate(zip(times, [*steps, final], strict=True))
        ]
        if reviewed:
            reviewer = staff["phochutich" if task.lead == staff["vanphong"] else "vanphong"]
            day = min(end + datetime.timedelta(days=rng.randint(1, 4)), max(self.as_of, end))
            when = max(office_datetime(rng, day), times[-1] + datetime.timedelta(minutes=20))
            kind = ProgressUpdate.Kind.CONFIRMED if final_status == TaskStatus.DONE else ProgressUpdate.Kind.RETURNED
            note = rng.choice(NOTES[final_status])
            updates.append(
                ProgressUpdate(
                    author=reviewer, created_at=when, kind=kind, status=final_status, progress=100, note=note
                )
            )
        task.status, task.progress = final_status, updates[-1].progress
        finished = final_status in (TaskStatus.DONE, TaskStatus.AWAITING_CONFIRMATION)
        task.completed_at = times[-1] if finished else None
        return updates

    def _end(self, outcome, due, start):
        """The day of the last update: completion for done tasks, the latest report otherwise."""
        rng, as_of = self.rng, self.as_of
        if outcome == "late" and due and due + datetime.timedelta(days=7) <= as_of:
            end = due + datetime.timedelta(days=rng.randint(7, 40))
        elif outcome in ("on_time", "late") and due:
            end = due - datetime.timedelta(days=rng.randint(1, 20))
        else:
            end = as_of - datetime.timedelta(days=rng.randint(0, 40))
        return max(min(end, as_of), start + datetime.timedelta(days=7))

    def _final(self, outcome):
        rng = self.rng
        return {
            "on_time": (TaskStatus.DONE, 100),
            "late": (TaskStatus.DONE, 100),
            "awaiting": (TaskStatus.AWAITING_CONFIRMATION, 100),
            "returned": (TaskStatus.RETURNED, 100),
            "blocked": (TaskStatus.BLOCKED, rng.randint(3, 10) * 5),
            "in_progress": (TaskStatus.IN_PROGRESS, rng.randint(6, 18) * 5),
        }[outcome]

    # --- scores ----------------------------------------------------------------------

    def _scores(self, communes):
        """Per commune: last year's district assessment (areas, total with rank in its district) and a target."""
        rng, rows, totals = self.rng, [], {}
        note = "Số liệu tổng hợp (synthetic) phục vụ kiểm thử hiệu năng."
        for commune in communes:
            assessed, target = [], []
            for area in self.areas.values():
                score = Decimal(str(round(AREA_BASE[area.code] + rng.uniform(-0.8, 0.8), 2)))
                goal = score + Decimal(str(round(rng.uniform(0.05, 0.4), 2)))
                assessed.append(score)
                target.append(goal)
                for year, source, value in (
                    (self.year - 1, PapiScore.Source.DISTRICT, score),
                    (self.year, PapiScore.Source.TARGET, goal),
                ):
                    rows.append(
                        PapiScore(
                            unit=commune, year=year, source=source, area=area, score=value, is_demo=True, note=note
                        )
                    )
            total = PapiScore(
                unit=commune,
                year=self.year - 1,
                source=PapiScore.Source.DISTRICT,
                score=sum(assessed),
                is_demo=True,
                note=note,
            )
            totals.setdefault(commune.parent_id, []).append(total)
            rows += [
                total,
                PapiScore(
                    unit=commune,
                    year=self.year,
                    source=PapiScore.Source.TARGET,
                    score=sum(target),
                    is_demo=True,
                    note=note,
                ),
            ]
        for ranked in totals.values():
            for rank, score in enumerate(sorted(ranked, key=lambda s: -s.score), start=1):
                score.rank, score.rank_base = rank, len(ranked)
        self._save(PapiScore, rows, "scores")
