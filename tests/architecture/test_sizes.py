"""No file over 600 lines and no function over 80 outside migrations and tests: a module that
grows past that holds two subjects, and a function that long hides its steps."""

import ast

from .imports import ROOT

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80
SKIPPED_PARTS = {".venv", "tests", "migrations", "node_modules", "var", ".git"}


def project_sources():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED_PARTS.intersection(path.relative_to(ROOT).parts):
            yield path


def oversized(path):
    """What in `path` is too long: [(what, lines)]."""
    text = path.read_text(encoding="utf-8")
    found = []
    if (lines := len(text.splitlines())) > MAX_FILE_LINES:
        found.append(("the file", lines))
    for node in ast.walk(ast.parse(text)):
        is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        if is_function and (lines := node.end_lineno - node.lineno + 1) > MAX_FUNCTION_LINES:
            found.append((f"{node.name}()", lines))
    return found


def test_no_file_or_function_is_too_long():
    report = [
        f"  {path.relative_to(ROOT)}: {what} has {lines} lines"
        for path in project_sources()
        for what, lines in oversized(path)
    ]

    assert not report, (
        f"split these by topic (files ≤ {MAX_FILE_LINES} lines, functions ≤ {MAX_FUNCTION_LINES}):\n"
        + "\n".join(report)
    )


def test_the_sources_walked_include_the_bench_and_scripts_but_not_tests():
    walked = {path.relative_to(ROOT).parts[0] for path in project_sources()}

    assert {"tasks", "reports", "bench", "scripts", "papi_portal"} <= walked
    assert "tests" not in walked


def test_a_long_function_is_found(tmp_path):
    source = tmp_path / "long.py"
    source.write_text("def long():\n" + "    x = 1\n" * MAX_FUNCTION_LINES + "\n\ndef short():\n    pass\n")

    assert oversized(source) == [("long()", MAX_FUNCTION_LINES + 1)]
