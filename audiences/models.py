from django.db import models
from django.urls import reverse
from taggit.models import ItemBase, TagBase


class Audience(TagBase):
    """A group of readers an article is written for, e.g. "people with breast cancer"."""

    description = models.TextField(
        blank=True, help_text="One or two plain sentences shown on the audience's page."
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "audience"
        verbose_name_plural = "audiences"

    def get_absolute_url(self):
        return reverse("audience_detail", args=[self.slug])


class AudienceTaggedItemBase(ItemBase):
    """The abstract through-model for tag relations to Audience; concrete ones live with
    the models they tag, so that this app knows nothing of them."""

    tag = models.ForeignKey(Audience, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_items")

    class Meta:
        abstract = True
