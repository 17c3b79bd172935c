"""The reminder e-mails: subject, plain text and HTML of each kind, from constructed digests.

`delivery.render()` renders in settings.LANGUAGE_CODE; the English texts are checked with
LANGUAGE_CODE = "en" (the msgids), the Vietnamese one only for being different.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import translation

from plans.models import ContentArea, Plan
from reminders import delivery
from reminders.digest import Digest
from reminders.models import Reminder
from tasks.models import Task

from .conftest import DAY, person_row, task_row

pytestmark = pytest.mark.django_db

SITE = "https://papi.example.vn"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE + "/"  # the trailing slash is dropped, never doubled


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_official_subject_counts_each_section_in_english(english, official_digest):
    subject, _text, _html = delivery.render(official_digest)

    assert subject == (
        "[PAPI Portal] Reminder 25/06/2024: 2 overdue tasks, 1 task due today, 2 tasks due soon, "
        "1 ongoing task to report on"
    )


def test_official_subject_names_only_the_sections_there_are(english, official):
    digest = Digest(
        person_row(official),
        official.unit_id,
        Reminder.Kind.OFFICIAL,
        DAY,
        due_soon={7: [task_row(1, "1.1.a", "Niêm yết", due=DAY + datetime.timedelta(days=7))]},
    )

    assert delivery.render(digest)[0] == "[PAPI Portal] Reminder 25/06/2024: 1 task due soon"


def test_clerk_and_chairman_subjects_in_english(english, clerk_digest, chairman_digest):
    assert delivery.render(clerk_digest)[0] == (
        "[PAPI Portal] Summary for the office 25/06/2024: 3 officials with overdue tasks, 2 tasks awaiting confirmation"
    )
    # Every overdue task counts, those without a lead official too (the per-area figures).
    assert delivery.render(chairman_digest)[0] == "[PAPI Portal] Weekly summary 24/06/2024: 7 overdue tasks"


def test_official_text_lists_each_section_with_deadlines_as_written_and_links(english, official_digest):
    _subject, text, _html = delivery.render(official_digest)

    assert text.startswith("Dear Trần Văn Bình,\n")
    assert "- 1.3.a Tiếp công dân <script>alert(1)</script>\n" in text  # plain text: nothing to escape
    assert "  Deadline: trước 20/6/2024 · 5 days late\n" in text  # the plan's words already say the date
    assert "  Deadline: 24/06/2024 · 1 day late\n" in text
    assert "  Deadline: Tháng 6/2024 (25/06/2024)\n" in text
    assert "  Deadline: Quý II/2024 (02/07/2024)\n" in text
    assert "  Deadline: Thường xuyên · review period ends on 30/06/2024\n" in text
    sections = ["OVERDUE", "DUE TODAY", "DUE IN 1 DAY", "DUE IN 7 DAYS", "ONGOING TASKS"]
    positions = [text.index(f"\n{heading}") for heading in sections]
    assert positions == sorted(positions)  # overdue first, then the nearest deadlines
    for pk in (11, 12, 13, 14, 15, 16):
        assert f"\n  {SITE}/tasks/{pk}/\n" in text
    assert f"Your tasks: {SITE}/tasks/mine/" in text
    assert "&lt;" not in text and "&amp;" not in text


def test_every_link_of_the_html_is_absolute(english, official_digest, clerk_digest, chairman_digest):
    for digest in (official_digest, clerk_digest, chairman_digest):
        html = delivery.render(digest)[2]
        links = re.findall(r'href="([^"]*)"', html)
        assert links
        assert all(link.startswith(SITE + "/") for link in links), links
        assert "//tasks" not in html
        assert "<link" not in html and "<script" not in html and "<img" not in html  # no external assets


def test_html_escapes_user_text(english, official_digest, clerk_digest):
    html = delivery.render(official_digest)[2]

    assert "<script>alert(1)</script>" not in html
    assert "Tiếp công dân &lt;script&gt;alert(1)&lt;/script&gt;" in html
    clerk_html = delivery.render(clerk_digest)[2]
    assert "Lê &amp; &lt;b&gt;Văn&lt;/b&gt; Tám" in clerk_html


def test_html_has_sections_and_a_button_to_the_tasks(english, official_digest):
    html = delivery.render(official_digest)[2]

    for heading in ["Overdue", "Due today", "Due in 1 day", "Due in 7 days", "Ongoing tasks"]:
        assert f">{heading}" in html
    assert "5 days late" in html
    assert "Review period ends on 30/06/2024" in html
    assert f'<a href="{SITE}/tasks/11/"' in html
    assert f'<a href="{SITE}/tasks/mine/"' in html
    assert 'name="viewport"' in html  # readable on a phone


def test_clerk_text_lists_tasks_to_confirm_and_officials_behind(english, clerk_digest):
    _subject, text, html = delivery.render(clerk_digest)

    assert "TASKS AWAITING YOUR CONFIRMATION (2)" in text
    assert "- 1.6.a Công khai ngân sách\n  Deadline: 30/06/2024\n" in text
    assert "- 1.7.b Vệ sinh môi trường\n  Deadline: Thường xuyên\n" in text
    assert "* Trần Văn Bình: 2 overdue tasks" in text
    assert "* Ngô Văn An: 1 overdue task\n" in text
    assert "Deadline: 31/05/2024 · 25 days late" in text
    assert f"Plan overview: {SITE}/tasks/plan/" in text
    assert "Officials with overdue tasks" in html
    assert "Trần Văn Bình: 2 overdue tasks" in html


def test_chairman_summary_names_the_papi_areas_in_one_query(english, chairman_digest, django_assert_num_queries):
    area_1, area_3 = ContentArea.objects.get(code=1), ContentArea.objects.get(code=3)

    # One query for the area names, shared by the plain text and the HTML.
    with django_assert_num_queries(1):
        _subject, text, html = delivery.render(chairman_digest)

    assert "On 24/06/2024, 7 tasks of the commune's PAPI plan are overdue." in text
    assert f"- 1. {area_1.name_en}: 3\n" in text
    assert f"- 3. {area_3.name_en}: 2\n" in text
    assert "- Outside the eight PAPI areas: 2\n" in text
    assert "* Trần Văn Bình: 2 overdue tasks" in text
    assert f"1. {area_1.name_en}</td>" in html
    assert "Overdue tasks by official" in html


def test_footer_says_how_to_stop_e_mails_and_that_the_bell_stays(english, official_digest, clerk_digest):
    for digest in (official_digest, clerk_digest):
        _subject, text, html = delivery.render(digest)
        for body in (text, html):
            assert f"{SITE}/tasks/reminders/me/" in body
            assert "Receive reminders by e-mail" in body
            assert "Reminders in the portal (the bell) always stay" in body


@pytest.mark.parametrize("kind", ["official_digest", "clerk_digest", "chairman_digest"])
def test_the_vietnamese_e_mail_is_not_the_english_one(settings, request, kind):
    with translation.override("vi"):
        if translation.gettext("Dear %(name)s,") == "Dear %(name)s,":
            pytest.xfail("the e-mail texts are not in the Vietnamese catalogue yet (the lead translates them)")
    digest = request.getfixturevalue(kind)
    settings.LANGUAGE_CODE = "en"
    english = delivery.render(digest)
    settings.LANGUAGE_CODE = "vi"
    vietnamese = delivery.render(digest)

    for en, vi in zip(english, vietnamese, strict=True):
        assert en != vi
    assert "[PAPI Portal]" not in vietnamese[0]


def test_a_delivered_reminder_carries_the_templates_to_the_mailbox(official, commune):
    """Through the real digest and delivery: the e-mail has both bodies and absolute links."""
    official.email = "binh@example.vn"
    official.save()
    plan = Plan.objects.create(unit=commune, year=2024, title="Kế hoạch PAPI 2024", status=Plan.Status.ACTIVE)
    task = Task.objects.create(
        plan=plan,
        code="1.3.a",
        title="Tiếp công dân & <tổ chức> đối thoại",
        text="…",
        lead=official,
        deadline_kind="date",
        due_date=DAY - datetime.timedelta(days=3),
        deadline_text="trước 22/6/2024",
    )

    row = delivery.deliver(official.pk, Reminder.Kind.OFFICIAL, DAY)

    assert row.status == Reminder.Status.SENT and row.channel == Reminder.Channel.EMAIL
    (message,) = mail.outbox
    assert message.subject == row.subject and message.subject.startswith("[")
    assert f"{SITE}/tasks/{task.pk}/" in message.body
    assert "Tiếp công dân & <tổ chức> đối thoại" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Tiếp công dân &amp; &lt;tổ chức&gt; đối thoại" in html
    assert f'href="{SITE}/tasks/{task.pk}/"' in html
