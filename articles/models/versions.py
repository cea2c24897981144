"""Published versions: the immutable snapshots readers see."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from articles.models.article import Article, EntryType
from articles.search_document import (
    SEARCH_INDEX_NAME,
    SearchDocumentIndex,
    weighted_document,
    weighted_heading,
)
from audiences.models import Audience


class PublishedVersionQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live_for__isnull=False)

    def in_language(self, language):
        """Versions written in `language` (a code of settings.LANGUAGES)."""
        return self.filter(language=language)

    def for_readers_of(self, language):
        """What readers of `language` are offered: versions in it, and English versions
        of articles with no live translation into it (shown to them as English)."""
        if language == settings.LANGUAGE_CODE:
            return self.in_language(language)
        live_translation = PublishedVersion.objects.filter(
            language=language,
            live_for__isnull=False,
            article__translation_of=models.OuterRef("article"),
        )
        return self.filter(
            Q(language=language) | (Q(language=settings.LANGUAGE_CODE) & ~models.Exists(live_translation))
        )

    def live_slugs(self, article_ids):
        """{article id: the slug of its live version} for those of `article_ids` that
        are published, in one query (an article's slug may have changed since)."""
        return dict(self.filter(live_for__in=article_ids).values_list("live_for", "slug"))

    def relevant_for(self, audience):
        """Versions that list `audience` as relevant or also relevant, each once."""
        return self.filter(Q(relevant_for=audience) | Q(also_relevant_for=audience)).distinct()


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
    # The language the version is written in, and for a translation, the version of the
    # English source it was made from (copied from the article at publication).
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    translated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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
            models.Index(fields=["language"]),
            SearchDocumentIndex(fields=["search_document"], name=SEARCH_INDEX_NAME),
        ]

    def __str__(self):
        return f"{self.title} (version {self.number})"

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse("articles:detail", args=[self.slug])

    @property
    def is_update(self):
        return self.number > 1
