"""The weighted text each published version is found by: title (A), summary (B) and
body (C), stemmed in the version's own language. PostgreSQL keeps it in a stored
generated column with a GIN index, so a search reads the index instead of building
every article's vector.

A second, small vector of the title and summary alone ranks the matches. It stays in
the row itself (a few hundred bytes), while the full vector of a long text is stored
apart and compressed: ranking every match of a word most articles contain then reads
a few pages instead of unpacking ten thousand long vectors.

Each language has its text search configuration (`SEARCH_CONFIGS`): English versions
are stemmed as English, as they always were; Spanish versions by `xrays_spanish`, a
copy of PostgreSQL's `spanish` that first folds accents (the `unaccent` dictionary),
so that "metastasis" typed without its accent finds "metástasis", and back. The
column picks the configuration with a CASE on the version's language: each branch
names its configuration as a constant, so the expression stays immutable, as a
generated column must be. A search asks each language's versions in that language's
configuration (articles/public/search.py), so the index serves both."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Case, Func, Index, When

SEARCH_CONFIG = "english"
SPANISH_CONFIG = "xrays_spanish"
# The configuration of each language's versions; a language not named here is
# searched as English (the source language).
SEARCH_CONFIGS = {"en": SEARCH_CONFIG, "es": SPANISH_CONFIG}
SEARCH_INDEX_NAME = "version_search_document_gin"


def search_config(language):
    """The text search configuration of `language`'s versions (and of queries for them)."""
    return SEARCH_CONFIGS.get(language, SEARCH_CONFIG)


class OnPostgreSQL(Func):
    """The wrapped expression on PostgreSQL and NULL elsewhere: SQLite has no text
    vectors, and searches there match words in the text columns instead."""

    template = "%(expressions)s"
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", ()
        return super().as_sql(compiler, connection, **extra_context)


def _in_its_language(vector):
    """`vector(config)` made with the configuration of each row's language."""
    return OnPostgreSQL(
        Case(
            *(
                When(language=code, then=vector(config))
                for code, config in SEARCH_CONFIGS.items()
                if config != SEARCH_CONFIG
            ),
            default=vector(SEARCH_CONFIG),
            output_field=SearchVectorField(),
        )
    )


def weighted_document():
    return _in_its_language(
        lambda config: (
            SearchVector("title", weight="A", config=config)
            + SearchVector("summary", weight="B", config=config)
            + SearchVector("body_text", weight="C", config=config)
        )
    )


def weighted_heading():
    return _in_its_language(
        lambda config: (
            SearchVector("title", weight="A", config=config)
            + SearchVector("summary", weight="B", config=config)
        )
    )


def make_spanish_config(connection):
    """The `xrays_spanish` configuration: PostgreSQL's `spanish`, with accents folded
    before stemming (migration 0014). Words of plain ASCII have no accent to fold and
    keep spanish's own mapping. Needs the `unaccent` extension (made by the same
    migration). Does nothing elsewhere than PostgreSQL."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SPANISH_CONFIG}")
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {SPANISH_CONFIG} (COPY = pg_catalog.spanish)")
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {SPANISH_CONFIG} "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem"
        )


def drop_spanish_config(connection):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SPANISH_CONFIG}")


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


# SQLite: an FTS5 table over the same three columns, kept in step with the versions
# table by triggers, as PostgreSQL keeps its generated columns: every insert, update or
# delete, by publication, a data migration or a fixture, reaches the index. It keeps
# no copy of the text (its content is the versions table). The porter tokenizer stems
# English words ("travellers" and "travelers" are both "travel", plurals their
# singular). unicode61 with remove_diacritics folds accents, in every language:
# "metastasis" finds "metástasis". SQLite has no Spanish stemmer: Spanish versions are
# in the same table, their words folded but stemmed by porter's English rules, which
# take off a plural's final -s or -es ("tumores" and "tumor" meet) and little more.
FTS_TABLE = "articles_version_search"
VERSIONS_TABLE = "articles_publishedversion"
FTS_COLUMNS = ("title", "summary", "body_text")
_COLUMNS = ", ".join(FTS_COLUMNS)
_NEW = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
_FORGET_OLD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});"
_ADD_NEW = f"INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});"
FTS_TRIGGERS = {
    f"{FTS_TABLE}_insert": f"AFTER INSERT ON {VERSIONS_TABLE} BEGIN {_ADD_NEW} END",
    f"{FTS_TABLE}_delete": f"AFTER DELETE ON {VERSIONS_TABLE} BEGIN {_FORGET_OLD} END",
    f"{FTS_TABLE}_update": (
        f"AFTER UPDATE OF {_COLUMNS} ON {VERSIONS_TABLE} BEGIN {_FORGET_OLD} {_ADD_NEW} END"
    ),
}


def make_sqlite_index(connection):
    """Make the FTS5 table and its triggers and index every version (the migration
    that brings them). Does nothing on PostgreSQL."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({_COLUMNS}, "
            f"content='{VERSIONS_TABLE}', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
    restore_sqlite_triggers(connection, rebuild=True)


def restore_sqlite_triggers(connection, rebuild=False):
    """Make any missing trigger and then index every version again; nothing where the
    FTS5 table is not (PostgreSQL, or the migration not applied).

    Runs after every `migrate` too (apps.py): SQLite cannot alter most columns in
    place, so Django remakes a table it alters and drops the old one, and its triggers
    with it. Without this a later migration of PublishedVersion would leave search
    blind to every new publication."""
    if connection.vendor != "sqlite" or FTS_TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [VERSIONS_TABLE]
        )
        present = {name for (name,) in cursor.fetchall()}
        for name, body in FTS_TRIGGERS.items():
            if name not in present:
                cursor.execute(f"CREATE TRIGGER {name} {body}")
                rebuild = True
        if rebuild:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def restore_after_migrate(using, **kwargs):
    """post_migrate receiver (ArticlesConfig.ready)."""
    from django.db import connections

    restore_sqlite_triggers(connections[using])


def drop_sqlite_index(connection):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in FTS_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
