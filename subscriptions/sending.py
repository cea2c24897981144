"""Sending notices: a run sends due deliveries over one SMTP connection, each marked
sent as soon as the server accepts it.

Never twice: a run claims a few deliveries at a time; another run takes only what
nobody holds (subscriptions/queue.py: claims, leases, SKIP LOCKED).

Never lost: each delivery is marked sent, and committed, as soon as the server accepts
it, and always before the next message's end goes out. A worker that dies mid-send
leaves the rest of its claim queued; they are taken again when its lease ends (five
minutes at most), and only the message that was in flight may then arrive twice (the
server may have accepted it just before the worker died). Each run first schedules a later run of its own (RESUME_AFTER), so what a dead
worker left is taken up once a worker runs again.

Fast: a notice's message is generated once and filled in for each reader
(subscriptions/mime.py); the per-message database work is the one UPDATE that marks it
sent, and it runs while the server reads the next message's envelope
(subscriptions/outbox.py). The fan-out benchmark (bench/fanout.py, bench/README.md) measures it
against a bare smtplib loop.

Temporary failures (4xx, a server that is down or drops the connection) are retried
with back-off; a permanent refusal (5xx) stops all mail to the address, and the admin
shows it. An address that stopped following after the notice was made is skipped: the
follows are read when a run claims deliveries and again at least every second
(queue.RECHECK) and every queue.CLAIM_SIZE messages, so only an address that stops
following less than that before its message goes out may still get it."""

import collections
import datetime
import logging
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
from subscriptions.outbox import Outbox

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _Follows(TypedDict):
        still_follows: bool

    # A delivery as queue.Claim.read gives it: with its subscriber and `still_follows`.
    SendableDelivery = WithAnnotations[Delivery, _Follows]

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_ATTEMPTS = 8
# How long after a run starts a follow-up run is due, to take up what a worker that
# died left behind. A run still going then is not disturbed: the two share the work.
RESUME_AFTER = datetime.timedelta(minutes=5)


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
    """A notice's email, rendered once, and the follows it is for, for a run."""

    def __init__(self, notice_id: int) -> None:
        notice = Notice.objects.select_related("version").get(pk=notice_id)
        self.email: DigestEmail | NoticeEmail = (
            DigestEmail(notice) if notice.kind == Notice.Kind.DIGEST else NoticeEmail(notice)
        )
        self.followed_by: Q = notice.still_followed_by(
            audience_ids=list(notice.audiences.values_list("pk", flat=True))
        )


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
    email: DigestEmail | NoticeEmail,
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
    if following is not None and not may_send(following):
        following = None
    try:
        outbox.send(email, delivery, following)
    except smtplib.SMTPRecipientsRefused as error:
        code, answer = next(iter(error.recipients.values()))
        refused(delivery, code, answer, now, report)
    except smtplib.SMTPDataError as error:
        refused(delivery, error.smtp_code, error.smtp_error, now, report)
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
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


def refuse_address(subscriber_id: int, text: str, now: datetime.datetime) -> None:
    """Stop all mail to the address; editors see why (admin, Subscribers)."""
    Subscriber.objects.filter(pk=subscriber_id).update(refused_at=now, refusal=text[:500])


def describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, refusal = next(iter(error.recipients.values()))
        error = smtplib.SMTPResponseException(code, refusal)
    if isinstance(error, smtplib.SMTPResponseException):
        answer = error.smtp_error
        if isinstance(answer, bytes):
            answer = answer.decode(errors="replace")
        return f"{error.smtp_code} {answer}"
    return str(error) or type(error).__name__


def refused(
    delivery: Delivery, code: int, answer: bytes | str, now: datetime.datetime, report: Report
) -> None:
    if isinstance(answer, bytes):
        answer = answer.decode(errors="replace")
    text = f"{code} {answer}"[:500]
    if code >= 500:
        # Permanent: this address receives nothing more until an editor clears it.
        record(delivery, Delivery.Status.FAILED, now, error=text)
        refuse_address(delivery.subscriber_id, text, now)
        report.failed += 1
    else:
        defer(delivery, text, now, report)


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
