"""Apps depend downwards only, as README's "Architecture" section draws them.

The block of layers in README is the rule; this test reads it, so the picture a newcomer sees and
the rule the code obeys cannot drift apart.
"""

import re

import pytest

from .imports import ROOT, import_graph, packages


def readme_layers(text=None):
    """README's layers, top first: [{"papi_portal"}, {"demo"}, ..., {"plans"}]."""
    text = (ROOT / "README.md").read_text(encoding="utf-8") if text is None else text
    section = re.search(r"^## Architecture\n(.*?)^## ", text, re.S | re.M)
    assert section, 'README.md has no "## Architecture" section'
    block = re.search(r"^```text\n(.*?)^```", section[1], re.S | re.M)
    assert block, 'README.md\'s "Architecture" section has no ```text block of layers'
    return [{app.strip() for app in line.split("|")} for line in block[1].splitlines() if line.strip()]


def violations(graph, layers):
    """Imports that go sideways or up: [(module, imported module)]."""
    level = {app: depth for depth, line in enumerate(layers) for app in line}
    found = []
    for module, imported in graph.items():
        app = module.split(".")[0]
        for target in imported:
            other = target.split(".")[0]
            if other != app and level[other] <= level[app]:
                found.append((module, target))
    return sorted(found)


def test_every_app_is_on_one_layer_of_the_readme():
    layers = readme_layers()
    drawn = [app for line in layers for app in line]

    assert sorted(drawn) == packages(), "README's layers must name each package beside manage.py exactly once"


def test_every_import_points_down_the_layers():
    bad = violations(import_graph(), readme_layers())

    assert not bad, "imports against README's layers (move the code down, or pass it in):\n" + "\n".join(
        f"  {module} imports {target}" for module, target in bad
    )


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"reports.views": {"tasks.models"}, "tasks.models": set()}, []),
        ({"tasks.models": {"reports.cache"}, "reports.cache": set()}, [("tasks.models", "reports.cache")]),
        ({"people.views": {"reminders.jobs"}, "reminders.jobs": set()}, [("people.views", "reminders.jobs")]),
    ],
    ids=["down", "up", "sideways"],
)
def test_the_checker_refuses_an_import_up_or_sideways(graph, expected):
    layers = readme_layers("## Architecture\n```text\nreports\npeople | reminders\ntasks\n```\n## Next\n")

    assert violations(graph, layers) == expected
