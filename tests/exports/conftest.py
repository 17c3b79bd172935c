import pytest

from plans.models import Plan


@pytest.fixture
def plan(commune):
    return Plan.objects.create(unit=commune, year=2024, title="Kế hoạch PAPI 2024", number="05/KH-UBND")
