"""/reports/appendix/: download, upload → preview → confirm or cancel, and who may do what."""

import io

import pytest
from django.core import signing
from django.urls import reverse
from openpyxl import load_workbook

from importing.views.appendix import TOKEN_SALT
from notifications.models import Notification
from plans.models import Plan, Role
from tasks.deadlines import parse_deadline
from tasks.models import Task
from tasks.services import editing

from ..conftest import make_person
from .conftest import edited, exported, upload

PAGE = reverse("importing:appendix")
DOWNLOAD = reverse("importing:appendix_download")
APPLY = reverse("importing:appendix_apply")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def state(plan):
    return (
        sorted(Task.objects.filter(plan=plan).values_list("code", "version")),
        Notification.objects.count(),
        Task.history.count(),
    )


def post_file(client, data, plan=None, name="bieu.xlsx"):
    url = f"{PAGE}?plan={plan.pk}" if plan else PAGE
    return client.post(url, {"file": upload(data, name)}, **EN)


def token_of(response):
    form = response.context["confirm_form"]
    return form.initial["token"] if form else None


# --- Download -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["clerk", "chairman", "vice_chairman"])
def test_clerk_chairman_and_vice_download_the_table(client, plan, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bieu-tong-hop-nhiem-vu-2024.xlsx"'
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "1.1.a" in [c for row in ws.iter_rows(values_only=True) for c in row]


def test_the_download_takes_constant_queries(client, plan, clerk, django_assert_num_queries):
    for number in range(50):
        Task.objects.create(plan=plan, code=f"PL.{number + 2}", order=10 + number, title="Việc", text="Việc")
    client.force_login(clerk)
    # session + user (2), the plan with its unit (1), people and departments (2), tasks (1), their
    # cooperating officials and departments (2), the session saved again (SESSION_SAVE_EVERY_REQUEST:
    # savepoint, update, release)
    with django_assert_num_queries(11):
        response = client.get(DOWNLOAD)
        b"".join(response.streaming_content)


def test_the_page_offers_the_upload_to_the_clerk_only(client, plan, clerk, chairman):
    client.force_login(clerk)
    assert 'type="file"' in client.get(PAGE).text
    client.force_login(chairman)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert 'type="file"' not in page.text
    assert DOWNLOAD in page.text


@pytest.mark.parametrize("who", ["official", "observer", "supervisor"])
def test_other_roles_are_refused(client, plan, who, request):
    client.force_login(request.getfixturevalue(who))
    for response in (
        client.get(PAGE),
        client.get(DOWNLOAD),
        client.get(f"{DOWNLOAD}?plan={plan.pk}"),
        post_file(client, exported(plan), plan),
        client.post(APPLY, {"token": "x"}),
    ):
        assert response.status_code == 403


def test_another_communes_plan_is_hidden(client, plan, outsider):
    client.force_login(outsider)
    assert client.get(f"{DOWNLOAD}?plan={plan.pk}").status_code == 404
    assert client.get(f"{PAGE}?plan={plan.pk}").status_code == 404
    assert post_file(client, exported(plan), plan).status_code == 404
    assert client.get(f"{PAGE}?plan=abc").status_code == 404


def test_the_chairman_may_not_upload_or_apply(client, plan, chairman):
    client.force_login(chairman)
    assert post_file(client, exported(plan), plan).status_code == 403
    assert client.post(APPLY, {"token": "x"}).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client, plan):
    for response in (client.get(PAGE), client.get(DOWNLOAD), client.post(APPLY)):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_apply_url_takes_only_post(client, clerk, plan):
    client.force_login(clerk)
    assert client.get(APPLY).status_code == 405


# --- Upload, preview, confirm ---------------------------------------------------------------------


def test_upload_preview_and_confirm_apply_the_changes(client, plan, clerk, second_official):
    client.force_login(clerk)
    data = edited(exported(plan), {"1.1.a": {"lead": "Ngô Văn An"}, "1.3.a": {"deadline": "Quý IV/2024"}})
    before = state(plan)

    preview = post_file(client, data)

    assert preview.status_code == 200
    assert state(plan) == before  # the preview writes nothing
    text = preview.text
    assert "Công chức Tư pháp - Hộ tịch" in text and "Công chức Địa chính - Xây dựng" in text
    assert "Quý IV/2024 (31/12/2024)" in text
    assert 'name="confirm"' in text and 'name="cancel"' in text

    applied = client.post(APPLY, {"token": token_of(preview), "confirm": "1"}, **EN, follow=True)

    assert "The table was applied: 2 tasks were updated." in applied.text
    assert Task.objects.get(code="1.1.a").lead == second_official
    assert Task.objects.get(code="1.3.a").deadline_text == "Quý IV/2024"
    # The staged file is gone: the token cannot be used twice.
    again = client.post(APPLY, {"token": token_of(preview), "confirm": "1"}, **EN, follow=True)
    assert "The preview has expired" in again.text


def test_cancel_applies_nothing(client, plan, clerk):
    client.force_login(clerk)
    preview = post_file(client, edited(exported(plan), {"1.3.a": {"remarks": "Mới"}}))
    before = state(plan)

    response = client.post(APPLY, {"token": token_of(preview), "cancel": "1"}, **EN, follow=True)

    assert "nothing was changed" in response.text
    assert state(plan) == before


def test_a_table_with_errors_lists_them_with_row_numbers_and_offers_no_confirm(client, plan, clerk):
    client.force_login(clerk)
    data = edited(
        exported(plan),
        {"1.1.a": {"lead": "Ông Không Có"}, "1.3.a": {"deadline": "giữa năm sau"}, "PL.1": {"code": "X"}},
    )
    before = state(plan)

    response = post_file(client, data)

    assert response.status_code == 200
    assert response.context["confirm_form"] is None
    assert 'name="confirm"' not in response.text
    errors = [(e.row, e.code) for e in response.context["preview"].errors]
    assert [code for _row, code in errors] == ["1.1.a", "1.3.a", "X"]
    for row, _code in errors:
        assert f"<td>{row}</td>" in response.text
    assert "Unknown official: “Ông Không Có”." in response.text
    assert "Unreadable date: “giữa năm sau”." in response.text
    assert "Unknown code: “X”." in response.text
    assert state(plan) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "Upload an Excel workbook (.xlsx)"),
        (b"", "The file is empty."),
    ],
)
def test_a_malformed_upload_comes_back_with_one_clear_message(client, plan, clerk, data, message):
    client.force_login(clerk)
    before = state(plan)

    response = post_file(client, data)

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith(message)
    assert state(plan) == before


def test_a_file_over_5_mb_is_refused_by_the_form(client, plan, clerk):
    client.force_login(clerk)
    response = post_file(client, b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024 + 1))
    assert response.context["form"].errors["file"] == ["The file is larger than 5 MB."]


def test_an_unchanged_table_says_so_and_offers_no_confirm(client, plan, clerk):
    client.force_login(clerk)
    response = post_file(client, exported(plan))
    assert "The table changes nothing" in response.text
    assert response.context["confirm_form"] is None


def test_a_task_changed_between_preview_and_confirm_refuses_everything(client, plan, clerk):
    client.force_login(clerk)
    preview = post_file(client, edited(exported(plan), {"1.1.a": {"output": "Mới"}, "1.3.a": {"remarks": "Mới"}}))
    editing.change_deadline(
        Task.objects.get(code="1.3.a"), by=clerk, deadline=parse_deadline("Quý III/2024", 2024), reason="Họp"
    )
    before = state(plan)

    response = client.post(APPLY, {"token": token_of(preview), "confirm": "1"}, **EN)

    assert response.status_code == 409
    assert "Nothing was applied: these tasks changed after your preview: 1.3.a." in response.text
    assert state(plan) == before
    assert Task.objects.get(code="1.1.a").expected_output == "Biên bản họp"


def test_a_new_official_making_a_name_ambiguous_after_the_preview_refuses_everything(client, plan, clerk, commune):
    client.force_login(clerk)
    preview = post_file(client, edited(exported(plan), {"1.3.a": {"cooperating": "Văn hóa - Xã hội"}}))
    make_person("vanhoa2", commune, Role.OFFICIAL, "Công chức Văn hóa - Xã hội", "Lý Văn Tâm")
    before = state(plan)

    response = client.post(APPLY, {"token": token_of(preview), "confirm": "1"}, **EN, follow=True)

    assert "The table has errors; nothing was applied. Upload it again to see them." in response.text
    assert state(plan) == before


def test_a_forged_or_foreign_token_applies_nothing(client, plan, clerk, outsider):
    client.force_login(clerk)
    preview = post_file(client, edited(exported(plan), {"1.3.a": {"remarks": "Mới"}}))
    token = token_of(preview)
    before = state(plan)

    # Another commune's clerk with this clerk's token.
    client.force_login(outsider)
    assert "The preview has expired" in client.post(APPLY, {"token": token}, **EN, follow=True).text
    # A token pointing at another plan.
    client.force_login(clerk)
    payload = signing.loads(token, salt=TOKEN_SALT)
    other = Plan.objects.create(unit=plan.unit, year=2025, title="Kế hoạch 2025")
    forged = signing.dumps({**payload, "p": other.pk}, salt="wrong-salt")
    assert "The preview has expired" in client.post(APPLY, {"token": forged}, **EN, follow=True).text
    moved = signing.dumps({**payload, "p": other.pk}, salt=TOKEN_SALT, compress=True)
    assert "The preview has expired" in client.post(APPLY, {"token": moved}, **EN, follow=True).text
    assert state(plan) == before


def test_the_clerk_works_on_the_plan_of_the_year_chosen(client, plan, clerk):
    newer = Plan.objects.create(unit=plan.unit, year=2025, title="Kế hoạch 2025")
    Task.objects.create(plan=newer, code="1.1.a", title="Việc 2025", text="Việc 2025")
    client.force_login(clerk)

    assert client.get(DOWNLOAD)["Content-Disposition"].endswith('2025.xlsx"')  # the latest by default
    response = client.get(f"{DOWNLOAD}?plan={plan.pk}")
    assert response["Content-Disposition"].endswith('2024.xlsx"')
    # The 2024 table uploaded against 2025 reads its codes against 2025's tasks.
    preview = post_file(client, edited(exported(plan), {"1.3.a": {"remarks": "Mới"}}), newer)
    errors = [e.message for e in preview.context["preview"].errors]
    assert errors == ["Unknown code: “1.1.b”.", "Unknown code: “1.3.a”.", "Unknown code: “PL.1”."]
