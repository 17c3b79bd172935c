"""python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]

The hourly scan, for deployments that run cron instead of Celery beat: it sends the due
digests here and now (no worker needed). Running it twice for a day sends nothing the
second time; --dry-run lists what would be sent and writes nothing.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from reminders import delivery, scan


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("The date must be written YYYY-MM-DD, e.g. 2024-06-28."), returncode=1) from None


class Command(BaseCommand):
    help = _("Send the deadline reminders due on a day (default today), each exactly once.")

    def add_arguments(self, parser):
        # Parsed in handle(): an error raised by argparse's type= would escape as a traceback.
        parser.add_argument("--date", help=_("the day to remind for, YYYY-MM-DD (default: today)"))
        parser.add_argument("--dry-run", action="store_true", help=_("list what would be sent; send nothing"))

    def handle(self, *args, date=None, dry_run=False, **options):
        day = _date(date) if date else timezone.localdate()
        # The command is run when the operator chose to: the communes' send hours do not apply.
        due = scan.due_now(day=day, respect_send_hour=False)
        if not due:
            self.stdout.write(_("Nothing to send for %(day)s.") % {"day": day.strftime("%d/%m/%Y")})
            return
        counts = {"sent": 0, "skipped": 0, "failed": 0, "taken": 0}
        for item in due:
            digest = item.digest
            label = f"{digest.recipient['username']:<14} {item.kind:<9} {len(digest.task_ids):>3}"
            if dry_run:
                self.stdout.write(_("would send: %(line)s tasks") % {"line": label})
                continue
            try:
                row = delivery.deliver(item.recipient_id, item.kind, day)
            except (delivery.TemporaryDeliveryError, delivery.PermanentDeliveryError) as exc:
                delivery.record_failure(item.recipient_id, item.kind, day, exc, 1)
                counts["failed"] += 1
                self.stderr.write(_("failed: %(line)s (%(error)s)") % {"line": label, "error": exc})
                continue
            if row is None:
                counts["taken"] += 1
            else:
                counts[row.status] += 1
                self.stdout.write(f"{row.get_status_display()}: {label} {row.get_channel_display()}")
        if not dry_run:
            self.stdout.write(
                _("%(day)s: %(sent)d sent, %(skipped)d skipped, %(failed)d failed, %(taken)d sent by another run.")
                % {"day": day.strftime("%d/%m/%Y"), **counts}
            )
