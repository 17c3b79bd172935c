"""Fixtures for the plan importer: the test plans, the commune's people, row counting."""

from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

from plans.models import Position, Role
from tests.conftest import make_person

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"
SEED = PLANS / "ke-hoach-papi-2024-xa-trung-trac.txt"
MINH_HAI = PLANS / "ke-hoach-papi-2024-xa-minh-hai.md"
LAC_HONG = PLANS / "ke-hoach-papi-2024-xa-lac-hong.txt"


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in their English source form, whatever catalogue the project ships.
    with translation.override("en"):
        yield


@pytest.fixture
def culture_official(commune):
    return make_person("vanhoa", commune, Role.OFFICIAL, "Công chức Văn hóa - Xã hội", "Đỗ Thị Lan")


@pytest.fixture
def people(clerk, chairman, official, culture_official):
    """The commune's officials whose positions the test plans name."""
    return {"clerk": clerk, "chairman": chairman, "official": official, "culture": culture_official}


@pytest.fixture
def inactive_position(db):
    return Position.objects.create(name="Công chức Địa chính - Xây dựng", is_active=False)


def row_counts():
    """Rows of every model, historical records and many-to-many tables included."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []
