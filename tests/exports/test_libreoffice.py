"""The report as another spreadsheet program sees it: LibreOffice reads the workbook (its own
parser, not openpyxl's), recalculates nothing, and prints every sheet to PDF.

LibreOffice is an external tool, not a service: without it these tests skip with a reason
(``tests.external_tools``); `.ci/run` installs Debian's libreoffice-calc-nogui, and there a missing one fails.
"""

import csv
import re
import subprocess

import pytest

from reports.periods import Period
from reports.report_workbook import report_rows, write_report
from tests.external_tools import soffice

from . import dataset

Q2 = Period.parse("2024-Q2")

pytestmark = pytest.mark.slow


def convert(path, target, tmp_path):
    subprocess.run(
        [soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", target,
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip


@pytest.fixture
def workbook(plan, official, second_official, clerk, chairman, tmp_path):
    dataset.build(plan, official, second_official, clerk)
    path = tmp_path / "bao-cao.xlsx"
    write_report(path, unit=plan.unit, plan=plan, period=Q2, rows=report_rows(plan.unit, Q2))
    return path


@pytest.mark.django_db
def test_libreoffice_reads_the_summary_with_the_same_totals(workbook, tmp_path):
    # CSV export takes the first sheet, "Tổng hợp": its total row must count every task of the dataset.
    convert(workbook, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    rows = list(csv.reader((tmp_path / "bao-cao.csv").open(encoding="utf-8")))
    total = next(row for row in rows if len(row) > 2 and row[1] == "Tổng cộng")
    assert int(total[2]) == len(dataset.EXPECTED)
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cell for row in rows for cell in row)
    # Hostile text typed by users came back as text, not as a computed value.
    assert not any(cell.startswith(("#", "Err:")) for row in rows for cell in row)


@pytest.mark.django_db
def test_libreoffice_prints_every_sheet_to_pdf(workbook, tmp_path):
    convert(workbook, "pdf", tmp_path)
    pdf = (tmp_path / "bao-cao.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    # The page tree's /Count: one page at least for each of the four sheets.
    assert max(int(n) for n in re.findall(rb"/Count (\d+)", pdf)) >= 4
