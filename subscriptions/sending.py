"""Sending notices: a run sends due deliveries over one SMTP connection, each marked
sent as soon as the server accepts it.

Never twice: a run claims a few deliveries at a time; another run takes only what
nobody holds (subscriptions/queue.py: claims, leases, SKIP LOCKED).

Never lost: each delivery is marked sent, and committed, as soon as the server accepts
it, and always before the next message's end goes out. A worker that dies mid-send
leaves the rest of its claim queued; they are free again when its lease ends (at most
queue.LEASE, half a minute, after it died), and only the message that was in flight
may then arrive twice (the server may have accepted it just before the worker died).
Each run first schedules a follow-up run (RESUME_AFTER), which takes up what a dead
worker left as soon as a worker runs again: within a minute of the death while
another worker is running, or of the restart.

Fast: a notice's message is generated once and filled in for each reader
(subscriptions/mime.py); the per-message database work is the one UPDATE that marks it
sent, and it runs while the server reads the next message's envelope
(subscriptions/outbox.py). The fan-out benchmark (bench/fanout.py, bench/README.md) measures it
against a bare smtplib loop.

Temporary failures (4xx, a server that is down or drops the connection) are retried
with back-off. A permanent refusal (5xx) fails the delivery, with the server's answer
as its error for editors to see; it stops all mail to the address only when it is an
answer about the mailbox (`refuses_address`): an RFC 3463 status naming the address
(5.1.1 "no such user", 5.2.1 "mailbox disabled" …), or a 5xx to RCPT TO that gives no
status. A message refused for its content (a spam filter, DMARC: 5.7.x), or a relay
that refuses to relay (5.7.1 to RCPT TO), is not a refusal of the address, which gets
the next notices. A message that cannot be made (text a header
cannot hold, an address Django refuses) fails that delivery alone
(outbox.MessageNotMade), and the run goes on.

An address that stopped following after the notice was made is skipped: the follows
are read when a run claims deliveries and again at least every second (queue.RECHECK)
and every queue.CLAIM_SIZE messages, so only an address that stops following less
than that before its message goes out may still get it."""

import collections
import datetime
import logging
import re
import smtplib
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.core import mail
from django.db.models import Q
from django.utils import timezone

from subscriptions import queue
from subscriptions.digest import DigestEmail
from subscriptions.emails import NoticeEmail
from subscriptions.models import Delivery, Notice, Subscriber
from subscriptions.outbox import MessageNotMade, Outbox, making_message

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _Follows(TypedDict):
        still_follows: bool
        follows_article: bool
        followed_audience: int | None

    # A delivery as queue.Claim.read gives it: with its subscriber and `still_follows`.
    SendableDelivery = WithAnnotations[Delivery, _Follows]

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_ATTEMPTS = 8
# How long after a run starts a follow-up run is due, to take up what a worker that
# died left behind: when its lease has run out. A run still going then is not
# disturbed: the follow-up only looks again later (subscriptions/tasks.py).
RESUME_AFTER = queue.LEASE


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before attempt `attempts + 1`: 1, 2, 4 … minutes, at most 6 hours."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0
    # The server could not be reached, or dropped the connection: try again later.
    connection_error: str = ""
    # The batch ended with deliveries still due.
    more: bool = False


class ConnectionLost(Exception):
    pass


def send_due_deliveries(batch_size: int = BATCH_SIZE) -> Report:
    """Send up to `batch_size` due deliveries over one connection; returns a Report."""
    report = Report()
    claim = queue.Claim()
    prepared: dict[int, PreparedNotice] = {}
    try:
        notice_id, pks = claim.take(min(queue.CLAIM_SIZE, batch_size))
        if not pks:
            return report
        with mail.mailers.default as connection, queue.quick_commits(), Outbox(connection) as outbox:
            while pks:
                if notice_id not in prepared:
                    prepared[notice_id] = PreparedNotice(notice_id)
                send_claimed(outbox, claim, pks, prepared[notice_id], report)
                room = min(queue.CLAIM_SIZE, batch_size - claim.taken)
                notice_id, pks = claim.take(room) if room > 0 else (None, [])
        report.more = queue.has_due_deliveries()
    except (OSError, smtplib.SMTPException, ConnectionLost) as error:
        # Opening the connection failed, or it was lost mid-batch.
        report.connection_error = str(error) or type(error).__name__
        logger.warning("Mail server unavailable, deliveries will be retried: %s", report.connection_error)
    finally:
        claim.release()
    return report


class PreparedNotice:
    """A notice's email, rendered once, and the follows it is for, for a run. A notice
    whose email cannot be made fails each of its deliveries, and the run goes on."""

    def __init__(self, notice_id: int) -> None:
        notice = Notice.objects.select_related("version").get(pk=notice_id)
        self.email: DigestEmail | NoticeEmail | UnmadeEmail
        try:
            with making_message():
                self.email = DigestEmail(notice) if notice.kind == Notice.Kind.DIGEST else NoticeEmail(notice)
        except MessageNotMade as error:
            logger.error("The email of notice %s cannot be made: %s", notice_id, error)
            self.email = UnmadeEmail(str(error))
        self.followed_by: Q = notice.still_followed_by(
            audience_ids=list(notice.audiences.values_list("pk", flat=True))
        )


class UnmadeEmail:
    """Stands in for a notice's email that could not be made: every reader's message
    fails as it did."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def bytes_for(self, *reader: object) -> bytes:
        raise MessageNotMade(self.reason)

    def message_for(self, *reader: object) -> Any:
        raise MessageNotMade(self.reason)

    def has_news_for(self, *reader: object) -> bool:
        return True


def send_claimed(
    outbox: Outbox, claim: queue.Claim, pks: list[int], prepared: PreparedNotice, report: Report
) -> None:
    """Send the claimed deliveries `pks` of one notice, in order. What may be sent
    (still held, still queued, notice not paused, reader still following) is read
    before the first and again every queue.RECHECK seconds."""
    waiting = collections.deque(pks)
    try:
        while waiting:
            deliveries = claim.read(list(waiting), prepared.followed_by)
            recheck_at = time.monotonic() + queue.RECHECK
            while waiting and time.monotonic() < recheck_at:
                delivery = deliveries.get(waiting.popleft())
                if delivery is not None:
                    following = deliveries.get(waiting[0]) if waiting else None
                    send_one(outbox, delivery, prepared.email, report, following)
    finally:
        # Before the claim is given back: what was accepted is not sent again.
        outbox.write_down()


def send_one(
    outbox: Outbox,
    delivery: "SendableDelivery",
    email: DigestEmail | NoticeEmail | UnmadeEmail,
    report: Report,
    following: "SendableDelivery | None" = None,
) -> None:
    """Send delivery and record the outcome, unless the reader no longer follows or
    their server refused mail before. `following`: the delivery after it, if known,
    whose message the outbox may make while the server takes this one."""
    now = timezone.now()
    if not may_send(delivery):
        record(delivery, Delivery.Status.SKIPPED, now)
        report.skipped += 1
        return
    if not email.has_news_for(delivery):
        # A digest whose articles for this reader were all withdrawn since it was made.
        nothing = "Nothing left to send: its articles were withdrawn."
        record(delivery, Delivery.Status.SKIPPED, now, error=nothing)
        report.skipped += 1
        return
    if following is not None and not may_send(following):
        following = None
    try:
        outbox.send(email, delivery, following)
    except MessageNotMade as error:
        # This message's fault alone: nothing went out, the connection is clean.
        if not isinstance(email, UnmadeEmail):  # logged once, with its notice
            logger.error("The message of delivery %s cannot be made: %s", delivery.pk, error)
        record(delivery, Delivery.Status.FAILED, now, error=f"The message could not be made: {error}"[:500])
        report.failed += 1
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
        refused(delivery, error, now, report)
    except (OSError, smtplib.SMTPException) as error:
        # Connection lost, sender refused, 421 "closing": not this address's fault.
        defer(delivery, describe(error), now, report)
        outbox.connection.close()
        raise ConnectionLost(describe(error)) from error
    else:
        report.sent += 1


def may_send(delivery: "SendableDelivery") -> bool:
    return delivery.subscriber.refused_at is None and delivery.still_follows


def is_permanent(error: Exception) -> bool:
    """Whether the server refused the address or the message for good (5xx)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


# An RFC 3463 enhanced status code, where RFC 2034 puts it: first on a line of the answer.
ENHANCED_STATUS = re.compile(r"(?m)^\s*([245]\.\d{1,3}\.\d{1,3})(?=\s|$)")
# The permanent ones about the recipient's address or mailbox: 5.1.x "addressing"
# (no such user, bad domain, moved …) but 5.1.7 and 5.1.8 (the sender's address), and
# 5.2.1 "mailbox disabled". The others refuse the message, not the address: 5.7.x
# (spam filters, DMARC), 5.6.x (content), 5.3.x (the server), 5.2.2 (mailbox full),
# 5.2.3 (message too long).
ADDRESS_STATUS = re.compile(r"5\.1\.(?!7$|8$)\d{1,3}|5\.2\.1")


def refuses_address(error: Exception) -> bool:
    """Whether the server's answer refuses the address for good, not only this message:
    a 5xx whose enhanced status names the mailbox, or a 5xx to RCPT TO that gives none.
    A 5xx to RCPT TO with another status is not about the address: "554 5.7.1 relay
    access denied", from a relay that does not know XRAYS, would otherwise stop mail to
    every follower at once."""
    if not is_permanent(error):
        return False
    status = ENHANCED_STATUS.search(answer_of(error))
    if status is None:
        return isinstance(error, smtplib.SMTPRecipientsRefused)
    return ADDRESS_STATUS.fullmatch(status.group(1)) is not None


def answer_of(error: Exception) -> str:
    """The text of the server's answer in `error`, without its code."""
    answer: bytes | str
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        _, answer = next(iter(error.recipients.values()))
    elif isinstance(error, smtplib.SMTPResponseException):
        answer = error.smtp_error
    else:
        return ""
    return answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)


def refuse_address(subscriber_id: int, text: str, now: datetime.datetime) -> None:
    """Stop all mail to the address; editors see why (admin, Subscribers)."""
    Subscriber.objects.filter(pk=subscriber_id).update(refused_at=now, refusal=text[:500])


def describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, _ = next(iter(error.recipients.values()))
        return f"{code} {answer_of(error)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {answer_of(error)}"
    return str(error) or type(error).__name__


def refused(
    delivery: Delivery,
    error: smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError,
    now: datetime.datetime,
    report: Report,
) -> None:
    """Record the server's refusal of the delivery's recipient or message."""
    text = describe(error)[:500]
    if not is_permanent(error):
        defer(delivery, text, now, report)
        return
    record(delivery, Delivery.Status.FAILED, now, error=text)
    report.failed += 1
    if refuses_address(error):
        # This address receives nothing more until an editor clears it.
        refuse_address(delivery.subscriber_id, text, now)


def defer(delivery: Delivery, text: str, now: datetime.datetime, report: Report) -> None:
    attempts = delivery.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        record(delivery, Delivery.Status.FAILED, now, attempts=attempts, error=text[:500])
        report.failed += 1
    else:
        record(
            delivery,
            Delivery.Status.QUEUED,
            now,
            attempts=attempts,
            next_attempt_at=now + backoff(attempts),
            error=text[:500],
        )
        report.deferred += 1


def record(delivery: Delivery, status: Delivery.Status, now: datetime.datetime, **fields: Any) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(status=status, **fields)
