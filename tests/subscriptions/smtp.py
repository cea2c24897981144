"""A real SMTP server on loopback (aiosmtpd) that the tests read mail from, and can
make refuse, hold or stop."""

import asyncio
import email
import email.policy
import socket
import threading
import time

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every accepted message."""

    def __init__(self):
        self.messages = []
        self.refuse = {}  # address -> "550 ..." answer for RCPT
        self.refuse_message = {}  # address -> "554 ..." answer to the message's end
        self.hold_after = None  # accept this many, then hold the next DATA until released
        self.held = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        # When set to n: the first message of each connection waits until n
        # connections are sending at once (so that workers overlap for sure).
        self.meet = None
        self.peers = set()
        # An async function called with each message's envelope once its end has
        # arrived, before the server answers.
        self.on_data = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.meet:
            self.peers.add(session.peer)
            deadline = time.monotonic() + 30
            while len(self.peers) < self.meet and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
        if self.on_data is not None:
            await self.on_data(envelope)
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.held.set()
            # Blocks the server's loop: the sender waits for the answer, as it would on a slow server.
            self.release.wait(30)
            self.hold_after = None
        refusals = [self.refuse_message[to] for to in envelope.rcpt_tos if to in self.refuse_message]
        if refusals:
            return refusals[0]
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]

    def clear(self):
        self.messages.clear()


class SMTPServer:
    def __init__(self):
        self.port = free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def mailers(self):
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 10},
            }
        }


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def link_in(message, fragment):
    """The first link in the plain text that contains `fragment`."""
    for word in text_of(message).split():
        if fragment in word:
            return word
    raise AssertionError(f"no link with {fragment!r} in:\n{text_of(message)}")
