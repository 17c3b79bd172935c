from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans and people")

    def ready(self):
        from . import signals

        post_migrate.connect(signals.grant_clerk_admin_permissions, dispatch_uid="plans.clerk_permissions")
