"""What the workflow tells people when it acts. The editor who scheduled an article
hears that it did not go out (review.py: an edit cancels a schedule; publication.py: the
scheduled run stops); reviewers hear that an article waits for them; the people who
wrote and submitted it hear that it was approved or sent back, as in Wagtail's
moderation. This module is review.py's and publication.py's in common, so that neither
imports the other for it. Emails are only enqueued here, once the step is committed: the
worker sends them (articles/tasks.py), and a mail server that is down fails that email
alone, never the step. Nobody is emailed about a step they took, and each person may
turn each kind off (EmailPreference)."""

from django.contrib.auth.models import User
from django.db import transaction

from articles.models import Article, EmailPreference, Review, WorkflowEvent
from articles.workflow.rules import reviewers, writers_of

Kind = EmailPreference.Kind


def tell_editor_schedule_failed(article: Article, editor: User | None, reason: str) -> None:
    """Once the current transaction commits, have the worker email `editor` that the
    scheduled publication of `article` did not go out, and why."""
    if editor is None or not editor.email:
        return
    from articles.tasks import send_schedule_failed_email

    article_id, editor_id = article.pk, editor.pk
    transaction.on_commit(lambda: send_schedule_failed_email.enqueue(article_id, editor_id, reason))


def reviewers_to_tell(article: Article, by: User) -> list[int]:
    """Reviewers who could review `article` and want to hear of it: not `by`, nor anyone
    who wrote it (they may not approve it), nor anyone without an address."""
    ids = (
        reviewers()
        .exclude(pk__in=writers_of(article) | {by.pk})
        .exclude(email="")
        .exclude(pk__in=EmailPreference.opted_out(Kind.REVIEW_REQUESTS))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(ids)


def writers_to_tell(article: Article, by: User) -> list[int]:
    """Who wrote `article` first and who submitted it for review this round, if they
    want to hear the outcome; never the reviewer `by`."""
    submitted = (
        WorkflowEvent.objects.filter(article=article, action=WorkflowEvent.Action.SUBMITTED)
        .order_by("-created_at", "-pk")
        .values_list("actor_id", flat=True)
        .first()
    )
    wanted = {pk for pk in (article.created_by_id, submitted) if pk is not None and pk != by.pk}
    ids = (
        User.objects.filter(pk__in=wanted, is_active=True)
        .exclude(email="")
        .exclude(pk__in=EmailPreference.opted_out(Kind.REVIEW_OUTCOMES))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(ids)


def tell_reviewers_submitted(article: Article, by: User) -> None:
    """Once the submission commits, have the worker email each reviewer to tell."""
    _enqueue("submitted", article, by, reviewers_to_tell(article, by))


def tell_writers_reviewed(article: Article, by: User, review: Review) -> None:
    """Once the review commits, have the worker email its writers the decision and the
    reviewer's comment."""
    _enqueue(review.decision, article, by, writers_to_tell(article, by), review_id=review.pk)


def _enqueue(
    kind: str, article: Article, by: User, recipients: list[int], review_id: int | None = None
) -> None:
    if not recipients:
        return
    from articles.tasks import send_review_step_email

    article_id, actor_id = article.pk, by.pk

    def enqueue() -> None:
        for recipient_id in recipients:
            send_review_step_email.enqueue(kind, article_id, actor_id, recipient_id, review_id=review_id)

    transaction.on_commit(enqueue)
