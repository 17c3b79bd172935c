"""The clerk's tools: a 2024 plan of the Trung Trắc commune with two areas and a few tasks."""

import datetime

import pytest

from plans.models import ContentArea, Plan, PlanSection
from tasks.models import Task


@pytest.fixture
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch nâng cao Chỉ số PAPI năm 2024")


@pytest.fixture
def sections(plan):
    """II. NỘI DUNG → 1. (areas) → 1.1 (area 1), 1.3 (area 3); 2. Communication (no area)."""
    part = PlanSection.objects.create(plan=plan, order=1, kind="part", purpose="tasks", number="II", heading="NỘI DUNG")
    group = PlanSection.objects.create(
        plan=plan, parent=part, order=2, kind="section", purpose="tasks", number="1", heading="Các nội dung PAPI"
    )
    area1 = PlanSection.objects.create(
        plan=plan, parent=group, order=3, kind="subsection", purpose="tasks", number="1.1",
        heading="Tham gia của người dân ở cấp cơ sở", content_area=ContentArea.objects.get(code=1),
    )  # fmt: skip
    area3 = PlanSection.objects.create(
        plan=plan, parent=group, order=4, kind="subsection", purpose="tasks", number="1.3",
        heading="Trách nhiệm giải trình với người dân", content_area=ContentArea.objects.get(code=3),
    )  # fmt: skip
    communication = PlanSection.objects.create(
        plan=plan, parent=part, order=5, kind="section", purpose="tasks", number="2", heading="Công tác tuyên truyền"
    )
    return {"part": part, "group": group, "area1": area1, "area3": area3, "communication": communication}


def make_task(plan, code, section=None, **fields):
    fields.setdefault("title", f"Nhiệm vụ {code}")
    fields.setdefault("text", f"Nội dung nhiệm vụ {code}.")
    if section is not None:
        fields.setdefault("content_area", section.content_area)
    return Task.objects.create(plan=plan, code=code, section=section, order=fields.pop("order", 0), **fields)


@pytest.fixture
def task(plan, sections, official):
    return make_task(
        plan, "1.3.a", sections["area3"], order=3, title="Tiếp công dân định kỳ", lead=official,
        deadline_kind="date", due_date=datetime.date(2024, 6, 30),
    )  # fmt: skip


@pytest.fixture
def tasks(plan, sections, task, official):
    """Four tasks: two in area 1, one in area 3 (`task`), one about communication (no area)."""
    return [
        make_task(plan, "1.1.a", sections["area1"], order=1),
        make_task(plan, "1.1.b", sections["area1"], order=2, lead=official),
        task,
        make_task(plan, "2.a", sections["communication"], order=4),
    ]
