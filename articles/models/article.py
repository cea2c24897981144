"""The article: the working copy editors write, its state in the workflow, its audiences."""

import datetime

from django.apps import apps
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from articles import review_dates
from audiences.models import AudienceTaggedItemBase
from references.models import Reference
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

    def ever_published(self):
        """Articles that reached readers at some time (withdrawn ones too): each has a
        published version, kept for good."""
        versions = apps.get_model("articles", "PublishedVersion").objects.filter(
            article=models.OuterRef("pk")
        )
        return self.filter(models.Exists(versions))

    def free_slug(self, base: str) -> str:
        """`base`, or `base-2`, `base-3` …: the first slug no article has and no published
        version of another article had (old addresses keep leading to their article)."""
        versions = apps.get_model("articles", "PublishedVersion").objects
        slug, n = base, 2
        while self.filter(slug=slug).exists() or versions.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def relevant_for(self, audience):
        """Articles whose working copy lists `audience` as relevant or also relevant."""
        return self.filter(Q(relevant_for=audience) | Q(also_relevant_for=audience)).distinct()

    def live_relevant_for(self, audience):
        """Articles whose live page lists `audience` as relevant or also relevant."""
        return self.filter(
            Q(live_version__relevant_for=audience) | Q(live_version__also_relevant_for=audience)
        ).distinct()

    def due_for_publication(self, now=None):
        """Scheduled articles whose time has come (by `now`, default the present)."""
        return self.filter(state=Article.State.SCHEDULED, scheduled_for__lte=now or timezone.now())

    def sources(self):
        """English articles: the ones translations are made from."""
        return self.filter(translation_of__isnull=True)

    def translations_out_of_date(self):
        """Translations whose English source is live in another version than the one
        they were made from (the source was published again since): the review queue
        lists them. The rule for one article is articles.translations.is_out_of_date."""
        return self.filter(translation_of__isnull=False, translation_of__live_version__isnull=False).exclude(
            translated_from=models.F("translation_of__live_version")
        )

    def with_review_due_on(self):
        """Each article annotated with `review_due_on`, the day its next review is due
        (articles.review_dates; None while it was never confirmed)."""
        return self.annotate(review_due_on=review_dates.due_on_expression())

    def review_overdue(self, today):
        """Published English articles whose review fell due on or before `today`.
        Translations follow their English source and are never listed themselves."""
        return self.published().sources().with_review_due_on().filter(review_due_on__lte=today)

    def review_due_soon(self, today, within=None):
        """Published English articles whose review falls due after `today` and within
        `within` days of it (default settings.XRAYS_REVIEW_DUE_SOON_DAYS)."""
        days = review_dates.due_soon_days() if within is None else within
        return (
            self.published()
            .sources()
            .with_review_due_on()
            .filter(review_due_on__gt=today, review_due_on__lte=today + datetime.timedelta(days=days))
        )


class EntryType(models.TextChoices):
    """What kind of entry an article is; shown on its page and cards, and readers filter by it.
    Labels are named in the active language (the context keeps "Update" the noun apart from
    the verb); snapshots keep the English name (articles.snapshot.english_label)."""

    ARTICLE_REVIEW = "article_review", pgettext_lazy("entry type", "Article review")
    STUDY_REVIEW = "study_review", pgettext_lazy("entry type", "Study review")
    UPDATE = "update", pgettext_lazy("entry type", "Update")
    TOPIC_OVERVIEW = "topic_overview", pgettext_lazy("entry type", "Topic overview")
    PERSONAL_STORY = "personal_story", pgettext_lazy("entry type", "Personal story")


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
    # The zone the editor entered the time in (an IANA name), so that every message
    # shows the time as they meant it beside the site's own zone.
    scheduled_time_zone = models.CharField(max_length=64, blank=True, editable=False)
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
    # The Scientific Advisory Board checks each published article again after an
    # interval (articles.review_dates). `reviewed_on` is set by publication and by
    # re-confirmation (articles.workflow.reconfirmation); translations follow their source.
    review_interval_months = models.PositiveSmallIntegerField(
        "review every (months)",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(review_dates.MIN_INTERVAL_MONTHS),
            MaxValueValidator(review_dates.MAX_INTERVAL_MONTHS),
        ],
        help_text=(
            "How many months after each review the Scientific Advisory Board checks "
            "this article again. Leave empty for the site's usual interval."
        ),
    )
    reviewed_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the Scientific Advisory Board last confirmed the version readers see.",
    )
    # Every article is written in English first. An article in another language is a
    # translation of an English one (`translation_of`), made from one of its published
    # versions (`translated_from`); when the source is published again, the translation
    # is out of date until a translator brings it up to that version
    # (articles.translations). Set by named functions there, never by a form.
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE, editable=False
    )
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translations",
        editable=False,
    )
    translated_from = models.ForeignKey(
        "PublishedVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="The published version of the English source this translation was made from.",
    )

    objects = ArticleQuerySet.as_manager()

    # What a scheduled publication is, saved together whenever it is set or cleared.
    SCHEDULE_FIELDS = (
        "scheduled_for",
        "scheduled_by",
        "scheduled_change_summary",
        "scheduled_notify",
        "scheduled_time_zone",
        "schedule_attempts",
        "schedule_problem",
    )
    # Written only by `articles.workflow` (see save()).
    WORKFLOW_FIELDS = frozenset(
        {
            "state",
            "live_version",
            "revision",
            "last_edited_by",
            "last_edited_at",
            "submitted_at",
            *SCHEDULE_FIELDS,
            "withdrawal_reason",
            "superseded_by",
            "superseded_note",
            "reviewed_on",
        }
    )

    # Written only by articles.translations, naming them (see save()).
    TRANSLATION_FIELDS = frozenset({"language", "translation_of", "translated_from"})

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            # One translation of an article into each language.
            models.UniqueConstraint(
                fields=["translation_of", "language"], name="one_translation_per_language"
            ),
            # A source is in the source language; a translation is in another one.
            models.CheckConstraint(
                condition=(
                    Q(translation_of__isnull=True, language=settings.LANGUAGE_CODE)
                    | (Q(translation_of__isnull=False) & ~Q(language=settings.LANGUAGE_CODE))
                ),
                name="translations_are_in_another_language",
            ),
        ]
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
                if not f.primary_key
                and f.name not in self.WORKFLOW_FIELDS
                and f.name not in self.TRANSLATION_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse("articles:detail", args=[self.slug])

    @property
    def is_translation(self):
        return self.translation_of_id is not None

    @property
    def next_review_due(self):
        """The day the Scientific Advisory Board is due to check this article again."""
        return review_dates.review_due_on(self.reviewed_on, self.review_interval_months)


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
