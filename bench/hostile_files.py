"""Benchmark: what a hostile file costs the portal, against reading a small valid file in the same run.

    .venv/bin/python bench/hostile_files.py            # every file once, a fresh process each
    .venv/bin/python bench/hostile_files.py --repeat 3 # the median of 3

Each file is read in a fresh child process the way the portal reads it: a .docx or .txt by
``manage.py import_plan --dry-run`` (Django's start-up included), a .xlsx by the score sheet's reader
(``reports.score_sheet.open_workbook``, whose checks the summary table's reader shares). Printed per
file: its size, the first words of the one line it gets, the wall time and the child's peak resident
memory (``ru_maxrss``, see ``run``), and both against the floor: the same reader on a small valid
file. The budget is 200 MB and 5 s a file (issue #12); the "at the limits" files are the largest the
limits let through, to show that the limits themselves fit the budget.

The hostile files come from tests/hostile_files/files.py (a 1 GiB zip bomb is built in a quarter of a
second, see there). Nothing is written: the child uses a throw-away SQLite database.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_files import files  # noqa: E402

BUDGET_MB, BUDGET_S = 200, 5.0
COLUMNS = [chr(65 + n) for n in range(26)] + [f"A{chr(65 + n)}" for n in range(4)]
READ_WORKBOOK = """
import os, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.core.files import File
from reports.score_sheet import ScoreUploadError, open_workbook
with open(sys.argv[1], "rb") as data:
    try:
        rows, merged = open_workbook(File(data, name=os.path.basename(sys.argv[1])))
    except ScoreUploadError as error:
        sys.exit(f"{error}")
print(f"read {len(rows)} rows")
"""


def small_docx():
    return files.docx_body(files.paragraphs("KẾ HOẠCH", "I. MỤC ĐÍCH", "II. NỘI DUNG", "1. Nội dung", "a) Họp dân."))


def small_xlsx():
    header = files.cell("A1", "Năm") + files.cell("B1", "Mã") + files.cell("C1", "Điểm") + files.cell("D1", "Nguồn")
    return files.xlsx(files.SHEET_OPEN + b'<row r="1">' + header + b"</row>" + files.SHEET_CLOSE)


def docx_at_the_limits():
    """The largest plan the limits let through: 9,500 paragraphs of 20 elements (190,000 of the
    200,000 elements; the reader takes 10,000 paragraphs) and a 14 MiB photograph (of 24 MiB)."""
    rng = random.Random(1)
    run = b'<w:r w:rsidR="%08X"><w:rPr><w:b/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">%s </w:t></w:r>'
    words = ["Tổ chức", "thực hiện", "tuyên truyền", "công khai", "minh bạch", "người dân", "cấp xã", "kịp thời"]
    paragraphs = []
    for number in range(9_500):
        runs = b"".join(run % (rng.getrandbits(32), rng.choice(words).encode()) for _run in range(3))
        marker = b"%d. " % number if number % 10 == 0 else b"%c) " % (97 + number % 10)
        opening = b'<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t>' + marker + b"</w:t></w:r>"
        paragraphs.append(opening + runs + b"</w:p>")
    picture = random.Random(2).randbytes(14 * files.MiB)  # stands for a photograph: does not compress
    document = files.DOCUMENT_OPEN + files.paragraphs("KẾ HOẠCH", "I. MỤC ĐÍCH", "II. NỘI DUNG") + b"".join(paragraphs)
    return files.docx(document + files.DOCUMENT_CLOSE, ("word/media/image1.jpeg", picture))


def xlsx_at_the_limits():
    """A worksheet of 590,000 elements (the streamed limit is 600,000): 147,000 cells of text."""
    rows = []
    for number in range(1, 4901):
        cells = b"".join(files.cell(f"{COLUMNS[col]}{number}", f"ô {number}-{col}") for col in range(30))
        rows.append(b'<row r="%d">' % number + cells + b"</row>")
    return files.xlsx(files.SHEET_OPEN + b"".join(rows) + files.SHEET_CLOSE)


LAUNCHER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def run(args, env):
    """(wall seconds, peak RSS in MB, exit status, first line of output, lines) of one child.

    Started by a bare launcher that reports RUSAGE_CHILDREN: Linux counts in a child's peak the
    memory of the process it was forked from (this one, holding the built files) until it executes."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        start = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - our own interpreter with fixed arguments
            [sys.executable, "-c", LAUNCHER, rss.name, *args], cwd=ROOT, env=env, stdout=out, stderr=out, check=False
        )
        elapsed = time.perf_counter() - start
        peak = int(rss.read()) / 1024
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").splitlines()
    return elapsed, peak, done.returncode, (lines[0] if lines else ""), len(lines)


def environment(root):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "papi_portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "MEDIA_ROOT": str(root / "media"),
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    create = (
        "from plans.models import AdministrativeUnit as U; U.objects.create(kind='commune', code='12100', name='X')"
    )
    subprocess.run([*manage, "shell", "-v", "0", "-c", create], cwd=ROOT, env=env, check=True)  # noqa: S603
    return env


def command_for(path):
    if path.suffix == ".xlsx":
        return [sys.executable, "-c", READ_WORKBOOK, str(path)]
    return [
        sys.executable,
        str(ROOT / "manage.py"),
        "import_plan",
        str(path),
        "--unit",
        "12100",
        "--year",
        "2024",
        "--dry-run",
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per file; the median is printed")
    args = parser.parse_args()
    cases = {"small valid.docx": small_docx, "small valid.xlsx": small_xlsx}
    cases.update(files.HOSTILE_DOCX)
    cases.update(files.HOSTILE_XLSX)
    cases.update({"at the limits.docx": docx_at_the_limits, "at the limits.xlsx": xlsx_at_the_limits})
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        env = environment(root)
        results = {}
        for name, build in cases.items():
            path = root / name.replace(" ", "-")
            path.write_bytes(build())
            runs = [run(command_for(path), env) for _ in range(args.repeat)]
            elapsed = statistics.median(r[0] for r in runs)
            rss = statistics.median(r[1] for r in runs)
            results[name] = (path.stat().st_size, elapsed, rss, runs[-1][2], runs[-1][3], runs[-1][4])
    print(f"Python {sys.version.split()[0]}; budget {BUDGET_MB} MB and {BUDGET_S} s a file; median of {args.repeat}")
    print(f"{'file':22} {'size':>8} {'time s':>7} {'×floor':>6} {'RSS MB':>7} {'+floor':>7}  exit lines  the line")
    failed = False
    for name, (size, elapsed, rss, code, line, count) in results.items():
        floor = results["small valid.xlsx" if name.endswith(".xlsx") else "small valid.docx"]
        over = rss > BUDGET_MB or elapsed > BUDGET_S
        failed |= over
        print(
            f"{name:22} {size / 1024:7.0f}K {elapsed:7.2f} {elapsed / floor[1]:6.2f} {rss:7.0f} {rss - floor[2]:+7.0f}"
            f"  {code:>4} {count:>5}  {line[:90]}{'  OVER BUDGET' if over else ''}"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
