from django.core.management.base import BaseCommand

from accounts.privileges import table_markdown


class Command(BaseCommand):
    help = "Print the privilege model as README's security section shows it (accounts/privileges.py)."

    def handle(self, *args, **options):
        self.stdout.write(table_markdown(), ending="")
