"""Reachability checks for /healthz. Each returns (ok, detail)."""

import logging

from celery import current_app
from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Heartbeat

logger = logging.getLogger("papi.health")
_last_failing = None  # what failed at the last check in this process (None: not checked yet)


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "unreachable"
        return False, {"error": exc.__class__.__name__}
    return True, {"vendor": connection.vendor}


def check_broker():
    # The project's Celery app (papi_portal/celery.py, loaded with the settings package).
    app = current_app

    transport = app.conf.broker_url.split("://", 1)[0]
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return False, {"transport": transport, "error": exc.__class__.__name__}
    return True, {"transport": transport}


def check_beat(now=None):
    now = now or timezone.now()
    max_age = settings.HEARTBEAT_INTERVAL_SECONDS * 3
    try:
        beat = Heartbeat.objects.filter(name="beat").first()
    except Exception as exc:  # the database check reports the cause
        return False, {"error": exc.__class__.__name__, "max_age_seconds": max_age}
    if beat is None:
        return False, {"last_heartbeat": None, "age_seconds": None, "max_age_seconds": max_age}
    age = beat.age_seconds(now)
    detail = {
        "last_heartbeat": timezone.localtime(beat.last_seen).isoformat(),
        "age_seconds": round(age),
        "max_age_seconds": max_age,
    }
    return age <= max_age, detail


def log_change(failing):
    """Log when what fails changes (a WARNING when something fails, INFO when all is fine again),
    not at every probe: a monitor asks every few seconds, and a start takes a minute."""
    global _last_failing
    if failing == _last_failing:
        return
    if failing:
        logger.warning("Health check failing: %s", ", ".join(failing))
    elif _last_failing is not None:
        logger.info("Health check fine again")
    _last_failing = failing
