"""Load the demo: Trung Trắc commune, twelve officials, the 2024 seed plan and a year of progress."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.loader import DEMO_PASSWORD, DemoError, deadline_kinds, load_demo
from tasks.deadlines import DeadlineKind
from tasks.models import TaskStatus


class Command(BaseCommand):
    help = _(
        "Load the demo commune (Trung Trắc), its officials, the 2024 seed plan with a year of progress, "
        "and demo scores. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Re-import the demo plan and rebuild its assignments and progress."),
        )

    def handle(self, *args, reset=False, **options):
        try:
            result = load_demo(reset=reset)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc

        plan = result.plan
        if result.plan_created:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Demo loaded: %(commune)s, plan “%(plan)s”: %(tasks)d tasks, %(updates)d progress updates.")
                    % {"commune": result.commune, "plan": plan.title, "tasks": result.tasks, "updates": result.updates}
                )
            )
        else:
            self.stdout.write(
                _(
                    "Demo already loaded: %(commune)s has its %(year)d plan (%(tasks)d tasks); "
                    "people and scores were checked and updated in place. Use --reset to rebuild the plan."
                )
                % {"commune": result.commune, "year": plan.year, "tasks": result.tasks}
            )
        statuses = dict(TaskStatus.choices)
        counts = {}
        for status in plan.tasks.values_list("status", flat=True):
            counts[status] = counts.get(status, 0) + 1
        self.stdout.write(
            _("Statuses: %s") % ", ".join(f"{statuses[s]} {n}" for s, n in sorted(counts.items(), key=lambda x: -x[1]))
        )
        self.stdout.write(
            _("Deadlines: %s")
            % ", ".join(f"{DeadlineKind(kind).label} {n}" for kind, n in deadline_kinds(plan).items())
        )
        self.stdout.write(
            _("People: %(total)d (%(new)d new). Scores: %(scores)d, all marked as demo figures.")
            % {"total": len(result.people), "new": result.people_created, "scores": result.scores}
        )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))

        self.stdout.write("")
        self.stdout.write(_("Demo logins (password for all: %s):") % DEMO_PASSWORD)
        headers = (_("Username"), _("Role"), _("Full name"))
        rows = [(p.username, p.get_role_display(), p.full_name) for p in result.people]
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(3)]
        for row in [headers, *rows]:
            self.stdout.write("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
