"""Benchmark: the progress report (reports.report_workbook.write_report) against plain openpyxl write-only.

    .venv/bin/python bench/report_export.py                    # 10,000 and 100,000 tasks, median of 3
    .venv/bin/python bench/report_export.py --tasks 2000 --repeat 1

Both writers get the same realistic task rows (reports.status.TaskRow: Vietnamese text, names, dates,
notes, every deadline bucket), generated lazily from a fixed seed, in the same run. The floor is a
plain write-only workbook with the same four sheets and the same cells (the detail row of every
task, the summary per area and per official counted in the same pass), without styles, letterhead,
merges or page setup. No database is used: the unit and plan are stand-ins and the signer is given.
Times are the median of --repeat runs, alternating the writers. Memory is the tracemalloc peak,
measured in a fresh child process per writer and size; flat means about the same for 10,000 and
100,000 tasks (the rows are generated, not held in a list).
"""

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "papi_portal.settings.test")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook  # noqa: E402

from reports.periods import Period  # noqa: E402
from reports.report_workbook import (  # noqa: E402
    AREA_NAMES,
    DETAIL_COLUMNS,
    NARRATIVE_COLUMNS,
    OFFICIAL_COLUMNS,
    SUMMARY_COLUMNS,
    Counts,
    _detail_cells,
    write_report,
)
from reports.status import TaskRow  # noqa: E402

PERIOD = Period.parse("2024-Q2")
UNIT = SimpleNamespace(kind="commune", name="Trung Trắc", parent_id=None)
PLAN = SimpleNamespace(place="Trung Trắc")
BUCKETS = ["done_on_time"] * 50 + ["done_late"] * 12 + ["in_progress"] * 18 + ["due_soon"] * 4 + ["awaiting"] * 6
BUCKETS += ["overdue"] * 7 + ["not_started"] * 3
STATUS = {"done_on_time": "done", "done_late": "done", "awaiting": "awaiting", "not_started": "not_started"}
_VERBS = ["Triển khai", "Tổ chức", "Rà soát", "Công khai", "Tuyên truyền", "Kiểm tra", "Tiếp nhận", "Giải quyết"]
_OBJECTS = [
    "danh sách hộ nghèo, hộ cận nghèo trên địa bàn xã",
    "thủ tục hành chính tại Bộ phận một cửa",
    "kế hoạch sử dụng đất và bảng giá đất",
    "ý kiến, kiến nghị của công dân qua hòm thư góp ý",
    "các khoản đóng góp của nhân dân cho xây dựng công trình",
]
_NAMES = [f"{s} {m} {g}" for s in ("Nguyễn", "Trần", "Lê") for m in ("Văn", "Thị") for g in ("An", "Bình", "Hoa")]
_NOTES = ["Đã tổ chức hội nghị", "Đang tổng hợp số liệu", "Chờ kinh phí", "", "Đã niêm yết công khai tại trụ sở"]


class Rows:
    """``n`` TaskRow objects, generated afresh on each iteration from a fixed seed (no list in memory)."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __iter__(self):
        rng = random.Random(7)
        base = dt.date(2024, 1, 31)
        for i in range(1, self.n + 1):
            bucket = rng.choice(BUCKETS)
            lead = rng.randrange(len(_NAMES) + 1)
            text = f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}; báo cáo kết quả về UBND xã. " * rng.randint(1, 3)
            due = base + dt.timedelta(days=rng.randrange(330)) if rng.random() < 0.8 else None
            yield TaskRow(
                task_id=i, order=i, code=f"{i // 100}.{i % 100}", title=text[:80], text=text,
                area_code=rng.choice([1, 2, 3, 4, 5, 6, 7, 8, None]),
                lead_id=lead or None, lead_name=_NAMES[lead - 1] if lead else "",
                cooperating_names=", ".join(rng.sample(_NAMES, rng.randint(0, 3))),
                deadline_text=rng.choice(["", "", "Thường xuyên", "Quý II/2024"]), due_date=due,
                status=STATUS.get(bucket, "in_progress"), bucket=bucket, progress=rng.choice([0, 20, 50, 80, 100]),
                completed_on=due, latest_note=rng.choice(_NOTES), evidence_count=rng.randrange(4),
            )  # fmt: skip


def write_official(path, rows):
    write_report(
        path, unit=UNIT, plan=PLAN, period=PERIOD, rows=rows, signer="Lê Ngọc Tuân", today=dt.date(2024, 6, 17)
    )


def write_plain(path, rows):
    """The floor: the same sheets and cells, plain write-only openpyxl."""
    wb = Workbook(write_only=True)
    summary, detail, officials, narratives = (
        wb.create_sheet(t) for t in ("Tổng hợp", "Chi tiết", "Theo cán bộ", "Báo cáo của cán bộ")
    )
    detail.append([c.title for c in DETAIL_COLUMNS])
    total, areas, leads = Counts(), {}, {}
    for number, row in enumerate(rows, 1):
        total.add(row.bucket)
        areas.setdefault(row.area_code, Counts()).add(row.bucket)
        leads.setdefault(row.lead_id, [row.lead_name, Counts()])[1].add(row.bucket)
        cells = _detail_cells(number, row)
        cells[5] = cells[5].strftime("%d/%m/%Y") if isinstance(cells[5], dt.date) else cells[5]
        detail.append(cells)
    summary.append([c.title for c in SUMMARY_COLUMNS])
    for n, code in enumerate(AREA_NAMES, 1):
        summary.append([n, AREA_NAMES[code], *areas.get(code, Counts()).cells()])
    summary.append([9, "Ngoài các chỉ số nội dung", *areas.get(None, Counts()).cells()])
    summary.append(["", "Tổng cộng", *total.cells()])
    officials.append([c.title for c in OFFICIAL_COLUMNS])
    for n, (name, counts) in enumerate(leads.values(), 1):
        officials.append([n, name or "Chưa phân công", *counts.cells()])
    narratives.append([c.title for c in NARRATIVE_COLUMNS[:1]])
    wb.save(path)


WRITERS = {"official": write_official, "plain": write_plain}


def timed(writer, n):
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        WRITERS[writer](os.path.join(tmp, "r.xlsx"), Rows(n))
        return time.perf_counter() - start


def child_memory(writer, n):
    """Run in a fresh process: the tracemalloc peak (MiB) of writing n tasks."""
    command = [sys.executable, __file__, "--measure", writer, str(n)]  # our own script, fixed arguments
    out = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return float(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        writer, n = args.measure[0], int(args.measure[1])
        with tempfile.TemporaryDirectory() as tmp:
            tracemalloc.start()
            WRITERS[writer](os.path.join(tmp, "r.xlsx"), Rows(n))
            print(f"{tracemalloc.get_traced_memory()[1] / 2**20:.1f}")
        return
    print(f"report export: reports.report_workbook.write_report vs plain openpyxl write-only, median of {args.repeat}")
    print(f"{'tasks':>8} {'official s':>11} {'plain s':>9} {'ratio':>6} {'official MiB':>13} {'plain MiB':>10}")
    for n in args.tasks:
        times = {"official": [], "plain": []}
        for _ in range(args.repeat):
            for writer in ("plain", "official"):
                times[writer].append(timed(writer, n))
        official, plain = statistics.median(times["official"]), statistics.median(times["plain"])
        memory = {writer: child_memory(writer, n) for writer in WRITERS}
        ratio = official / plain
        print(f"{n:>8,} {official:>11.2f} {plain:>9.2f} {ratio:>6.2f} ", end="")
        print(f"{memory['official']:>13.1f} {memory['plain']:>10.1f}")
    print("target: ratio ≤ 1.5; memory about the same for every size")


if __name__ == "__main__":
    main()
