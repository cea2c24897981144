"""The snapshot of an article that a published version keeps: everything its public
page shows, as plain JSON-ready data, with a fingerprint that approvals are tied to.

`snapshot(article)` reads the working copy (sections, lists, citations, audiences);
`articles.page.ArticlePage` turns such data into what templates show. Previews and the
live site use the same two steps, so a preview is exactly what readers will see.
"""

import copy
import hashlib
import json

from django.db.models import prefetch_related_objects

from articles.models import LIST_PARTS, Article, EntryType
from articles.models.ratings import rating_snapshot

# 2: the entry type, the ratings and the newer review that supersedes this one. A
# version of format 1 has none of them, and its page shows none (see ArticlePage).
CONTENT_FORMAT = 2


# What snapshot() reads, for prefetch_related when taking many snapshots at once. The
# lists use their models' default order (order, then pk), so a prefetch serves them.
SNAPSHOT_PREFETCH = [
    "sections",
    *(part.key for part in LIST_PARTS),
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
        **{part.key: part.snapshot(getattr(article, part.key).all()) for part in LIST_PARTS},
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
