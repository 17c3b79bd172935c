import datetime

import pytest
from django.utils import timezone

from core.jobs import heartbeat
from core.models import Heartbeat
from papi_portal.celery import app as celery_app


@pytest.fixture
def fresh_heartbeat(db):
    Heartbeat.beat("beat")


def test_healthz_is_200_when_database_broker_and_beat_are_fine(client, fresh_heartbeat):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["beat"]["age_seconds"] <= 1


def test_healthz_is_503_before_beat_ever_ran(client, db):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["beat"] == {
        "ok": False,
        "last_heartbeat": None,
        "age_seconds": None,
        "max_age_seconds": 180,
    }


def test_healthz_is_503_when_the_last_heartbeat_is_too_old(client, db):
    Heartbeat.beat("beat", now=timezone.now() - datetime.timedelta(minutes=10))

    response = client.get("/healthz")

    assert response.status_code == 503
    beat = response.json()["checks"]["beat"]
    assert beat["ok"] is False
    assert 599 <= beat["age_seconds"] <= 601


def test_healthz_is_503_when_the_broker_is_unreachable(client, fresh_heartbeat, monkeypatch):
    # Nothing listens on port 1.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")

    response = client.get("/healthz")

    assert response.status_code == 503
    broker = response.json()["checks"]["broker"]
    assert broker == {"ok": False, "transport": "redis", "error": broker["error"]}


def test_heartbeat_task_records_the_time_it_ran(db):
    heartbeat.apply()

    assert Heartbeat.objects.get(name="beat").age_seconds() < 5


def test_healthz_is_not_cached_and_needs_no_login(client, fresh_heartbeat):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]


@pytest.mark.services
def test_healthz_reaches_the_real_redis_broker(client, fresh_heartbeat, settings):
    # Under .ci/run REDIS_URL points at the real Redis: the broker check must use it.
    response = client.get("/healthz")

    assert response.json()["checks"]["broker"] == {"ok": True, "transport": "redis"}
    assert response.status_code == 200
