from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a periodic job ran end to end (beat scheduled it, a worker ran it)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls, name="beat", now=None):
        cls.objects.update_or_create(name=name, defaults={"last_seen": now or timezone.now()})

    def age_seconds(self, now=None):
        return max(0.0, ((now or timezone.now()) - self.last_seen).total_seconds())
