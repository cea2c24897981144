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


@task()
def send_confirmation(subscription_id, attempt=0):
    """Email the confirmation link of one follow. Retried with back-off while the mail
    server cannot be reached; nothing if the follow is gone."""

    subscription = (
        Subscription.objects.select_related("subscriber", "article__live_version", "audience")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        return "gone"
    try:
        with mail.mailers.default as connection:
            connection.send_messages([confirmation_message(subscription)])
    except (OSError, smtplib.SMTPException) as error:
        if sending.is_permanent(error):
            sending.refuse_address(subscription.subscriber_id, sending.describe(error), timezone.now())
            return f"refused: {sending.describe(error)}"
        if attempt + 1 >= CONFIRMATION_ATTEMPTS:
            raise
        run_after = timezone.now() + sending.backoff(attempt + 1)
        send_confirmation.using(run_after=run_after).enqueue(subscription_id, attempt=attempt + 1)
        return "deferred"
    return "sent"


@task()
def send_due_deliveries(retry=0):
    """Send a batch of due notice deliveries, then schedule what comes next: another
    batch at once, a retry when the earliest deferred delivery is due, or (the mail
    server being unavailable) another try after a back-off."""
    now = timezone.now()
    prune_scheduled_sends(now)
    if not queue.has_due_deliveries(now):
        schedule_at(queue.next_attempt_time())
        return {"sent": 0}
    # Taken up if this worker dies before it is done (see subscriptions/sending.py).
    schedule_at(now + sending.RESUME_AFTER)
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


def schedule_at(when, retry=0):
    """Enqueue a run due at `when` (rounded up to the minute), unless one is already
    enqueued for that minute."""
    if when is None:
        return
    minute = when.replace(second=0, microsecond=0)
    if minute < when:
        minute += datetime.timedelta(minutes=1)
    try:
        with transaction.atomic():
            ScheduledSend.objects.create(due_at=minute)
    except IntegrityError:
        return
    send_due_deliveries.using(run_after=minute).enqueue(retry=retry)


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
