"""The demo app (demo and synthetic data, `load_demo`, `generate_synthetic`) stays out of production:
the production settings do not install it, and no production app imports it (imports inside
functions included). The demo app may import everything; nothing else may import it."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
# The production apps, present or still being created; any other project app the production
# settings install is walked too (production_packages()).
PRODUCTION_PACKAGES = (
    "accounts",
    "core",
    "importing",
    "notifications",
    "papi_portal",
    "people",
    "plans",
    "reminders",
    "reports",
    "tasks",
)
DEMO_COMMANDS = ("load_demo", "generate_synthetic")


def production_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        DJANGO_SETTINGS_MODULE="papi_portal.settings.production",
        SECRET_KEY="architecture-test-only-key",  # noqa: S105
        ALLOWED_HOSTS="papi.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
    )
    return env


def run_production(args, tmp_path):
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=production_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def production_installed_apps(tmp_path):
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(list(settings.INSTALLED_APPS)))"
    )
    return json.loads(run_production(["-c", code], tmp_path).strip().splitlines()[-1])


def test_production_settings_do_not_install_the_demo_app(tmp_path):
    apps = production_installed_apps(tmp_path)
    assert "tasks" in apps  # the settings really loaded
    assert not [app for app in apps if app == "demo" or app.startswith("demo.")]


def test_production_manage_py_has_no_demo_commands(tmp_path):
    out = run_production(["manage.py", "help"], tmp_path)
    assert "migrate" in out and "import_plan" in out  # the command list really printed
    for command in DEMO_COMMANDS:
        assert command not in out


def test_the_dev_and_test_settings_install_it():
    # The test settings run this suite; dev.py adds the app the same way (checked as text: importing
    # another settings module here would not change the running one).
    assert "demo" in settings.INSTALLED_APPS
    commands = get_commands()
    assert {commands[name] for name in DEMO_COMMANDS} == {"demo"}
    assert '[*INSTALLED_APPS, "demo"]' in (ROOT / "papi_portal" / "settings" / "dev.py").read_text(encoding="utf-8")
    for name in ("base.py", "production.py"):
        assert '"demo"' not in (ROOT / "papi_portal" / "settings" / name).read_text(encoding="utf-8")


def demo_imports(source):
    """(line, module) of every import of `demo` (or a module under it) in the source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        elif isinstance(node, ast.Call):
            func = node.func
            func_name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0] if node.args else None
            if func_name in ("import_module", "__import__") and isinstance(first, ast.Constant):
                names = [str(first.value)]
        found += [(node.lineno, name) for name in names if name == "demo" or name.startswith("demo.")]
    return found


def production_packages(tmp_path):
    apps = {app.split(".")[0] for app in production_installed_apps(tmp_path)}
    local = {app for app in apps if (ROOT / app / "__init__.py").exists()}
    return sorted(local | {p for p in PRODUCTION_PACKAGES if (ROOT / p / "__init__.py").exists()})


def test_no_production_app_imports_demo(tmp_path):
    packages = production_packages(tmp_path)
    assert {"accounts", "core", "papi_portal", "plans", "reports", "tasks"} <= set(packages)
    assert "demo" not in packages
    offenders = []
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            for line, module in demo_imports(path.read_text(encoding="utf-8")):
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not offenders, "production code imports the demo app:\n" + "\n".join(offenders)


def test_the_import_finder_finds_every_form():
    source = (
        "import demo\n"
        "import demo.loader as loader\n"
        "from demo.synthetic import generate\n"
        "from demo import synthetic\n"
        "def f():\n"
        "    from demo.data.assignments import ASSIGNMENTS\n"
        "    importlib.import_module('demo.loader')\n"
        "import demographics\n"
        "from tasks.demo_like import x\n"
        "from . import demo\n"
    )
    assert [line for line, _module in demo_imports(source)] == [1, 2, 3, 4, 6, 7]
