"""A ward whose departments exist in the portal: the appendix's departments lead and cooperate on
the tasks they are named for (issue #12 items 1 and 5); names that are no department of the ward
(the police, the residents' groups) stay as the plan wrote them."""

import pytest

from importing.plan import import_plan
from plans.models import Department
from tasks.models import Task

from .test_ward_plan import ward_plan  # noqa: F401 (a fixture)
from .ward_plan import KT, TTHC, VHXH, VP


@pytest.fixture
def departments(commune):
    # Named as the ward calls them; the plan adds "phường" to some ("Văn phòng HĐND và UBND phường").
    names = {
        "vp": "Văn phòng HĐND và UBND",
        "vhxh": VHXH,
        "kt": KT,
        "tthc": "Trung tâm Phục vụ hành chính công",
    }
    return {key: Department.objects.create(unit=commune, name=name) for key, name in names.items()}


def test_the_departments_the_appendix_names_lead_and_cooperate(commune, people, departments, ward_plan):  # noqa: F811
    report = import_plan(ward_plan(), unit=commune, year=2026)
    tasks = {t.code: t for t in Task.objects.filter(plan=report.plan)}

    assert (tasks["1.b"].lead, tasks["1.b"].lead_department) == (None, departments["vhxh"])
    assert tasks["2.b"].lead_department == departments["kt"]
    assert list(tasks["2.b"].cooperating_departments.all()) == [departments["vp"]]
    assert tasks["4.b"].lead_department == departments["vp"]
    assert list(tasks["4.b"].cooperating_departments.all()) == [departments["tthc"]]
    assert "Công an phường" in tasks["4.b"].cooperating_text  # not a department of the ward: kept as written
    assert tasks["5.a"].lead_department == departments["tthc"]
    assert sum(1 for t in tasks.values() if t.lead_department_id) >= 12


def test_without_departments_the_same_plan_names_them_as_text_only(commune, people, ward_plan):  # noqa: F811
    report = import_plan(ward_plan(), unit=commune, year=2026)

    tasks = Task.objects.filter(plan=report.plan)
    assert not tasks.filter(lead_department__isnull=False).exists()
    assert tasks.get(code="1.b").lead_text == VHXH
    assert tasks.get(code="5.a").lead_text == TTHC
    assert VP in tasks.get(code="2.b").cooperating_text
