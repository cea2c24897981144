"""Review and its record: reviewers' decisions and comments, the workflow's history, and
the signed links that show a draft to an outside reviewer."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

from articles.models.article import Article
from articles.models.parts import Section


class ReviewQuerySet(models.QuerySet):
    def in_current_round(self, articles):
        """Reviews of each of `articles` since it was last submitted for review: what
        the reviewers said about the draft now on the table, not about earlier ones."""
        condition = models.Q(pk__in=[])
        for article in articles:
            round_of = models.Q(article=article)
            if article.submitted_at:
                round_of &= models.Q(created_at__gte=article.submitted_at)
            condition |= round_of
        return self.filter(condition)

    def with_comment(self):
        return self.exclude(comment="")


class Review(models.Model):
    """A reviewer's decision on the exact content they read (its fingerprint). Any later
    change to the article gives it another fingerprint, so the approval goes stale."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        # The live version checked again and confirmed as it is (articles.workflow.reconfirmation).
        RECONFIRMED = "reconfirmed", "Re-confirmed without changes"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the content reviewed.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_decision_display()} by {self.reviewer} on {self.created_at:%Y-%m-%d}"


class ReviewComment(models.Model):
    """A reviewer's note on one section of the draft, kept until someone resolves it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="review_comments")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_comments"
    )
    section_heading = models.CharField(
        max_length=250, blank=True, help_text="Kept so the comment still makes sense if the section goes."
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("comment")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["resolved_at", "created_at"]

    def __str__(self):
        return f"{self.author} on {self.section_heading or 'the whole article'}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class WorkflowEventQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionDenied("The editorial record cannot be deleted.")

    def update(self, **kwargs):
        raise PermissionDenied("The editorial record cannot be changed.")

    def delete_with_unpublished_article(self, article: Article) -> int:
        """Delete the record of `article`, which never reached readers; returns how
        many events went. The one path by which events are ever deleted: taken only by
        `articles.workflow.deletion.delete_draft`, in the transaction that deletes the
        draft itself and leaves a line in the admin log instead. An article that was
        ever published keeps its record for good."""
        if article.versions.exists():
            raise PermissionDenied("The editorial record of a published article cannot be deleted.")
        deleted, _ = models.QuerySet.delete(self.filter(article=article))
        return deleted


class WorkflowEvent(models.Model):
    """One step in an article's editorial life: who, what, when, and why. Append-only."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Requested changes"
        COMMENTED = "commented", "Commented"
        COMMENT_RESOLVED = "comment_resolved", "Resolved a comment"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNSCHEDULED = "unscheduled", "Cancelled the schedule"
        SCHEDULE_FAILED = "schedule_failed", "Scheduled publication stopped"
        SCHEDULE_RETRIED = "schedule_retried", "Scheduled publication delayed by an error, to be retried"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SUPERSEDED = "superseded", "Marked superseded by a newer review"
        UNSUPERSEDED = "unsuperseded", "Took back the superseded mark"
        PREVIEW_SHARED = "preview_shared", "Shared a preview link"
        PREVIEW_REVOKED = "preview_revoked", "Revoked a preview link"
        RECONFIRMED = "reconfirmed", "Re-confirmed by the Scientific Advisory Board without changes"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    from_state = models.CharField(max_length=20, choices=Article.State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=Article.State.choices, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = WorkflowEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor or 'the system'}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The editorial record cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The editorial record cannot be deleted.")


class PreviewLink(models.Model):
    """A signed, expiring link that shows an outside expert the draft, read-only."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    recipient = models.CharField(
        max_length=200, help_text='Who the link is for, e.g. "Dr. Ana Ruiz, Mayo Clinic".'
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    content = models.JSONField(help_text="The draft as it was shared: later edits are not shown.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview for {self.recipient}"

    @property
    def is_active(self):
        """Works until it expires, is revoked, or its sender may no longer share drafts."""
        from django.utils import timezone

        return (
            self.revoked_at is None
            and self.expires_at > timezone.now()
            and self.created_by.is_active
            and self.created_by.has_perm("articles.share_preview")
        )
