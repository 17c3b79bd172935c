"""Fail when a user-facing string in the code has no Vietnamese translation.

Extracts the messages afresh (Django's makemessages, which needs GNU gettext's xgettext)
from a copy of the tracked sources, so the committed catalogue is left untouched, and
compares them with locale/vi/LC_MESSAGES/django.po.
"""

import ast
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

SOURCE_SUFFIXES = {".py", ".html", ".txt"}
IGNORED = ("tests/", "bench/", "static/vendor/")
# xgettext only knows these names, and does not look inside f-strings.
TRANSLATION_CALLS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def hidden_translations(path):
    """Line numbers of translation calls xgettext cannot see: inside f-strings, or through an
    alias other than `_` (`from django.utils.translation import gettext as t`)."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    lines = {
        node.lineno
        for fstring in ast.walk(tree)
        if isinstance(fstring, ast.JoinedStr)
        for node in ast.walk(fstring)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in TRANSLATION_CALLS
    }
    lines |= {
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.asname not in (None, "_") and alias.asname != alias.name
    }
    return sorted(lines)


class Command(BaseCommand):
    help = "Check that every translatable string has a Vietnamese translation."

    def handle(self, *args, **options):
        if shutil.which("xgettext") is None:
            raise CommandError("xgettext (GNU gettext) is needed: apt-get install gettext")
        base = Path(settings.BASE_DIR)
        tracked = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],  # noqa: S607
            cwd=base,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        # --cached also lists files deleted in the work tree but not yet in the index.
        tracked = [name for name in tracked if (base / name).is_file()]
        committed = polib.pofile(str(base / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
        translated = {(e.msgctxt, e.msgid) for e in committed.translated_entries()}
        with tempfile.TemporaryDirectory() as tmp:
            for name in tracked:
                if Path(name).suffix in SOURCE_SUFFIXES and not name.startswith(IGNORED):
                    target = Path(tmp, name)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(base / name, target)
            (Path(tmp) / "locale").mkdir(exist_ok=True)
            cwd = os.getcwd()
            try:
                os.chdir(tmp)
                with override_settings(LOCALE_PATHS=[Path(tmp) / "locale"]):
                    call_command("makemessages", locale=["vi"], verbosity=0, no_obsolete=True)
            finally:
                os.chdir(cwd)
            fresh = polib.pofile(str(Path(tmp) / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
        hidden = [
            (name, line)
            for name in tracked
            if name.endswith(".py") and not name.startswith(IGNORED)
            for line in hidden_translations(base / name)
        ]
        for name, line in hidden:
            self.stderr.write(f"a translation xgettext never extracts (f-string or alias): {name}:{line}")
        if hidden:
            raise CommandError(
                "Call _(), gettext() or ngettext() by those names, outside f-strings (use % formatting)."
            )
        missing = [e for e in fresh if e.msgid and (e.msgctxt, e.msgid) not in translated]
        for entry in missing:
            where = ", ".join(f"{f}:{line}" for f, line in entry.occurrences[:2])
            self.stderr.write(f"no Vietnamese translation: {entry.msgid!r} ({where})")
        if missing:
            raise CommandError(
                f"{len(missing)} string(s) lack a Vietnamese translation: run makemessages -l vi, "
                "translate them in locale/vi/LC_MESSAGES/django.po, then make translations."
            )
        self.stdout.write(f"All {len(fresh)} translatable strings have a Vietnamese translation.")
