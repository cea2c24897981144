"""The snapshot of an article that a published version keeps: everything its public
page shows, as plain JSON-ready data, with a fingerprint that approvals are tied to.

`snapshot(article)` reads the working copy (sections, lists, citations, audiences);
`articles.page.ArticlePage` turns such data into what templates show. Previews and the
live site use the same two steps, so a preview is exactly what readers will see.

A translation's snapshot holds its own words, and takes what it shares with its English
source (entry type, ratings, references, audiences, the superseded mark) from the
source's live version: what the reviewers approved in English. It names the English
version it was made from, so that its approval is tied to that version too.
"""

import copy
import hashlib
import json

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import translation

from articles.models import LIST_PARTS, Article, EntryType, PublishedVersion
from articles.models.ratings import rating_snapshot

# 2: the entry type, the ratings and the newer review that supersedes this one. A
# version of format 1 has none of them, and its page shows none (see ArticlePage).
# 3: the language, and for a translation (only) the English version it was made from
# ("translated_from": {"number", "published_at"}). Every version before 3 was English.
CONTENT_FORMAT = 3

# What a translation shows of its English source's live version, not of its own rows.
SHARED_WITH_SOURCE = (
    "entry_type",
    "ratings",
    "superseded_by",
    "references",
    "relevant_for",
    "also_relevant_for",
)


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
    content = {
        "format": CONTENT_FORMAT,
        "language": article.language,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "posted_on": article.posted_on.isoformat() if article.posted_on else "",
        "entry_type": {"value": article.entry_type, "name": english_label(article.entry_type)},
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
    if article.translation_of_id:
        content.update(_from_source(article))
    return content


def english_label(entry_type: str) -> str:
    """The English name of an entry type, whatever language is active: a snapshot is
    the same data (and fingerprint) whichever page or admin screen takes it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(EntryType(entry_type).label)


def _from_source(article):
    """What the translation `article` shares with its English source, from the
    source's live version (or, while the source is not published, the version the
    translation was made from; the workflow refuses to review or publish it then), and
    the English version it was made from."""
    versions = PublishedVersion.objects.only("number", "published_at", "content")
    live = versions.filter(live_for=article.translation_of_id).first()
    made_from = versions.filter(pk=article.translated_from_id).first() if article.translated_from_id else None
    shared_from = live or made_from
    shared = in_current_format(shared_from.content) if shared_from else {}
    return {
        **{key: shared[key] for key in SHARED_WITH_SOURCE if key in shared},
        "translated_from": (
            {"number": made_from.number, "published_at": made_from.published_at.isoformat()}
            if made_from
            else {}
        ),
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
    review, with no ratings, superseded by nothing. Formats 1 and 2 predate
    translations: every version then was English."""
    if content.get("format", 1) >= CONTENT_FORMAT:
        return content
    return {
        "entry_type": {"value": EntryType.ARTICLE_REVIEW, "name": english_label(EntryType.ARTICLE_REVIEW)},
        "ratings": [],
        "superseded_by": {},
        "language": settings.LANGUAGE_CODE,
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
