"""Sessions end after SESSION_COOKIE_AGE seconds without activity (SESSION_SAVE_EVERY_REQUEST)."""

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse

from .conftest import sign_in

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2024, 5, 6, 1, 0, tzinfo=datetime.UTC)


def test_sessions_are_renewed_on_every_request_and_last_eight_hours_by_default():
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_a_session_ends_after_the_idle_time_but_not_while_in_use(client, official, settings):
    settings.SESSION_COOKIE_AGE = 600  # 10 minutes, as an operator might set it
    page = reverse("notifications:notifications")
    with time_machine.travel(T0, tick=False) as traveller:
        assert sign_in(client, "tuphap", "pw-tuphap").status_code == 302

        # Working: a request every 9 minutes keeps the session for 27 minutes and more.
        for _ in range(3):
            traveller.shift(datetime.timedelta(minutes=9))
            assert client.get(page).status_code == 200

        # Idle for 10 minutes and a second: signed out.
        traveller.shift(datetime.timedelta(minutes=10, seconds=1))
        response = client.get(page)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={page}"
