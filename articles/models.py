from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from taggit.managers import TaggableManager

from articles.search_document import (
    SEARCH_INDEX_NAME,
    SearchDocumentIndex,
    weighted_document,
    weighted_heading,
)
from audiences.models import Audience, AudienceTaggedItemBase
from references.models import Reference
from xrays.sanitize import sanitize_html, validate_rich_text
from xrays.slugs import url_slug


class OrderedItem(models.Model):
    """A row in one of an article's ordered lists; editors set `order` in the admin."""

    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers can see: those with a live version."""
        return self.filter(live_version__isnull=False)


class EntryType(models.TextChoices):
    """What kind of entry an article is; shown on its page and cards, and readers filter by it."""

    ARTICLE_REVIEW = "article_review", "Article review"
    STUDY_REVIEW = "study_review", "Study review"
    UPDATE = "update", "Update"
    TOPIC_OVERVIEW = "topic_overview", "Topic overview"
    PERSONAL_STORY = "personal_story", "Personal story"


class Article(models.Model):
    """An editor's working copy of a review. Readers never see it directly: they see
    its live PublishedVersion, a snapshot taken by `articles.workflow.publish`."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        SCHEDULED = "scheduled", "Scheduled"
        SCHEDULING_FAILED = "scheduling_failed", "Scheduling failed"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=250,
        unique=True,
        help_text="The last part of the address, /articles/this-part/. Keep it short.",
    )
    summary = models.TextField(
        help_text="Two or three plain sentences shown at the top, in listings and to search engines."
    )
    posted_on = models.DateField(
        "posted date", null=True, blank=True, help_text="Leave empty to use the first publication date."
    )
    entry_type = models.CharField(
        "type of entry",
        max_length=20,
        choices=EntryType.choices,
        default=EntryType.ARTICLE_REVIEW,
        help_text="“Article review” reviews a news story; “Study review” a paper directly.",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    live_version = models.OneToOneField(
        "PublishedVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_for",
        editable=False,
        help_text="The version readers see; empty when unpublished or withdrawn.",
    )
    references = models.ManyToManyField(Reference, through="Citation", blank=True)
    relevant_for = TaggableManager(
        "This article is relevant for",
        through="RelevantAudience",
        related_name="articles_relevant",
        blank=True,
        help_text="The readers this article is mainly for.",
    )
    also_relevant_for = TaggableManager(
        "This article is also relevant for",
        through="AlsoRelevantAudience",
        related_name="articles_also_relevant",
        blank=True,
        help_text="Other readers who may find it useful.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Editorial bookkeeping, written by `articles.workflow`.
    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up with every saved edit; refuses stale saves."
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    scheduled_for = models.DateTimeField(null=True, blank=True, editable=False)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # What the editor chose when scheduling, used when the scheduled publication runs.
    scheduled_change_summary = models.CharField(max_length=300, blank=True, editable=False)
    scheduled_notify = models.BooleanField(default=False, editable=False)
    # Attempts of the scheduled publication that a database error stopped, and the last
    # error: retried with back-off, then "scheduling failed" with this reason.
    schedule_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    schedule_problem = models.TextField(blank=True, editable=False)
    withdrawal_reason = models.TextField(blank=True, editable=False)
    # A newer review that replaces this one: set and cleared by the workflow's
    # supersede and unsupersede steps, then reviewed and published like any change.
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        editable=False,
    )
    superseded_note = models.CharField(max_length=300, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    # Written only by `articles.workflow` (see save()).
    WORKFLOW_FIELDS = frozenset(
        {
            "state",
            "live_version",
            "revision",
            "last_edited_by",
            "last_edited_at",
            "submitted_at",
            "scheduled_for",
            "scheduled_by",
            "scheduled_change_summary",
            "scheduled_notify",
            "schedule_attempts",
            "schedule_problem",
            "withdrawal_reason",
            "superseded_by",
            "superseded_note",
        }
    )

    class Meta:
        ordering = ["-updated_at"]
        permissions = [
            ("publish_article", "Can publish, schedule and withdraw articles"),
            ("review_article", "Can approve articles or request changes"),
            ("share_preview", "Can send preview links to outside reviewers"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The slug is the article's address (<slug:>): keep it within what addresses take.
        self.slug = url_slug(self.slug) or url_slug(self.title, fallback="article")
        # Only `articles.workflow` moves an article between states, naming the fields it
        # writes. Any other save leaves them alone, so a stale copy of an article
        # (an editor's form, a script) can never unpublish or republish it by accident.
        if kwargs.get("update_fields") is None and not self._state.adding:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.WORKFLOW_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])


class RelevantAudience(AudienceTaggedItemBase):
    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="relevant_audience_once")
        ]


class AlsoRelevantAudience(AudienceTaggedItemBase):
    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="also_relevant_audience_once")
        ]


class Section(OrderedItem):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=250)
    toc_label = models.CharField(
        "contents label",
        max_length=100,
        blank=True,
        help_text="A shorter heading for the table of contents (optional).",
    )
    anchor = models.SlugField(
        max_length=80,
        blank=True,
        help_text="Made from the heading on first save and kept, so links to the section keep working.",
    )
    body = models.TextField(blank=True, validators=[validate_rich_text])

    class Meta(OrderedItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "anchor"], name="section_anchor_unique_in_article")
        ]

    def __str__(self):
        return self.heading

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        if not self.anchor:
            self.anchor = self._free_anchor()
        super().save(*args, **kwargs)

    def _free_anchor(self):
        base = slugify(self.heading)[:70] or "section"
        taken = set(
            Section.objects.filter(article_id=self.article_id)
            .exclude(pk=self.pk)
            .values_list("anchor", flat=True)
        )
        # Anchors must not collide with the page's own list anchors either.
        taken |= RESERVED_ANCHORS
        anchor, n = base, 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        return anchor


# Anchors used by the page's fixed parts (see templates/articles/_article_body.html).
RESERVED_ANCHORS = frozenset(
    {
        "contents",
        "at-a-glance",
        "questions",
        "trials",
        "guidelines",
        "resources",
        "references",
        "relevance",
        "updates",
        "main",
    }
)


class DoctorQuestion(OrderedItem):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="doctor_questions")
    text = models.CharField("question", max_length=400)

    class Meta(OrderedItem.Meta):
        verbose_name = "question to ask your doctor"
        verbose_name_plural = "questions to ask your doctor"

    def __str__(self):
        return self.text


class ClinicalTrial(OrderedItem):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="clinical_trials")
    title = models.CharField(max_length=400)
    registry_id = models.CharField("registry ID", max_length=40, blank=True, help_text="e.g. NCT01234567")
    url = models.URLField("link", max_length=500)

    def __str__(self):
        return self.title


class Guideline(OrderedItem):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="guidelines")
    issuing_body = models.CharField(max_length=200, help_text="e.g. National Comprehensive Cancer Network")
    title = models.CharField(max_length=400)
    url = models.URLField("link", max_length=500)

    def __str__(self):
        return self.title


class Resource(OrderedItem):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=300)
    url = models.URLField("link", max_length=500)
    description = models.CharField(max_length=300, blank=True, help_text="One line.")

    def __str__(self):
        return self.title


class Citation(OrderedItem):
    """An article citing a reference, numbered by `order` on the page. The citation
    marked "original story" is the news story under review."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="citations")
    is_original_story = models.BooleanField(
        "original story",
        default=False,
        help_text='The news story under review; shown as "Read the original article".',
    )

    class Meta(OrderedItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "reference"], name="cite_reference_once"),
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(is_original_story=True),
                name="one_original_story_per_article",
            ),
        ]

    def __str__(self):
        return str(self.reference)


class PublishedVersionQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live_for__isnull=False)


class PublishedVersionManager(models.Manager.from_queryset(PublishedVersionQuerySet)):
    def get_queryset(self):
        # Only search reads the text vectors (inside the database); pages never load them.
        return super().get_queryset().defer("search_document", "search_heading")


class PublishedVersion(models.Model):
    """An immutable snapshot of an article as readers saw it from `published_at`.
    Public pages render only these; `content` holds everything the page shows."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_summary = models.CharField(max_length=300, blank=True)
    # Copied out of `content` for listings, lookups and search.
    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=250)
    summary = models.TextField()
    posted_on = models.DateField()
    body_text = models.TextField(help_text="Plain text of every section, for search.")
    entry_type = models.CharField(max_length=20, choices=EntryType.choices, default=EntryType.ARTICLE_REVIEW)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the content.")
    content = models.JSONField()
    relevant_for = models.ManyToManyField(Audience, related_name="versions_relevant", blank=True)
    also_relevant_for = models.ManyToManyField(Audience, related_name="versions_also_relevant", blank=True)
    # The newer review this version points readers and search engines to, if any.
    superseded_by = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The levels the version is rated at, for the readers' filters (the page reads `content`).
    rating_levels = models.ManyToManyField("RatingLevel", related_name="versions", blank=True)
    # Written by the database as the row is inserted (and for every existing row when the
    # columns were added), so a version is searchable the moment it is published. The
    # full vector finds matches, the heading's ranks them (articles/search_document.py).
    search_document = models.GeneratedField(
        expression=weighted_document(),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
    search_heading = models.GeneratedField(
        expression=weighted_heading(),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )

    objects = PublishedVersionManager()

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="version_number_unique")]
        indexes = [
            models.Index(fields=["slug"]),
            models.Index(fields=["entry_type"]),
            SearchDocumentIndex(fields=["search_document"], name=SEARCH_INDEX_NAME),
        ]

    def __str__(self):
        return f"{self.title} (version {self.number})"

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    @property
    def is_update(self):
        return self.number > 1


class Review(models.Model):
    """A reviewer's decision on the exact content they read (its fingerprint). Any later
    change to the article gives it another fingerprint, so the approval goes stale."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the content reviewed.")
    created_at = models.DateTimeField(auto_now_add=True)

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


# Rating scales and an article's ratings live in a module of their own.
from articles.ratings import ArticleRating, RatingCriterion, RatingLevel  # noqa: E402,F401
