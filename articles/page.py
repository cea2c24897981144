"""The page readers see, built from a snapshot (articles.snapshot): `ArticlePage` is
what the article, print and visit-sheet templates show; `live_version` finds the live
version at an address, and `article_context` is what the live page, the staff preview
and the shared preview all render, so that a preview is exactly the page readers get.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe

from articles.models import LIST_PARTS, ListPart, PublishedVersion
from audiences.models import Audience
from glossary.preferences import page_glossary
from references.formatting import format_citation
from references.models import link_for
from xrays.models import SiteText


@dataclass
class PageList:
    """One of the article's fixed lists (articles.models.LIST_PARTS) with its items."""

    part: ListPart
    items: list

    def __getattr__(self, name):
        return getattr(self.part, name)


@dataclass
class TocEntry:
    anchor: str
    label: str


@dataclass
class ArticlePage:
    """What the article templates show, built from a snapshot."""

    content: dict
    glossary: object = None  # glossary.marking.Glossary, or None to leave terms unmarked
    sections: list = field(init=False)
    glossary_terms_used: list = field(init=False)

    def __post_init__(self):
        self.sections = []
        used = []
        for section in self.content["sections"]:
            body = section["body"]
            if self.glossary is not None:
                body, terms = self.glossary.mark(body, section["anchor"])
                used += [t for t in terms if t not in used]
            # The body was sanitised when the editor saved it; marking only adds our own markup.
            self.sections.append({**section, "body": mark_safe(body)})
        self.glossary_terms_used = used

    def __getattr__(self, name):
        if name == "content":  # not yet set: avoid recursing while copying
            raise AttributeError(name)
        try:
            return self.content[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def posted_on(self):
        value = self.content.get("posted_on")
        return datetime.date.fromisoformat(value) if value else None

    @property
    def entry_type(self):
        """{"value", "name"}, or None for a version published before entries had types."""
        return self.content.get("entry_type")

    @cached_property
    def superseded_by(self):
        """The newer review: its title, the editor's note and its address now (found by
        id, as its slug may have changed; empty if it is no longer published); or None."""
        newer = self.content.get("superseded_by")
        if not newer:
            return None
        slug = PublishedVersion.objects.live_slugs([newer["id"]]).get(newer["id"])
        return {**newer, "url": reverse("articles:detail", args=[slug]) if slug else ""}

    @cached_property
    def ratings(self):
        """The ratings, each with `gauge`: one bool per level, filled up to its own."""
        return [
            {**r, "gauge": [n <= r["position"] for n in range(1, r["levels"] + 1)]}
            for r in self.content.get("ratings", [])
        ]

    @cached_property
    def references(self):
        return [
            {**ref, "citation": format_citation(ref), "link": link_for(ref)}
            for ref in self.content["references"]
        ]

    @property
    def original_story(self):
        for ref in self.references:
            if ref["is_original_story"]:
                return ref
        return None

    @cached_property
    def relevant_for(self):
        return self._audience_links(self.content["relevant_for"])

    @cached_property
    def also_relevant_for(self):
        return self._audience_links(self.content["also_relevant_for"])

    @staticmethod
    def _audience_links(audiences):
        """The audiences as the version names them, each linked to its page as it is now
        (found by id): the slug stored at publication may have changed since, and no page
        may link to an address that no longer exists. One since deleted gets no link."""
        if not audiences:
            return []
        slugs = Audience.current_slugs()
        return [
            {
                "name": audience["name"],
                "url": reverse("audience_detail", args=[slugs[audience["id"]]])
                if audience.get("id") in slugs
                else "",
            }
            for audience in audiences
        ]

    @cached_property
    def list_parts(self):
        """The article's fixed lists that have items, in page order: each with its
        `anchor`, `heading`, `item_template` and `items`."""
        return [PageList(part, self.content[part.key]) for part in LIST_PARTS if self.content.get(part.key)]

    @cached_property
    def toc(self):
        entries = [TocEntry(s["anchor"], s["toc_label"] or s["heading"]) for s in self.sections]
        entries += [TocEntry(part.anchor, part.heading) for part in self.list_parts]
        return entries


def live_version(slug):
    """The live version at `slug`, or (None, new slug) when the article has moved."""
    version = PublishedVersion.objects.live().filter(slug=slug).select_related("article").first()
    if version is not None:
        return version, None
    earlier = (
        PublishedVersion.objects.filter(slug=slug, article__live_version__isnull=False)
        .select_related("article__live_version")
        .first()
    )
    if earlier is not None:
        return None, earlier.article.live_version.slug
    raise Http404("No published article at this address.")


def serves_live_version(view_name: str) -> Callable:
    """Decorates a view of the live version at an address: the view is called with the
    PublishedVersion instead of the slug. The old address of a renamed article leads
    permanently to the same view at its new address; an address never published is a 404."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def view_of_live_version(request, slug):
            version, moved_to = live_version(slug)
            if moved_to:
                return redirect(view_name, slug=moved_to, permanent=True)
            return view(request, version)

        return view_of_live_version

    return decorator


def article_context(request, content, *, version=None, glossary_on=True, preview=False):
    """What the article and print templates need; also used by the staff preview."""
    page = ArticlePage(content, glossary=page_glossary() if glossary_on else None)
    history = []
    if version is not None:
        history = list(
            version.article.versions.filter(number__lte=version.number)
            .only("number", "published_at", "change_summary")
            .order_by("number")
        )
    return {
        "page": page,
        "version": version,
        "updates": [v for v in history if v.is_update],
        "disclosure": SiteText.all_texts().get(SiteText.DISCLOSURE, ""),
        "glossary_on": glossary_on,
        "preview": preview,
    }
