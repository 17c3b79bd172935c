"""The digests through a real SMTP server on localhost, configured the way EMAIL_URL configures it."""

import email.header

import environ
import pytest

from notifications.models import Notification
from reminders import delivery
from reminders.digest import compute
from reminders.jobs import send_reminder
from reminders.models import Reminder

from .conftest import MONDAY, days, make_task
from .smtp_server import Inbox, SmtpServer


@pytest.fixture
def smtp(settings):
    """A real SMTP server; Django sends to it with the settings EMAIL_URL=smtp://127.0.0.1:PORT gives."""
    with SmtpServer(Inbox()) as server:
        for name, value in environ.Env.email_url_config(server.url).items():
            setattr(settings, name, value)
        assert settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
        yield server


def test_each_digest_arrives_with_its_vietnamese_subject_and_a_plain_and_an_html_part(
    smtp, settings, plan, official, clerk, chairman
):
    make_task(plan, "1.1.a", due=MONDAY + days(1), lead=official)
    make_task(plan, "1.1.b", due=MONDAY - days(3), lead=official)
    make_task(plan, "1.1.c", due=MONDAY + days(7), lead=official, cooperating=[clerk])
    digests = {d.recipient["email"]: d for d in compute(MONDAY)}
    assert {d.kind for d in digests.values()} == set(Reminder.Kind.values)
    expected = {address: delivery.render(d) for address, d in digests.items()}

    for d in digests.values():
        row = delivery.deliver(d.recipient_id, d.kind, MONDAY)
        assert (row.status, row.channel) == (Reminder.Status.SENT, Reminder.Channel.EMAIL)

    assert smtp.inbox.wait_for(len(digests), timeout=10)
    assert sorted(rcpt for _sender, (rcpt,), _raw in smtp.inbox.accepted) == sorted(digests)
    assert {sender for sender, _rcpt, _raw in smtp.inbox.accepted} == {"papi@localhost"}
    for raw, message in zip(smtp.inbox.raw_messages(), smtp.inbox.messages(), strict=True):
        subject, text, html = expected[message["To"]]
        # On the wire the header is 7-bit (RFC 2047 encoded-words); decoded, it is the Vietnamese subject.
        assert raw["Subject"].isascii()
        assert str(email.header.make_header(email.header.decode_header(raw["Subject"]))) == subject
        # (Django folds the header right after "Subject:"; the modern parser keeps that fold's space.)
        assert message["Subject"].strip() == subject
        assert not subject.isascii(), "a Vietnamese subject has diacritics"
        assert message.get_content_type() == "multipart/alternative"
        plain, rich = message.get_body(("plain",)), message.get_body(("html",))
        assert plain.get_content_charset() == rich.get_content_charset() == "utf-8"
        assert plain.get_content().replace("\r\n", "\n").strip() == text.strip()
        assert rich.get_content().replace("\r\n", "\n").strip() == html.strip()


def test_a_mailbox_the_server_refuses_is_a_failed_reminder_with_the_in_app_notice(smtp, plan, official):
    smtp.inbox.refuse.add(official.email)
    make_task(plan, "1.2.a", due=MONDAY + days(1), lead=official)

    send_reminder.apply(args=(official.pk, Reminder.Kind.OFFICIAL, MONDAY.isoformat()))

    row = Reminder.objects.get()
    assert (row.status, row.attempts) == (Reminder.Status.FAILED, 1)
    assert "550" in row.reason
    assert Notification.objects.filter(recipient=official, kind=Notification.Kind.REMINDER).count() == 1
    assert smtp.inbox.accepted == []
