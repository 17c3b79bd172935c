"""The commune dashboard's table of who leads what (reports.dashboard.commune_dashboard)."""

import datetime

import pytest

from reports.dashboard import commune_dashboard

from .conftest import make_task

pytestmark = pytest.mark.django_db


def test_a_task_a_department_leads_is_not_counted_as_unassigned(plan, culture, official):
    make_task(plan, "2.5.a", lead_department=culture)
    make_task(plan, "2.5.b", lead_department=culture)
    make_task(plan, "2.5.c", lead=official)
    make_task(plan, "2.5.d")  # nobody leads it

    dashboard = commune_dashboard(plan, datetime.date(2024, 6, 10))

    rows = {str(row.lead) if row.lead else "Unassigned": row.counts.total for row in dashboard.officials}
    assert rows.get("Trần Văn Bình") == 1
    assert rows.get("Unassigned") == 1  # 2.5.d only, not the department's two tasks


def test_the_dashboard_names_the_department_first_and_as_the_lead_of_a_late_task(plan, culture, official, chairman):
    from django.test import Client

    make_task(plan, "2.5.a", lead_department=culture, due=datetime.date(2024, 5, 31))
    make_task(plan, "2.5.b", lead=official, due=datetime.date(2024, 12, 31))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(chairman)

    page = client.get("/reports/dashboard/", {"plan": plan.pk}).content.decode()

    officials = page.split('id="officials"', 1)[1].split("</table>", 1)[0]
    assert officials.index("Phòng Văn hóa - Xã hội") < officials.index("Trần Văn Bình")
    late = page.split('id="overdue-tasks"', 1)[1].split("</table>", 1)[0]
    assert "Phòng Văn hóa - Xã hội" in late.split("2.5.a", 1)[1].split("</tr>", 1)[0]
