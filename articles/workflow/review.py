"""Writing and review: recording edits, submitting, approving, requesting changes and
comments. An approval covers the exact content the reviewer read (its fingerprint)."""

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Review, ReviewComment, Section, WorkflowEvent
from articles.workflow.notices import (
    tell_editor_schedule_failed,
    tell_reviewers_submitted,
    tell_writers_reviewed,
)
from articles.workflow.rules import (
    approval_status,
    check_step,
    draft_content,
    has_unpublished_changes,
    may_comment,
    may_resolve_comment,
)

State = Article.State
Action = WorkflowEvent.Action


def locked(article: Article) -> Article:
    """The article's row, locked until the transaction ends: concurrent steps queue up."""
    return Article.objects.select_for_update().get(pk=article.pk)


def record(
    article: Article, actor: User | None, action: str, from_state: str = "", comment: str = ""
) -> WorkflowEvent:
    return WorkflowEvent.objects.create(
        article=article,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=article.state,
        comment=comment,
    )


def move(
    article: Article,
    given: Article,
    actor: User | None,
    action: str,
    new_state: str,
    fields: Sequence[str] = (),
    comment: str = "",
) -> Article:
    """Set the new state, save the named workflow fields, record the step, and keep the
    caller's instance in step with the row."""
    old_state = article.state
    article.state = new_state
    article.save(update_fields=["state", "updated_at", *fields])
    record(article, actor, action, from_state=old_state, comment=comment)
    for name in ("state", "live_version_id", "posted_on", *fields):
        setattr(given, name, getattr(article, name))
    return article


SCHEDULE_FIELDS = list(Article.SCHEDULE_FIELDS)


def clear_schedule(article: Article) -> None:
    """Forget everything about a scheduled publication (the caller saves SCHEDULE_FIELDS)."""
    article.scheduled_for = None
    article.scheduled_by = None
    article.scheduled_change_summary = ""
    article.scheduled_notify = False
    article.scheduled_time_zone = ""
    article.schedule_attempts = 0
    article.schedule_problem = ""


# --- writing -------------------------------------------------------------------------


def record_created(article: Article, *, by: User) -> None:
    with transaction.atomic():
        article = locked(article)
        article.last_edited_by = by
        article.last_edited_at = timezone.now()
        article.save(update_fields=["last_edited_by", "last_edited_at"])
        record(article, by, Action.CREATED)


def record_edit(article: Article, *, by: User, fingerprint_before: str, comment: str = "") -> bool:
    """Called after an editor saved the working copy. Counts the revision and, when the
    content really changed, takes back a state that no longer holds: an approved (or
    published) article with new content is a draft again. `comment` says what the edit
    was, in the history, when it was more than a save (articles.translations)."""
    with transaction.atomic():
        given = article
        article = locked(article)
        article.revision += 1
        article.last_edited_by = by
        article.last_edited_at = timezone.now()
        fields = ["revision", "last_edited_by", "last_edited_at"]
        article.save(update_fields=fields)
        for name in fields:
            setattr(given, name, getattr(article, name))
        content, fingerprint = draft_content(article)
        if fingerprint == fingerprint_before:
            return False
        if article.live_version_id and not has_unpublished_changes(article, content):
            # Edited back to what readers see: nothing is pending any more.
            clear_schedule(article)
            move(article, given, by, Action.EDITED, State.PUBLISHED, fields=SCHEDULE_FIELDS, comment=comment)
        elif article.state == State.SCHEDULED:
            scheduler = article.scheduled_by
            clear_schedule(article)
            move(
                article,
                given,
                by,
                Action.EDITED,
                State.DRAFT,
                fields=SCHEDULE_FIELDS,
                comment=f"{comment} The scheduled publication is cancelled: the approved text changed.".strip(),
            )
            reason = f"{by.get_full_name() or by.get_username()} changed it after it was approved"
            tell_editor_schedule_failed(article, scheduler, reason)
        elif article.state == State.SCHEDULING_FAILED:
            clear_schedule(article)
            move(article, given, by, Action.EDITED, State.DRAFT, fields=SCHEDULE_FIELDS, comment=comment)
        elif article.state in {State.APPROVED, State.PUBLISHED, State.WITHDRAWN}:
            move(article, given, by, Action.EDITED, State.DRAFT, comment=comment)
        else:
            record(article, by, Action.EDITED, from_state=article.state, comment=comment)
        return True


# --- review --------------------------------------------------------------------------


def submit_for_review(article: Article, *, by: User) -> Article:
    with transaction.atomic():
        given, article = article, locked(article)
        check_step("submit", article, by)
        article.submitted_at = timezone.now()
        submitted = move(article, given, by, Action.SUBMITTED, State.IN_REVIEW, fields=["submitted_at"])
        tell_reviewers_submitted(article, by)
        return submitted


def approve(article: Article, *, by: User, comment: str = "", seen: str | None = None) -> Article:
    """Approve the draft. `seen` is the fingerprint of the draft the reviewer read (the
    admin sends it); if the draft changed since, the approval is refused."""
    with transaction.atomic():
        given, article = article, locked(article)
        check_step("approve", article, by)
        _, fingerprint = draft_content(article)
        if seen is not None and seen != fingerprint:
            who = article.last_edited_by
            raise ValidationError(
                f"The draft changed after you opened it ({who.get_username() if who else 'someone'} edited it). "
                "Nothing was approved: read the changes, then approve again."
            )
        review = Review.objects.create(
            article=article,
            reviewer=by,
            decision=Review.Decision.APPROVED,
            comment=comment.strip(),
            fingerprint=fingerprint,
        )
        tell_writers_reviewed(article, by, review)
        have, need = approval_status(article, fingerprint)
        if have >= need:
            return move(article, given, by, Action.APPROVED, State.APPROVED, comment=comment.strip())
        record(
            article,
            by,
            Action.APPROVED,
            from_state=article.state,
            comment=f"{comment.strip()}\n({have} of {need} approvals)".strip(),
        )
        return given


def request_changes(article: Article, *, by: User, comment: str) -> Article:
    with transaction.atomic():
        given, article = article, locked(article)
        check_step("request_changes", article, by)
        if not (comment or "").strip():
            raise ValidationError("Say what needs to change, so the author knows what to do.")
        _, fingerprint = draft_content(article)
        review = Review.objects.create(
            article=article,
            reviewer=by,
            decision=Review.Decision.CHANGES_REQUESTED,
            comment=comment.strip(),
            fingerprint=fingerprint,
        )
        tell_writers_reviewed(article, by, review)
        return move(
            article, given, by, Action.CHANGES_REQUESTED, State.CHANGES_REQUESTED, comment=comment.strip()
        )


# --- comments ------------------------------------------------------------------------


def add_comment(article: Article, *, by: User, body: str, section: Section | None = None) -> ReviewComment:
    """A reviewer's (or editor's) comment on a section of the draft, or on the whole."""
    if not may_comment(by):
        raise PermissionDenied("You do not have permission to comment on articles.")
    if not (body or "").strip():
        raise ValidationError("Write a comment first.")
    if section is not None and section.article_id != article.pk:
        raise ValidationError("That section belongs to another article.")
    with transaction.atomic():
        comment = ReviewComment.objects.create(
            article=article,
            section=section,
            section_heading=section.heading if section else "",
            author=by,
            body=body.strip(),
        )
        record(
            article,
            by,
            Action.COMMENTED,
            from_state=article.state,
            comment=f"On “{comment.section_heading or 'the whole article'}”: {comment.body}",
        )
    return comment


def resolve_comment(comment: ReviewComment, *, by: User) -> ReviewComment:
    if not may_resolve_comment(comment, by):
        raise PermissionDenied("Only the comment's writer, a reviewer or an editor can resolve it.")
    with transaction.atomic():
        comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
        if comment.resolved_at:
            raise ValidationError("This comment is already resolved.")
        comment.resolved_at = timezone.now()
        comment.resolved_by = by
        comment.save(update_fields=["resolved_at", "resolved_by"])
        record(
            comment.article,
            by,
            Action.COMMENT_RESOLVED,
            from_state=comment.article.state,
            comment=comment.body[:200],
        )
    return comment
