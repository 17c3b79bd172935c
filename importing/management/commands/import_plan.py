"""python manage.py import_plan FILE --unit CODE --year YYYY [--dry-run] [--replace] [--by USERNAME]

The tasks' history starts with the import, attributed to the person `--by` names (e.g. the clerk
who sent the file), else to the server's operator. A file that cannot be used (a hostile one
included: a zip bomb, a billion-laughs document, see core.safe_files) is one line on stderr and
exit status 1, with nothing written.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from importing.plan import PlanImportError, import_plan
from importing.plan.errors import PlanExistsError
from plans.models import AdministrativeUnit, User


class Command(BaseCommand):
    help = (
        "Import a commune's PAPI plan (.txt, .md or .docx) as a plan with sections, tasks and responsibilities. "
        "With --dry-run, print what would be created and the text that could not be placed, and write nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the plan: a .txt, .md or .docx file")
        parser.add_argument("--unit", required=True, help="official code of the administrative unit, e.g. 12100")
        parser.add_argument("--year", required=True, type=int, help="the plan's year, e.g. 2024")
        parser.add_argument("--dry-run", action="store_true", help="show what would be imported; write nothing")
        parser.add_argument("--replace", action="store_true", help="replace the unit's existing plan for the year")
        parser.add_argument(
            "--by", metavar="USERNAME", help="who the import is recorded as (default: the server's operator)"
        )

    def handle(self, *args, file, unit, year, dry_run, replace, by=None, **options):
        found = AdministrativeUnit.objects.filter(code=unit.strip()).first()
        if found is None:
            raise CommandError(_("No administrative unit has the code %(code)s.") % {"code": unit}, returncode=1)
        person = None
        if by:
            person = User.objects.filter(username=by.strip()).first()
            if person is None:
                raise CommandError(_("No person has the username %(username)s.") % {"username": by}, returncode=1)
        try:
            report = import_plan(file, unit=found, year=year, replace=replace, dry_run=dry_run, by=person)
        except PlanExistsError as error:
            hint = _("Use --replace to replace it.")
            raise CommandError(f"{error.message} {hint}", returncode=1) from None
        except PlanImportError as error:
            raise CommandError(error.message, returncode=1) from None
        for notice in report.notices:
            self.stdout.write(_("Note: %(notice)s") % {"notice": notice})
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
            for line in report.tree_lines():
                self.stdout.write(line)
        else:
            self.stdout.write(self.style.SUCCESS(report.summary()))
        if dry_run or report.unplaced:
            self.stdout.write(_("Could not place:") + ("" if report.unplaced else " " + _("nothing")))
            for piece in report.unplaced:
                self.stdout.write(f"  {piece}")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(_("Warning: %(warning)s") % {"warning": warning}))
