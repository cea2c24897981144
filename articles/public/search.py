"""Search over published articles: ranked full-text search, the title weighing most,
then the summary, then the body, on PostgreSQL and on SQLite alike.

The reader's words are read once, here, into terms (`parse`): a word, a "quoted
phrase", a -word to leave out, and "or" between two terms. Each word is expanded to
its other spellings (articles/spellings.py: tumour or tumor) and the database is asked
for any of them; its stemmer does the rest (plurals, travellers/travelers). Nothing
the reader types reaches the database as syntax: each word goes in quoted (SQLite's
MATCH) or as a plain query (PostgreSQL's plainto_tsquery), so FTS5 operators, quotes
and stray punctuation are only ever words or nothing.

PostgreSQL keeps each version's weighted vector (`search_document`, see
articles/search_document.py) GIN-indexed: a query finds its matches in the index,
never building a vector from the text, and ranks them by the small stored vector of
title and summary (`search_heading`): title matches first, then summary matches, then
the newest. SQLite keeps an FTS5 table (same module) and ranks the same way: each
term found in the title counts 3, in the summary 2, then the newest. Snippets are made
for the page shown only.

Readers search what their language's pages offer them
(`PublishedVersion.objects.for_readers_of`): on /es/search/ the Spanish versions and
the English ones not yet translated. On PostgreSQL each language's versions are asked
in that language's configuration (articles/search_document.py), since a word is
stemmed differently in each: Spanish versions with the reader's words as typed (the
configuration folds accents), English ones with their other spellings, and without
their accents too, so "metástasis" also finds an English "metastasis". The spellings
are English only."""

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from html import escape
from operator import and_, or_

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.safestring import mark_safe

from articles.models import PublishedVersion
from articles.public.facets import CountedPaginator, count_facets
from articles.search_document import FTS_TABLE, search_config
from articles.spellings import variants

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPET_WORDS = 30

# A quoted phrase (its closing quote optional), or anything else up to a space.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Control characters (a NUL byte) separate words like a space.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Letters and digits only: punctuation, FTS5 operators and underscores separate words.
_WORD = re.compile(r"[^\W_]+")


def fold(text):
    """`text` without its accents, one character for each: "metástasis" is
    "metastasis". Positions in the folded text are positions in `text`."""
    if text.isascii():
        return text
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text)


def readers_language(language=None):
    """`language`, or the active one, as a code of settings.LANGUAGES."""
    try:
        return translation.get_supported_language_variant(
            language or translation.get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        return settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Term:
    """A word, or the words of a phrase that must stand together."""

    words: tuple

    def spellings(self):
        """The term as written, then in its other spellings. A phrase is written
        once more with every word in its other spelling ("primary tumour" and
        "primary tumor"), not multiplied out word by word."""
        if len(self.words) == 1:
            return [(v,) for v in variants(self.words[0])]
        other = tuple((variants(w) + [w])[1] for w in self.words)
        return list(dict.fromkeys([self.words, other]))

    def forms_in(self, language):
        """What to ask of `language`'s versions: English ones the spellings, each
        also without its accents (the English configuration keeps them); others the
        term as written, their configuration folding accents itself."""
        if language != settings.LANGUAGE_CODE:
            return [self.words]
        spellings = self.spellings()
        return list(dict.fromkeys(spellings + [tuple(fold(w) for w in s) for s in spellings]))


@dataclass
class ParsedQuery:
    groups: list = field(default_factory=list)  # each a list of Terms, any of which may match
    excluded: list = field(default_factory=list)  # Terms no result may hold

    def __bool__(self):
        return bool(self.groups or self.excluded)

    def marked_words(self):
        """Every spelling of every word sought, for the snippets' marks."""
        return list(
            dict.fromkeys(w for group in self.groups for t in group for s in t.spellings() for w in s)
        )


def parse(query):
    """The terms of `query` as a reader means them (the subset of PostgreSQL's
    websearch syntax that readers use: words, "phrases", -word, or)."""
    parsed, join_next, count = ParsedQuery(), False, 0
    for negated, phrase, bare in _TOKEN.findall(_CONTROL.sub(" ", query[:MAX_QUERY_LENGTH].lower())):
        if bare == "or":
            join_next = bool(parsed.groups)
            continue
        if bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        words = tuple(_WORD.findall(phrase or bare))
        if not words or (len(words) == 1 and len(words[0]) < 2) or count >= MAX_TERMS:
            continue
        count += 1
        term = Term(words)
        if negated:
            parsed.excluded.append(term)
        elif join_next:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        join_next = False
    return parsed


def offered(language=None):
    """The live versions readers of `language` (the active one by default) search."""
    return PublishedVersion.objects.live().for_readers_of(readers_language(language))


def search_published(query, language=None):
    """Live versions offered to readers of `language` (the active one by default)
    matching `query`, best first."""
    parsed = parse(query.strip())
    language = readers_language(language)
    versions = offered(language)
    if not parsed:
        return versions.none()
    if connection.vendor == "postgresql":
        return _on_postgresql(versions, parsed, language)
    return _on_sqlite(versions, parsed)


def _tsquery(parsed, language):
    """`parsed` as a text query over `language`'s versions, in its configuration."""
    config = search_config(language)

    def forms(term):
        return [
            SearchQuery(" ".join(s), search_type="phrase" if len(s) > 1 else "plain", config=config)
            for s in term.forms_in(language)
        ]

    parts = [reduce(or_, (q for term in group for q in forms(term))) for group in parsed.groups]
    # A term left out is left out in every form: NOT (a OR b) as (NOT a) AND (NOT b),
    # since Django negates a single text query, not a combination of them.
    parts += [~q for term in parsed.excluded for q in forms(term)]
    return reduce(and_, parts)


def _on_postgresql(versions, parsed, language):
    # A version's language is asked through lower(): the same value, but one the
    # language's own index cannot serve. The planner, blind to the cost of unpacking
    # the stored vectors, would otherwise take that index for a word most articles
    # hold and test every vector, up to three times slower than the text index
    # (bench/search.py). So English readers' versions are the live ones in English
    # said that way, rather than through for_readers_of's language filter.
    if language == settings.LANGUAGE_CODE:
        search_query = _tsquery(parsed, language)
        return (
            PublishedVersion.objects.live()
            .alias(language_searched=Lower("language"))
            .filter(language_searched=language, search_document=search_query)
            .annotate(rank=SearchRank(F("search_heading"), search_query))
            .order_by("-rank", "-published_at")
        )
    # The readers' own versions and the English ones they are offered, each language
    # asked in its configuration: the text index answers each half (a BitmapOr).
    versions = versions.alias(language_searched=Lower("language"))
    matches, ranks = Q(), []
    for code in dict.fromkeys([language, settings.LANGUAGE_CODE]):
        search_query = _tsquery(parsed, code)
        matches |= Q(language_searched=code, search_document=search_query)
        ranks.append(When(language_searched=code, then=SearchRank(F("search_heading"), search_query)))
    rank = Case(*ranks, default=Value(0.0), output_field=FloatField())
    return versions.filter(matches).annotate(rank=rank).order_by("-rank", "-published_at")


def _fts_term(term):
    # Each spelling a quoted FTS5 string: whatever it holds is words, never syntax.
    return " OR ".join('"' + " ".join(s).replace('"', '""') + '"' for s in term.spellings())


def _fts_matches(expression):
    return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])


def _on_sqlite(versions, parsed):
    groups = ["(" + " OR ".join(map(_fts_term, group)) + ")" for group in parsed.groups]
    if groups:
        versions = versions.filter(pk__in=_fts_matches(" AND ".join(groups)))
    if parsed.excluded:
        versions = versions.exclude(pk__in=_fts_matches(" OR ".join(map(_fts_term, parsed.excluded))))
    score = Value(0)
    for group in groups:
        for column, points in (("title", 3), ("summary", 2)):
            score = score + Case(
                When(pk__in=_fts_matches(f"{{{column}}} : {group}"), then=Value(points)),
                default=Value(0),
                output_field=IntegerField(),
            )
    return versions.annotate(rank=score).order_by("-rank", "-published_at")


def count_matches(query, language=None):
    """How many live versions `query` finds with no filter: what a reader whose filters
    left nothing is told."""
    return search_published(query, language).count()


def search_page(query, number, per_page, filters=None, language=None, facets=False):
    """One page of results for `query`, each version with its `snippet`; `filters`
    (articles.public.filters.ListingFilters) narrow them to audiences, types of entry,
    rating levels or dates. With no words, the newest articles the filters let through.
    Readers of `language` (the active one by default) search what they are offered.
    With `facets`, the page's `facets` are the filter form's values with how many of
    the results each would give (articles.public.facets), counted in the same query
    as the results."""
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
        if query.strip():
            versions = search_published(query, language)
        else:
            versions = offered(language).order_by("-posted_on", "-published_at")
        counted = count_facets(versions, filters) if facets and filters is not None else None
        if filters is not None:
            versions = filters.apply(versions)
        versions = versions.prefetch_related("relevant_for", "also_relevant_for")
        if counted is not None:
            page = CountedPaginator(versions, per_page, counted.total).get_page(number)
        else:
            page = Paginator(versions, per_page).get_page(number)
        page.object_list = list(page.object_list)
        page.facets = counted
    for version in page.object_list if query.strip() else ():
        version.snippet = snippet(version.body_text or version.summary, query)
    return page


def snippet(text, query):
    """A short, escaped excerpt of `text` around the first word sought, every
    spelling of each word marked."""
    words = parse(query).marked_words()
    # "metastatic" finds "metastasis" as the stemmers do; "tumour" marks "tumor" too.
    # Accents are left out on both sides: "metastasis" marks "metástasis".
    stems = list(dict.fromkeys(fold(w[:5]) for w in words))
    # One pass of a regular expression finds the first word that holds a stem, in long
    # texts too, instead of testing each word in turn.
    pattern = re.compile("|".join(re.escape(s) for s in stems), re.I) if stems else None
    found = pattern.search(fold(text)) if pattern else None
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
    for match in marks.finditer(fold(excerpt)) if marks else ():
        pieces.append(escape(excerpt[position : match.start()]))
        pieces.append(f"<mark>{escape(excerpt[match.start() : match.end()])}</mark>")
        position = match.end()
    pieces.append(escape(excerpt[position:]))
    html = "".join(pieces)
    prefix = "… " if start > 0 else ""
    suffix = " …" if len(tokens) > start + SNIPPET_WORDS else ""
    return mark_safe(prefix + html + suffix)
