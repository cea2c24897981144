"""The outbox's mail transactions, against a real SMTP server on loopback: each message
ends only once the one before it is marked sent (so a killed worker repeats at most
one), a failure to mark leaves the next message unsent, and the transaction's steps
send and refuse as smtplib's sendmail does."""

import asyncio
import collections
import smtplib

import pytest
from django.db import OperationalError, connection, transaction

from subscriptions import notices, queue, sending
from subscriptions.models import Delivery
from subscriptions.outbox import address_transaction, begin_transaction, message_accepted, send_message
from tests.subscriptions.test_workers import site_followers

pytestmark = pytest.mark.django_db(transaction=True)

SENDER = "xrays@example.org"


def marked_sent():
    """How many deliveries are marked sent, read on a connection of this thread's own,
    as another process would see it."""
    try:
        return Delivery.objects.filter(status=Delivery.Status.SENT).count()
    finally:
        connection.close()


def test_each_message_ends_only_once_the_one_before_it_is_marked_sent(published_article, smtp_server):
    site_followers(12)
    notices.create_notice(published_article, published_article.live_version)
    seen = []

    async def count_marks(envelope):
        # Off the server's event loop: the ORM refuses to run on it.
        seen.append(await asyncio.to_thread(marked_sent))

    smtp_server.inbox.on_data = count_marks
    assert sending.send_due_deliveries().sent == 12
    # When message k ends, the k - 1 before it are marked, and it is not yet.
    assert seen == list(range(12))
    assert marked_sent() == 12


def test_a_mark_that_fails_stops_the_run_before_the_next_message_ends(
    published_article, smtp_server, monkeypatch
):
    addresses = site_followers(5)
    notices.create_notice(published_article, published_article.live_version)
    begin = queue.SentMarks.begin
    marks = []

    def begin_failing_the_second(self, pk, when):
        marks.append(pk)
        if len(marks) == 2:
            raise OperationalError("the database went away")
        begin(self, pk, when)

    monkeypatch.setattr(queue.SentMarks, "begin", begin_failing_the_second)
    with pytest.raises(OperationalError):
        sending.send_due_deliveries()
    inbox = smtp_server.inbox
    # The third message's transaction was begun, and closed before its end.
    assert len(inbox.messages) == 2
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 1

    monkeypatch.setattr(queue.SentMarks, "begin", begin)
    assert sending.send_due_deliveries().sent == 4
    counts = collections.Counter(m["To"] for m in inbox.messages)
    assert set(counts) == addresses
    # Only the message whose mark failed went out twice.
    assert [address for address, n in counts.items() if n > 1] == [inbox.messages[1]["To"]]
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()


@pytest.mark.skipif(
    not __import__("os").environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the marks' own connection is PostgreSQL's",
)
def test_on_postgresql_marks_go_over_a_connection_of_their_own_except_inside_a_transaction():
    marks = queue.SentMarks()
    try:
        assert marks.own is not None
    finally:
        marks.close()
    with transaction.atomic():
        # Another connection could not see what this transaction wrote.
        assert queue.SentMarks().own is None


def send_split(smtp, recipient, data):
    begin_transaction(smtp, SENDER, len(data))
    address_transaction(smtp, SENDER, recipient)
    send_message(smtp, data)
    message_accepted(smtp)


def test_a_message_arrives_whole_with_its_lines_that_begin_with_a_dot(smtp_server):
    data = b"From: xrays@example.org\r\nSubject: Dots\r\n\r\n.one dot\r\n..two dots\r\n.\r\nend"
    with smtplib.SMTP("127.0.0.1", smtp_server.port) as smtp:
        send_split(smtp, "reader@example.org", data)
    (message,) = smtp_server.inbox.messages
    assert message.get_content().splitlines() == [".one dot", "..two dots", ".", "end"]


def test_refusals_are_those_of_sendmail_and_the_connection_goes_on(smtp_server):
    smtp_server.inbox.refuse["gone@example.org"] = "550 5.1.1 No such mailbox"
    data = b"Subject: Hello\r\n\r\nHello\r\n"
    with smtplib.SMTP("127.0.0.1", smtp_server.port) as smtp:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as by_sendmail:
            smtp.sendmail(SENDER, ["gone@example.org"], data)
        with pytest.raises(smtplib.SMTPRecipientsRefused) as split:
            begin_transaction(smtp, SENDER, len(data))
            address_transaction(smtp, SENDER, "gone@example.org")
        assert split.value.recipients == by_sendmail.value.recipients
        # The transaction was reset: the next one on the same connection goes through.
        send_split(smtp, "reader@example.org", data)
    assert [m["Subject"] for m in smtp_server.inbox.messages] == ["Hello"]
