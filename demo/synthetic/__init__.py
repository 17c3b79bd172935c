"""A synthetic province for performance work: many communes, plans, tasks and progress updates.

`generate()` is what `manage.py generate_synthetic` runs. All rows are written with
`bulk_create` in batches, so:
- no `save()` runs: `User.sort_name` is computed here, role groups are attached here (the
  post_save signal does not fire), and every user shares one password hash computed once;
- no simple_history rows are written for plans, tasks or scores (bulk_create bypasses
  the history signals); the data has no history, which is fine for load testing.

Unit codes start with "S" (province "S01", districts "S01D001", communes "S01C00001") so they
never collide with the national list. Generating a province code that exists is refused
unless `replace=True`, which first deletes that synthetic province and everything under it.
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from plans.models import AdministrativeUnit, PapiScore, Plan, User

from .builder import Builder

MAX_CODE_LENGTH = 4  # commune codes are the province code + "C" + 5 digits, 10 characters at most


class SyntheticError(Exception):
    pass


@dataclass
class SyntheticResult:
    province: AdministrativeUnit
    replaced: bool = False
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0


def generate(
    *,
    communes,
    tasks_per_commune,
    updates_per_task,
    province_code="S01",
    seed=2024,
    year=2024,
    communes_per_district=10,
    replace=False,
    today=None,
):
    """Create a synthetic province; see the module docstring. Returns counts and the time taken."""
    code = province_code.upper()
    if not code.startswith("S") or not 2 <= len(code) <= MAX_CODE_LENGTH or not code.isalnum():
        raise SyntheticError(
            _("A synthetic province code starts with S and has 2–%(max)d letters or digits, not “%(code)s”.")
            % {"max": MAX_CODE_LENGTH, "code": province_code}
        )
    if communes < 1 or communes > 99_999 or tasks_per_commune < 0 or updates_per_task < 0:
        raise SyntheticError(_("Use 1–99999 communes and non-negative numbers of tasks and updates."))
    started = time.monotonic()
    with transaction.atomic():
        existing = AdministrativeUnit.objects.filter(code=code).first()
        if existing is not None and not replace:
            raise SyntheticError(
                _(
                    "Province %s already exists. Use --replace to delete it and everything under it first, "
                    "or choose another --province-code."
                )
                % code
            )
        if existing is not None:
            delete_synthetic_province(existing)
        builder = Builder(code, random.Random(seed), year, today or datetime.date.today())
        builder.run(communes, tasks_per_commune, updates_per_task, communes_per_district)
    return SyntheticResult(
        province=builder.province,
        replaced=existing is not None,
        counts=builder.counts,
        seconds=time.monotonic() - started,
    )


def delete_synthetic_province(province):
    """Delete a synthetic ("S…") province with its units, people, plans, tasks and scores.

    Deletes go through Django's collector (so related rows other apps add are handled),
    with history turned off: a history row per deleted synthetic task would be noise.
    """
    if not province.code.startswith("S") or province.kind != AdministrativeUnit.Kind.PROVINCE:
        raise SyntheticError(_("%s is not a synthetic province; it will not be deleted.") % province.code)
    districts = AdministrativeUnit.objects.filter(parent=province)
    communes = AdministrativeUnit.objects.filter(parent__in=districts)
    units = [province.pk, *districts.values_list("pk", flat=True), *communes.values_list("pk", flat=True)]
    # override_settings is the public way to switch a setting off for a block; this runs in a
    # management command, never in a web process serving other requests at the same time.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        Plan.objects.filter(unit__in=units).delete()
        PapiScore.objects.filter(unit__in=units).delete()
        User.objects.filter(unit__in=units).delete()
        communes.delete()
        districts.delete()
        province.delete()
