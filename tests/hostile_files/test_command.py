"""A hostile file through the command, in a child process: exit status 1, one line, no traceback,
at most 200 MB of memory, nothing written. (The time, about a second here, is bench/hostile_files.py's.)

The .xlsx files have no command; the same child runs them through the score sheet's reader
(``reports.score_sheet.open_workbook``, which the appendix reader shares ``load_uploaded`` with).
"""

import sqlite3
import sys
from pathlib import Path

import pytest

from . import files
from .conftest import BASE_DIR, MAX_RSS, run_child

# The Vietnamese line each file gets (the command speaks the site's language).
REFUSALS = {
    "zip-bomb.docx": "Tệp khi giải nén sẽ chiếm 1,0 GB, vượt mức cho phép 24,0 MB (có thể là “bom nén”)",
    "billion-laughs.docx": "Thành phần “word/document.xml” khai báo thực thể XML (entity)",
    "external-entity.docx": "Thành phần “word/document.xml” khai báo thực thể XML (entity)",
    "members.docx": "Tệp chứa hơn 1000 thành phần",
    "lying-header.docx": "Không đọc được tệp Word; tệp có thể bị hỏng.",
    "long-text.docx": "Thành phần “word/document.xml” có một đoạn văn bản hoặc thẻ dài hơn 1,0 MB",
    "elements.docx": "Tệp có nhiều phần tử XML hơn một văn bản thật",
    "zip-bomb.xlsx": "Tệp khi giải nén sẽ chiếm 1,0 GB, vượt mức cho phép 64,0 MB (có thể là “bom nén”)",
    "billion-laughs.xlsx": "Thành phần “xl/worksheets/sheet1.xml” khai báo thực thể XML (entity)",
    "members.xlsx": "Tệp chứa hơn 1000 thành phần",
    "long-text.xlsx": "Thành phần “xl/worksheets/sheet1.xml” có một đoạn văn bản hoặc thẻ dài hơn 1,0 MB",
    "old.doc": "Không đọc được văn bản Word định dạng cũ (.doc); hãy lưu tệp dưới dạng .docx.",
}

READ_WORKBOOK = """
import os, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.core.files import File
from reports.score_sheet import ScoreUploadError, open_workbook
with open(sys.argv[1], "rb") as data:
    try:
        open_workbook(File(data, name=os.path.basename(sys.argv[1])))
    except ScoreUploadError as error:
        sys.exit(f"{error}")
print("read")
"""


def _rows(env):
    with sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
        return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in _tables(db)}  # noqa: S608


def _tables(db):
    return [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def _media(env):
    root = Path(env["CHILD_ROOT"]) / "media"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _check(run, name):
    assert run.returncode == 1, run.stdout + run.stderr
    assert len(run.lines) == 1, run.lines
    assert "Traceback" not in run.stdout + run.stderr
    assert REFUSALS[name] in run.lines[0], run.lines[0]
    assert run.max_rss <= MAX_RSS, f"{name}: {run.max_rss / 2**20:.0f} MB"


@pytest.mark.slow
@pytest.mark.parametrize("name", [*files.HOSTILE_DOCX, "old.doc"])
def test_a_hostile_document_is_one_line_from_the_command_and_costs_little(child_env, tmp_path, name):
    path = tmp_path / name
    if name == "old.doc":
        path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 4096)
    else:
        path.write_bytes(files.HOSTILE_DOCX[name]())
    before = _rows(child_env)

    run = run_child(
        [sys.executable, str(BASE_DIR / "manage.py"), "import_plan", path, "--unit", "12100", "--year", "2024"],
        child_env,
    )

    _check(run, name)
    assert run.stderr.startswith("CommandError: ")
    assert _rows(child_env) == before
    assert _media(child_env) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", files.HOSTILE_XLSX)
def test_a_hostile_workbook_is_one_line_and_costs_little(child_env, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(files.HOSTILE_XLSX[name]())

    run = run_child([sys.executable, "-c", READ_WORKBOOK, path], child_env)

    _check(run, name)
