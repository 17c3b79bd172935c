"""The CI run must really be on PostgreSQL and Redis: these fail, not skip, if they are not."""

import os

import pytest
import redis
from django.db import connection


@pytest.mark.services
def test_suite_runs_on_postgresql_when_services_are_required(db):
    if not os.environ.get("PAPI_REQUIRE_SERVICES"):
        pytest.skip("only enforced under .ci/run (PAPI_REQUIRE_SERVICES=1)")
    assert connection.vendor == "postgresql"


@pytest.mark.services
def test_redis_named_by_redis_url_answers():
    assert redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=2).ping() is True
