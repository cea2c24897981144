"""Tasks for the worker (`manage.py db_worker`). They call the workflow's functions;
the workflow enqueues them from inside its own functions, never importing this module
at the top (one direction only)."""

import datetime
import functools
import logging
import smtplib

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import DatabaseError, IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from articles import emails, workflow
from articles.models import Article, EmailPreference, Review, ReviewReminder
from articles.reviews_due import due_reviews

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


def iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def editors_to_remind():
    """Active editors who may publish (through a group, their own permissions or as
    superuser) and have an email address."""
    return (
        get_user_model()
        .objects.with_perm("articles.publish_article", backend="django.contrib.auth.backends.ModelBackend")
        .exclude(email="")
    )


@task()
def send_review_reminders():
    """Email every editor the published articles whose review is overdue or due soon:
    once per ISO week however often it runs (the week's ReviewReminder row), and only
    when some are due. Enqueued weekly by `manage.py send_review_reminders`
    (docs/operations.md); each editor's email is a run of its own, retried on its own."""
    today = timezone.localdate()
    week = iso_week(today)
    due = due_reviews(today)
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(week=week, overdue=len(due.overdue), due_soon=len(due.due_soon))
        except IntegrityError:
            return {"week": week, "sent": "already this week"}
        if not due:
            return {"week": week, "sent": "nothing due"}
        editors = list(editors_to_remind().values_list("pk", flat=True))
        for editor_id in editors:
            transaction.on_commit(functools.partial(send_review_reminder_email.enqueue, editor_id))
    return {"week": week, "editors": len(editors), "overdue": len(due.overdue), "due_soon": len(due.due_soon)}


@task()
def send_review_reminder_email(editor_id, attempt=0):
    """Email one editor this week's reviews due, as they stand when it is sent (one
    re-confirmed meanwhile is left out; nothing is sent when none is left); retried
    like send_schedule_failed_email."""
    editor = editors_to_remind().filter(pk=editor_id).first()
    if editor is None:
        return "nobody to tell"
    due = due_reviews()
    if not due:
        return "nothing due"
    send_or_retry(
        emails.review_reminder_message(editor, due),
        attempt=attempt,
        retry=lambda at, next_attempt: send_review_reminder_email.using(run_after=at).enqueue(
            editor_id, attempt=next_attempt
        ),
        about=f"editor {editor_id} about the reviews due",
    )
    return "sent"
