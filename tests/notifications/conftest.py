import datetime

import pytest

from notifications.models import Notification
from plans.models import Plan
from tasks.models import Task

AT = datetime.datetime(2024, 3, 5, 2, 30, tzinfo=datetime.UTC)  # 09:30 on 05/03/2024 in Hà Nội


@pytest.fixture
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch cải thiện chỉ số PAPI năm 2024")


@pytest.fixture
def task(plan):
    return Task.objects.create(
        plan=plan, code="1.1.a", title="Niêm yết công khai danh sách hộ nghèo", text="Niêm yết công khai."
    )


def notify(recipient, task, kind=Notification.Kind.ASSIGNED, actor=None, at=AT, **extra):
    return Notification.objects.create(recipient=recipient, task=task, kind=kind, actor=actor, created_at=at, **extra)
