"""Deleting an article that never reached readers.

A draft started by mistake (a duplicate, a trial run) should go, with everything that
only it used: its sections and lists, its reviews, its reviewers' comments, its preview
links and its editorial record. An article that was ever published never goes, withdrawn
or not: readers, search engines and followers' emails may point to it, and its
versions are the record of what readers were told. Withdrawing is the way to take it
off the site (rules.py's `deletion_refused` holds both rules).

The editorial record (`WorkflowEvent`) refuses to be deleted. `delete_draft` is the one
path that deletes it (`WorkflowEvent.objects.delete_with_unpublished_article`), in the
same transaction as the draft, and leaves a line in the admin log in its place: who
deleted which draft, and what went with it."""

from collections.abc import Iterable

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from articles.models import Article, Review, WorkflowEvent
from articles.workflow.review import locked
from articles.workflow.rules import check_deletable


def delete_draft(article: Article, *, by: User) -> str:
    """Delete `article`, which was never published, with its record, in one
    transaction, and record it in the admin log. Returns what the log says went.
    Raises PermissionDenied or ValidationError, saying why, and deletes nothing, when
    `by` may not delete it."""
    with transaction.atomic():
        article = locked(article)
        check_deletable(article, by)
        what_went = _what_goes_with(article)
        LogEntry.objects.log_actions(
            user_id=by.pk, queryset=[article], action_flag=DELETION, change_message=what_went
        )
        Review.objects.filter(article=article).delete()
        WorkflowEvent.objects.delete_with_unpublished_article(article)
        try:
            article.delete()
        except ProtectedError as error:
            kept = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
            raise ValidationError(
                f"“{article.title}” cannot be deleted: other records refer to it ({', '.join(kept)})."
            ) from error
    return what_went


def delete_drafts(articles: Iterable[Article], *, by: User) -> int:
    """Delete each of `articles` as `delete_draft` does, all or none: if one may not
    go, nothing is deleted. Returns how many were."""
    with transaction.atomic():
        count = 0
        for article in articles:
            delete_draft(article, by=by)
            count += 1
    return count


def _what_goes_with(article: Article) -> str:
    counts = [
        (article.sections.count(), "section", "sections"),
        (Review.objects.filter(article=article).count(), "review", "reviews"),
        (article.review_comments.count(), "review comment", "review comments"),
        (article.preview_links.count(), "preview link", "preview links"),
        (
            WorkflowEvent.objects.filter(article=article).count(),
            "event of its editorial record",
            "events of its editorial record",
        ),
    ]
    listed = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    if not listed:
        return "Deleted a draft that was never published."
    with_text = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    return f"Deleted a draft that was never published, with {with_text}."
