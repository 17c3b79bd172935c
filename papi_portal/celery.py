"""The Celery application: settings from Django (namespace CELERY), jobs autodiscovered from each app's jobs.py."""

import os

from celery import Celery

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
