from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from xrays import generations
from xrays.slugs import url_slug

# The glossary's content generation: what is built from the terms is cached under it.
GLOSSARY = generations.declare("glossary")


class TermQuerySet(generations.GenerationQuerySet, models.QuerySet):
    pass


class Term(models.Model):
    """A medical word with a plain-language definition. Articles mark its first use in
    each section and link it to the glossary page."""

    name = models.CharField(max_length=100, unique=True, help_text='As readers see it, e.g. "metastasis".')
    slug = models.SlugField(max_length=100, unique=True, help_text="The anchor on the glossary page.")
    definition = models.TextField(help_text="One or two plain sentences, no jargon.")
    variants = models.TextField(
        blank=True,
        help_text="Other forms to mark, one per line, e.g. metastases, metastatic, metastasize.",
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The slug is the term's anchor on the glossary page and in every article's links.
        self.slug = url_slug(self.slug) or url_slug(self.name, fallback="term")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("glossary:index") + f"#{self.slug}"

    def clean(self):
        taken = {}
        for other in Term.objects.exclude(pk=self.pk):
            for form in other.forms:
                taken[form.lower()] = other
        for form in self.forms:
            if form.lower() in taken:
                raise ValidationError(f'"{form}" already belongs to the term "{taken[form.lower()]}".')

    @property
    def forms(self):
        """Every form of the word that the article pages mark."""
        extra = [line.strip() for line in self.variants.replace(",", "\n").splitlines()]
        return [self.name, *[form for form in extra if form]]


# Article pages keep the compiled glossary in the cache under the "glossary" generation:
# any change, in any process and by any path, reaches every page at once.
generations.track(Term, GLOSSARY)
