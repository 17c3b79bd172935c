"""The Celery application: settings from Django (namespace CELERY), jobs autodiscovered from each app's jobs.py."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "papi_portal.settings.dev")

app = Celery("papi_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")  # each app's Celery jobs live in its jobs.py


@app.on_after_configure.connect
def _ensure_embedded_broker_folders(sender, **kwargs):
    """The filesystem transport needs its folders before the first message."""
    for key in ("data_folder_in", "data_folder_out", "data_folder_processed", "control_folder"):
        folder = (sender.conf.broker_transport_options or {}).get(key)
        if folder:
            os.makedirs(folder, exist_ok=True)


@beat_init.connect
def _heartbeat_at_start(sender, **kwargs):
    """Beat records it is alive as it starts, so /healthz is healthy within seconds of a start
    instead of after the first scheduled heartbeat (HEARTBEAT_INTERVAL_SECONDS later)."""
    import django

    django.setup()
    from core.models import Heartbeat

    Heartbeat.beat("beat")
