from celery import shared_task

from .models import Heartbeat


@shared_task(ignore_result=True)
def heartbeat():
    """Scheduled by beat every HEARTBEAT_INTERVAL_SECONDS; /healthz reads its age."""
    Heartbeat.beat("beat")
