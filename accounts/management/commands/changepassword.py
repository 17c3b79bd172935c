"""Django's `changepassword`, recorded as a security event and told to the person.

This app comes before django.contrib.auth in INSTALLED_APPS, so this command replaces Django's.
"""

from django.contrib.auth.management.commands import changepassword

from accounts import services
from accounts.models import SecurityEvent
from plans.models import User


class Command(changepassword.Command):
    def handle(self, *args, **options):
        username = options.get("username") or self._default_username()
        before = User.objects.filter(username=username).values_list("password", flat=True).first()
        result = super().handle(*args, **options)
        person = User.objects.filter(username=username).first()
        if person is not None and person.password != before:
            services.password_was_set(None, person, via=SecurityEvent.Via.COMMAND)
        return result

    @staticmethod
    def _default_username():
        import getpass

        return getpass.getuser()
