"""Every page reads in Vietnamese: no English sentence of the catalogue is left in what people see.

Pages are fetched as a Vietnamese browser would (Accept-Language: vi) by each role; the visible
text and the title/placeholder/aria-label attributes are searched for the English msgids of
locale/vi/LC_MESSAGES/django.po. A hit means a string was rendered untranslated (e.g. translated
at import time with gettext instead of gettext_lazy, or left out of the catalogue).
"""

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.test_permissions import world  # noqa: F401  (fixture)

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# Shown in English on purpose: the language switch offers "English" in English.
ON_PURPOSE = {"English"}


def english_phrases():
    phrases = []
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        msgid = entry.msgid
        if msgid in ON_PURPOSE or msgid == entry.msgstr or re.search(r"%|\{|<|\n", msgid):
            continue
        # Single short words ("Plan", "Year") could be part of other words; sentences cannot.
        if " " in msgid or len(msgid) >= 7:
            phrases.append(msgid)
    return sorted(phrases, key=len, reverse=True)


PHRASES = english_phrases()
_ATTRIBUTES = re.compile(r'(?:title|placeholder|aria-label|alt)="([^"]*)"')
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def visible_text(page):
    page = _SCRIPT.sub(" ", page)
    attributes = " | ".join(_ATTRIBUTES.findall(page))
    return html.unescape(_TAG.sub(" ", page) + " | " + attributes)


def leftovers(page):
    text = visible_text(page)
    return [p for p in PHRASES if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)]


PAGES_BY_ROLE = {
    "lead": [
        "tasks:my_tasks",
        "tasks:task_list",
        ("tasks:task_detail", "task"),
        "notifications:notifications",
        "reminders:my_reminder_preferences",
        "reports:my_submissions",
        ("reports:submission", "submission"),
        "reports:rounds",
        ("reports:round_detail", "round"),
    ],
    "clerk": [
        "tasks:plan_overview",
        ("tasks:task_detail", "task"),
        ("tasks:task_assign", "task"),
        ("tasks:task_deadline", "task"),
        ("tasks:task_edit", "task"),
        ("tasks:task_delete", "task"),
        "tasks:bulk_assign",
        "tasks:task_add",
        "importing:plan_upload",
        "people:officials",
        "people:official_add",
        ("people:official_edit", "person"),
        "people:positions",
        "people:position_add",
        "reminders:reminder_settings",
        "reminders:reminder_log",
        "reminders:my_reminder_preferences",
        "password_change",
        "reports:rounds",
        "reports:settings",
        "reports:scores_edit",
        "reports:scores_upload",
        "reports:round_open",
        ("reports:round_detail", "round"),
        ("reports:round_close", "round"),
        ("reports:submission", "submission"),
    ],
    "chairman": [
        "reports:dashboard",
        "reports:scores",
        "reports:communes",
        ("tasks:task_detail", "task"),
        "tasks:plan_overview",
        "reports:rounds",
        ("reports:round_detail", "round"),
        ("reports:submission", "submission"),
    ],
    "observer": [
        "tasks:plan_overview",
        ("tasks:task_detail", "task"),
        "reports:rounds",
        ("reports:round_detail", "round"),
        ("reports:submission", "submission"),
    ],
    "supervisor": ["reports:communes", "reports:dashboard", "reports:export"],
    "anonymous": ["login", "password_reset"],
}


@pytest.mark.parametrize("role", list(PAGES_BY_ROLE))
def test_pages_have_no_english_left_over(world, role):  # noqa: F811
    people, objects = world
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    if role != "anonymous":
        client.force_login(people[role])

    found = {}
    for page in PAGES_BY_ROLE[role]:
        name, target = page if isinstance(page, tuple) else (page, None)
        response = client.get(reverse(name, args=[objects[target].pk] if target else []))
        assert response.status_code == 200, name
        assert 'lang="vi"' in response.text
        if hits := leftovers(response.text):
            found[name] = hits

    assert found == {}


def test_the_check_finds_english_when_it_is_there():
    assert "Awaiting confirmation" in leftovers("<p>Awaiting confirmation</p>")
    assert leftovers('<input placeholder="Search">') == []  # one short word: not checked
    assert leftovers("<p>Chờ xác nhận</p>") == []
