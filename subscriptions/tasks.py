"""Tasks for the worker (`manage.py db_worker`)."""

import datetime
import smtplib

from django.core import mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from subscriptions import follow, queue, sending
from subscriptions.digest import create_digest
from subscriptions.emails import confirmation_message
from subscriptions.models import ScheduledSend, Subscription

CONFIRMATION_ATTEMPTS = 6
# Scheduled runs are due on multiples of this many seconds (a divisor of 60), at most
# one per moment, however many runs ask (retries, follow-ups): fine enough that a dead
# worker's deliveries wait little past its lease.
SCHEDULE_STEP = 5


@task()
def send_confirmation(subscription_id, attempt=0):
    """Email the confirmation link of one follow. Retried with back-off while the mail
    server cannot be reached; nothing if the follow is gone. A permanent refusal stops
    mail to the address only when it is about the mailbox (sending.refuses_address)."""

    subscription = (
        Subscription.objects.select_related("subscriber", "article__live_version", "audience")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        return "gone"
    if subscription.subscriber.refused_at is not None:
        return "not sent: the address's mail server refused mail"
    # Counted once, before the first attempt: its retries send the email counted then.
    if attempt == 0 and not follow.may_send_confirmation(subscription):
        later = follow.confirmation_later(subscription)
        if later is None:
            return "not sent: the address had its confirmation emails for now"
        send_confirmation.using(run_after=later).enqueue(subscription_id)
        return f"held back until {later:%H:%M:%S}"
    try:
        with mail.mailers.default as connection:
            connection.send_messages([confirmation_message(subscription)])
    except (OSError, smtplib.SMTPException) as error:
        if sending.refuses_address(error):
            sending.refuse_address(subscription.subscriber_id, sending.describe(error), timezone.now())
            return f"refused: {sending.describe(error)}"
        if sending.is_permanent(error):
            # The message refused (its content, by a spam filter), not the address.
            return f"failed: {sending.describe(error)}"
        if attempt + 1 >= CONFIRMATION_ATTEMPTS:
            raise
        run_after = timezone.now() + sending.backoff(attempt + 1)
        send_confirmation.using(run_after=run_after).enqueue(subscription_id, attempt=attempt + 1)
        return "deferred"
    return "sent"


@task()
def send_due_deliveries(retry=0, resume=False):
    """Send a batch of due notice deliveries, then schedule what comes next: another
    batch at once, a retry when the earliest deferred delivery is due, or (the mail
    server being unavailable) another try after a back-off.

    Each run first schedules a follow-up (`resume`), due when its lease would run out
    if its worker died. The follow-up sends what is due unless a live run holds
    deliveries (it enqueues the next batch itself when it ends, so the follow-up only
    looks again later, and sending runs do not multiply), or unless no dead run left
    any and a later run is already scheduled (a retry after a mail outage keeps its
    back-off)."""
    now = timezone.now()
    prune_scheduled_sends(now)
    if not queue.has_due_deliveries(now):
        schedule_at(queue.next_attempt_time())
        return {"sent": 0}
    if resume:
        lease_ends = queue.first_lease_end(now)
        if lease_ends is not None:
            # Looks again when that lease would run out if its worker died.
            schedule_at(lease_ends, resume=True)
            return {"sent": 0, "waiting_for_live_run": True}
        if not queue.has_abandoned_deliveries(now) and is_run_scheduled(now):
            return {"sent": 0, "left_to_scheduled_run": True}
    # Taken up if this worker dies before it is done (see subscriptions/sending.py).
    schedule_at(now + sending.RESUME_AFTER, resume=True)
    report = sending.send_due_deliveries()
    if report.connection_error:
        schedule_at(timezone.now() + sending.backoff(retry + 1), retry=retry + 1)
    elif report.more:
        send_due_deliveries.enqueue()
    else:
        schedule_at(queue.next_attempt_time())
    return {
        "sent": report.sent,
        "failed": report.failed,
        "skipped": report.skipped,
        "deferred": report.deferred,
        "connection_error": report.connection_error,
    }


def schedule_at(when, retry=0, resume=False):
    """Enqueue a run due at `when` (rounded up to SCHEDULE_STEP seconds), unless one is
    already enqueued for that moment."""
    if when is None:
        return
    due = when.replace(second=when.second - when.second % SCHEDULE_STEP, microsecond=0)
    if due < when:
        due += datetime.timedelta(seconds=SCHEDULE_STEP)
    try:
        with transaction.atomic():
            ScheduledSend.objects.create(due_at=due)
    except IntegrityError:
        return
    send_due_deliveries.using(run_after=due).enqueue(retry=retry, resume=resume)


def is_run_scheduled(now):
    return ScheduledSend.objects.filter(due_at__gt=now).exists()


def prune_scheduled_sends(now):
    ScheduledSend.objects.filter(due_at__lt=now - datetime.timedelta(days=1)).delete()


@task()
def send_weekly_digest():
    """Make this week's digest and start sending it (once per ISO week, however often
    it runs). Enqueued weekly by `manage.py send_weekly_digest` (see docs/operations.md)."""
    notice = create_digest()
    return {"digest": notice.digest_week if notice else None}


@task()
def delete_unconfirmed_subscribers():
    """Delete addresses and follows nobody confirmed within 7 days."""
    addresses, follows = follow.delete_unconfirmed()
    return {"addresses": addresses, "follows": follows}
