"""The cross-commune table for supervisors: one row per commune below a district or province.

`communes_table(user_or_unit, year)` reads everything in a fixed number of queries, whatever
the number of communes:

1. the communes (with their district and their plan of the year, a correlated subquery);
2. the task counts per commune: one GROUP BY over `Task.with_bucket()` by `plan__unit`;
3. the latest total score per commune: a window (ROW_NUMBER per unit, newest year first).

(plus one query for the newest plan year when `year` is None.)

Sorting, filtering and paging happen in Python on the finished rows (`sort_rows`,
`filter_rows`): a province has about 100 communes and the whole country about 3,300, so the
full list is small, and sorting by the computed rates (completion %, on-time rate, latest
score) in Python keeps the SQL to the three plain queries above. The district list of the
filter comes from the same rows, at no extra query.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import RowNumber

from plans.models import AdministrativeUnit, PapiScore, Plan
from plans.text import fold
from tasks.models import Bucket, Task

LOCAL_KINDS = AdministrativeUnit.LOCAL_KINDS  # communes, wards, special zones

# When a commune has several total scores for its newest year, the most authoritative wins.
# Targets are goals, not results: they never count as the latest score.
SOURCE_PRIORITY = [
    PapiScore.Source.OFFICIAL,
    PapiScore.Source.PROVINCIAL,
    PapiScore.Source.DISTRICT,
    PapiScore.Source.SELF,
]


@dataclass
class CommuneRow:
    pk: int
    name: str
    code: str
    district_id: int | None
    district: str
    plan_id: int | None = None
    tasks: int = 0
    done: int = 0
    done_on_time: int = 0
    overdue: int = 0
    score_year: int | None = None
    score: Decimal | None = None
    rank: int | None = None
    rank_base: int | None = None
    successor: str = ""  # a unit merged away in 2025: the name of the unit it is now part of

    @property
    def completion(self):
        """Done / tasks in per cent (None without tasks)."""
        return round(100 * self.done / self.tasks, 1) if self.tasks else None

    @property
    def on_time(self):
        """Done on time / done in per cent (None when nothing is done)."""
        return round(100 * self.done_on_time / self.done, 1) if self.done else None

    @property
    def rank_display(self):
        if self.rank and self.rank_base:
            return f"{self.rank}/{self.rank_base}"
        return str(self.rank or "")


# Sort keys a request may ask for (?sort=...), each a function of a row; None sorts last.
SORT_KEYS = {
    "name": lambda r: fold(r.name),
    "district": lambda r: (fold(r.district), fold(r.name)),
    "tasks": lambda r: r.tasks,
    "done": lambda r: r.done,
    "completion": lambda r: r.completion,
    "overdue": lambda r: r.overdue,
    "on_time": lambda r: r.on_time,
    "score": lambda r: r.score,
}
DEFAULT_SORT = "name"


def communes_of(user_or_unit):
    """The communes (and wards) a person may see, or those below a unit."""
    units = AdministrativeUnit.objects
    if isinstance(user_or_unit, AdministrativeUnit):
        scope = units.within(user_or_unit)
    else:
        scope = units.visible_to(user_or_unit)
    return scope.filter(kind__in=LOCAL_KINDS)


def latest_plan_year(user_or_unit):
    """The newest year any of the communes has a plan for (None without plans)."""
    return Plan.objects.filter(unit__in=communes_of(user_or_unit)).aggregate(year=Max("year"))["year"]


def communes_table(user_or_unit, year, today=None):
    """One CommuneRow per commune below the unit (or visible to the person), by name."""
    communes = communes_of(user_or_unit)
    plan_of_year = Plan.objects.filter(unit=OuterRef("pk"), year=year).values("pk")[:1]
    # Units merged away in 2025 appear only for a year they had a plan, labelled with their successor.
    listed = communes.annotate(plan_id=Subquery(plan_of_year)).filter(
        Q(succeeded_by__isnull=True) | Q(plan_id__isnull=False)
    )
    rows = {
        c["pk"]: CommuneRow(
            pk=c["pk"],
            name=c["name"],
            code=c["code"],
            district_id=c["parent_id"],
            district=c["parent__name"] or "",
            plan_id=c["plan_id"],
            successor=c["succeeded_by__name"] or "",
        )
        for c in listed.order_by("name", "code").values(
            "pk", "name", "code", "parent_id", "parent__name", "plan_id", "succeeded_by__name"
        )
    }
    if not rows:
        return []

    counts = (
        Task.objects.filter(plan__year=year, plan__unit__in=communes)
        .with_bucket(today=today)
        .order_by()
        .values("plan__unit")
        .annotate(
            total=Count("id"),
            done_on_time=Count("id", filter=Q(bucket=Bucket.DONE_ON_TIME)),
            done_late=Count("id", filter=Q(bucket=Bucket.DONE_LATE)),
            overdue=Count("id", filter=Q(bucket=Bucket.OVERDUE)),
        )
    )
    for c in counts:
        row = rows[c["plan__unit"]]  # a unit with a plan of the year is always listed
        row.tasks = c["total"]
        row.done_on_time = c["done_on_time"]
        row.done = c["done_on_time"] + c["done_late"]
        row.overdue = c["overdue"]

    priority = Case(
        *(When(source=source, then=Value(i)) for i, source in enumerate(SOURCE_PRIORITY)),
        default=Value(len(SOURCE_PRIORITY)),
        output_field=IntegerField(),
    )
    latest = (
        PapiScore.objects.filter(unit__in=communes, area__isnull=True, sub_dimension__isnull=True, year__lte=year)
        .exclude(source=PapiScore.Source.TARGET)
        .annotate(newest=Window(RowNumber(), partition_by=[F("unit_id")], order_by=[F("year").desc(), priority.asc()]))
        .filter(newest=1)
        .values("unit_id", "year", "score", "rank", "rank_base")
    )
    for s in latest:
        if (row := rows.get(s["unit_id"])) is None:  # merged away, with no plan this year: not listed
            continue
        row.score_year, row.score, row.rank, row.rank_base = s["year"], s["score"], s["rank"], s["rank_base"]
    return list(rows.values())


def filter_rows(rows, district=None, search=""):
    """The rows of one district (its id) whose name contains `search` (accents and case ignored)."""
    needle = fold(search)
    return [
        r for r in rows if (district is None or r.district_id == district) and (not needle or needle in fold(r.name))
    ]


def sort_rows(rows, sort=DEFAULT_SORT, descending=False):
    """Rows sorted by a SORT_KEYS column; rows without a value (no tasks, no score) always last."""
    key = SORT_KEYS[sort]
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    by_name = sorted(present, key=SORT_KEYS["name"])  # stable tie-break on the name
    return sorted(by_name, key=key, reverse=descending) + sorted(missing, key=SORT_KEYS["name"])


def districts_of(rows):
    """[(district id, name)] of the rows, by name."""
    seen = {r.district_id: r.district for r in rows if r.district_id is not None}
    return sorted(seen.items(), key=lambda item: fold(item[1]))
