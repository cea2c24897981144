"""Tasks for the worker (`manage.py db_worker`). They call the workflow's functions;
the workflow enqueues them from inside its own functions, never importing this module
at the top (one direction only)."""

import datetime
import logging
import smtplib

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import DatabaseError
from django.tasks import task
from django.utils import timezone

from articles import emails, workflow
from articles.models import Article, EmailPreference, Review

logger = logging.getLogger(__name__)

# While the mail server cannot be reached, an editor's email is tried again after each
# of these waits; after the last it is given up (its failed runs stay on record).
EMAIL_RETRY_DELAYS = [datetime.timedelta(minutes=m) for m in (1, 5, 15, 60, 240)]


@task()
def publish_due_articles():
    """Publish every scheduled article whose time has come.

    Enqueued for each scheduled time; it publishes all that are due, so a run that
    comes late (the worker was down) catches up with every missed publication. A
    database error on one article (a lock timeout, say) is retried with back-off
    (workflow.schedule_attempt_failed) and does not stop the others."""
    published = []
    due = Article.objects.due_for_publication()
    for article in due.order_by("scheduled_for"):
        try:
            version = workflow.publish_if_due(article)
        except DatabaseError as error:
            logger.warning("Scheduled publication of article %s stopped by %r", article.pk, error)
            # If the database is down altogether this fails too; the worker then waits
            # for it to come back and enqueues this task again (enqueue_due_publications).
            workflow.schedule_attempt_failed(article, error)
            continue
        if version is not None:
            published.append(version.pk)
    return published


def enqueue_due_publications(**kwargs):
    """Receiver of xrays.signals.worker_ready: when a worker starts or the database
    comes back after an outage, a scheduled publication whose task was lost to the
    outage is picked up again."""
    due = Article.objects.due_for_publication()
    if due.exists():
        publish_due_articles.enqueue()


def send_or_retry(message, *, attempt: int, retry, about: str) -> None:
    """Send `message` through the default mailer. When the mail server fails, have
    `retry(run_after, next_attempt)` enqueue the next try after the next of
    EMAIL_RETRY_DELAYS (unless `attempt`, this run's, was the last), and fail this run
    with the error: its failure stays on record."""
    try:
        with mail.mailers.default as connection:
            connection.send_messages([message])
    except (OSError, smtplib.SMTPException) as error:
        if attempt >= len(EMAIL_RETRY_DELAYS):
            logger.error("Gave up emailing %s: %r", about, error)
            raise
        retry_at = timezone.now() + EMAIL_RETRY_DELAYS[attempt]
        logger.warning("Emailing %s failed (%r); trying again at %s", about, error, retry_at)
        retry(retry_at, attempt + 1)
        raise


@task()
def send_schedule_failed_email(article_id, editor_id, reason, attempt=0):
    """Email the editor who scheduled an article that it did not go out, and why
    (articles/emails.py). When the mail server fails, this run fails with its error and
    another is enqueued after the next of EMAIL_RETRY_DELAYS. Nothing is sent when the
    article or the editor's address is gone by then."""
    article = Article.objects.filter(pk=article_id).first()
    editor = get_user_model().objects.filter(pk=editor_id).first()
    message = emails.schedule_failed_message(article, editor, reason) if article else None
    if message is None:
        return "nobody to tell"
    send_or_retry(
        message,
        attempt=attempt,
        retry=lambda at, next_attempt: send_schedule_failed_email.using(run_after=at).enqueue(
            article_id, editor_id, reason, attempt=next_attempt
        ),
        about=f"editor {editor_id} about article {article_id}",
    )
    return "sent"


@task()
def send_review_step_email(kind, article_id, actor_id, recipient_id, review_id=None, attempt=0):
    """Email one person about a review step (articles/workflow/notices.py): a reviewer
    that an article was submitted (`kind` "submitted"), or its writer that a reviewer
    approved it or requested changes (the Review's decision). Whether they still want
    it, and may still review, is asked again now; retried like
    send_schedule_failed_email."""
    users = get_user_model().objects
    article = Article.objects.filter(pk=article_id).first()
    actor = users.filter(pk=actor_id).first()
    recipient = users.filter(pk=recipient_id, is_active=True).first()
    review = Review.objects.filter(pk=review_id).first() if review_id else None
    if article is None or actor is None or recipient is None or not recipient.email:
        return "nobody to tell"
    if not EmailPreference.of(recipient).wants(kind) or (
        kind == "submitted" and not workflow.may_review(recipient)
    ):
        return "not wanted"
    message = emails.review_step_message(kind, article, actor, recipient, review)
    send_or_retry(
        message,
        attempt=attempt,
        retry=lambda at, next_attempt: send_review_step_email.using(run_after=at).enqueue(
            kind, article_id, actor_id, recipient_id, review_id=review_id, attempt=next_attempt
        ),
        about=f"user {recipient_id} about {kind} of article {article_id}",
    )
    return "sent"
