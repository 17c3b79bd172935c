"""Running the portal on a hostile file in a child process, with the child's peak memory.

The child is started by a launcher, a bare Python process of about 10 MB, which reports
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``: its only child's peak. Measured from the test
process itself the figure would be wrong: Linux counts in a child's peak the memory of the process
it was forked from, until it executes its program, so a child of a 300 MB pytest worker would
"use" 300 MB whatever it does.
"""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation

BASE_DIR = Path(__file__).resolve().parents[2]
MAX_RSS = 200 * 1024 * 1024  # bytes a hostile file may cost the process that reads it, all told


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    max_rss: int  # bytes

    @property
    def lines(self):
        return (self.stdout + self.stderr).splitlines()


LAUNCHER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def run_child(args, env, cwd=BASE_DIR, timeout=120):
    """Run ``args`` through the launcher; its exit status, output and peak resident memory (bytes)."""
    folder = Path(env["CHILD_OUTPUT"])
    out_path, err_path, rss_path = (folder / name for name in ("stdout", "stderr", "maxrss"))
    rss_path.unlink(missing_ok=True)
    with out_path.open("wb") as out, err_path.open("wb") as err:
        done = subprocess.run(  # noqa: S603 - our own interpreter with fixed arguments
            [sys.executable, "-c", LAUNCHER, str(rss_path), *map(str, args)],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=err,
            timeout=timeout,
            check=False,
        )
    return Run(
        done.returncode,
        out_path.read_text(encoding="utf-8"),
        err_path.read_text(encoding="utf-8"),
        int(rss_path.read_text()) * 1024,  # Linux reports kilobytes
    )


@pytest.fixture(scope="session")
def child_env(tmp_path_factory):
    """The environment of a child: the dev settings on a fresh SQLite file with commune 12100."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "out").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "papi_portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "MEDIA_ROOT": str(root / "media"),
        "LOG_LEVEL": "INFO",  # a traceback logged on the way would show
        "PYTHONUNBUFFERED": "1",
        "CHILD_OUTPUT": str(root / "out"),
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for step in (
        ["migrate", "--noinput", "-v", "0"],
        [
            "shell",
            "-v",
            "0",
            "-c",
            "from plans.models import AdministrativeUnit as U; "
            "U.objects.create(kind='commune', code='12100', name='Trung Trắc')",
        ],
    ):
        done = run_child([*manage, *step], env)
        assert done.returncode == 0, done.stderr
    env["CHILD_ROOT"] = str(root)
    return env


@pytest.fixture
def english():
    with translation.override("en"):
        yield
