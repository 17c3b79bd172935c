"""Benchmark: core.spreadsheets.layout (official Decree 30 layout) against a plain openpyxl write-only workbook.

    .venv/bin/python bench/xlsx_write.py                  # 10,000 and 100,000 rows, median of 3
    .venv/bin/python bench/xlsx_write.py --rows 2000 --repeat 1

Both writers get the same 10 columns of generated task data (Vietnamese text, dates, percentages)
from a generator, in the same run. The plain workbook is the floor: the same cells with no styles,
letterhead, merges or page setup. Times are the median of --repeat runs, alternating the two
writers. Memory is measured in a fresh child process per writer and size, so one run cannot inflate
the next: the tracemalloc peak of Python allocations, and the growth of the child's peak RSS
(ru_maxrss) over its level before writing (run without tracemalloc). Flat memory means both stay
about the same from 10,000 to 100,000 rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from core.spreadsheets.layout import (  # noqa: E402
    DATE_FORMAT,
    PERCENT_FORMAT,
    Column,
    Heading,
    Letterhead,
    OfficialSheet,
    Signature,
)

# 118 units: what A4 landscape holds between the margins (core.spreadsheets.layout refuses wider tables).
COLUMNS = [
    Column("STT", 5, horizontal="center"),
    Column("Nhiệm vụ", 29),
    Column("Lĩnh vực", 12),
    Column("Chủ trì", 12),
    Column("Phối hợp", 13),
    Column("Thời hạn", 11, DATE_FORMAT, "center"),
    Column("Trạng thái", 11),
    Column("Tiến độ", 7, PERCENT_FORMAT, "right"),
    Column("Sản phẩm", 10),
    Column("Ghi chú", 8),
]

_VERBS = ["Triển khai", "Tổ chức", "Rà soát", "Công khai", "Tuyên truyền", "Kiểm tra", "Tiếp nhận", "Giải quyết"]
_OBJECTS = [
    "danh sách hộ nghèo, hộ cận nghèo trên địa bàn xã",
    "thủ tục hành chính tại Bộ phận một cửa",
    "kế hoạch sử dụng đất và bảng giá đất",
    "các khoản đóng góp của nhân dân",
    "ý kiến, kiến nghị của cử tri và công dân",
    "việc thực hiện quy chế dân chủ ở cơ sở",
]
_AREAS = [
    "Tham gia của người dân",
    "Công khai, minh bạch",
    "Trách nhiệm giải trình",
    "Kiểm soát tham nhũng",
    "Thủ tục hành chính công",
    "Cung ứng dịch vụ công",
    "Quản trị môi trường",
    "Quản trị điện tử",
]
_OFFICIALS = [
    "Văn phòng - Thống kê",
    "Địa chính - Xây dựng",
    "Tài chính - Kế toán",
    "Tư pháp - Hộ tịch",
    "Văn hóa - Xã hội",
]
_PARTNERS = ["Mặt trận Tổ quốc xã", "Công an xã", "Đài truyền thanh xã", "Các thôn", ""]
_STATUSES = ["Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện", "Quá hạn", "Sắp đến hạn"]
_PRODUCTS = ["Báo cáo kết quả", "Biên bản", "Thông báo niêm yết", "Kế hoạch", "Danh sách"]
_NOTES = ["", "", "Thường xuyên", "Hàng quý", "Quý II/2025", "Trước 30/6/2025"]


def task_rows(n: int, seed: int = 2025):
    """n rows of plausible task data, generated lazily: nothing is kept."""
    rng = random.Random(seed)
    start = dt.date(2025, 1, 15)
    for i in range(1, n + 1):
        yield (
            i,
            f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} (đợt {i % 12 + 1})",
            rng.choice(_AREAS),
            rng.choice(_OFFICIALS),
            rng.choice(_PARTNERS),
            start + dt.timedelta(days=rng.randrange(350)),
            rng.choice(_STATUSES),
            rng.randrange(101) / 100,
            rng.choice(_PRODUCTS),
            rng.choice(_NOTES),
        )


def write_official(n: int, path: str) -> None:
    wb = Workbook(write_only=True)
    sheet = OfficialSheet(
        wb,
        "Chi tiết",
        COLUMNS,
        letterhead=Letterhead(
            ("Ủy ban nhân dân", "xã Trung Trắc"), "Số: 05/BC-UBND", "Trung Trắc", dt.date(2026, 1, 5)
        ),
        heading=Heading("Báo cáo", "Kết quả thực hiện nhiệm vụ nâng cao Chỉ số PAPI năm 2025"),
        landscape=True,
    )
    sheet.write_table(task_rows(n))
    sheet.write_signature(Signature(signer="Nguyễn Văn An", recipients=["- UBND huyện Văn Lâm;", "- Lưu: VT."]))
    wb.save(path)


def write_plain(n: int, path: str) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Chi tiết")
    ws.append([c.title for c in COLUMNS])
    for row in task_rows(n):
        ws.append(row)
    wb.save(path)


def write_in_memory(n: int, path: str) -> None:
    """Control for the memory figures: a regular workbook keeps every cell until it is saved."""
    wb = Workbook()
    ws = wb.active
    ws.append([c.title for c in COLUMNS])
    for row in task_rows(n):
        ws.append(row)
    wb.save(path)


WRITERS = {"plain": write_plain, "official": write_official}
MEMORY_WRITERS = {**WRITERS, "regular": write_in_memory}


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def child(writer: str, n: int, trace: bool) -> None:
    """Run one writer in this fresh process and print its memory figures in MiB: the tracemalloc
    peak, or the peak RSS before and after writing."""
    with tempfile.TemporaryDirectory() as tmp:
        MEMORY_WRITERS[writer](100, os.path.join(tmp, "warm.xlsx"))  # imports and caches settle first
        path = os.path.join(tmp, "out.xlsx")
        if trace:
            tracemalloc.start()
            MEMORY_WRITERS[writer](n, path)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(f"{peak / 2**20:.2f}")
        else:
            before = _maxrss_mib()
            MEMORY_WRITERS[writer](n, path)
            print(f"{before:.2f} {_maxrss_mib():.2f}")


def measure_memory(writer: str, n: int, trace: bool) -> list[float]:
    args = [sys.executable, __file__, "--child", writer, str(n)] + (["--trace"] if trace else [])
    out = subprocess.run(args, check=True, capture_output=True, text=True)  # noqa: S603
    return [float(figure) for figure in out.stdout.split()]


def measure_time(n: int, repeat: int) -> dict[str, tuple[float, float]]:
    """Median wall-clock and CPU seconds per writer, the writers alternating; "generate" only
    produces the rows, to show how little of both times that takes."""
    runs: dict[str, list[tuple[float, float]]] = {"generate": [], **{name: [] for name in WRITERS}}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            for name in runs:
                wall, cpu = time.perf_counter(), time.process_time()
                if name == "generate":
                    for _row in task_rows(n):
                        pass
                else:
                    WRITERS[name](n, os.path.join(tmp, f"{name}.xlsx"))
                runs[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    return {
        name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
        for name, values in runs.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("WRITER", "ROWS"), help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.trace)
        return

    import openpyxl

    print(f"Python {sys.version.split()[0]}, openpyxl {openpyxl.__version__}, {len(COLUMNS)} columns")
    print(f"Seconds, median of {args.repeat}, wall clock / CPU; ratio = official / plain (target ≤ 1.5 at 10,000)")
    print(f"{'rows':>8}  {'generate':>12}  {'plain':>12}  {'official':>12}  {'ratio wall':>10}  {'ratio CPU':>9}")
    for n in args.rows:
        t = measure_time(n, args.repeat)
        cols = "  ".join(f"{t[name][0]:>5.2f} /{t[name][1]:>6.2f}" for name in ("generate", "plain", "official"))
        ratios = [t["official"][i] / t["plain"][i] for i in (0, 1)]
        print(f"{n:>8}  {cols}  {ratios[0]:>10.2f}  {ratios[1]:>9.2f}")
    print("\nMemory while writing, MiB, a fresh process each; 'regular' = openpyxl Workbook() at the smallest size,")
    print("for contrast. ru_maxrss is the process's peak RSS after imports and a 100-row warm-up, then after writing.")
    print(f"{'rows':>8}  {'writer':>8}  {'tracemalloc peak':>16}  {'ru_maxrss before → after':>25}  {'growth':>6}")
    for n in args.rows:
        for name in MEMORY_WRITERS:
            if name == "regular" and n != min(args.rows):
                continue
            [peak] = measure_memory(name, n, trace=True)
            before, after = measure_memory(name, n, trace=False)
            print(f"{n:>8}  {name:>8}  {peak:>16.2f}  {before:>11.2f} → {after:>11.2f}  {after - before:>6.2f}")


if __name__ == "__main__":
    main()
