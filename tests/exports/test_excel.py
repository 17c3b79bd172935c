"""The report workbook, opened with openpyxl and checked against the constructed commune.

Every expected count is recomputed here from dataset.EXPECTED (where each task stands, stated by hand),
never with reports.report_workbook's own counting.
"""

import datetime
from collections import Counter

import pytest
from openpyxl import load_workbook

from reports.models import ReportingRound, TaskSnapshot
from reports.periods import Period
from reports.report_workbook import report_rows, write_report
from reports.status import rows_at_cutoff
from tasks.models import Task

from . import dataset
from .helpers import update, vn

Q2 = Period.parse("2024-Q2")
TODAY = datetime.date(2024, 6, 17)
AREA_LABELS = {
    1: "1. Tham gia của người dân ở cấp cơ sở",
    2: "2. Công khai, minh bạch trong việc ra quyết định ở địa phương",
    3: "3. Trách nhiệm giải trình với người dân",
    4: "4. Kiểm soát tham nhũng trong khu vực công",
    5: "5. Thủ tục hành chính công",
    6: "6. Cung ứng dịch vụ công",
    7: "7. Quản trị môi trường",
    8: "8. Quản trị điện tử",
    None: "Ngoài các chỉ số nội dung",
}
LEAD_NAMES = {"tuphap": "Trần Văn Bình", "diachinh": "Ngô Văn An", "vanphong": "Nguyễn Thị Hoa", None: "Chưa phân công"}
STATUS_LABELS = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện trong hạn",
    "due_soon": "Sắp đến hạn",
    "awaiting": "Chờ xác nhận hoàn thành",
    "overdue": "Quá hạn",
    "not_started": "Chưa thực hiện",
}


def expected_counts(buckets):
    """[tasks, on time, late, in progress within deadline (incl. due soon and awaiting), of which due soon,
    of which awaiting, overdue, not started, share done] for a list of bucket names."""
    c = Counter(buckets)
    total = len(buckets)
    in_progress = c["in_progress"] + c["due_soon"] + c["awaiting"]
    share = (c["done_on_time"] + c["done_late"]) / total if total else None
    return [total, c["done_on_time"], c["done_late"], in_progress, c["due_soon"], c["awaiting"],
            c["overdue"], c["not_started"], share]  # fmt: skip


def table(ws, first_title="STT"):
    """The rows of the sheet's table: everything after the header row up to the first empty row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == first_title) + 1
    body = []
    for row in rows[start:]:
        if all(v is None for v in row):
            break
        body.append(row)
    return rows[start - 1], body


def approx_row(row):
    return [pytest.approx(v) if isinstance(v, float) else v for v in row]


@pytest.fixture
def report(plan, official, second_official, clerk, chairman, tmp_path):
    dataset.build(plan, official, second_official, clerk)
    path = tmp_path / "report.xlsx"
    write_report(path, unit=plan.unit, plan=plan, period=Q2, rows=report_rows(plan.unit, Q2), today=TODAY)
    return load_workbook(path)


@pytest.mark.django_db
class TestReportAgainstTheDatabase:
    def test_the_four_sheets(self, report):
        assert report.sheetnames == ["Tổng hợp", "Chi tiết", "Theo cán bộ", "Báo cáo của cán bộ"]

    def test_summary_counts_per_area_and_in_total(self, report):
        _header, body = table(report["Tổng hợp"])
        by_area = {area: [] for area in AREA_LABELS}
        for area, _lead, bucket, _status, _progress in dataset.EXPECTED.values():
            by_area[area].append(bucket)
        got = {row[1]: list(row[2:]) for row in body}
        assert list(got) == [*AREA_LABELS.values(), "Tổng cộng"]
        for area, label in AREA_LABELS.items():
            assert got[label] == approx_row(expected_counts(by_area[area])), label
        all_buckets = [bucket for _a, _l, bucket, _s, _p in dataset.EXPECTED.values()]
        assert got["Tổng cộng"] == approx_row(expected_counts(all_buckets))
        assert got["Tổng cộng"][0] == 14
        # the five main columns partition the tasks
        for counts in got.values():
            assert counts[1] + counts[2] + counts[3] + counts[6] + counts[7] == counts[0]

    def test_summary_is_an_official_document(self, report):
        ws = report["Tổng hợp"]
        text = [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
        for line in ("ỦY BAN NHÂN DÂN", "XÃ TRUNG TRẮC", "Số: …/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Trung Trắc, ngày 17 tháng 6 năm 2024", "BÁO CÁO",
                     "Kết quả thực hiện Kế hoạch nâng cao Chỉ số PAPI — Quý II/2024", "TM. ỦY BAN NHÂN DÂN",
                     "CHỦ TỊCH", "Lê Ngọc Tuân", "Nơi nhận:"):  # fmt: skip
            assert line in text, line

    def test_every_task_in_the_detail_sheet(self, report):
        header, body = table(report["Chi tiết"])
        assert header == (
            "STT",
            "Mã",
            "Nội dung nhiệm vụ",
            "Chủ trì",
            "Phối hợp",
            "Thời hạn",
            "Tình trạng tại ngày chốt số liệu",
            "Tiến độ (%)",
            "Ghi chú mới nhất",
            "Số minh chứng",
        )
        rows = {row[1]: row for row in body}
        assert set(rows) == set(dataset.EXPECTED)
        assert [row[0] for row in body] == list(range(1, 15))
        for code, (_area, lead, bucket, _status, progress) in dataset.EXPECTED.items():
            row = rows[code]
            assert row[3] == (LEAD_NAMES[lead] if lead else None), code
            assert row[6].startswith(STATUS_LABELS[bucket]), code
            assert row[7] == progress, code
            assert row[9] == dataset.EVIDENCE.get(code, 0), code
        assert rows["1.6.a"][6] == "Quá hạn – Bị trả lại"
        assert rows["1.7.a"][6] == "Đang thực hiện trong hạn – Vướng mắc"
        assert rows["1.1.a"][5] == "Trước 10/6/2024"  # as the plan states it
        assert rows["1.1.b"][5] == "10/06/2024"  # else the date
        assert rows["1.3.a"][8] == "Đang tổng hợp"  # the note after the cut-off is not shown
        assert rows["1.5.a"][4] == "Ngô Văn An, @SUM(1)" or rows["1.5.a"][4] == "@SUM(1), Ngô Văn An"

    def test_hostile_cells_stay_text(self, report):
        _header, body = table(report["Chi tiết"])
        ws = report["Chi tiết"]
        row_index = next(i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row[1] == "1.5.a")
        cells = {cell.value: cell for cell in ws[row_index]}
        for value in (dataset.HOSTILE_TEXT, dataset.HOSTILE_NOTE):
            assert cells[value].data_type == "s"
        cooperating = ws.cell(row=row_index, column=5)
        assert cooperating.data_type == "s" and "@SUM(1)" in cooperating.value
        formulas = [c for r in report.worksheets for row in r.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == []

    def test_counts_per_official_sorted_by_given_name(self, report):
        _header, body = table(report["Theo cán bộ"])
        by_lead = {}
        for _area, lead, bucket, _status, _progress in dataset.EXPECTED.values():
            by_lead.setdefault(lead, []).append(bucket)
        assert [row[1] for row in body] == ["Ngô Văn An", "Trần Văn Bình", "Nguyễn Thị Hoa", "Chưa phân công",
                                            "Tổng cộng"]  # fmt: skip
        for row in body[:-1]:
            lead = next(username for username, name in LEAD_NAMES.items() if name == row[1])
            assert list(row[2:]) == approx_row(expected_counts(by_lead[lead])), row[1]

    def test_no_narratives_collected_says_so(self, report):
        text = [v for row in report["Báo cáo của cán bộ"].iter_rows(values_only=True) for v in row if v]
        assert "Chưa thu thập báo cáo của cán bộ trong kỳ này." in text


@pytest.mark.django_db
def test_narratives_of_the_round(plan, official, tmp_path):
    from reports.models import Submission
    from reports.report_workbook import report_narratives

    round_ = _round(plan, status="open")
    Submission.objects.create(round=round_, official=official, status="submitted", results="=Đã làm",
                              limitations="Ít", causes="Thiếu người", proposals="Thêm kinh phí")  # fmt: skip
    path = tmp_path / "r.xlsx"
    narratives = report_narratives(plan, Q2)
    write_report(path, unit=plan.unit, plan=plan, period=Q2, rows=[], narratives=narratives, signer="")
    _header, body = table(load_workbook(path)["Báo cáo của cán bộ"])
    assert body == [(1, "Trần Văn Bình", "Công chức Tư pháp - Hộ tịch", "=Đã làm", "Ít", "Thiếu người",
                     "Thêm kinh phí")]  # fmt: skip


def _round(plan, status="closed"):
    return ReportingRound.objects.create(
        plan=plan, period_kind=Q2.kind, period_year=2024, period_index=2, period_style=Q2.style,
        start=Q2.start, end=Q2.end, due_date=datetime.date(2024, 6, 17), status=status,
    )  # fmt: skip


def _values(path):
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in load_workbook(path).worksheets}


@pytest.mark.django_db
def test_a_closed_round_regenerates_identically_after_the_tasks_change(plan, official, second_official, clerk,
                                                                       chairman, tmp_path):  # fmt: skip
    dataset.build(plan, official, second_official, clerk)
    round_ = _round(plan)
    TaskSnapshot.objects.bulk_create(
        TaskSnapshot(round=round_, **row.snapshot_fields()) for row in rows_at_cutoff(plan, Q2)
    )
    first, second, live = tmp_path / "1.xlsx", tmp_path / "2.xlsx", tmp_path / "live.xlsx"
    write_report(first, unit=plan.unit, plan=plan, period=Q2, rows=report_rows(plan.unit, Q2), today=TODAY)

    # The tasks change after the round closed: back-dated updates, a deletion, a new lead, a rename.
    task = Task.objects.get(plan=plan, code="1.2.a")
    update(task, vn(2024, 6, 1), "in_progress", 95, "back-dated")
    task.title = task.text = "Đổi tên"
    task.lead = clerk
    task.save()
    Task.objects.filter(plan=plan, code="1.3.a").update(deleted_at=vn(2024, 6, 1))
    official.full_name = "Tên Mới"
    official.save()

    write_report(second, unit=plan.unit, plan=plan, period=Q2, rows=report_rows(plan.unit, Q2), today=TODAY)
    assert _values(first) == _values(second)

    round_.status = "open"
    round_.save()
    write_report(live, unit=plan.unit, plan=plan, period=Q2, rows=report_rows(plan.unit, Q2), today=TODAY)
    assert _values(live) != _values(first)  # without the closed round the report is live


@pytest.mark.django_db
@pytest.mark.parametrize("closed", [False, True])
def test_report_rows_query_count_is_constant(plan, official, closed, django_assert_num_queries):
    if closed:
        _round(plan)
    for n in (10, 100):
        Task.all_objects.filter(plan=plan).delete()
        for i in range(n):
            t = Task.objects.create(plan=plan, code=f"t{i}", order=i, title="t", text="t", lead=official,
                                    created_at=vn(2024, 1, 1))  # fmt: skip
            t.cooperating.set([official])
            update(t, vn(2024, 5, 1), "in_progress", 10, "n")
        if closed:
            TaskSnapshot.objects.all().delete()
            round_ = ReportingRound.objects.get()
            TaskSnapshot.objects.bulk_create(
                TaskSnapshot(round=round_, **row.snapshot_fields()) for row in rows_at_cutoff(plan, Q2)
            )
        # plan, closed round?, then: snapshots (closed) | tasks, cooperating, updates, evidence (live)
        with django_assert_num_queries(3 if closed else 6):
            rows = report_rows(plan.unit, Q2)
        assert len(rows) == n
