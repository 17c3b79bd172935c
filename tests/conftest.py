"""Shared fixtures: a small cast of people in two communes, and service checks.

Tests marked `services` need the PostgreSQL / Redis named by DATABASE_URL / REDIS_URL.
Without REDIS_URL they are skipped with a reason (the embedded default has no Redis);
with it, they must reach it or fail. `.ci/run` sets both and PAPI_REQUIRE_SERVICES=1,
under which nothing is skipped and the suite must be running on PostgreSQL.
"""

import os

import pytest
from django.utils import translation

from plans.models import AdministrativeUnit, Position, Role, User


def pytest_collection_modifyitems(config, items):
    if os.environ.get("REDIS_URL"):
        return
    if os.environ.get("PAPI_REQUIRE_SERVICES"):
        raise pytest.UsageError("PAPI_REQUIRE_SERVICES is set but REDIS_URL is not: the services tests cannot run.")
    skip = pytest.mark.skip(reason="needs REDIS_URL (set by .ci/run); the embedded default has no Redis")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reference_data(request):
    """A transactional test (a live server for the browser) empties every table afterwards,
    the data migration's PAPI areas and role groups included: put them back before each."""
    if {"live_server", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        from plans import reference

        reference.load()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached dashboards are keyed by ids, which a rolled-back test may hand out again."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """A request with Accept-Language leaves its language active; start every test in Vietnamese."""
    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture
def province(db):
    return AdministrativeUnit.objects.create(kind="province", code="33", name="Hưng Yên")


@pytest.fixture
def district(province):
    return AdministrativeUnit.objects.create(kind="district", code="330", name="Văn Lâm", parent=province)


@pytest.fixture
def commune(district):
    return AdministrativeUnit.objects.create(kind="commune", code="12100", name="Trung Trắc", parent=district)


@pytest.fixture
def other_commune(district):
    return AdministrativeUnit.objects.create(kind="commune", code="12103", name="Lạc Hồng", parent=district)


def make_person(username, unit, role=Role.OFFICIAL, position=None, full_name=None, **extra):
    position_obj = Position.objects.get_or_create(name=position)[0] if position else None
    return User.objects.create_user(
        username=username,
        password="pw-" + username,
        full_name=full_name or username.title(),
        unit=unit,
        role=role,
        position=position_obj,
        **extra,
    )


@pytest.fixture
def clerk(commune):
    return make_person("vanphong", commune, Role.CLERK, "Công chức Văn phòng - Thống kê", "Nguyễn Thị Hoa")


@pytest.fixture
def chairman(commune):
    return make_person("chutich", commune, Role.CHAIRMAN, "Chủ tịch UBND xã", "Lê Ngọc Tuân")


@pytest.fixture
def official(commune):
    return make_person("tuphap", commune, Role.OFFICIAL, "Công chức Tư pháp - Hộ tịch", "Trần Văn Bình")


@pytest.fixture
def outsider(other_commune):
    return make_person("ngoai", other_commune, Role.CLERK, "Công chức Văn phòng - Thống kê", "Phạm Văn Cường")


@pytest.fixture
def observer(commune):
    return make_person("mttq", commune, Role.OBSERVER, "Chủ tịch Ủy ban MTTQ xã", "Đỗ Thị Mai")


@pytest.fixture
def vice_chairman(commune):
    return make_person("phochutich", commune, Role.VICE_CHAIRMAN, "Phó Chủ tịch UBND xã", "Vũ Văn Nam")


@pytest.fixture
def second_official(commune):
    return make_person("diachinh", commune, Role.OFFICIAL, "Công chức Địa chính - Xây dựng", "Ngô Văn An")


@pytest.fixture
def supervisor(district):
    return make_person("huyen", district, Role.SUPERVISOR, None, "Hoàng Văn Huyện")
