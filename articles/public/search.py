"""Search over published articles: ranked full-text search on PostgreSQL (title
weighs most, then summary, then body), a simpler word match elsewhere (SQLite).

On PostgreSQL each version's weighted vector is stored (`search_document`, see
articles/search_document.py) and GIN-indexed: a query finds its matches in the index,
never building a vector from the text, and ranks them by the small stored vector of
title and summary (`search_heading`): title matches first, then summary matches, then
the newest. Snippets are made for the page shown only. The word match on SQLite reads
the text of every live version: fine for development and small sites, not for a large
archive."""

import contextlib
import re
from html import escape

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.safestring import mark_safe

from articles.models import PublishedVersion
from articles.search_document import SEARCH_CONFIG

MAX_QUERY_LENGTH = 200
SNIPPET_WORDS = 30


def query_words(query):
    return [w for w in re.findall(r"[\w+-]+", query.lower()) if len(w) > 1][:10]


def search_published(query):
    """Live versions matching `query`, best first."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    versions = PublishedVersion.objects.live()
    if not query_words(query):
        return versions.none()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            versions.filter(search_document=search_query)
            .annotate(rank=SearchRank(F("search_heading"), search_query))
            .order_by("-rank", "-published_at")
        )
    score = Value(0)
    for word in query_words(query):
        versions = versions.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body_text__icontains=word)
        )
        score = (
            score
            + Case(When(title__icontains=word, then=Value(3)), default=Value(0), output_field=IntegerField())
            + Case(
                When(summary__icontains=word, then=Value(2)), default=Value(0), output_field=IntegerField()
            )
            + Case(
                When(body_text__icontains=word, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
    return versions.annotate(rank=score).order_by("-rank", "-published_at")


def search_page(query, number, per_page, filters=None):
    """One page of results for `query`, each version with its `snippet`; `filters`
    (articles.filters.ListingFilters) narrow them to a type of entry or rating levels."""
    # On SQLite a transaction would take the database's write lock (the project uses
    # IMMEDIATE transactions there), queueing every search behind the others.
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic() if postgresql else contextlib.nullcontext():
        if postgresql:
            # The planner does not count the cost of unpacking the stored vectors (kept
            # apart from the row, compressed): for a word most articles contain it
            # would read every one of them in a sequential scan, ten times slower than
            # the index. Only this transaction is told to prefer the index.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        # The result cards show audiences.
        versions = search_published(query)
        if filters is not None:
            versions = filters.apply(versions)
        versions = versions.prefetch_related("relevant_for", "also_relevant_for")
        page = Paginator(versions, per_page).get_page(number)
        page.object_list = list(page.object_list)
    for version in page.object_list:
        version.snippet = snippet(version.body_text or version.summary, query)
    return page


def snippet(text, query):
    """A short, escaped excerpt of `text` around the first query word, words marked."""
    words = query_words(query)
    stems = [w[:5] for w in words]  # "metastatic" finds "metastasis" as PostgreSQL's stemmer does
    # One pass of a regular expression finds the first word that holds a stem, in long
    # texts too, instead of testing each word in turn.
    pattern = re.compile("|".join(re.escape(s) for s in stems), re.I) if stems else None
    found = pattern.search(text) if pattern else None
    before = text[: found.start()].split() if found else []
    # The word holding the match starts a word early when the match is inside it.
    inside = found is not None and found.start() > 0 and not text[found.start() - 1].isspace()
    start = max(0, len(before) - inside - 8)
    tokens = text.split(None, start + SNIPPET_WORDS)
    if not tokens:
        return ""
    excerpt = " ".join(tokens[start : start + SNIPPET_WORDS])
    # Find the words in the plain text, then escape each piece: a mark never lands
    # inside an escaped character.
    marks = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")[\w-]*", re.I) if stems else None
    pieces, position = [], 0
    for match in marks.finditer(excerpt) if marks else ():
        pieces.append(escape(excerpt[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(excerpt[position:]))
    html = "".join(pieces)
    prefix = "… " if start > 0 else ""
    suffix = " …" if len(tokens) > start + SNIPPET_WORDS else ""
    return mark_safe(prefix + html + suffix)
