"""How a sending run hands readers' messages to the mail server, and writes down each
one the server accepted as sent.

On SMTP, each message's mail transaction is spread out so that the server's work, the
database's and the worker's own overlap, in one thread:

- MAIL FROM goes out and the mark of the message accepted before is begun; while the
  database commits it (on PostgreSQL over a connection of its own, queue.SentMarks),
  the worker reads the server's answers to MAIL FROM, RCPT TO and DATA;
- the mark is committed before the message and its end go out, and while the server
  takes them, the worker makes the next reader's message.

So the database's round trip and the making of messages cost little time of their own,
yet the previous message is always marked sent before the next one's end is sent: at
any moment at most one accepted message is not yet marked, and that is the one a killed
worker may send again (tests/subscriptions/test_workers.py).

The transaction behaves as smtplib's SMTP.sendmail for one recipient, with the same
exceptions and the same reset of the server's state after a refusal, except that a
refused DATA command also resets it (sendmail leaves the transaction open, and the next
MAIL FROM would be refused)."""

import contextlib
import re
import smtplib

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import DatabaseError
from django.utils import timezone

from subscriptions import queue

CRLF = b"\r\n"
LEADING_DOT = re.compile(rb"(?m)^\.")


class MessageNotMade(Exception):
    """A message could not be made from its text and address: making it again would
    fail the same way, so it is not the server's fault, nor a reason to stop the run."""


@contextlib.contextmanager
def making_message():
    """Raise what goes wrong in the block as MessageNotMade, but for the database's
    errors (passing, and no fault of the message)."""
    try:
        yield
    except DatabaseError:
        raise
    except Exception as error:
        raise MessageNotMade(f"{type(error).__name__}: {error}") from error


class Outbox:
    """Sends readers' messages over one mail connection, for one run. On SMTP, the
    bytes that the notice's email makes (subscriptions/mime.py) go straight to the
    server; other mail backends (console, files, tests' memory), and readers whose
    message Django must build, get Django's message."""

    def __init__(self, connection):
        self.connection = connection
        self.smtp = isinstance(connection, SMTPBackend)
        self.accepted = None  # (delivery key, when): accepted, not yet written down
        self.ready = None  # (delivery key, bytes or None): a message made ahead
        self.marks = queue.SentMarks()
        if self.smtp:
            self.sender = connection.prep_address(settings.DEFAULT_FROM_EMAIL)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.marks.close()

    def send(self, email, delivery, following=None):
        """Send the delivery's message; returns once the server accepted it. It is
        written down as sent before the next message's end goes out, or by
        `write_down`. `following`: the delivery likely sent next. Raises
        MessageNotMade, before anything goes out, when the message cannot be made."""
        subscriber = delivery.subscriber
        with making_message():
            data = self.message(email, delivery)
            message = email.message_for(delivery) if data is None else None
        if data is None:
            self.write_down()
            try:
                self.connection.send_messages([message])
            except ValueError as error:
                # Django makes the MIME message as it sends it, before any of it goes
                # out (a header or an address it refuses): the connection is clean.
                raise MessageNotMade(f"{type(error).__name__}: {error}") from error
        else:
            smtp = self.connection.connection
            begin_transaction(smtp, self.sender, len(data))
            with self.writing_down(smtp):
                address_transaction(smtp, self.sender, subscriber.email)
            send_message(smtp, data)
            if following is not None:
                self.make_ahead(email, following)
            message_accepted(smtp)
        self.accepted = (delivery.pk, timezone.now())

    def message(self, email, delivery):
        """The reader's message as bytes for SMTP, or None when Django must build it."""
        if not self.smtp:
            return None
        if self.ready is not None and self.ready[0] == delivery.pk:
            return self.ready[1]
        return email.bytes_for(delivery)

    def make_ahead(self, email, delivery):
        try:
            self.ready = (delivery.pk, email.bytes_for(delivery))
        except Exception:
            # Met again, in its place, when that message is made to be sent.
            self.ready = None

    @contextlib.contextmanager
    def writing_down(self, smtp):
        """Write down the message accepted last while the block talks to the server;
        the block ends once it is committed. Should that fail, the connection is
        closed: half a transaction is open on it."""
        with closed_on_failure(smtp):
            self.write_down(wait=False)
        try:
            yield
        finally:
            with closed_on_failure(smtp):
                self.marks.wait()

    def write_down(self, wait=True):
        """Mark the message the server accepted last as sent, committed (once `wait`
        returns, or at once)."""
        if self.accepted is not None:
            pk, when = self.accepted
            # Cleared first: should the database fail, the run stops, and this
            # message goes out again later rather than being marked twice.
            self.accepted = None
            self.marks.begin(pk, when)
        if wait:
            self.marks.wait()


# One transaction's steps, in order. `sender` and `recipient` are plain addr-specs
# (subscriptions/mime.PLAIN_ADDRESS), without angle brackets.


def begin_transaction(smtp, sender, size):
    """Send MAIL FROM for a message of `size` bytes; its answer is read next."""
    smtp.ehlo_or_helo_if_needed()
    size_option = f" SIZE={size}" if smtp.does_esmtp and smtp.has_extn("size") else ""
    smtp.putcmd("mail", f"FROM:<{sender}>{size_option}")


def address_transaction(smtp, sender, recipient):
    """Read the answer to MAIL FROM, then RCPT TO and DATA; returns once the server
    waits for the message (354)."""
    code, answer = smtp.getreply()
    if code != 250:
        abandon(smtp, code)
        raise smtplib.SMTPSenderRefused(code, answer, sender)
    smtp.putcmd("rcpt", f"TO:<{recipient}>")
    code, answer = smtp.getreply()
    if code not in (250, 251):
        abandon(smtp, code)
        raise smtplib.SMTPRecipientsRefused({recipient: (code, answer)})
    smtp.putcmd("data")
    code, answer = smtp.getreply()
    if code != 354:
        abandon(smtp, code)
        raise smtplib.SMTPDataError(code, answer)


def send_message(smtp, message):
    """Send `message` (bytes, CRLF line ends) and its end; the answer is read next."""
    data = LEADING_DOT.sub(b"..", message)
    if not data.endswith(CRLF):
        data += CRLF
    smtp.send(data + b"." + CRLF)


def message_accepted(smtp):
    """Read the server's answer to the message: returns when it accepted it."""
    code, answer = smtp.getreply()
    if code != 250:
        abandon(smtp, code)
        raise smtplib.SMTPDataError(code, answer)


@contextlib.contextmanager
def closed_on_failure(smtp):
    try:
        yield
    except BaseException:
        smtp.close()
        raise


def abandon(smtp, code):
    """After a refusal: close when the server is closing (421), else reset the
    transaction, as sendmail does."""
    if code == 421:
        smtp.close()
        return
    try:
        smtp.rset()
    except smtplib.SMTPServerDisconnected:
        pass
