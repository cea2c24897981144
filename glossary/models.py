from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from glossary.marking import GlossaryEntry
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
    # Spanish: the word as it appears in Spanish text, its forms, and the definition.
    # A term without them is shown in English (marked lang="en") on Spanish pages, and
    # Spanish articles do not mark it: its English words are not in their text.
    name_es = models.CharField(
        "Spanish term",
        max_length=100,
        blank=True,
        help_text='As Spanish readers see it, e.g. "metástasis". Leave empty until it is translated.',
    )
    variants_es = models.TextField(
        "Spanish variants",
        blank=True,
        help_text="Other Spanish forms to mark, one per line, e.g. metastásico, metastásica, metastatizar.",
    )
    definition_es = models.TextField(
        "Spanish definition",
        blank=True,
        help_text="The definition in plain Spanish (usted, short sentences), as a careful translator would write it.",
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
        if bool(self.name_es.strip()) != bool(self.definition_es.strip()):
            raise ValidationError(
                "Give both the Spanish term and its Spanish definition, or leave both empty: "
                "Spanish pages show a term in Spanish only when it has both."
            )
        # A form marks one term per language: English and Spanish text are marked apart.
        for language, forms in [("en", self.forms), ("es", self.forms_in("es"))]:
            taken = {}
            for other in Term.objects.exclude(pk=self.pk):
                for form in other.forms_in(language):
                    taken[form.casefold()] = other
            for form in forms:
                if form.casefold() in taken:
                    raise ValidationError(f'"{form}" already belongs to the term "{taken[form.casefold()]}".')

    @property
    def forms(self):
        """Every form of the word that the article pages mark."""
        return self.forms_in(settings.LANGUAGE_CODE)

    def forms_in(self, language):
        """Every form of the word that article pages in `language` mark (none when the
        term has no text in that language)."""
        if language == settings.LANGUAGE_CODE:
            name, variants = self.name, self.variants
        elif language == "es" and self.has_spanish:
            name, variants = self.name_es.strip(), self.variants_es
        else:
            return []
        extra = [line.strip() for line in variants.replace(",", "\n").splitlines()]
        return [name, *[form for form in extra if form]]

    @property
    def has_spanish(self):
        return bool(self.name_es.strip() and self.definition_es.strip())

    def entry_in(self, language):
        """The term as pages in `language` show it (glossary.marking.GlossaryEntry), or
        None when it has no text in that language yet."""
        if language == "es" and self.has_spanish:
            return GlossaryEntry(
                self.name_es.strip(), self.slug, self.definition_es, tuple(self.forms_in("es")), "es"
            )
        if language == settings.LANGUAGE_CODE:
            return GlossaryEntry(self.name, self.slug, self.definition, tuple(self.forms), language)
        return None

    def entry_for_readers_of(self, language):
        """The entry in `language`, or the English one when it has none (the page then
        marks it lang="en")."""
        return self.entry_in(language) or self.entry_in(settings.LANGUAGE_CODE)


# Article pages keep the compiled glossary in the cache under the "glossary" generation:
# any change, in any process and by any path, reaches every page at once.
generations.track(Term, GLOSSARY)
