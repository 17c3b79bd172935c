"""PAPI scores: the comparison table, entry by form, the spreadsheet upload, permissions."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from plans.models import ContentArea, PapiScore, Plan, SubDimension
from reports import score_sheet
from reports import scores as papi
from reports.forms_scores import ScoreEntryForm
from tasks.models import Task

S = PapiScore.Source
AREA_SCORES_2023 = [5.1, 5.2, 5.3, 5.4, 5.5, 5.6, 5.7, 5.8]
AREA_SCORES_2024 = [6.0, 4.0, 7.0, 3.5, 6.5, 5.0, 8.0, 6.2]


def put(unit, year, source, code, score, **extra):
    area = ContentArea.objects.get(code=code) if code else None
    return PapiScore.objects.create(unit=unit, year=year, source=source, area=area, score=Decimal(str(score)), **extra)


@pytest.fixture
def scored(commune):
    for code, score in enumerate(AREA_SCORES_2023, start=1):
        put(commune, 2023, S.OFFICIAL, code, score)
    for code, score in enumerate(AREA_SCORES_2024, start=1):
        put(commune, 2024, S.OFFICIAL, code, score)
        put(commune, 2024, S.SELF, code, 9.9)  # the official figure wins
        put(commune, 2024, S.TARGET, code, score + 1)
    put(commune, 2024, S.OFFICIAL, None, sum(AREA_SCORES_2024), rank=12, rank_base=63)
    put(commune, 2023, S.SELF, None, 40, is_demo=True)  # only a demo self-assessment in 2023
    return commune


def make_tasks(plan, per_area):
    areas = {a.code: a for a in ContentArea.objects.all()}
    n = 0
    for code, count in per_area.items():
        for _ in range(count):
            n += 1
            Task.objects.create(plan=plan, code=f"{n}", title=f"T{n}", text="x", content_area=areas.get(code))


def test_comparison_numbers_weakest_and_source_preference(scored):
    table = papi.comparison(scored, 2024)
    row = {r.scope.code: r for r in table.areas}
    assert row[2].last.score == Decimal("5.2") and row[2].this.score == Decimal("4")
    assert row[2].change == Decimal("-1.2")
    assert row[2].target.score == Decimal("5")
    assert row[1].this.source == S.OFFICIAL  # not the self-assessment's 9.9
    assert {r.scope.code for r in table.weakest} == {4, 2, 6}
    assert table.total.this.score == Decimal(str(sum(AREA_SCORES_2024))).quantize(Decimal("0.0001"))
    assert table.total.last.is_demo and table.has_demo


def test_preferred_source_order(commune):
    figures = [put(commune, 2024, s, 1, v) for s, v in ((S.SELF, 3), (S.DISTRICT, 4), (S.PROVINCIAL, 5))]
    assert papi.preferred(figures).source == S.PROVINCIAL
    assert papi.preferred([figures[0]]).source == S.SELF
    assert papi.preferred([]) is None


def test_task_counts_and_few_tasks_flag(scored):
    plan = Plan.objects.create(unit=scored, year=2024, title="KH 2024")
    make_tasks(plan, {4: 1, 2: 5, 6: 2, 1: 3, None: 2})
    sub = SubDimension.objects.get(code="2.3")
    for task in Task.objects.filter(content_area__code=2)[:3]:
        task.sub_dimensions.add(sub)
    other = Plan.objects.create(unit=scored, year=2023, title="KH 2023")
    make_tasks(other, {4: 7})
    per_area, per_sub = papi.task_counts(scored, 2024)
    assert per_area[ContentArea.objects.get(code=4).pk] == 1
    assert per_sub == {sub.pk: 3}
    table = papi.comparison(scored, 2024)
    row = {r.scope.code: r for r in table.areas}
    assert row[4].few_tasks and row[6].few_tasks and not row[2].few_tasks
    assert not row[1].few_tasks  # few tasks but not among the weakest
    assert table.unassigned_tasks == 2
    assert next(s for s in row[2].subs if s.scope.code == "2.3").tasks == 3


def test_page_marks_weakest_with_text_and_demo(client, scored, official):
    client.force_login(official)
    response = client.get(reverse("reports:scores"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["year"] == 2024
    assert html.count("weak-mark") == 3
    assert "bi-exclamation-triangle" in html
    assert "minh họa" in html  # the "demo" badge, in Vietnamese


def test_query_count_does_not_grow_with_tasks(client, scored, official):
    plan = Plan.objects.create(unit=scored, year=2024, title="KH 2024")
    sub = SubDimension.objects.get(code="1.1")
    client.force_login(official)

    def count(n):
        Task.objects.filter(plan=plan).delete()
        make_tasks(plan, dict.fromkeys(range(1, 9), n // 8))
        for task in Task.objects.filter(plan=plan):
            task.sub_dimensions.add(sub)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:scores") + "?year=2024").status_code == 200
        return len(queries)

    assert count(40) == count(400)


# --- The form ---------------------------------------------------------------------------------


def entry(commune, year=2024, **values):
    data = {"source": "official"}
    data.update({k.replace("__", "-"): v for k, v in values.items()})
    return ScoreEntryForm(data, unit=commune, year=year)


def areas_data(scores):
    return {f"a{code}__score": str(s) for code, s in enumerate(scores, start=1)}


def test_form_saves_every_scope_once(commune):
    form = entry(commune, total__score="46.2", **areas_data(AREA_SCORES_2024), **{"s2.3__score": "1.5"})
    assert form.is_valid(), form.errors
    form.save()
    form = entry(commune, total__score="46.2", **areas_data(AREA_SCORES_2024), **{"s2.3__score": "1.7"})
    assert form.is_valid(), form.errors
    form.save()
    assert PapiScore.objects.filter(unit=commune, year=2024).count() == 10
    assert PapiScore.objects.get(sub_dimension__code="2.3").score == Decimal("1.7")
    assert PapiScore.objects.get(sub_dimension__code="2.3").area.code == 2


def test_form_ranges_sum_and_rank(commune):
    form = entry(commune, a1__score="11", total__score="9")
    assert not form.is_valid()
    assert "a1-score" in form.errors and "total-score" in form.errors
    form = entry(commune, total__score="50", **areas_data(AREA_SCORES_2024))
    assert not form.is_valid()
    assert "sum" in str(form.errors["total-score"]).lower() or "tổng" in str(form.errors["total-score"]).lower()
    assert entry(commune, total__score="46.21", **areas_data(AREA_SCORES_2024)).is_valid()
    form = entry(commune, a1__score="5", a1__rank="64", a1__rank_base="63")
    assert not form.is_valid() and "a1-rank" in form.errors
    assert not PapiScore.objects.exists()


def test_sub_dimensions_follow_the_year(commune):
    keys_2019 = {key for key, *_ in ScoreEntryForm(unit=commune, year=2019).scopes}
    keys_2024 = {key for key, *_ in ScoreEntryForm(unit=commune, year=2024).scopes}
    assert "s5.2" in keys_2019 and "s5.2" not in keys_2024


def test_edit_view_saves_and_redirects(client, clerk):
    client.force_login(clerk)
    url = reverse("reports:scores_edit") + "?year=2024"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"source": "self", "year": "2024", "a3-score": "6.5", "a3-rank": "2", "a3-rank_base": "10"}
    )
    assert response.status_code == 302
    assert PapiScore.objects.get(area__code=3, source="self").rank_display == "2/10"


# --- The upload -------------------------------------------------------------------------------


def workbook(rows, header=papi.COLUMNS, title_rows=1):
    wb = Workbook()
    sheet = wb.active
    for _ in range(title_rows):
        sheet.append(["Điểm PAPI xã Trung Trắc"])
    if header:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("diem.xlsx", buffer.getvalue())


GOOD = [
    (2024, "Tổng", 46.2, 12, 63, "", "official"),
    *[(2024, code, s, None, None, "", "official") for code, s in enumerate(AREA_SCORES_2024, start=1)],
    (2024, "2.3", 1.5, None, None, "", "Tự đánh giá"),
]


def test_upload_preview_then_confirm(client, clerk, commune):
    put(commune, 2024, S.OFFICIAL, 1, 6.0)
    put(commune, 2024, S.OFFICIAL, 2, 3.0)
    client.force_login(clerk)
    url = reverse("reports:scores_upload")
    response = client.post(url, {"file": workbook(GOOD)})
    rows = response.context["rows"]
    assert [r.status for r in rows[:3]] == ["new", "unchanged", "changed"]
    assert not response.context["errors"]
    assert PapiScore.objects.count() == 2  # a preview writes nothing
    token = response.context["confirm"].initial["token"]
    response = client.post(url, {"token": token})
    assert response.status_code == 302
    assert PapiScore.objects.filter(unit=commune).count() == 10
    assert PapiScore.objects.get(area__code=2, source="official").score == Decimal("4")
    assert PapiScore.objects.get(sub_dimension__code="2.3").source == "self"


def test_upload_token_is_bound_to_the_clerk(client, clerk, outsider):
    client.force_login(clerk)
    token = client.post(reverse("reports:scores_upload"), {"file": workbook(GOOD)}).context["confirm"].initial["token"]
    client.force_login(outsider)
    client.post(reverse("reports:scores_upload"), {"token": token})
    assert not PapiScore.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: SimpleUploadedFile("diem.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100), id="png"),
        pytest.param(lambda: workbook(GOOD, header=None), id="no-header"),
        pytest.param(lambda: SimpleUploadedFile("diem.xlsx", b"PK\x03\x04garbage"), id="broken-zip"),
    ],
)
def test_malformed_files_are_refused_with_one_message(client, clerk, upload):
    client.force_login(clerk)
    response = client.post(reverse("reports:scores_upload"), {"file": upload()})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert "rows" not in response.context
    assert not PapiScore.objects.exists()


def test_bad_rows_are_listed_and_nothing_offered(client, clerk):
    bad = [
        *GOOD,
        (2024, "9", 5, None, None, "", "official"),
        (2024, "3", 12, None, None, "", "official"),
        ("năm ngoái", "4", 5, None, None, "", "official"),
        (2024, "5", 5, None, None, "", "báo chí"),
        (2024, "6", 5, 70, 63, "", "district"),
    ]
    client.force_login(clerk)
    response = client.post(reverse("reports:scores_upload"), {"file": workbook(bad)})
    rows = response.context["rows"]
    errors = [" ".join(r.errors) for r in rows[-5:]]
    assert all(errors), errors
    assert response.context["errors"] == 5
    assert "confirm" not in response.context
    assert not PapiScore.objects.exists()


def test_upload_sum_mismatch_is_an_error(clerk, commune):
    rows = [(2024, "Tổng", 50, None, None, "", "official"), *GOOD[1:9]]
    result = score_sheet.read_workbook(workbook(rows), commune)
    assert result[0].errors and not any(r.errors for r in result[1:])


def test_template_downloads_and_reads_back(client, clerk, commune):
    client.force_login(clerk)
    response = client.get(reverse("reports:scores_template") + "?year=2024")
    assert response.status_code == 200
    upload = SimpleUploadedFile("t.xlsx", response.content)
    rows = score_sheet.read_workbook(upload, commune)  # the total and eight areas, scores still to fill in
    assert [r.code for r in rows] == ["Tổng", *map(str, range(1, 9))]
    assert all(r.errors and r.source == "official" and r.year == 2024 for r in rows)


# --- Permissions ------------------------------------------------------------------------------


def test_officials_may_read_but_not_enter(client, official, scored):
    client.force_login(official)
    assert client.get(reverse("reports:scores")).status_code == 200
    for name in ("reports:scores_edit", "reports:scores_upload", "reports:scores_template"):
        assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("reports:scores_upload"), {"file": workbook(GOOD)}).status_code == 403
    assert (
        client.post(reverse("reports:scores_edit") + "?year=2024", {"source": "official", "a1-score": "2"}).status_code
        == 403
    )


def test_outsider_gets_404_and_supervisor_reads(client, outsider, supervisor, scored):
    url = reverse("reports:scores") + f"?unit={scored.pk}"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(supervisor)
    response = client.get(url)
    assert response.status_code == 200 and response.context["unit"] == scored
    assert not response.context["can_edit"]
