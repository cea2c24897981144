from django.conf import settings
from django.db import models
from django.urls import reverse
from taggit.models import ItemBase, TagBase

from xrays import generations
from xrays.languages import localized
from xrays.slugs import url_slug

# The audiences' content generation: pages link to audiences as they are now.
AUDIENCES = generations.declare("audiences")


class AudienceQuerySet(generations.GenerationQuerySet, models.QuerySet):
    pass


class Audience(TagBase):
    """A group of readers an article is written for, e.g. "people with breast cancer"."""

    # taggit allows any Unicode letter in slugs; the audience's address (<slug:>) does not.
    slug = models.SlugField(
        "slug",
        unique=True,
        max_length=100,
        help_text='The last part of the address, /audiences/this-part/: letters a–z without accents, digits and hyphens, e.g. "personas-con-cancer".',
    )
    description = models.TextField(
        blank=True, help_text="One or two plain sentences shown on the audience's page."
    )
    name_es = models.CharField(
        "Spanish name",
        max_length=100,
        blank=True,
        help_text='As Spanish readers see it, e.g. "personas con cáncer de mama". '
        "Until it is filled in, Spanish pages show the English name.",
    )
    description_es = models.TextField(
        "Spanish description",
        blank=True,
        help_text="The description in plain Spanish, shown on the audience's Spanish page (/es/audiences/…).",
    )

    objects = AudienceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "audience"
        verbose_name_plural = "audiences"

    def save(self, *args, **kwargs):
        # An empty slug makes taggit derive one from the name (see slugify below).
        self.slug = url_slug(self.slug)
        if not self.slug and not self._state.adding:
            self.slug = self.slugify(self.name, self.pk)
        super().save(*args, **kwargs)

    def slugify(self, tag, i=None):
        slug = url_slug(tag, fallback="audience")
        return slug if i is None else f"{slug}_{i}"

    def get_absolute_url(self):
        return reverse("audience_detail", args=[self.slug])

    def name_in(self, language):
        """The name readers of `language` see: the English name when it has none in
        that language yet."""
        return localized(self, "name", language).text

    def description_in(self, language):
        """(description, its language) for readers of `language`: the English one until
        it is translated."""
        description = localized(self, "description", language)
        return description.text, description.language

    @classmethod
    def names_in(cls, language):
        """{id: name in `language`} of every audience, in one query, cached until an
        audience changes: snapshots keep audience ids and English names, and pages in
        another language show the name as it is now (see audiences.templatetags)."""
        if language == settings.LANGUAGE_CODE:
            return generations.cached(
                AUDIENCES, "audiences:names:en", lambda: dict(cls.objects.values_list("pk", "name"))
            )
        return generations.cached(
            AUDIENCES,
            f"audiences:names:{language}",
            lambda: {
                audience.pk: audience.name_in(language)
                for audience in cls.objects.only("pk", "name", "name_es")
            },
        )

    @classmethod
    def current_slugs(cls):
        """Every audience's slug by id, cached until an audience changes: published pages
        link to audiences as they are now, not as they were when the page was published."""
        return generations.cached(
            AUDIENCES, "audiences:slugs", lambda: dict(cls.objects.values_list("pk", "slug"))
        )


generations.track(Audience, AUDIENCES)


class AudienceTaggedItemBase(ItemBase):
    """The abstract through-model for tag relations to Audience; concrete ones live with
    the models they tag, so that this app knows nothing of them."""

    tag = models.ForeignKey(Audience, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_items")

    class Meta:
        abstract = True
