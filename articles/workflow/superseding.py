"""Superseded reviews: when newer research changes the picture, an editor marks a
published review as superseded by a newer one. The mark is part of the article's
content (the snapshot's `superseded_by`): it goes to review at once, and once approved
and published the old page carries a banner linking to the newer review, search
engines are sent there, and the page's followers are told (see publication.py)."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article, WorkflowEvent
from articles.workflow.review import locked, record, record_edit, submit_for_review
from articles.workflow.rules import check_step, draft_content

Action = WorkflowEvent.Action
FIELDS = ["superseded_by", "superseded_note", "updated_at"]


def supersede(article: Article, *, by: User, newer: Article, note: str = "") -> Article:
    """Mark `article` superseded by `newer` (a published article), with an optional
    `note` for readers, and submit it for review. Returns the article."""
    with transaction.atomic():
        given, article = article, locked(article)
        check_step("supersede", article, by)
        newer = check_newer(article, newer)
        before = draft_content(article)[1]
        article.superseded_by = newer
        article.superseded_note = " ".join(note.split())[:300]
        article.save(update_fields=FIELDS)
        given.superseded_by, given.superseded_note = article.superseded_by, article.superseded_note
        record(
            article,
            by,
            Action.SUPERSEDED,
            from_state=article.state,
            comment=f"By “{newer.live_version.title if newer.live_version else newer.title}”"
            + (f": {article.superseded_note}" if note else ""),
        )
        record_edit(given, by=by, fingerprint_before=before)
        submit_for_review(given, by=by)
    return given


def unsupersede(article: Article, *, by: User) -> Article:
    """Take back the mark. Like any edit, it needs a review before readers see it, unless
    the mark never reached them."""
    with transaction.atomic():
        given, article = article, locked(article)
        check_step("unsupersede", article, by)
        before = draft_content(article)[1]
        article.superseded_by = None
        article.superseded_note = ""
        article.save(update_fields=FIELDS)
        given.superseded_by, given.superseded_note = None, ""
        record(article, by, Action.UNSUPERSEDED, from_state=article.state)
        record_edit(given, by=by, fingerprint_before=before)
    return given


def check_newer(article: Article, newer: Article | int | None) -> Article:
    """The newer review, if it may replace `article`: another article, published, not
    itself superseded by `article`."""
    # Read afresh even when given an Article: its state as it stands now.
    newer_pk = newer.pk if isinstance(newer, Article) else newer
    found = Article.objects.select_related("live_version").filter(pk=newer_pk).first() if newer_pk else None
    if found is None or found.pk == article.pk:
        raise ValidationError("Choose another article: the newer review that replaces this one.")
    if found.live_version is None:
        raise ValidationError(f"“{found.title}” is not published: readers could not follow the link to it.")
    if found.superseded_by_id == article.pk or found.live_version.superseded_by_id == article.pk:
        raise ValidationError(f"“{found.title}” is itself marked superseded by this article.")
    return found
