"""/tasks/plan/upload/: preview (a dry run that writes nothing), then confirm (the real import)."""

import datetime
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from importing import staging
from plans.models import Plan
from tasks.models import Task

URL = reverse("importing:plan_upload")
SMALL_PLAN = Path(__file__).parent / "data" / "ke-hoach-nho-2025.txt"
pytestmark = pytest.mark.django_db


def row_counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if not m._meta.proxy}


def _upload(name="ke-hoach.txt", data=None, **fields):
    data = SMALL_PLAN.read_bytes() if data is None else data
    return {"file": SimpleUploadedFile(name, data, content_type="text/plain"), "year": 2025, **fields}


def _staged_files(settings):
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def _token(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def test_preview_shows_what_would_be_imported_and_writes_nothing(client, clerk, settings):
    client.force_login(clerk)
    before = row_counts()

    response = client.post(URL, _upload())

    assert response.status_code == 200
    html = response.content.decode()
    assert "1.1.a" in html and "1.2.c" in html and "2.a" in html  # the tree
    report = response.context["report"]
    assert report.counts.per_area == {1: 2, 5: 3} and report.counts.outside == 1
    assert row_counts() == before
    assert len(_staged_files(settings)) == 1  # the upload waits for the confirmation


def test_confirm_imports_the_plan_and_cleans_up(client, clerk, commune, settings):
    client.force_login(clerk)
    token = _token(client.post(URL, _upload()))

    response = client.post(URL, {"token": token, "confirm": "1"})

    plan = Plan.objects.get(unit=commune, year=2025)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('tasks:plan_overview')}?plan={plan.pk}"
    assert sorted(Task.objects.filter(plan=plan).values_list("code", flat=True)) == [
        "1.1.a", "1.1.b", "1.2.a", "1.2.b", "1.2.c", "2.a",
    ]  # fmt: skip
    assert _staged_files(settings) == []
    overview = client.get(response["Location"])
    assert "Rà soát, đơn giản hóa thủ tục hành chính" in overview.content.decode()


def test_cancel_discards_the_upload(client, clerk, settings):
    client.force_login(clerk)
    token = _token(client.post(URL, _upload()))
    before = row_counts()

    client.post(URL, {"token": token, "cancel": "1"})

    assert row_counts() == before
    assert _staged_files(settings) == []


def test_a_binary_file_gets_the_importers_message_and_writes_nothing(client, clerk, settings):
    client.force_login(clerk)
    before = row_counts()

    response = client.post(URL, _upload(name="ke-hoach.txt", data=bytes(range(256)) * 40))

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and "\n" not in errors[0]
    assert row_counts() == before
    assert _staged_files(settings) == []


def test_other_file_types_are_refused_by_name(client, clerk):
    client.force_login(clerk)

    response = client.post(URL, _upload(name="ke-hoach.pdf", data=b"%PDF-1.4"))

    assert response.context["form"].errors["file"]


def test_files_over_5_mb_are_refused(client, clerk):
    client.force_login(clerk)

    response = client.post(URL, _upload(data=b"a" * (5 * 1024 * 1024 + 1)))

    assert response.context["form"].errors["file"]


def test_an_existing_plan_needs_the_replace_box(client, clerk, commune, settings):
    old = Plan.objects.create(unit=commune, year=2025, title="Kế hoạch cũ")
    client.force_login(clerk)

    refused = client.post(URL, _upload())
    assert refused.status_code == 200
    assert str(old.year) in " ".join(refused.context["form"].errors["replace"])
    assert _staged_files(settings) == []

    token = _token(client.post(URL, _upload(replace="on")))
    client.post(URL, {"token": token, "confirm": "1"})

    plan = Plan.objects.get(unit=commune, year=2025)
    assert plan.pk != old.pk and plan.tasks.count() == 6


def test_a_forged_or_foreign_token_imports_nothing(client, clerk, outsider, settings):
    client.force_login(outsider)
    token = _token(client.post(URL, _upload()))
    client.force_login(clerk)
    before = row_counts()

    forged = client.post(URL, {"token": token + "x", "confirm": "1"})
    foreign = client.post(URL, {"token": token, "confirm": "1"})

    assert forged.status_code == foreign.status_code == 302
    assert row_counts() == before


@pytest.mark.parametrize(("who", "status"), [("official", 403), ("observer", 403), ("chairman", 403)])
def test_only_the_clerk_may_upload(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    before = row_counts()

    assert client.get(URL).status_code == status
    assert client.post(URL, _upload()).status_code == status
    assert row_counts() == before


def test_people_without_a_commune_get_404(client, supervisor):
    supervisor.unit = None
    supervisor.save()
    client.force_login(supervisor)

    assert client.get(URL).status_code == 404


def test_staged_uploads_abandoned_long_ago_are_pruned(settings):
    name = default_storage.save("imports/old.txt", ContentFile(b"x"))
    staging.prune_staged(now=timezone.now() + datetime.timedelta(hours=1))
    assert default_storage.exists(name)
    staging.prune_staged(now=timezone.now() + datetime.timedelta(hours=3))
    assert not default_storage.exists(name)
