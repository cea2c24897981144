from django.db import models

from xrays import generations
from xrays.languages import localized
from xrays.sanitize import sanitize_html, validate_rich_text

# The site texts' content generation (the independence disclosure on every article).
SITE = generations.declare("site")


class Generation(models.Model):
    """How many times a scope of content has changed (see xrays.generations): cached
    copies of that content are keyed by it, so every process sees a change at once."""

    scope = models.CharField(max_length=generations.SCOPE_MAX_LENGTH, primary_key=True)
    number = models.BigIntegerField(default=0)
    tag = models.CharField(
        max_length=8, blank=True, help_text="Random: tells apart numbers reused after a rollback."
    )

    def __str__(self):
        return f"{self.scope} {self.number}"


class ThrottleCacheEntry(models.Model):
    """The table of the cache the throttles count in when there is no Redis
    (`xrays.throttle.DatabaseCounterCache`): Django's database cache layout, made by
    `migrate` so that no deploy step can forget `createcachetable`."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "xrays_throttle_cache"

    def __str__(self):
        return self.cache_key


class SiteTextQuerySet(generations.GenerationQuerySet, models.QuerySet):
    pass


class SiteText(models.Model):
    """A short piece of site-wide text that editors change without a deploy,
    such as the independence disclosure shown on every article."""

    DISCLOSURE = "disclosure"
    KEYS = [
        (DISCLOSURE, "Independence disclosure (shown on every article)"),
    ]

    key = models.CharField(max_length=50, choices=KEYS, unique=True)
    body = models.TextField(
        help_text="Simple formatting allowed: paragraphs, emphasis, links.", validators=[validate_rich_text]
    )
    body_es = models.TextField(
        "body in Spanish",
        blank=True,
        help_text="Shown on Spanish pages; while empty, they show the English (marked as English).",
        validators=[validate_rich_text],
    )

    objects = SiteTextQuerySet.as_manager()

    class Meta:
        verbose_name = "site text"
        verbose_name_plural = "site texts"

    def __str__(self):
        return self.get_key_display()

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        self.body_es = sanitize_html(self.body_es)
        super().save(*args, **kwargs)

    @classmethod
    def _cached(cls):
        """{key: {"body", "body_es"}}; cached until one changes, since every article
        page shows them."""
        return generations.cached(
            SITE,
            "xrays:site-texts",
            lambda: {row["key"]: row for row in cls.objects.values("key", "body", "body_es")},
        )

    @classmethod
    def all_texts(cls):
        """Every site text by key, in English."""
        return {key: row["body"] for key, row in cls._cached().items()}

    @classmethod
    def text_in(cls, key, language):
        """One text in `language` where editors wrote it, else in English (a Localized:
        the text and its language); empty when there is none."""
        return localized(cls._cached().get(key, {}), "body", language)


generations.track(SiteText, SITE)
