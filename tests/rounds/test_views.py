"""The pages of reporting rounds: opening with a preview, filling in, reviewing, closing, and who may."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from notifications.models import Notification
from reports import services
from reports.models import ReportingRound, Submission, TaskSnapshot

pytestmark = pytest.mark.django_db


def _post_report(client, submission, version, action="save", **fields):
    data = {"version": version, "action": action, "results": "Kết quả lĩnh vực", "limitations": "Còn chậm"}
    for item in submission.items.all():
        data[f"task-{item.task_id}"] = f"Kết quả {item.task_id}"
    data.update(fields)
    return client.post(reverse("reports:submission", args=[submission.pk]), data)


# --- Opening -----------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2024, 2, 20, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_open_form_defaults_to_the_current_quarter(client, clerk, plan):
    client.force_login(clerk)

    form = client.get(reverse("reports:rounds")).context["open_form"]

    assert (form.initial["kind"], form.initial["index"], form.initial["year"]) == ("quarter", 1, 2024)


def test_the_clerk_previews_the_window_and_deadline_then_opens_the_round(client, clerk, plan, tasks):
    client.force_login(clerk)
    params = {"plan": plan.pk, "kind": "quarter", "index": 1, "year": 2024}

    preview = client.get(reverse("reports:round_open"), params)

    assert preview.status_code == 200
    assert "15/12/2023" in preview.text and "14/03/2024" in preview.text and "15/03/2024" in preview.text
    assert preview.context["preview"]["officials"] == 3
    assert not ReportingRound.objects.exists()

    response = client.post(reverse("reports:round_open"), params)

    round_ = ReportingRound.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:round_detail", args=[round_.pk])
    assert round_.submissions.count() == 3


def test_a_wrong_period_number_is_a_form_error(client, clerk, plan):
    client.force_login(clerk)

    response = client.post(
        reverse("reports:round_open"), {"plan": plan.pk, "kind": "quarter", "index": 5, "year": 2024}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not ReportingRound.objects.exists()


def test_opening_the_same_period_twice_shows_the_reason(client, clerk, plan, round_):
    client.force_login(clerk)

    response = client.post(
        reverse("reports:round_open"), {"plan": plan.pk, "kind": "quarter", "index": 1, "year": 2024}
    )

    assert response.status_code == 200
    assert "Quý I/2024" in " ".join(response.context["form"].non_field_errors())
    assert ReportingRound.objects.count() == 1


# --- The official's report ---------------------------------------------------------------


def test_the_official_sees_their_open_reports_with_deadlines(client, official, submission):
    client.force_login(official)

    response = client.get(reverse("reports:my_submissions"))

    assert list(response.context["submissions"]) == [submission]
    assert "15/03/2024" in response.text
    assert reverse("reports:submission", args=[submission.pk]) in response.text


def test_the_official_saves_a_draft_then_submits_on_the_page(client, official, submission):
    client.force_login(official)
    page = client.get(reverse("reports:submission", args=[submission.pk]))
    assert page.status_code == 200 and "1.1.a" in page.text and "1.3.a" in page.text

    saved = _post_report(client, submission, 1)
    assert saved.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.version, submission.limitations) == ("pending", 2, "Còn chậm")

    sent = _post_report(client, submission, 2, action="submit")
    assert sent.status_code == 302 and sent.url == reverse("reports:my_submissions")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_a_stale_save_is_refused_and_the_input_is_kept(client, official, submission):
    client.force_login(official)
    _post_report(client, submission, 1, results="Bản trong cửa sổ khác")

    response = _post_report(client, submission, 1, results="Bản của tôi")

    assert response.status_code == 409
    assert response.context["conflict"]["changes"]
    assert "Bản của tôi" in response.text
    assert response.context["form"]["version"].value() == "2"  # sending again replaces it, knowingly
    submission.refresh_from_db()
    assert submission.results == "Bản trong cửa sổ khác"


def test_the_clerk_returns_and_the_official_resubmits(client, official, clerk, submission):
    client.force_login(official)
    _post_report(client, submission, 1, action="submit")
    client.force_login(clerk)
    page = client.get(reverse("reports:submission", args=[submission.pk]))
    assert page.context["can_review"] and page.context["form"] is None

    response = client.post(
        reverse("reports:submission_return", args=[submission.pk]), {"version": 2, "reason": "Thiếu số liệu quý."}
    )

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RETURNED
    client.force_login(official)
    page = client.get(reverse("reports:submission", args=[submission.pk]))
    assert "Thiếu số liệu quý." in page.text and page.context["form"] is not None
    _post_report(client, submission, 3, action="submit", results="Đã bổ sung")
    client.force_login(clerk)
    client.post(reverse("reports:submission_accept", args=[submission.pk]), {"version": 4})
    submission.refresh_from_db()
    assert (submission.status, submission.results) == (Submission.Status.ACCEPTED, "Đã bổ sung")


# --- The round page: remind, close ---------------------------------------------------------


def test_the_round_page_shows_who_has_submitted(client, clerk, official, round_, submission):
    services.save_submission(submission, by=official, data={"results": "x"}, items={
        i.task_id: "y" for i in submission.items.all()}, submit=True)  # fmt: skip
    client.force_login(clerk)

    response = client.get(reverse("reports:round_detail", args=[round_.pk]))

    assert response.context["submitted"] == 1 and response.context["waiting"] == 2
    assert reverse("reports:submission", args=[submission.pk]) in response.text


def test_the_clerk_reminds_those_who_have_not_submitted(client, clerk, round_):
    client.force_login(clerk)
    before = Notification.objects.count()

    response = client.post(reverse("reports:round_remind", args=[round_.pk]))

    assert response.status_code == 302
    assert Notification.objects.count() == before + 3


def test_the_clerk_confirms_and_closes_the_round(client, clerk, round_):
    client.force_login(clerk)
    confirm = client.get(reverse("reports:round_close", args=[round_.pk]))
    assert confirm.status_code == 200 and round_.period.name in confirm.text

    response = client.post(reverse("reports:round_close", args=[round_.pk]))

    round_.refresh_from_db()
    assert response.status_code == 302 and not round_.is_open
    assert TaskSnapshot.objects.filter(round=round_).count() == 4
    page = client.get(reverse("reports:round_detail", args=[round_.pk]))
    assert page.context["snapshot_total"] == 4
    again = client.post(reverse("reports:round_close", args=[round_.pk]))
    assert again.status_code == 302
    assert TaskSnapshot.objects.filter(round=round_).count() == 4


def test_a_closed_rounds_report_shows_no_form_and_refuses_a_post(client, clerk, official, round_, submission):
    services.close_round(round_, by=clerk)
    client.force_login(official)

    page = client.get(reverse("reports:submission", args=[submission.pk]))
    assert page.context["form"] is None
    response = _post_report(client, submission, 1)

    assert response.status_code == 200 and response.context["form"].non_field_errors()
    submission.refresh_from_db()
    assert submission.version == 1 and submission.results == ""


# --- Who may ------------------------------------------------------------------------------


def test_other_officials_may_neither_read_nor_post_someone_elses_report(client, second_official, submission):
    client.force_login(second_official)

    assert client.get(reverse("reports:submission", args=[submission.pk])).status_code == 403
    assert _post_report(client, submission, 1).status_code == 403
    for name in ("reports:submission_return", "reports:submission_accept"):
        assert client.post(reverse(name, args=[submission.pk]), {"reason": "x"}).status_code == 403
    submission.refresh_from_db()
    assert submission.version == 1


def test_leaders_and_observers_read_a_report_but_do_not_act_on_it(client, chairman, observer, submission, round_):
    for person in (chairman, observer):
        client.force_login(person)
        page = client.get(reverse("reports:submission", args=[submission.pk]))
        assert page.status_code == 200 and page.context["form"] is None and not page.context["can_review"]
        assert client.post(reverse("reports:submission_accept", args=[submission.pk])).status_code == 403
        assert client.post(reverse("reports:round_remind", args=[round_.pk])).status_code == 403
        assert client.post(reverse("reports:round_close", args=[round_.pk])).status_code == 403
        assert client.get(reverse("reports:round_detail", args=[round_.pk])).status_code == 200


def test_another_communes_people_get_404(client, outsider, round_, submission):
    client.force_login(outsider)  # the other commune's clerk

    for name, pk in [
        ("reports:round_detail", round_.pk), ("reports:submission", submission.pk),
    ]:  # fmt: skip
        assert client.get(reverse(name, args=[pk])).status_code == 404
    for name, pk in [
        ("reports:round_remind", round_.pk), ("reports:round_close", round_.pk),
        ("reports:submission_return", submission.pk), ("reports:submission_accept", submission.pk),
    ]:  # fmt: skip
        assert client.post(reverse(name, args=[pk]), {"reason": "x"}).status_code == 404
    assert round_ not in client.get(reverse("reports:rounds")).context["rounds"]
    round_.refresh_from_db()
    assert round_.is_open


def test_a_supervisor_reads_the_rounds_of_the_communes_below(client, supervisor, round_, submission):
    client.force_login(supervisor)

    assert list(client.get(reverse("reports:rounds")).context["rounds"]) == [round_]
    assert client.get(reverse("reports:round_detail", args=[round_.pk])).status_code == 200
    assert client.get(reverse("reports:submission", args=[submission.pk])).status_code == 200
    assert client.post(reverse("reports:round_remind", args=[round_.pk])).status_code == 403


def test_the_menu_offers_reports_to_the_clerk_and_leaders_and_my_reports_to_officials(
    client, clerk, chairman, official
):
    for person, url in [
        (clerk, reverse("reports:rounds")), (chairman, reverse("reports:rounds")),
        (official, reverse("reports:my_submissions")),
    ]:  # fmt: skip
        client.force_login(person)
        assert url in [item.url for item in client.get(reverse("tasks:my_tasks")).context["menu"]]
