"""Sending notices: deliveries go out in batches over one SMTP connection, each marked
sent as soon as the server accepts it.

Never twice: a delivery is taken in a transaction that locks its row (SELECT … FOR
UPDATE SKIP LOCKED on PostgreSQL; on SQLite the transaction holds the database's write
lock), sent, and marked sent before the transaction commits. Another worker skips a
locked row, and a sent one is no longer queued.

Never lost: a worker that dies mid-send never commits, so the delivery it was sending
stays queued and is sent again (that one message may then arrive twice: the server may
have accepted it just before the worker died). Each run first schedules a later run of
its own (RESUME_AFTER), so the deliveries a dead worker left are taken up once a worker
runs again.

Temporary failures (4xx, a server that is down or drops the connection) are retried
with back-off; a permanent refusal (5xx) stops all mail to the address, and the admin
shows it. An address that stopped following after the notice was made is skipped."""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.core import mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from subscriptions.digest import DigestEmail
from subscriptions.emails import NoticeEmail
from subscriptions.models import Delivery, Notice, Subscriber, Subscription

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_ATTEMPTS = 8
# How long after a run starts a follow-up run is due, to take up what a worker that
# died left behind. A run still going then is not disturbed: the two share the work.
RESUME_AFTER = datetime.timedelta(minutes=5)


def backoff(attempts):
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


def due_deliveries(now):
    return Delivery.objects.filter(
        status=Delivery.Status.QUEUED, next_attempt_at__lte=now, notice__paused_at__isnull=True
    )


def has_due_deliveries(now=None):
    return due_deliveries(now or timezone.now()).exists()


def next_attempt_time():
    """When the earliest delivery waiting for a retry is due, or None."""
    waiting = Delivery.objects.filter(status=Delivery.Status.QUEUED, notice__paused_at__isnull=True)
    return waiting.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()


def send_due_deliveries(batch_size=BATCH_SIZE):
    """Send up to `batch_size` due deliveries over one connection; returns a Report."""
    report = Report()
    candidates = list(
        due_deliveries(timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "notice_id")[:batch_size]
    )
    if not candidates:
        return report
    prepared = {}
    try:
        with mail.mailers.default as connection:
            for pk, notice_id in candidates:
                if notice_id not in prepared:
                    prepared[notice_id] = PreparedNotice(notice_id)
                send_one(connection, pk, prepared[notice_id], report)
        report.more = has_due_deliveries()
    except (OSError, smtplib.SMTPException, ConnectionLost) as error:
        # Opening the connection failed, or it was lost mid-batch.
        report.connection_error = str(error) or type(error).__name__
        logger.warning("Mail server unavailable, deliveries will be retried: %s", report.connection_error)
    return report


class PreparedNotice:
    """A notice's email, rendered once, and the follows it is for, for a batch."""

    def __init__(self, notice_id):
        notice = Notice.objects.select_related("version").get(pk=notice_id)
        self.email = DigestEmail(notice) if notice.kind == Notice.Kind.DIGEST else NoticeEmail(notice)
        self.followed_by = notice.still_followed_by(
            audience_ids=list(notice.audiences.values_list("pk", flat=True))
        )


def send_one(connection, pk, prepared, report):
    """Take, send and record delivery `pk`, unless another worker has it, it is no
    longer queued, or its notice was paused."""
    now = timezone.now()
    lost = None
    with transaction.atomic():
        follows = Subscription.objects.filter(prepared.followed_by, subscriber=OuterRef("subscriber_id"))
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=pk, status=Delivery.Status.QUEUED, notice__paused_at__isnull=True)
            .select_related("subscriber")
            .annotate(still_follows=Exists(follows))
            .first()
        )
        if delivery is None:
            return
        subscriber = delivery.subscriber
        if subscriber.refused_at is not None or not delivery.still_follows:
            record(delivery, Delivery.Status.SKIPPED, now)
            report.skipped += 1
            return
        message = prepared.email.message_for(subscriber)
        try:
            connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as error:
            code, answer = next(iter(error.recipients.values()))
            refused(delivery, code, answer, now, report)
        except smtplib.SMTPDataError as error:
            refused(delivery, error.smtp_code, error.smtp_error, now, report)
        except (OSError, smtplib.SMTPException) as error:
            # Connection lost, sender refused, 421 "closing": not this address's fault.
            defer(delivery, describe(error), now, report)
            lost = error
        else:
            record(delivery, Delivery.Status.SENT, now, sent_at=timezone.now())
            report.sent += 1
    if lost is not None:
        # Raised once the deferral is committed.
        connection.close()
        raise ConnectionLost(describe(lost)) from lost


def is_permanent(error):
    """Whether the server refused the address or the message for good (5xx)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


def refuse_address(subscriber_id, text, now):
    """Stop all mail to the address; editors see why (admin, Subscribers)."""
    Subscriber.objects.filter(pk=subscriber_id).update(refused_at=now, refusal=text[:500])


def describe(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, answer = next(iter(error.recipients.values()))
        error = smtplib.SMTPResponseException(code, answer)
    if isinstance(error, smtplib.SMTPResponseException):
        answer = error.smtp_error
        if isinstance(answer, bytes):
            answer = answer.decode(errors="replace")
        return f"{error.smtp_code} {answer}"
    return str(error) or type(error).__name__


def refused(delivery, code, answer, now, report):
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


def defer(delivery, text, now, report):
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


def record(delivery, status, now, **fields):
    Delivery.objects.filter(pk=delivery.pk).update(status=status, **fields)
