"""README's "Where things are" map matches the folders: every path it names exists, and every app
and every sub-package of an app is on it, so a newcomer finds any behaviour in two hops."""

import re

from .imports import ROOT, packages

# Folders of an app that Django's conventions already explain.
CONVENTIONAL = {"migrations", "management", "commands", "templatetags", "__pycache__"}


def map_lines(text=None):
    """{"tasks/services/": "every change of a task ... `versions.py` ..."} from README's map."""
    text = (ROOT / "README.md").read_text(encoding="utf-8") if text is None else text
    section = re.search(r"^## Where things are\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert section, 'README.md has no "## Where things are" section'
    return dict(re.findall(r"^- `([^`]+)` — (.*)$", section[1], re.M))


def named_files(folder, description):
    """The files a line names (`name.py`, `settings/base.py`...), as paths under its folder."""
    names = re.findall(r"`([\w./-]+\.(?:py|txt|html))`", description)
    return [ROOT / folder / name for name in names]


def sub_packages(app):
    """The app's own sub-packages, one level down: "tasks/services/", "demo/synthetic/"..."""
    for init in sorted((ROOT / app).glob("*/__init__.py")):
        if init.parent.name not in CONVENTIONAL:
            yield f"{app}/{init.parent.name}/"


def unmapped(lines):
    """Apps and sub-packages without a line of their own or a mention (`synthetic/`) on their app's."""
    missing = []
    for app in packages():
        if f"{app}/" not in lines:
            missing.append(f"{app}/")
            continue
        for sub in sub_packages(app):
            mentioned = f"`{sub.removeprefix(app + '/')}" in lines[f"{app}/"]
            if sub not in lines and not mentioned:
                missing.append(sub)
    return missing


def test_every_path_on_the_map_exists():
    missing = []
    for path, description in map_lines().items():
        folder = ROOT / path.rstrip("/")
        if not folder.exists():
            missing.append(path)
            continue
        if folder.is_dir():
            missing += [str(f.relative_to(ROOT)) for f in named_files(path, description) if not f.exists()]

    assert not missing, "README's map names what is not there: " + ", ".join(missing)


def test_every_app_and_sub_package_has_its_line():
    assert unmapped(map_lines()) == [], "add these to README's 'Where things are' map"


def test_a_sub_package_may_be_mentioned_on_its_apps_line_instead():
    lines = {f"{app}/": "" for app in packages()} | {"tasks/": "its `services/` by topic", "tasks/forms/": ""}

    assert "tasks/services/" not in unmapped(lines)
    assert "tasks/views/" in unmapped(lines)


def test_a_file_named_on_a_line_is_looked_for_in_its_folder():
    lines = map_lines("## Where things are\n\n- `tasks/services/` — by topic: `versions.py`, `missing.py`\n")

    assert [f.name for f in named_files("tasks/services/", lines["tasks/services/"])] == ["versions.py", "missing.py"]
    assert (ROOT / "tasks/services/versions.py").exists()
    assert not (ROOT / "tasks/services/missing.py").exists()
