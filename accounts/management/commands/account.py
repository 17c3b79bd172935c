"""An operator's changes to one account, through the same service as the portal and the admin.

The operator at the server's command line owns the database anyway: the privilege model does
not limit them, but every change is a security event ("server command") like any other.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services
from accounts.models import SecurityEvent
from plans.models import AdministrativeUnit, Role, User

VIA = SecurityEvent.Via.COMMAND


class Command(BaseCommand):
    help = "Change a person's role, unit, e-mail (awaits their confirmation) or active/staff/superuser flags."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=[role.value for role in Role])
        parser.add_argument("--unit", metavar="CODE", help="official code of the unit (e.g. 33 for a province)")
        parser.add_argument("--email", help="new address; takes effect when the person confirms it")
        active = parser.add_mutually_exclusive_group()
        active.add_argument("--activate", dest="is_active", action="store_true", default=None)
        active.add_argument("--deactivate", dest="is_active", action="store_false")
        staff = parser.add_mutually_exclusive_group()
        staff.add_argument("--staff", dest="is_staff", action="store_true", default=None)
        staff.add_argument("--no-staff", dest="is_staff", action="store_false")
        superuser = parser.add_mutually_exclusive_group()
        superuser.add_argument("--superuser", dest="is_superuser", action="store_true", default=None)
        superuser.add_argument("--no-superuser", dest="is_superuser", action="store_false")

    def handle(self, *args, username, **options):
        person = User.objects.filter(username=username).first()
        if person is None:
            raise CommandError(f"No person with the username {username!r}.")
        changes = {
            f: options[f] for f in ("role", "email", "is_active", "is_staff", "is_superuser") if options[f] is not None
        }
        if options["unit"]:
            unit = AdministrativeUnit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit with the code {options['unit']!r}.")
            changes["unit"] = unit
        if not changes:
            raise CommandError("Nothing to change: give --role, --unit, --email or a flag.")
        try:
            with transaction.atomic():
                events = services.change_account(None, person, changes, via=VIA)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for event in events:
            self.stdout.write(f"{event.get_kind_display()}: {event.describe()}".rstrip(": "))
        if not events:
            self.stdout.write("Nothing changed: the account already had these values.")
