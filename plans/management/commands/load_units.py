"""python manage.py load_units [--province CODE_OR_NAME ...] [--dry-run]

The post-2025 national list of administrative units (plans/units.py): every province, or the
ones named, with their communes, wards and special zones and their official codes. Running it
again changes nothing and says so.
"""

from importlib.metadata import version

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans.units import UnitsError, communes_of, data_version, load_units

SHOWN = 20  # the lines of a list printed in full before "… and N more"


class Command(BaseCommand):
    help = _(
        "Load the administrative units since the 2025 reform (provinces, then communes, wards and special "
        "zones, no districts) with their official codes from the vietnam-provinces library. Running it again "
        "changes nothing; a unit the list names differently is renamed, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            metavar="CODE_OR_NAME",
            help=_('a province by its code or name, e.g. 33 or "Hưng Yên"; may be repeated (default: all 34)'),
        )
        parser.add_argument("--dry-run", action="store_true", help=_("show what would change; write nothing"))

    def handle(self, *args, province=None, dry_run=False, **options):
        try:
            result = load_units(province, dry_run=dry_run)
        except UnitsError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(
            _("National list: vietnam-provinces %(version)s, data of %(date)s.")
            % {"version": version("vietnam-provinces"), "date": data_version()}
        )
        communes = sum(len(communes_of(p.code)) for p in result.provinces)
        self.stdout.write(
            _("Provinces and centrally-run cities: %(provinces)d; communes, wards and special zones: %(communes)d.")
            % {"provinces": len(result.provinces), "communes": communes}
        )
        self.stdout.write(
            _("Created: %(created)d; updated: %(updated)d; unchanged: %(unchanged)d.")
            % {"created": result.created, "updated": len(result.updated), "unchanged": result.unchanged}
        )
        self._list([f"{code}: {before} → {after}" for code, before, after in result.updated])
        if result.unlisted:
            self.stdout.write(_("Kept, although the national list does not name them (they may have plans):"))
            self._list([f"{u.code}: {u.get_kind_display()} {u.name}" for u in result.unlisted])
        for conflict in result.conflicts:
            self.stdout.write(self.style.WARNING(conflict))
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif not result.changed:
            self.stdout.write(self.style.SUCCESS(_("Nothing to change: the database already matches the list.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Done, in one transaction.")))

    def _list(self, lines):
        for line in lines[:SHOWN]:
            self.stdout.write(f"  {line}")
        if len(lines) > SHOWN:
            self.stdout.write("  " + _("… and %(count)d more") % {"count": len(lines) - SHOWN})
