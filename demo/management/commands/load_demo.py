"""Load the demo: Trung Trắc commune, twelve officials, the 2024 seed plan and a year of progress; then
the post-reform ward Mỹ Hào with its departments, people and 2026 plan."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.loader import DEMO_PASSWORD, DemoError, deadline_kinds, load_demo
from tasks.deadlines import DeadlineKind
from tasks.models import TaskStatus


class Command(BaseCommand):
    help = _(
        "Load the demo commune (Trung Trắc), its officials, the 2024 seed plan with a year of progress, "
        "and demo scores; then the post-reform demo ward (Mỹ Hào) with its departments and 2026 plan. "
        "Running it again changes nothing."
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
        self._commune(result)
        if result.ward is not None:
            self._ward(result.ward)

        self.stdout.write("")
        self.stdout.write(_("Demo logins (password for all: %s):") % DEMO_PASSWORD)
        self._table(
            (_("Username"), _("Role"), _("Full name")),
            [(p.username, p.get_role_display(), p.full_name) for p in result.people],
        )
        if result.ward is not None:
            self.stdout.write("")
            self.stdout.write(_("Demo logins of %(ward)s (the same password):") % {"ward": result.ward.ward})
            self._table(
                (_("Username"), _("Role"), _("Full name"), _("Position")),
                [(p.username, p.get_role_display(), p.full_name, p.position or "") for p in result.ward.people],
            )

    def _commune(self, result):
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
        if result.successor is not None:
            self.stdout.write(
                _("Since 01/07/2025 %(commune)s is part of %(kind)s %(successor)s (%(code)s), province %(province)s.")
                % {
                    "commune": result.commune,
                    "kind": result.successor.get_kind_display(),
                    "successor": result.successor,
                    "code": result.successor.code,
                    "province": result.successor.parent,
                }
            )
            for note in result.successor_notes:
                self.stdout.write(f"  {note}")
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))

    def _ward(self, ward):
        values = {
            "kind": ward.ward.get_kind_display(),
            "ward": ward.ward,
            "code": ward.ward.code,
            "year": ward.plan.year,
            "tasks": ward.tasks,
            "departments": len(ward.departments),
            "updates": ward.updates,
            "people": len(ward.people),
            "new": ward.people_created,
        }
        if ward.plan_created:
            message = _(
                "After the 2025 reform: %(kind)s %(ward)s (%(code)s), %(departments)d departments, %(people)d "
                "people (%(new)d new), its %(year)d plan: %(tasks)d tasks, %(updates)d progress updates."
            )
            self.stdout.write(self.style.SUCCESS(message % values))
        else:
            message = _(
                "After the 2025 reform: %(kind)s %(ward)s (%(code)s) already has its %(year)d plan (%(tasks)d tasks); "
                "its %(departments)d departments and %(people)d people (%(new)d new) were checked."
            )
            self.stdout.write(message % values)
        for department in ward.departments:
            self.stdout.write(f"  {department}: {department.head}")
        for warning in ward.warnings:
            self.stdout.write(self.style.WARNING(warning))

    def _table(self, headers, rows):
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
        for row in [headers, *rows]:
            self.stdout.write(
                "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
