"""Ratings: the scales editors keep as data (criteria and their ordered levels), and an
article's rating on each, with the reason the reviewers approve.

A level's place on its scale (`position` of `levels`) is what the page's gauge shows,
e.g. "low (1 of 3)": levels are kept in order, lowest first. The snapshot keeps the
names, the place and the number of levels as they were at publication, so a page
published before a scale changed still reads as it was approved.

Scales and levels have Spanish names (`name_es`) beside the English: snapshots keep only
the English names and the slugs, and Spanish pages look the Spanish up by slug
(`rating_names_in`, articles/templatetags/rating_names.py).

Re-exported by articles.models (`articles.models.RatingCriterion` etc.).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from xrays import generations
from xrays.languages import localized

# The rating scales' content generation: listings offer them as filters.
RATINGS = generations.declare("ratings")

MAX_EVIDENCE_ITEMS = 10


def filter_slug(value, fallback):
    """Lower-case ASCII, as filter addresses (?rating=scale:level) take it."""
    return slugify(value) or fallback


class RatingCriterion(models.Model):
    """One scale articles are rated on, e.g. "Strength of science"."""

    name = models.CharField(
        max_length=100, unique=True, help_text='As readers see it, e.g. "Strength of science".'
    )
    slug = models.SlugField(
        max_length=50,
        unique=True,
        help_text="Used in filter addresses (?rating=this-part:level). Changing it breaks saved links.",
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="What this rates, for editors and for readers' filters."
    )
    name_es = models.CharField(
        "Spanish name",
        max_length=100,
        blank=True,
        help_text='As Spanish readers see it, e.g. "Solidez de la ciencia". '
        "Until it is filled in, Spanish pages show the English name.",
    )
    description_es = models.CharField(
        "Spanish description", max_length=300, blank=True, help_text="What this rates, in plain Spanish."
    )
    asks_for_evidence = models.BooleanField(
        default=False,
        help_text="Articles list what the evidence is (e.g. “study in mice”) with this rating.",
    )
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first on the page.")

    class Meta:
        app_label = "articles"
        ordering = ["order", "pk"]
        verbose_name = "rating scale"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = filter_slug(self.slug or self.name, "rating")
        super().save(*args, **kwargs)

    def name_in(self, language):
        """The name readers of `language` see: the English one until it is translated."""
        return localized(self, "name", language).text


class RatingLevel(models.Model):
    """A step on a scale. `order` ranks it: the lowest comes first."""

    criterion = models.ForeignKey(RatingCriterion, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(max_length=60, help_text='As readers see it, e.g. "Pre-clinical".')
    name_es = models.CharField(
        "Spanish name",
        max_length=60,
        blank=True,
        help_text='As Spanish readers see it, e.g. "Preclínica". '
        "Until it is filled in, Spanish pages show the English name.",
    )
    slug = models.SlugField(
        max_length=60, blank=True, help_text="Used in filter addresses; made from the name."
    )
    order = models.PositiveIntegerField(
        default=0, help_text="Lowest first: the gauge fills up to this level."
    )

    class Meta:
        app_label = "articles"
        ordering = ["criterion__order", "criterion_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "slug"], name="rating_level_slug_unique_in_scale"),
            models.UniqueConstraint(fields=["criterion", "name"], name="rating_level_name_unique_in_scale"),
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.name}" if self.criterion_id else self.name

    def save(self, *args, **kwargs):
        self.slug = filter_slug(self.slug or self.name, "level")
        super().save(*args, **kwargs)

    @property
    def filter_value(self):
        return f"{self.criterion.slug}:{self.slug}"

    def name_in(self, language):
        """The name readers of `language` see: the English one until it is translated."""
        return localized(self, "name", language).text


class ArticleRating(models.Model):
    """An article's level on one scale, with the reason for it."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(
        RatingCriterion, on_delete=models.PROTECT, related_name="+", verbose_name="scale"
    )
    level = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField(
        max_length=600, help_text="One or two plain sentences: why this level (for whom, for relevance)."
    )
    evidence = models.TextField(
        "what the evidence is",
        blank=True,
        max_length=1000,
        help_text="One item per line, e.g. “study in mice” or “randomised trial, 1,200 people”.",
    )

    class Meta:
        app_label = "articles"
        ordering = ["criterion__order", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["article", "criterion"], name="one_rating_per_scale")]

    def __str__(self):
        return str(self.level) if self.level_id else "rating"

    def clean(self):
        if self.level_id and self.criterion_id and self.level.criterion_id != self.criterion_id:
            raise ValidationError({"level": f"Choose a level of “{self.criterion.name}”."})
        if len(self.evidence_items) > MAX_EVIDENCE_ITEMS:
            raise ValidationError({"evidence": f"List at most {MAX_EVIDENCE_ITEMS} items."})

    @property
    def evidence_items(self):
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


def rating_snapshot(ratings):
    """The snapshot's list of ratings, each with its level's place on the scale. Reads
    each scale's levels from `ratings__criterion__levels`, which the caller prefetches
    (articles.snapshot.SNAPSHOT_PREFETCH)."""
    items = []
    for rating in ratings:
        scale = [level.pk for level in rating.criterion.levels.all()]
        items.append(
            {
                "name": rating.criterion.name,
                "criterion": rating.criterion.slug,
                "level": rating.level.name,
                "level_slug": rating.level.slug,
                "position": scale.index(rating.level_id) + 1 if rating.level_id in scale else 0,
                "levels": len(scale),
                "rationale": rating.rationale.strip(),
                "evidence": rating.evidence_items if rating.criterion.asks_for_evidence else [],
            }
        )
    return items


@dataclass(frozen=True)
class RatingNames:
    """The scales' and levels' names in one language, by slug: what a published page
    needs to name its snapshot's ratings, which keep only the English names."""

    scales: dict[str, str]  # {criterion slug: name}
    levels: dict[tuple[str, str], str]  # {(criterion slug, level slug): name}


NO_NAMES = RatingNames({}, {})


def rating_names_in(language: str) -> RatingNames:
    """The names written in `language` for every scale and level (only those written:
    the caller falls back to the snapshot's English), in one query, cached until a
    scale or level changes. English pages show the snapshot's names as published, so
    English needs no lookup at all."""
    if language != "es":
        return NO_NAMES

    def build():
        rows = RatingLevel.objects.values_list("criterion__slug", "criterion__name_es", "slug", "name_es")
        scales, levels = {}, {}
        for scale, scale_name, level, level_name in rows:
            if scale_name.strip():
                scales[scale] = scale_name.strip()
            if level_name.strip():
                levels[(scale, level)] = level_name.strip()
        return RatingNames(scales, levels)

    return generations.cached(RATINGS, f"ratings:names:{language}", build)


def snapshot_scale_name(rating: dict, language: str) -> tuple[str, str]:
    """(name, its language) of a snapshot rating's scale for readers of `language`: the
    name written in that language now, else the English it was published with."""
    name = rating_names_in(language).scales.get(rating.get("criterion", ""))
    return (name, language) if name else (rating.get("name", ""), settings.LANGUAGE_CODE)


def snapshot_level_name(rating: dict, language: str) -> tuple[str, str]:
    """(name, its language) of a snapshot rating's level, as `snapshot_scale_name`."""
    key = (rating.get("criterion", ""), rating.get("level_slug", ""))
    name = rating_names_in(language).levels.get(key)
    return (name, language) if name else (rating.get("level", ""), settings.LANGUAGE_CODE)


# Listings offer the scales and their levels as filters (articles/filters.py): a page
# kept in the page cache is built afresh once an editor changes one.
generations.track(RatingCriterion, RATINGS)
generations.track(RatingLevel, RATINGS)
