"""Re-confirmation: the Scientific Advisory Board checks a published article again when
its review falls due (articles.review_dates) and confirms that the page readers see
still stands, unchanged.

Each reviewer's re-confirmation is a Review of the live version's fingerprint. Once as
many distinct reviewers as a publication needs (required_approvals) have re-confirmed it
since its last review date, the article's `reviewed_on` becomes today and the history
records it. Nothing is published: readers keep the same version, with the new review
date (the page generation goes up, so every cached page shows it at once), and
followers get no email, as nothing they read changed. An article whose draft differs
from what readers see cannot be re-confirmed: that change goes through review and
publication, which sets the review date too."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from articles.models import Article, Review, WorkflowEvent
from articles.workflow.publication import PAGES_SCOPE
from articles.workflow.review import locked, record
from articles.workflow.rules import check_step, draft_content, required_approvals
from xrays import generations

Action = WorkflowEvent.Action


def reconfirmations_in_round(article: Article) -> QuerySet[Review]:
    """The re-confirmations of the version readers see now, given after its last review
    date (the day itself belongs to the review that set it)."""
    reviews = Review.objects.filter(
        article=article,
        decision=Review.Decision.RECONFIRMED,
        fingerprint=article.live_version.fingerprint if article.live_version else "",
    )
    if article.reviewed_on is not None:
        next_day = article.reviewed_on + datetime.timedelta(days=1)
        reviews = reviews.filter(
            created_at__gte=timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))
        )
    return reviews


def reconfirmation_status(article: Article) -> tuple[int, int]:
    """(distinct reviewers who re-confirmed the live version in this round, number needed)."""
    have = reconfirmations_in_round(article).values("reviewer").distinct().count()
    return have, required_approvals()


def review_interval_changed(article: Article) -> None:
    """An editor saved another review interval for `article` (in the admin, with the
    rest of the article): its page shows the new due date at once. Not an edit of the
    content, so nothing is reviewed again."""
    if article.live_version_id is not None:
        generations.bump(PAGES_SCOPE)


def reconfirm(article: Article, *, by: User, comment: str = "") -> Article:
    """Record that `by`, a reviewer, checked the live version again and confirms it as
    it is. With enough re-confirmations, the article is reviewed today. Returns the
    given article, its `reviewed_on` in step with the row."""
    with transaction.atomic():
        given, article = article, locked(article)
        check_step("reconfirm", article, by, draft=draft_content(article))
        if reconfirmations_in_round(article).filter(reviewer=by).exists():
            raise ValidationError(
                "You have already re-confirmed this article; it needs another reviewer's re-confirmation."
            )
        live = article.live_version
        if live is None:  # check_step refused it already; said again for the type checker
            raise ValidationError("You cannot re-confirm this article: it is not published.")
        comment = comment.strip()
        Review.objects.create(
            article=article,
            reviewer=by,
            decision=Review.Decision.RECONFIRMED,
            comment=comment,
            fingerprint=live.fingerprint,
        )
        have, need = reconfirmation_status(article)
        if have < need:
            record(
                article,
                by,
                Action.RECONFIRMED,
                from_state=article.state,
                comment=f"{comment}\n({have} of {need} re-confirmations)".strip(),
            )
            return given
        article.reviewed_on = timezone.localdate()
        article.save(update_fields=["reviewed_on", "updated_at"])
        record(article, by, Action.RECONFIRMED, from_state=article.state, comment=comment)
        given.reviewed_on = article.reviewed_on
        generations.bump(PAGES_SCOPE)
        return given
