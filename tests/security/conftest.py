"""A cast for the privilege model: every rank, in and around one commune.

The commune Trung Trắc (clerk, a second clerk, chairman, vice-chairman, officials, an observer, an
official with staff rights), its district's supervisor, the province's two account
administrators, two superusers, and another commune's clerk and official.
"""

import pytest
from django.contrib.auth.models import Group

from plans.models import AdministrativeUnit, Department, Role, User

PASSWORD = "pw-cast-2024"

# name: (unit key, role, extra fields)
CAST = {
    "root": (None, Role.OFFICIAL, {"is_superuser": True, "is_staff": True}),
    "root2": (None, Role.OFFICIAL, {"is_superuser": True, "is_staff": True}),
    "quantri": ("province", Role.ACCOUNT_ADMIN, {"is_staff": True}),
    "quantri2": ("province", Role.ACCOUNT_ADMIN, {"is_staff": True}),
    "giamsat": ("district", Role.SUPERVISOR, {}),
    "chutich": ("commune", Role.CHAIRMAN, {}),
    "phochutich": ("commune", Role.VICE_CHAIRMAN, {}),
    "vanphong": ("commune", Role.CLERK, {"is_staff": True}),
    "vanphong2": ("commune", Role.CLERK, {"is_staff": True}),
    "tuphap": ("commune", Role.OFFICIAL, {}),
    "diachinh": ("commune", Role.OFFICIAL, {"is_staff": True}),
    "mttq": ("commune", Role.OBSERVER, {}),
    "ngoai_vanphong": ("other", Role.CLERK, {"is_staff": True}),
    "ngoai_tuphap": ("other", Role.OFFICIAL, {}),
}


@pytest.fixture
def units(db):
    province = AdministrativeUnit.objects.create(kind="province", code="33", name="Hưng Yên")
    district = AdministrativeUnit.objects.create(kind="district", code="330", name="Văn Lâm", parent=province)
    commune = AdministrativeUnit.objects.create(kind="commune", code="12100", name="Trung Trắc", parent=district)
    other = AdministrativeUnit.objects.create(kind="commune", code="12103", name="Lạc Hồng", parent=district)
    for unit in (province, district, commune, other):
        Department.objects.create(unit=unit, name="Văn phòng")
        Department.objects.create(unit=unit, name="Phòng Văn hóa - Xã hội")
    return {"province": province, "district": district, "commune": commune, "other": other}


@pytest.fixture
def cast(units, django_user_model):
    Group.objects.get_or_create(name="extra")
    people = {}
    for username, (unit_key, role, extra) in CAST.items():
        unit = units[unit_key] if unit_key else None
        people[username] = User.objects.create_user(
            username=username,
            password=PASSWORD,
            email=f"{username}@example.vn",
            full_name=username.replace("_", " ").title(),
            phone="0900000000",
            unit=unit,
            role=role,
            department=Department.objects.filter(unit=unit, name="Văn phòng").first() if unit else None,
            **extra,
        )
    return people
