"""The snapshot of an article that a published version keeps, and the page built from it.

`snapshot(article)` reads the working copy (sections, lists, citations, audiences) into
plain data; `ArticlePage` turns such data into what templates show. Previews and the
live site use the same two steps, so a preview is exactly what readers will see.
"""

import copy
import datetime
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from html import unescape

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from articles.models import Article, EntryType, PublishedVersion
from articles.ratings import rating_snapshot
from audiences.models import Audience
from references.formatting import format_citation
from references.models import link_for

# 2: the entry type, the ratings and the newer review that supersedes this one. A
# version of format 1 has none of them, and its page shows none (see ArticlePage).
CONTENT_FORMAT = 2


# What snapshot() reads, for prefetch_related when taking many snapshots at once. The
# lists use their models' default order (order, then pk), so a prefetch serves them.
SNAPSHOT_PREFETCH = [
    "sections",
    "doctor_questions",
    "clinical_trials",
    "guidelines",
    "resources",
    "citations__reference",
    "relevant_for",
    "also_relevant_for",
    "ratings__criterion__levels",
    "ratings__level",
]


def snapshot(article):
    """Everything the public page of `article` shows, as JSON-ready data. Reads what a
    caller prefetched (SNAPSHOT_PREFETCH) and the rest afresh, without leaving it cached
    on the caller's instance."""
    article = copy.copy(article)
    article._prefetched_objects_cache = dict(getattr(article, "_prefetched_objects_cache", {}))
    prefetch_related_objects([article], *SNAPSHOT_PREFETCH)
    citations = article.citations.all()
    ratings = list(article.ratings.all())
    return {
        "format": CONTENT_FORMAT,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "posted_on": article.posted_on.isoformat() if article.posted_on else "",
        "entry_type": {"value": article.entry_type, "name": EntryType(article.entry_type).label},
        "ratings": rating_snapshot(ratings),
        "superseded_by": _superseded_by(article),
        "sections": [
            {
                "heading": s.heading,
                "toc_label": s.toc_label,
                "anchor": s.anchor,
                "body": s.body,
            }
            for s in article.sections.all()
        ],
        "doctor_questions": [q.text for q in article.doctor_questions.all()],
        "clinical_trials": [
            {"title": t.title, "registry_id": t.registry_id, "url": t.url}
            for t in article.clinical_trials.all()
        ],
        "guidelines": [
            {"issuing_body": g.issuing_body, "title": g.title, "url": g.url} for g in article.guidelines.all()
        ],
        "resources": [
            {"title": r.title, "url": r.url, "description": r.description} for r in article.resources.all()
        ],
        "references": [
            {**c.reference.as_snapshot(), "is_original_story": c.is_original_story} for c in citations
        ],
        "relevant_for": _audiences(article.relevant_for.all()),
        "also_relevant_for": _audiences(article.also_relevant_for.all()),
    }


def _superseded_by(article):
    """The newer review, named as readers see it now, or {} when there is none."""
    if not article.superseded_by_id:
        return {}
    newer = Article.objects.filter(pk=article.superseded_by_id).select_related("live_version").first()
    if newer is None:
        return {}
    title = newer.live_version.title if newer.live_version else newer.title
    return {"id": newer.pk, "title": title, "note": article.superseded_note}


def _audiences(audiences):
    return [{"id": a.pk, "name": a.name, "slug": a.slug} for a in sorted(audiences, key=lambda a: a.name)]


def fingerprint(content):
    """A stable hash of a snapshot: equal content, equal fingerprint."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def in_current_format(content):
    """`content` as a snapshot of the current format would hold it. Format 1 predates
    entry types, ratings and the superseded mark: every entry then was an article
    review, with no ratings, superseded by nothing."""
    if content.get("format", 1) >= CONTENT_FORMAT:
        return content
    return {
        "entry_type": {"value": EntryType.ARTICLE_REVIEW, "name": EntryType.ARTICLE_REVIEW.label},
        "ratings": [],
        "superseded_by": {},
        **content,
        "format": CONTENT_FORMAT,
    }


def is_live_content(version, content):
    """Whether the draft snapshot `content` is what `version` was approved and published
    as. A version of an earlier format is compared as the current format reads it, so
    that a new format alone never makes every live article look changed."""
    draft = fingerprint(content)
    if version.fingerprint == draft:
        return True
    return (
        version.content.get("format", 1) < CONTENT_FORMAT
        and fingerprint(in_current_format(version.content)) == draft
    )


def plain_text(content):
    """The words of every section, for search."""
    return "\n".join(f"{s['heading']}\n{unescape(strip_tags(s['body']))}" for s in content["sections"])


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
    def toc(self):
        entries = [TocEntry(s["anchor"], s["toc_label"] or s["heading"]) for s in self.sections]
        for key, anchor, label in [
            ("doctor_questions", "questions", "Questions to ask your doctor"),
            ("clinical_trials", "trials", "Clinical trials"),
            ("guidelines", "guidelines", "Guidelines"),
            ("resources", "resources", "Resources"),
        ]:
            if self.content[key]:
                entries.append(TocEntry(anchor, label))
        return entries
