"""Generate a synthetic province (communes, officials, plans, tasks, progress) for performance work."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.synthetic import SyntheticError, generate


class Command(BaseCommand):
    help = _(
        "Generate a synthetic province for performance work: N communes, each with ~8 officials, a plan, "
        "M tasks and K progress updates per task. Unit codes start with S. An existing province with the "
        "same code is refused unless --replace is given, which deletes it and everything under it first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=100, help=_("Number of communes (default 100)."))
        parser.add_argument(
            "--tasks-per-commune", type=int, default=40, help=_("Tasks in each commune's plan (default 40).")
        )
        parser.add_argument(
            "--updates-per-task", type=int, default=12, help=_("Progress updates per task (default 12).")
        )
        parser.add_argument(
            "--province-code", default="S01", help=_("Code of the synthetic province; must start with S (default S01).")
        )
        parser.add_argument("--seed", type=int, default=2024, help=_("Random seed (default 2024)."))
        parser.add_argument("--year", type=int, default=2024, help=_("Plan year (default 2024)."))
        parser.add_argument(
            "--communes-per-district", type=int, default=10, help=_("Communes per district (default 10).")
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Delete an existing synthetic province with this code, and everything under it, first."),
        )

    def handle(self, *args, **options):
        if options["communes_per_district"] < 1:
            raise CommandError(_("--communes-per-district must be at least 1."))
        try:
            result = generate(
                communes=options["communes"],
                tasks_per_commune=options["tasks_per_commune"],
                updates_per_task=options["updates_per_task"],
                province_code=options["province_code"],
                seed=options["seed"],
                year=options["year"],
                communes_per_district=options["communes_per_district"],
                replace=options["replace"],
            )
        except SyntheticError as exc:
            raise CommandError(str(exc)) from exc
        if result.replaced:
            self.stdout.write(_("Deleted the previous synthetic province %s.") % result.province.code)
        self.stdout.write(
            self.style.SUCCESS(
                _("Synthetic province %(code)s generated in %(seconds).1f s.")
                % {"code": result.province.code, "seconds": result.seconds}
            )
        )
        labels = {
            "districts": _("districts"),
            "communes": _("communes"),
            "units": _("administrative units"),
            "users": _("officials"),
            "plans": _("plans"),
            "sections": _("plan sections"),
            "tasks": _("tasks"),
            "cooperating": _("cooperating assignments"),
            "updates": _("progress updates"),
            "scores": _("PAPI scores"),
        }
        for key, count in result.counts.items():
            self.stdout.write(f"  {labels.get(key, key)}: {count}")
