"""The task summary table uploaded with NaN, infinities or merged cells: row errors or one clear
refusal on the page, never a 500, nothing proposed, nothing written."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .conftest import HEADERS, edited, exported, find_header, row_of, upload
from .test_views import EN, state

PAGE = reverse("importing:appendix")


def post(client, data):
    return client.post(PAGE, {"file": upload(data)}, **EN)


def column_letter(data, field):
    _row, columns = find_header(load_workbook(io.BytesIO(data)).active)
    return "ABCDEFGH"[columns[HEADERS[field]] - 1]


def with_stored_number(data, code, field, text):
    """The table with one cell stored as the number ``text`` ("1E400", "NaN") by another tool."""
    marked = edited(data, {code: {field: 7777.25}}, as_text=False)
    source, out = zipfile.ZipFile(io.BytesIO(marked)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                part = part.replace(b"<v>7777.25</v>", f"<v>{text}</v>".encode())
            target.writestr(info, part)
    return out.getvalue()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("remarks", "NaN", "expected text written in words."),
        ("deadline", "Infinity", "expected a date, a period or “Thường xuyên”."),
        ("lead", "-inf", "expected an official's position or full name."),
        ("output", "sNaN", "expected text written in words."),
    ],
)
def test_nan_or_infinity_in_an_imported_column_is_an_error_of_its_row(client, plan, clerk, field, value, expected):
    client.force_login(clerk)
    before = state(plan)
    data = edited(exported(plan), {"1.3.a": {field: value}, "1.1.a": {"output": "Biên bản mới"}})
    sheet = load_workbook(io.BytesIO(data)).active

    response = post(client, data)

    assert response.status_code == 200
    (error,) = response.context["preview"].errors
    assert (error.row, error.code) == (row_of(sheet, "1.3.a"), "1.3.a")
    column = f"{column_letter(data, field)} ({HEADERS[field]})"
    assert error.message == (
        f"Column {column}: “{value}” is not a number that can be used (infinite or undefined); {expected}"
    )
    html = response.content.decode()
    assert f"<td>{error.row}</td><td>1.3.a</td>" in html and "is not a number that can be used" in html
    assert response.context["confirm_form"] is None  # nothing is offered, not even the good row
    assert state(plan) == before


def test_a_number_stored_as_infinity_is_an_error_of_its_row(client, plan, clerk):
    client.force_login(clerk)
    before = state(plan)

    response = post(client, with_stored_number(exported(plan), "1.3.a", "deadline", "1E400"))

    assert response.status_code == 200
    (error,) = response.context["preview"].errors
    assert error.code == "1.3.a" and "“inf” is not a number that can be used" in error.message
    assert response.context["confirm_form"] is None
    assert state(plan) == before


def test_a_nan_stored_as_a_number_names_its_cell(client, plan, clerk):
    client.force_login(clerk)
    before = state(plan)
    data = exported(plan)
    cell = f"{column_letter(data, 'remarks')}{row_of(load_workbook(io.BytesIO(data)).active, '1.3.a')}"

    response = post(client, with_stored_number(data, "1.3.a", "remarks", "NaN"))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        f"Cell {cell} holds “NaN” as a number, which is not a number that can be used (infinite or undefined); "
        "type a number or leave the cell empty, then upload the file again."
    ]
    assert state(plan) == before


def merged(data, *ranges):
    wb = load_workbook(io.BytesIO(data))
    for cells in ranges:
        wb.active.merge_cells(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_lead_merged_over_several_tasks_refuses_the_file_instead_of_clearing_their_leads(client, plan, clerk):
    client.force_login(clerk)
    before = state(plan)
    data = exported(plan)
    sheet = load_workbook(io.BytesIO(data)).active
    first, second = row_of(sheet, "1.1.a"), row_of(sheet, "1.1.b")
    assert second == first + 1  # the two tasks of area 1, one under the other
    lead = column_letter(data, "lead")
    remarks = column_letter(data, "remarks")
    ranges = [f"{lead}{first}:{lead}{second}", f"{column_letter(data, 'output')}{first}:{remarks}{first}"]

    response = post(client, merged(data, *ranges))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        f"Merged cells {ranges[0]}, {ranges[1]}: a merge hides the cells under it, which would be read as empty. "
        "Unmerge the cells and upload the file again."
    ]
    assert "preview" not in response.context  # nothing proposed
    assert state(plan) == before


def test_a_heading_merged_across_the_table_is_read_as_a_heading(client, plan, clerk):
    client.force_login(clerk)
    data = edited(exported(plan), {"1.1.a": {"output": "Biên bản mới"}})
    heading = row_of(load_workbook(io.BytesIO(data)).active, "1.1.a") - 1  # "I. <area 1>" above its tasks

    response = post(client, merged(data, f"A{heading}:H{heading}"))

    assert response.status_code == 200
    assert response.context["preview"].ok
    assert response.context["confirm_form"] is not None
