from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # The reports' sections of the reminder digests (reminders never imports reports).
        from . import reminders

        reminders.register()

        # The cached dashboards and cross-commune table: retired when what they read changes.
        from . import cache

        cache.connect()
