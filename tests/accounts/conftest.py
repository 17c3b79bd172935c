import pytest
from django.urls import reverse
from django.utils import translation

from plans.models import Role
from tests.conftest import make_person


@pytest.fixture(autouse=True)
def _restore_language():
    """A request with Accept-Language leaves its language active in the thread: put it back."""
    previous = translation.get_language()
    yield
    if previous:
        translation.activate(previous)
    else:
        translation.deactivate()


def sign_in(client, username, password, ip="127.0.0.1", **extra):
    """One sign-in through the login view, as a browser at `ip` would do it."""
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


@pytest.fixture
def observer(commune):
    return make_person("mttq", commune, Role.OBSERVER, "Mặt trận Tổ quốc", "Đỗ Thị Lan")


@pytest.fixture
def vice_chairman(commune):
    return make_person("phochutich", commune, Role.VICE_CHAIRMAN, "Phó Chủ tịch UBND xã", "Vũ Văn Nam")


@pytest.fixture
def supervisor(district):
    return make_person("huyen", district, Role.SUPERVISOR, "Chuyên viên Phòng Nội vụ", "Hoàng Minh Đức")
