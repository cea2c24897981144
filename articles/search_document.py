"""The weighted text each published version is found by: title (A), summary (B) and
body (C), stemmed as English. PostgreSQL keeps it in a stored generated column with a
GIN index, so a search reads the index instead of building every article's vector.

A second, small vector of the title and summary alone ranks the matches. It stays in
the row itself (a few hundred bytes), while the full vector of a long text is stored
apart and compressed: ranking every match of a word most articles contain then reads
a few pages instead of unpacking ten thousand long vectors."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db.models import Func, Index

SEARCH_CONFIG = "english"
SEARCH_INDEX_NAME = "version_search_document_gin"


class OnPostgreSQL(Func):
    """The wrapped expression on PostgreSQL and NULL elsewhere: SQLite has no text
    vectors, and searches there match words in the text columns instead."""

    template = "%(expressions)s"
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", ()
        return super().as_sql(compiler, connection, **extra_context)


def weighted_document():
    return OnPostgreSQL(
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body_text", weight="C", config=SEARCH_CONFIG)
    )


def weighted_heading():
    return OnPostgreSQL(
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
    )


class SearchDocumentIndex(GinIndex):
    """The GIN index on PostgreSQL, written to as each version is published (no pending
    list: publications are rare, searches many, and a search then never scans unsorted
    entries). Elsewhere the column is always NULL and this is a plain index, since
    SQLite knows neither GIN nor its options."""

    def __init__(self, *expressions, **kwargs):
        kwargs.setdefault("fastupdate", False)
        super().__init__(*expressions, **kwargs)

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Index.create_sql(self, model, schema_editor, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)
