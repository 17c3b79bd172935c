"""python manage.py link_successors [--dry-run]

Links each pre-2025 unit in the database (communes and wards under a district, provinces that
were merged) to the post-2025 unit it became, from the vietnamadminunits mapping
(plans/successors.py), loading the successor's province first when it is missing.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from plans.successors import REFORM_DATE, link_successors, place


class Command(BaseCommand):
    help = _(
        "Link each pre-2025 commune, ward or province in the database to the unit it became in 2025 "
        "(vietnamadminunits' mapping), loading that unit's province first if needed. Running it again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("show what would change; write nothing"))

    def handle(self, *args, dry_run=False, **options):
        result = link_successors(dry_run=dry_run)
        if result.loaded is not None:
            self.stdout.write(
                _("Loaded first, from the national list: %(provinces)s (%(created)d units created).")
                % {
                    "provinces": ", ".join(p.listed_as for p in result.loaded.provinces),
                    "created": result.loaded.created,
                }
            )
            for conflict in result.loaded.conflicts:
                self.stdout.write(self.style.WARNING(conflict))
        statuses = {"linked": _("linked"), "unchanged": _("already linked"), "kept": _("kept")}
        for link in result.links:
            successor = link.successor
            self.stdout.write(
                _("%(unit)s → %(kind)s %(name)s (%(new_code)s): %(status)s")
                % {
                    "unit": place(link.unit),
                    "kind": successor.get_kind_display(),
                    "name": successor.name,
                    "new_code": successor.code,
                    "status": statuses[link.status],
                }
            )
            for note in link.notes:
                self.stdout.write(f"  {note}")
        for message in result.not_found:
            self.stdout.write(self.style.WARNING(message))
        self.stdout.write(
            _(
                "Linked: %(linked)d (dissolved on %(date)s where no date was set); already linked: %(same)d; "
                "kept: %(kept)d; not found: %(missing)d."
            )
            % {
                "linked": len(result.linked),
                "date": REFORM_DATE.strftime("%d/%m/%Y"),
                "same": sum(link.status == "unchanged" for link in result.links),
                "kept": sum(link.status == "kept" for link in result.links),
                "missing": len(result.not_found),
            }
        )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif not result.linked and result.loaded is None:
            self.stdout.write(self.style.SUCCESS(_("Nothing to change.")))
