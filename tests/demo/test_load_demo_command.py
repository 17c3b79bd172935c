"""The load_demo command: a summary and the demo logins; a second run says it is already loaded."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from demo.data.ward import PEOPLE as WARD_PEOPLE
from demo.loader import PEOPLE
from plans.models import AdministrativeUnit, User


def test_command_prints_a_summary_and_the_logins(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "papi2024" in text
    for person in PEOPLE:
        assert person.username in text and person.full_name in text
    # The post-reform ward after the commune: its departments with their heads, its logins with their titles.
    ward = text[text.index("mh.chutich") :]
    for person in WARD_PEOPLE:
        assert person.username in ward and person.full_name in ward and person.position in ward
    assert "Phòng Kinh tế, Hạ tầng và Đô thị: Đặng Quốc Việt" in text
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "--reset" in out.getvalue()  # the second run says the demo is already loaded


def test_the_demo_never_takes_over_a_real_person_with_a_demo_username(db):
    elsewhere = AdministrativeUnit.objects.create(kind="commune", code="00001", name="Elsewhere")
    User.objects.create_user(username="tuphap", password="x", full_name="Người Thật", unit=elsewhere)
    with pytest.raises(CommandError, match="tuphap"):
        call_command("load_demo", stdout=StringIO())
    assert User.objects.get(username="tuphap").unit == elsewhere
    assert not AdministrativeUnit.objects.filter(code="12100").exists()  # one transaction: nothing left behind
