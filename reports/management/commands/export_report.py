"""python manage.py export_report --unit CODE --period 2024-Q2 --out FILE.xlsx [--style decree09|calendar]

Writes a commune's progress report for a period, the same workbook the web page downloads: a
closed reporting round's frozen figures when there is one, else the tasks at the period's cut-off.
Periods: 2024-03 (month), 2024-Q2, 2024-H1, 2024-9M, 2024 (year).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans.models import AdministrativeUnit
from reports.periods import Period, PeriodStyle
from reports.report_workbook import ReportError, export_unit_report


class Command(BaseCommand):
    help = _("Write a commune's PAPI progress report for a reporting period to an Excel file.")

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help=_("the commune's official code, e.g. 12100"))
        parser.add_argument("--period", required=True, help=_("2024-03, 2024-Q2, 2024-H1, 2024-9M or 2024"))
        parser.add_argument("--out", required=True, help=_("the .xlsx file to write"))
        # Checked in handle(): argparse's own errors exit with 2 and a usage block.
        parser.add_argument("--style", default=PeriodStyle.DECREE09, help=_("decree09 (default) or calendar"))

    def handle(self, *args, unit, period, out, style, **options):
        if style not in PeriodStyle.values:
            raise CommandError(_("The style must be decree09 or calendar."), returncode=1)
        try:
            period = Period.parse(period, style)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=1) from None
        found = AdministrativeUnit.objects.filter(code=unit.strip()).first()
        if found is None:
            raise CommandError(_("No unit has the code %(code)s.") % {"code": unit}, returncode=1)
        try:
            count = export_unit_report(found, period, out)
        except ReportError as exc:
            raise CommandError(str(exc), returncode=1) from None
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": out, "error": exc.strerror}, returncode=1
            ) from None
        self.stdout.write(
            _("%(file)s: %(period)s, %(unit)s, %(count)d tasks.")
            % {"file": out, "period": period.code, "unit": found.name, "count": count}
        )
