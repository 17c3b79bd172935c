"""A real SMTP server on localhost (aiosmtpd) that keeps what it accepts, and can hold a message's reply."""

import asyncio
import email
import email.policy
import socket
import threading
import time

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: `accepted` holds (envelope sender, recipients, raw bytes) of each message
    answered 250. With `hold_first`, the first DATA is never answered: the server waits (as a slow
    or dying server would) and the client gets no reply until `hold_seconds` have passed."""

    def __init__(self, hold_first=False, hold_seconds=60, refuse=()):
        self.accepted = []
        self.refuse = set(refuse)  # recipients answered "550 mailbox unavailable"
        self.hold_first, self.hold_seconds = hold_first, hold_seconds
        self.held = threading.Event()  # set when the held message's data has arrived
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_first and not self.held.is_set():
            self.held.set()
            await asyncio.sleep(self.hold_seconds)
            return "451 4.3.0 Held by the test; not accepted"
        with self._lock:
            self.accepted.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 OK"

    def messages(self):
        """The accepted messages, parsed (headers decoded by the modern e-mail policy)."""
        with self._lock:
            raw = [content for _sender, _rcpt, content in self.accepted]
        return [email.message_from_bytes(content, policy=email.policy.default) for content in raw]

    def raw_messages(self):
        with self._lock:
            raw = [content for _sender, _rcpt, content in self.accepted]
        return [email.message_from_bytes(content, policy=email.policy.compat32) for content in raw]

    def wait_for(self, count, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.accepted) >= count:
                    return True
            time.sleep(0.1)
        return False


class SmtpServer:
    def __init__(self, inbox):
        self.inbox = inbox
        self.port = free_port()
        self.controller = Controller(inbox, hostname="127.0.0.1", port=self.port, ready_timeout=10)

    @property
    def url(self):
        """The server as EMAIL_URL names it (django-environ)."""
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop(no_assert=True)
