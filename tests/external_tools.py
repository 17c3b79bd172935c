"""External programs some tests drive (not services): LibreOffice prints the exported workbooks.

On a developer's machine without the program those tests skip and say why; in CI
(`PAPI_REQUIRE_SERVICES=1`, set by `.ci/run`, which installs it) a missing program is a failure.
"""

import os
import shutil

import pytest

SOFFICE_PATH = shutil.which("soffice") or shutil.which("libreoffice")


def soffice():
    """The LibreOffice binary, or the test skips (fails in CI) with the reason."""
    if SOFFICE_PATH:
        return SOFFICE_PATH
    message = "LibreOffice (soffice) is not installed: .ci/run installs libreoffice-calc-nogui"
    if os.environ.get("PAPI_REQUIRE_SERVICES"):
        pytest.fail(message)
    pytest.skip(message)
