"""The people screens use the plan and task fixtures of the clerk's tools."""

from tests.clerk.conftest import plan, sections, task  # noqa: F401
