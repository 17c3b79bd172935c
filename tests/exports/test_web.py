"""/reports/export/, the background job, "My files" and their clean-up."""

import datetime
import io
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from plans.models import Plan
from reports.jobs import delete_expired_exports, run_export
from reports.models import ExportJob, ReportingSettings

from .helpers import done, make_task, vn

EXPORT = "/reports/export/"


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def tasks(plan):
    done(make_task(plan, "1.1.a", due_date=datetime.date(2024, 6, 10)), vn(2024, 6, 10, 9))
    make_task(plan, "1.1.b", title="=cmd|' /C calc'!A0")


def body(response):
    return b"".join(response.streaming_content)


@pytest.mark.django_db
class TestDownloadAtOnce:
    def test_urls(self):
        assert reverse("reports:export") == EXPORT
        assert reverse("reports:export_status", args=[3]) == "/reports/exports/3/status"

    def test_the_page_offers_the_current_quarter(self, clerk):
        response = signed_in(clerk).get(EXPORT)
        assert response.status_code == 200
        assert b'name="period"' in response.content

    @pytest.mark.parametrize("who", ["clerk", "chairman", "vice_chairman"])
    def test_commune_leaders_download_their_commune(self, request, commune, tasks, who):
        response = signed_in(request.getfixturevalue(who)).post(
            EXPORT, {"unit": commune.pk, "period": "2024-Q2", "style": "decree09"}
        )
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="bao-cao-papi-2024-Q2-trung-trac.xlsx"'
        assert response["X-Content-Type-Options"] == "nosniff"
        workbook = load_workbook(io.BytesIO(body(response)))
        assert workbook.sheetnames == ["Tổng hợp", "Chi tiết", "Theo cán bộ", "Báo cáo của cán bộ"]

    def test_a_supervisor_downloads_a_commune_below(self, supervisor, commune, tasks):
        response = signed_in(supervisor).post(EXPORT, {"unit": commune.pk, "period": "2024-Q2", "style": "calendar"})
        assert response.status_code == 200

    def test_an_official_may_not_export(self, official, commune, tasks):
        client = signed_in(official)
        assert client.get(EXPORT).status_code == 403
        assert client.post(EXPORT, {"unit": commune.pk, "period": "2024-Q2", "style": "decree09"}).status_code == 403

    def test_another_communes_clerk_gets_404(self, outsider, commune, tasks):
        response = signed_in(outsider).post(EXPORT, {"unit": commune.pk, "period": "2024-Q2", "style": "decree09"})
        assert response.status_code == 404

    def test_signed_out_goes_to_the_login(self, client):
        assert client.get(EXPORT).status_code == 302

    def test_no_plan_for_the_year_is_said_on_the_form(self, clerk, commune, plan):
        response = signed_in(clerk).post(EXPORT, {"unit": commune.pk, "period": "2023-Q2", "style": "decree09"})
        assert response.status_code == 200
        assert b"2023" in response.content

    def test_a_bad_period_is_said_on_the_form(self, clerk, commune, plan):
        response = signed_in(clerk).post(EXPORT, {"unit": commune.pk, "period": "2024-Q9", "style": "decree09"})
        assert response.status_code == 200
        assert response.context["form"].errors["period"]


@pytest.mark.django_db(transaction=False)
class TestBackgroundJob:
    def test_a_district_export_is_queued_on_commit_and_made_by_the_job(
        self, supervisor, district, commune, other_commune, tasks, django_capture_on_commit_callbacks
    ):
        Plan.objects.create(unit=other_commune, year=2024, title="KH")
        ReportingSettings.objects.create(unit=district, export_retention_days=3)
        with (
            mock.patch("reports.jobs.run_export.delay") as delay,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = signed_in(supervisor).post(
                EXPORT, {"unit": district.pk, "period": "2024-Q2", "style": "decree09"}
            )
        job = ExportJob.objects.get()
        assert response.status_code == 302 and response["Location"].endswith(f"?job={job.pk}")
        delay.assert_called_once_with(job.pk)
        assert (job.status, job.requested_by, job.params) == ("queued", supervisor, {"period": "2024-Q2",
                                                                                     "style": "decree09"})  # fmt: skip

        assert run_export(job.pk) is True  # eager: the job run directly with its id
        job.refresh_from_db()
        assert (job.status, job.progress) == ("done", 100)
        assert job.expires_at - job.finished_at == datetime.timedelta(days=3)
        with job.file.open("rb") as f:
            workbook = load_workbook(f)
        summary = [row for row in workbook["Tổng hợp"].iter_rows(values_only=True) if row[1] in
                   ("Lạc Hồng", "Trung Trắc", "Tổng cộng")]  # fmt: skip
        assert [(row[1], row[2]) for row in summary] == [("Lạc Hồng", 0), ("Trung Trắc", 2), ("Tổng cộng", 2)]

        status = signed_in(supervisor).get(reverse("reports:export_status", args=[job.pk])).json()
        assert status["status"] == "done" and status["download_url"].endswith(f"/exports/{job.pk}/download")

    def test_a_second_delivery_does_nothing(self, clerk, commune, tasks):
        job = ExportJob.objects.create(requested_by=clerk, unit=commune, kind="report", params={"period": "2024-Q2"})
        assert run_export(job.pk) is True
        job.refresh_from_db()
        first_file = job.file.name
        with mock.patch("reports.jobs.export_unit_report") as export:
            assert run_export(job.pk) is False
        export.assert_not_called()
        job.refresh_from_db()
        assert (job.status, job.file.name) == ("done", first_file)

    def test_a_job_claimed_by_another_worker_is_left_alone(self, clerk, commune, tasks):
        job = ExportJob.objects.create(requested_by=clerk, unit=commune, kind="report", params={"period": "2024-Q2"},
                                       status="running")  # fmt: skip
        assert run_export(job.pk) is False
        assert run_export(987654) is False  # deleted meanwhile

    def test_progress_is_recorded_while_rows_are_written(self, clerk, commune, plan):
        for i in range(30):
            make_task(plan, f"t{i}")
        job = ExportJob.objects.create(requested_by=clerk, unit=commune, kind="report", params={"period": "2024-Q2"})
        seen = []
        with mock.patch("reports.jobs.PROGRESS_EVERY", 10), mock.patch("reports.jobs._set_progress") as record:
            record.side_effect = lambda job_id, percent: seen.append(percent)
            run_export(job.pk)
        assert seen == [33, 66, 100]

    def test_a_unit_without_plan_fails_with_a_message(self, clerk, commune):
        job = ExportJob.objects.create(requested_by=clerk, unit=commune, kind="report", params={"period": "2024-Q2"})
        run_export(job.pk)
        job.refresh_from_db()
        assert job.status == "failed" and "2024" in job.error


@pytest.mark.django_db
class TestMyFiles:
    def _job(self, user, unit, **fields):
        from django.core.files.base import ContentFile

        job = ExportJob.objects.create(requested_by=user, unit=unit, kind="report", params={"period": "2024-Q2"},
                                       status="done", file_name="bao-cao.xlsx", **fields)  # fmt: skip
        job.file.save("bao-cao.xlsx", ContentFile(b"PK fake"), save=True)
        return job

    def test_lists_only_my_exports(self, clerk, chairman, commune):
        mine = self._job(clerk, commune)
        theirs = self._job(chairman, commune)
        response = signed_in(clerk).get(reverse("reports:my_exports"))
        assert [job.pk for job in response.context["jobs"]] == [mine.pk]
        assert theirs.pk not in [job.pk for job in response.context["jobs"]]

    def test_my_files_query_count_does_not_grow_with_the_files(self, clerk, commune):
        client = signed_in(clerk)
        for _ in range(5):
            self._job(clerk, commune)
        few = _queries(client)
        for _ in range(40):
            self._job(clerk, commune)
        many = _queries(client)
        # session, user, and ONE query for the exports with their unit (plus base.html's context processors)
        assert len(many) == len(few)
        assert sum('"reports_exportjob"' in q["sql"] for q in many) == 1

    def test_download_is_for_the_requester_only(self, clerk, chairman, outsider, commune):
        job = self._job(clerk, commune)
        url = reverse("reports:export_download", args=[job.pk])
        response = signed_in(clerk).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert body(response) == b"PK fake"
        assert signed_in(chairman).get(url).status_code == 404
        assert signed_in(outsider).get(url).status_code == 404
        assert signed_in(chairman).get(reverse("reports:export_status", args=[job.pk])).status_code == 404

    def test_an_expired_file_is_gone(self, clerk, commune):
        job = self._job(clerk, commune, expires_at=timezone.now() - datetime.timedelta(minutes=1))
        assert signed_in(clerk).get(reverse("reports:export_download", args=[job.pk])).status_code == 404

    def test_clean_up_deletes_expired_files_and_rows(self, clerk, commune):
        now = timezone.now()
        old = self._job(clerk, commune, expires_at=now - datetime.timedelta(days=1))
        kept = self._job(clerk, commune, expires_at=now + datetime.timedelta(days=1))
        old_path = old.file.path
        stuck = ExportJob.objects.create(requested_by=clerk, unit=commune, kind="report", status="running",
                                         created_at=now - datetime.timedelta(hours=3))  # fmt: skip
        assert delete_expired_exports() == 1
        assert not ExportJob.objects.filter(pk=old.pk).exists()
        assert ExportJob.objects.filter(pk=kept.pk).exists()
        import os

        assert not os.path.exists(old_path) and os.path.exists(kept.file.path)
        stuck.refresh_from_db()
        assert stuck.status == "failed"


def _queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("reports:my_exports")).status_code == 200
    return ctx.captured_queries
