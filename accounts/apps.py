from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and security")

    def ready(self):
        from . import signals

        signals.connect()
        post_migrate.connect(signals.grant_account_admin_permissions, dispatch_uid="accounts.admin_permissions")
