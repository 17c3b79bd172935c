"""Every workbook the portal exports, printed to PDF by LibreOffice and read back as a reader sees the
paper: no text over other text, none across a cell border, none outside the printable area.

The commune here has many tasks whose names, cooperating lists, notes and remarks run to several
lines, and officials whose reports run to more than a page, so that rows of one line (or of a guessed
height) show up as overprinted words.

LibreOffice is what these tests print with: `.ci/run` installs Debian's libreoffice-calc-nogui, and
without it they fail rather than pass unseen.
"""

import datetime
import random
import subprocess

import pytest

from core.spreadsheets.layout import Margins
from importing.appendix.workbook import write_appendix
from plans.models import ContentArea, Role
from reports.periods import Period
from reports.report_workbook import Narrative, export_area_report, report_rows, write_report
from reports.scores import template_workbook
from tests.conftest import make_person
from tests.external_tools import soffice

from .helpers import make_task, update, vn
from .pdf_layout import Area, layout_problems

Q2 = Period.parse("2024-Q2")
TODAY = datetime.date(2024, 6, 17)
MARGINS = Margins()
AREA = Area(MARGINS.top, MARGINS.bottom, MARGINS.left, MARGINS.right)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

POSITIONS = [
    ("Công chức Văn hóa - Xã hội phụ trách thông tin, truyền thông và thư viện", "Đỗ Thị Thanh Huyền"),
    ("Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường", "Nguyễn Văn Trường Giang"),
    ("Công chức Tài chính - Kế toán kiêm thủ quỹ", "Phạm Thị Ngọc Ánh"),
    ("Công chức Tư pháp - Hộ tịch phụ trách chứng thực", "Lê Hoàng Quốc Việt"),
    ("Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "Vũ Đức Thắng"),
    ("Trưởng Công an xã", "Hoàng Minh Tuấn"),
    ("Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Trịnh Thị Phương Thảo"),
    ("Bí thư Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "Đặng Quang Huy"),
]
VERBS = ["Tổ chức", "Rà soát, cập nhật", "Công khai, minh bạch", "Tuyên truyền, phổ biến", "Kiểm tra, giám sát"]
OBJECTS = [
    "danh sách hộ nghèo, hộ cận nghèo và hộ có mức sống trung bình trên địa bàn các thôn",
    "các thủ tục hành chính tiếp nhận tại Bộ phận tiếp nhận và trả kết quả của Ủy ban nhân dân xã",
    "kế hoạch sử dụng đất, bảng giá đất và các dự án thu hồi đất, bồi thường, hỗ trợ tái định cư",
    "các khoản đóng góp của nhân dân cho xây dựng đường giao thông nông thôn và nhà văn hóa thôn",
    "ý kiến, kiến nghị, phản ánh của cử tri và công dân gửi qua hòm thư góp ý, đường dây nóng",
]
TAILS = [
    "; báo cáo kết quả thực hiện về Văn phòng Ủy ban nhân dân xã trước ngày 25 hằng tháng",
    ", bảo đảm đúng quy định của pháp luật, kịp thời, công khai tại trụ sở và trên hệ thống truyền thanh",
    "; phối hợp chặt chẽ với Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội trong quá trình thực hiện",
]
NOTES = [
    "Đã tổ chức hội nghị tuyên truyền tại 6/6 thôn với hơn 450 lượt người dân tham dự; đang tổng hợp ý kiến",
    "Đã niêm yết công khai tại trụ sở Ủy ban nhân dân xã và nhà văn hóa các thôn; chờ kinh phí in ấn tài liệu",
    "Đang rà soát hồ sơ, phối hợp với các thôn xác minh thông tin; dự kiến hoàn thành trong tháng sau",
]
DEADLINES = ["Thường xuyên", "Quý II/2024", "6 tháng đầu năm 2024", "Trước ngày 30/6/2024", ""]


def sentence(rng, parts):
    return " ".join(rng.choice(options) for options in parts)


def long_text(rng, minimum):
    text = ""
    while len(text) < minimum:
        text += f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}. "
    return text.strip()


@pytest.fixture
def crowded_plan(plan, clerk):
    """Forty-eight tasks over the eight areas and outside them, with long Vietnamese texts, four to
    seven cooperating officials each (named by long positions) and long notes; one task's text runs
    past what a page holds."""
    rng = random.Random(11)
    people = [make_person(f"cb{i}", plan.unit, Role.OFFICIAL, position, name) for i, (position, name) in
              enumerate(POSITIONS)]  # fmt: skip
    areas = {code: ContentArea.objects.get(code=code) for code in range(1, 9)}
    for i in range(48):
        area = areas.get(i % 9 + 1)
        title = long_text(rng, 160)[:290]
        text = long_text(rng, 2600 if i == 5 else rng.choice([250, 450, 700]))
        task = make_task(
            plan, f"{i % 9 + 1}.{i // 9 + 1}.{'abc'[i % 3]}", title=title, text=text, content_area=area,
            lead=people[i % len(people)] if i % 7 else clerk, deadline_text=rng.choice(DEADLINES),
            due_date=datetime.date(2024, 6, 30) if i % 2 else None,
            expected_output=f"Báo cáo kết quả; biên bản hội nghị; danh sách công khai {rng.choice(OBJECTS)}",
            remarks=" ".join(rng.sample(NOTES, 2)),
        )  # fmt: skip
        task.cooperating.set(rng.sample(people, rng.randint(4, 7)))
        update(task, vn(2024, 5, 2 + i % 20), "in_progress", 10 + i, " ".join(rng.sample(NOTES, rng.randint(1, 3))))
    return plan


def narratives(rng):
    return [
        Narrative(
            name,
            position,
            results=long_text(rng, 3200 if i == 0 else 600),
            limitations=long_text(rng, 400),
            causes=long_text(rng, 300),
            proposals=long_text(rng, 500),
        )  # fmt: skip
        for i, (position, name) in enumerate(POSITIONS[:5])
    ]


def print_to_pdf(path, tmp_path):
    subprocess.run(
        [soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return tmp_path / f"{path.stem}.pdf"


def export(name, plan, district, path):
    unit = plan.unit
    if name == "report":
        write_report(
            path, unit=unit, plan=plan, period=Q2, rows=report_rows(unit, Q2),
            narratives=narratives(random.Random(5)), signer="Lê Ngọc Tuân", today=TODAY,
        )  # fmt: skip
    elif name == "district":
        export_area_report(district, Q2, path, today=TODAY)
    elif name == "appendix":
        write_appendix(path, plan)
    else:
        path.write_bytes(template_workbook(2024))


@pytest.mark.parametrize(
    ("name", "least_pages", "least_words"),
    [("report", 8, 5000), ("district", 4, 3000), ("appendix", 4, 3000), ("scores", 2, 50)],
)
def test_every_export_prints_without_overprinted_or_cut_text(
    crowded_plan, district, tmp_path, name, least_pages, least_words
):
    path = tmp_path / f"{name}.xlsx"
    export(name, crowded_plan, district, path)
    problems, pages, words = layout_problems(print_to_pdf(path, tmp_path), AREA)
    assert problems == [], f"{len(problems)} layout problems, the first: " + "; ".join(problems[:10])
    assert words >= least_words  # the text is there to be checked
    assert pages >= least_pages  # long rows were not squeezed onto fewer pages
