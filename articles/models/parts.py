"""The parts of an article: its sections and its ordered lists (questions for the doctor,
clinical trials, guidelines, resources, citations of references)."""

from dataclasses import dataclass

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article, OrderedItem
from references.models import Reference
from xrays.sanitize import sanitize_html, validate_rich_text


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


@dataclass(frozen=True)
class ListPart:
    """One of an article's fixed lists, as every place that shows or compares it reads it:
    the snapshot (`key` and `fields`), its prefetch, the table of contents and the page
    (`anchor`, `heading`, and `templates/articles/parts/<key>.html` for each item),
    the anchors sections may not take, and compare's labels."""

    key: str  # the Article's related name, and the snapshot's key
    anchor: str
    heading: str  # lazy: in the language of the page that shows it
    fields: tuple[str, ...]  # what the snapshot keeps of each item
    flat: bool = False  # True: an item is kept as its one field's value, not a dict

    def snapshot(self, items) -> list:
        if self.flat:
            (name,) = self.fields
            return [getattr(item, name) for item in items]
        return [{name: getattr(item, name) for name in self.fields} for item in items]

    @property
    def item_template(self) -> str:
        return f"articles/parts/{self.key}.html"


# The article's fixed lists, in the order the page shows them: the one declaration that
# the snapshot, the table of contents, the page, compare and the anchors follow.
LIST_PARTS = (
    ListPart("doctor_questions", "questions", _("Questions to ask your doctor"), ("text",), flat=True),
    ListPart("clinical_trials", "trials", _("Clinical trials"), ("title", "registry_id", "url")),
    ListPart("guidelines", "guidelines", _("Guidelines"), ("issuing_body", "title", "url")),
    ListPart("resources", "resources", _("Resources"), ("title", "url", "description")),
)

# Anchors of the page's own parts (templates/articles/_article_body.html and
# article_detail.html), which a section's anchor must not take.
RESERVED_ANCHORS = frozenset(
    {
        "main",
        "contents",
        "at-a-glance",
        *(part.anchor for part in LIST_PARTS),
        "references",
        "relevance",
        "updates",
    }
)
