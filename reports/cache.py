"""Cached dashboard, PAPI comparison and cross-commune table, invalidated by generation counters.

Three counters live in the Django cache and never expire:

* ``papi:unit-gen:<unit id>`` — one per commune, bumped whenever something its dashboard or its
  scores comparison reads changes: a task of one of its plans (save, delete, its cooperating
  officials or sub-dimensions), a progress update or an evidence file of such a task, one of its
  PAPI scores, one of its plans or reporting rounds. Tasks carry ``plan_id`` only, so finding the
  unit costs one small query per save unless the plan (or, for an update, the task and its plan)
  is already loaded on the instance; the services load them, so it is usually free.
* ``papi:gen`` — global, bumped together with every unit counter. The cross-commune table spans
  many communes, so it is keyed by its own arguments (who looks, the year, the day) and this
  counter: any change anywhere recomputes it the next time (simple, and correct).
* ``papi:epoch`` — bumped by `bump_all()`: for bulk writes that bypass the signals
  (`demo.synthetic`, `demo.loader`), changes of the reference data every commune reads (content
  areas, sub-dimensions, administrative units), the deletion of a person (their tasks become
  unassigned in one UPDATE that sends no signal) and m2m changes made from the other side without
  the task ids. It is part of every key, so it invalidates everything.

Counters that are missing (first use, eviction, a flushed cache) start at a value derived from
the clock, never at 0, so an entry computed before an eviction of the counter can't match again.
Counters are bumped at once and again when the transaction commits: a reader that recomputed in
between (seeing the old rows) cached its result under a generation that the second bump retires.

Not tracked (stale until the next change of the commune or for CACHE_TTL at most): people's
names and roles (a user row is saved at every sign-in). Bulk ``QuerySet.update()`` and
``bulk_create`` bypass the signals. The only ones on what these pages read are in
`demo.synthetic` (new units, plans and tasks: no entry can exist for them, and the province's
own ``create()`` bumps the epoch, at once and at commit) and `demo.loader` (progress updates
bulk-created after the tasks' ``save()``, all in one transaction: the saves' on-commit bumps run
after them). Neither needs a call of its own, so tasks/ still never imports reports. The other
``.update()`` / ``bulk_*`` calls in tasks/ and reports/ touch history rows, export jobs,
notifications and round submissions, which none of these pages read. New bulk writes of tasks,
updates or scores must call `bump_unit` or `bump_all`
(`tests/dashboard/test_cache_invalidation.py` lists every bulk write and fails on a new one).

With the default local-memory cache every process has its own counters, so a change made in
one worker process would not reach another's entries: there, entries live `LOCAL_TTL` seconds
only. With Redis (REDIS_URL) the counters are shared and entries live `CACHE_TTL`.
"""

import time

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

GLOBAL_KEY = "papi:gen"
EPOCH_KEY = "papi:epoch"
CACHE_TTL = 24 * 3600
LOCAL_TTL = 30


def unit_key(unit_id):
    return f"papi:unit-gen:{unit_id}"


def _ttl():
    return LOCAL_TTL if isinstance(caches["default"], LocMemCache) else CACHE_TTL


def _seed():
    return time.time_ns() // 1000


def _get(key):
    value = cache.get(key)
    if value is None:
        cache.add(key, _seed(), timeout=None)
        value = cache.get(key)
    return value


def _incr(key):
    try:
        return cache.incr(key)
    except ValueError:  # missing: start it (another process may have just done so)
        if cache.add(key, _seed(), timeout=None):
            return cache.get(key)
        return cache.incr(key)


def _bump_now(unit_ids):
    for unit_id in unit_ids:
        _incr(unit_key(unit_id))
    _incr(GLOBAL_KEY)


def bump_unit(*unit_ids):
    """Retire the cached pages of these communes (and the cross-commune table)."""
    unit_ids = {u for u in unit_ids if u is not None}
    _bump_now(unit_ids)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_now(unit_ids))


def bump_all():
    """Retire every cached entry (bulk writes, reference data)."""

    def now():
        _incr(EPOCH_KEY)
        _incr(GLOBAL_KEY)

    now()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(now)


def unit_generation(unit_id):
    return (_get(EPOCH_KEY), _get(unit_key(unit_id)))


def global_generation():
    return (_get(EPOCH_KEY), _get(GLOBAL_KEY))


def _cached(key, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=_ttl())
    return value


# --- The cached reads ------------------------------------------------------------------------


def cached_dashboard(plan, today):
    """`reports.dashboard.commune_dashboard(plan, today)`, from the cache when nothing changed."""
    from .dashboard import commune_dashboard

    epoch, gen = unit_generation(plan.unit_id)
    key = f"papi:dashboard:{plan.pk}:{today.isoformat()}:{epoch}:{gen}"
    data = _cached(key, lambda: commune_dashboard(plan, today))
    data.plan = plan  # the caller's (fresh) plan, not the pickled copy
    return data


def cached_comparison(unit, fallback_year):
    """The PAPI scores comparison of the newest year with figures (else ``fallback_year``)."""
    from . import scores as papi

    def compute():
        return papi.comparison(unit, papi.default_year(unit) or fallback_year)

    epoch, gen = unit_generation(unit.pk)
    data = _cached(f"papi:comparison:{unit.pk}:{fallback_year}:{epoch}:{gen}", compute)
    data.unit = unit
    return data


def cached_communes_table(user_or_unit, year, today=None):
    """`reports.communes.communes_table(...)`, keyed by whose view it is, the year and the day."""
    from django.utils import timezone

    from plans.models import AdministrativeUnit

    from .communes import communes_table

    if isinstance(user_or_unit, AdministrativeUnit):
        who = f"unit-{user_or_unit.pk}"
    else:
        user = user_or_unit
        who = f"user-{user.pk}-{user.unit_id}-{user.role}-{int(user.is_superuser)}-{int(user.is_active)}"
    day = today or timezone.localdate()
    epoch, gen = global_generation()
    key = f"papi:communes:{who}:{year}:{day.isoformat()}:{epoch}:{gen}"
    return _cached(key, lambda: communes_table(user_or_unit, year, today))


# --- Signal receivers ------------------------------------------------------------------------


def _unit_of_plan(plan_id):
    from plans.models import Plan

    return Plan.objects.filter(pk=plan_id).values_list("unit_id", flat=True).first()


def _unit_of_task(task):
    from tasks.models import Task

    if Task.plan.is_cached(task):
        return task.plan.unit_id
    return _unit_of_plan(task.plan_id)


def _unit_of_task_id(task_id):
    from tasks.models import Task

    return Task.objects.filter(pk=task_id).values_list("plan__unit_id", flat=True).first()


def _on_task(sender, instance, **kwargs):
    bump_unit(_unit_of_task(instance))


def _on_task_child(sender, instance, **kwargs):
    """A progress update or an evidence file: its task's commune."""
    task_field = type(instance).task
    if task_field.is_cached(instance):
        bump_unit(_unit_of_task(instance.task))
    else:
        bump_unit(_unit_of_task_id(instance.task_id))


def _on_unit_owned(sender, instance, **kwargs):
    """A PAPI score, a plan or a department (its name leads tasks, its deletion unassigns them): they
    name their unit."""
    bump_unit(instance.unit_id)


def _on_round(sender, instance, **kwargs):
    from plans.models import Plan

    field = type(instance).plan
    unit_id = instance.plan.unit_id if field.is_cached(instance) else None
    if unit_id is None:
        unit_id = Plan.objects.filter(pk=instance.plan_id).values_list("unit_id", flat=True).first()
    bump_unit(unit_id)


def _on_task_links(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from tasks.models import Task

    if isinstance(instance, Task):
        bump_unit(_unit_of_task(instance))
    elif pk_set:
        bump_unit(*Task.objects.filter(pk__in=pk_set).values_list("plan__unit_id", flat=True).distinct())
    else:  # cleared from the other side: which tasks is unknown
        bump_all()


def _on_reference(sender, **kwargs):
    bump_all()


def connect():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from plans.models import AdministrativeUnit, ContentArea, Department, PapiScore, Plan, SubDimension, User
    from tasks.models import Evidence, ProgressUpdate, Task

    from .models import ReportingRound

    receivers = [
        (Task, _on_task),
        (ProgressUpdate, _on_task_child),
        (Evidence, _on_task_child),
        (PapiScore, _on_unit_owned),
        (Plan, _on_unit_owned),
        (Department, _on_unit_owned),
        (ReportingRound, _on_round),
        (AdministrativeUnit, _on_reference),
        (ContentArea, _on_reference),
        (SubDimension, _on_reference),
    ]
    for model, receiver in receivers:
        uid = f"papi-cache-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete")
    # A person's saves are not heard (see the module docstring), their deletion is: it unassigns their
    # tasks and updates (on_delete=SET_NULL) in one UPDATE that sends no signal of Task's.
    post_delete.connect(_on_reference, sender=User, dispatch_uid="papi-cache-plans.user-delete")
    for through in (Task.cooperating.through, Task.sub_dimensions.through):
        m2m_changed.connect(_on_task_links, sender=through, dispatch_uid=f"papi-cache-{through._meta.label_lower}")
