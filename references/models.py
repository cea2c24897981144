import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from references.formatting import doi_url, format_citation

# What people paste in front of a DOI: an address or a "doi:" label.
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


class Reference(models.Model):
    """A published source: a journal article, a news story, a commentary or a web page.
    One row per source, shared by every article that cites it."""

    class Kind(models.TextChoices):
        JOURNAL_ARTICLE = "journal", "Journal article"
        NEWS_STORY = "news", "News story"
        COMMENTARY = "commentary", "Commentary"
        WEB_PAGE = "web", "Web page"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.JOURNAL_ARTICLE)
    authors = models.TextField(
        blank=True,
        help_text='One author per line, surname then initials, e.g. "Harper KL".',
    )
    more_authors = models.BooleanField(
        "et al.", default=False, help_text="Tick when the source has more authors than listed."
    )
    title = models.CharField(max_length=500)
    publication = models.CharField(
        max_length=200, blank=True, help_text="Journal, newspaper or website, e.g. Nature or STAT."
    )
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(max_length=30, blank=True, help_text="e.g. 588-592")
    published_on = models.DateField("publication date", null=True, blank=True)
    published_online_on = models.DateField("published online", null=True, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True, help_text="e.g. 10.1038/nature20609")
    pubmed_id = models.CharField("PubMed ID", max_length=20, blank=True)
    url = models.URLField("link", max_length=500, blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            # DOIs are case-insensitive.
            models.UniqueConstraint(Lower("doi"), condition=~models.Q(doi=""), name="reference_unique_doi"),
            models.UniqueConstraint(
                fields=["pubmed_id"], condition=~models.Q(pubmed_id=""), name="reference_unique_pmid"
            ),
        ]

    def __str__(self):
        first = self.author_list[0] if self.author_list else self.publication
        return f"{first}: {self.title}" if first else self.title

    @property
    def author_list(self):
        return [line.strip() for line in self.authors.splitlines() if line.strip()]

    def clean(self):
        self.doi = DOI_PREFIX.sub("", self.doi.strip())
        self.pubmed_id = self.pubmed_id.strip()
        if self.pubmed_id and not self.pubmed_id.isdigit():
            raise ValidationError({"pubmed_id": "A PubMed ID is a number, e.g. 27974799."})
        if not (self.url or self.doi or self.pubmed_id) and self.kind != self.Kind.JOURNAL_ARTICLE:
            raise ValidationError({"url": "Give a link so that readers can find this source."})

    def as_snapshot(self):
        """The facts a published page keeps, so later edits to this reference never
        change a page until it is published again."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "authors": self.author_list,
            "more_authors": self.more_authors,
            "title": self.title,
            "publication": self.publication,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "published_on": self.published_on.isoformat() if self.published_on else "",
            "published_online_on": (self.published_online_on.isoformat() if self.published_online_on else ""),
            "doi": self.doi,
            "pubmed_id": self.pubmed_id,
            "url": self.url,
        }

    @property
    def citation_html(self):
        return format_citation(self.as_snapshot())

    @property
    def link(self):
        """Where "Read the original article" should take a reader."""
        return link_for(self.as_snapshot())


def link_for(data):
    if data.get("url"):
        return data["url"]
    if data.get("doi"):
        return doi_url(data["doi"])
    if data.get("pubmed_id"):
        return f"https://pubmed.ncbi.nlm.nih.gov/{data['pubmed_id']}/"
    return ""
