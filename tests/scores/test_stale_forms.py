"""Two clerks at the scores: a form or a preview older than the saved figures is answered 409 with
what changed and who changed it, saves nothing, and keeps what was typed (sending it again saves)."""

import re

import pytest
from django.urls import reverse

from plans.models import PapiScore, Role
from tests.conftest import make_person

from .test_scores import GOOD, put, workbook

EDIT = reverse("reports:scores_edit") + "?year=2024"
UPLOAD = reverse("reports:scores_upload")


@pytest.fixture
def colleague(commune):
    return make_person("vanphong2", commune, Role.CLERK, "Công chức Văn phòng - Thống kê", "Lý Thị Lan")


def hidden(response, name):
    match = re.search(rf'name="{name}" value="([^"]+)"', response.content.decode())
    assert match, f"no hidden {name} on the page"
    return match.group(1)


def area_3(commune):
    return PapiScore.objects.get(unit=commune, year=2024, source="official", area__code=3)


def test_a_score_form_older_than_the_figures_is_409_with_the_change_and_the_input_kept(
    client, clerk, colleague, commune
):
    put(commune, 2024, PapiScore.Source.OFFICIAL, 3, 5.0)
    client.force_login(clerk)
    seen = hidden(client.get(EDIT), "seen")
    # The colleague saves area 3 while the first clerk types.
    client.force_login(colleague)
    assert client.post(EDIT, {"source": "official", "a3-score": "6.25", "seen": seen}).status_code == 302

    client.force_login(clerk)
    response = client.post(EDIT, {"source": "official", "a3-score": "7.5", "a1-score": "4", "seen": seen})

    assert response.status_code == 409
    page = response.content.decode()
    assert 'id="conflict"' in page and "5 → 6.25" in page and "Lý Thị Lan" in page
    assert 'value="7.5"' in page and 'value="4"' in page  # what was typed is still in the form
    assert area_3(commune).score == 6.25  # the colleague's figure stands
    assert not PapiScore.objects.filter(unit=commune, year=2024, area__code=1).exists()

    typed = {"source": "official", "a3-score": "7.5", "a1-score": "4"}
    again = client.post(EDIT, {**typed, "seen": hidden(response, "seen")})
    assert again.status_code == 302
    assert area_3(commune).score == 7.5


def test_a_score_form_for_unchanged_figures_saves(client, clerk, commune):
    put(commune, 2024, PapiScore.Source.OFFICIAL, 3, 5.0)
    client.force_login(clerk)
    seen = hidden(client.get(EDIT), "seen")
    assert client.post(EDIT, {"source": "official", "a3-score": "7.5", "seen": seen}).status_code == 302
    assert area_3(commune).score == 7.5


def test_a_preview_confirmed_after_its_figures_changed_is_409_and_saves_nothing(client, clerk, colleague, commune):
    put(commune, 2024, PapiScore.Source.OFFICIAL, 1, 5.0)
    client.force_login(clerk)
    preview = client.post(UPLOAD, {"file": workbook(GOOD)})
    token = hidden(preview, "token")
    client.force_login(colleague)
    assert client.post(EDIT, {"source": "official", "a1-score": "2.5", "seen": ""}).status_code == 302

    client.force_login(clerk)
    response = client.post(UPLOAD, {"token": token})

    assert response.status_code == 409
    page = response.content.decode()
    assert 'id="conflict"' in page and "Lý Thị Lan" in page and "→ 2.5" in page
    assert PapiScore.objects.get(unit=commune, year=2024, area__code=1).score == 2.5
    assert PapiScore.objects.filter(unit=commune, year=2024).count() == 1  # nothing of the file saved
    # The preview is shown again against the figures as they are; confirming it saves the file.
    assert client.post(UPLOAD, {"token": hidden(response, "token")}).status_code == 302
    assert PapiScore.objects.filter(unit=commune, year=2024).count() == len(GOOD)
