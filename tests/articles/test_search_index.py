"""Search reads a stored, indexed text vector on PostgreSQL; what readers find stays the
same on every database."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.public.search import search_published
from articles.search_document import SEARCH_INDEX_NAME
from tests import factories

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")


def article_with(publish, title, summary, body):
    article = factories.ArticleFactory(title=title, summary=summary)
    factories.SectionFactory(article=article, heading="Findings", body=f"<p>{body}</p>")
    publish(article)
    return article


def titles(response):
    return [v.title for v in response.context["page_obj"]]


@postgresql_only
def test_search_finds_matches_through_the_index_without_building_vectors(publish):
    article_with(publish, "Metastasis in breast cancer", "A study in mice.", "Cells travel.")
    article_with(publish, "Diet and exercise", "Walking helps.", "Nothing about spread.")
    assert_found_through_the_index(search_published("metastasis"))


@postgresql_only
def test_a_word_with_two_spellings_is_found_through_the_index_too(publish):
    article_with(publish, "Tumour size", "A study in mice.", "Cells travel.")
    assert_found_through_the_index(search_published("tumor -mice or travellers"))


def assert_found_through_the_index(results):
    with transaction.atomic():
        with connection.cursor() as cursor:
            # On a table this small a sequential scan is cheaper; forbid it to see
            # whether the query can use the index at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = results.explain(verbose=True)
    assert f"Bitmap Index Scan on {SEARCH_INDEX_NAME}" in plan
    assert "to_tsvector" not in plan


def test_a_title_match_ranks_above_many_matches_in_the_body(client, publish):
    article_with(publish, "Radiation, explained", "What it is.", "Radiation. " * 3 + "Nothing more.")
    article_with(publish, "Living with treatment", "Practical advice.", "chemotherapy " * 12)
    article_with(publish, "Chemotherapy at home", "A short guide.", "Nurses visit.")
    assert titles(client.get("/search/", {"q": "chemotherapy"})) == [
        "Chemotherapy at home",
        "Living with treatment",
    ]


def test_summary_matches_come_next_then_the_newest_of_the_rest(client, publish):
    article_with(publish, "Older review", "Diet.", "Lymphoma is mentioned here. " * 5)
    article_with(publish, "Newer review", "Exercise.", "Lymphoma is mentioned once.")
    article_with(publish, "Blood cancers", "Lymphoma and leukaemia.", "Nothing more.")
    article_with(publish, "Lymphoma, explained", "What it is.", "Nothing more.")
    assert titles(client.get("/search/", {"q": "lymphoma"})) == [
        "Lymphoma, explained",
        "Blood cancers",
        "Newer review",
        "Older review",
    ]


def test_a_new_publication_is_found_by_its_new_words_at_once(client, publish):
    article = article_with(publish, "Screening news", "About mammograms.", "Early detection.")
    assert titles(client.get("/search/", {"q": "mammograms"})) == ["Screening news"]

    article.refresh_from_db()
    article.title = "Screening and tomosynthesis"
    article.summary = "About three-dimensional imaging."
    article.save()
    publish(article, change_summary="New technique.")

    assert titles(client.get("/search/", {"q": "tomosynthesis"})) == ["Screening and tomosynthesis"]
    # The earlier version is no longer live: its words find nothing.
    assert titles(client.get("/search/", {"q": "mammograms"})) == []


def test_pages_other_than_search_never_load_the_text_vector(client, publish):
    article = article_with(publish, "Metastasis in breast cancer", "A study in mice.", "Cells travel.")
    with CaptureQueriesContext(connection) as queries:
        for url in ["/", f"/articles/{article.slug}/", "/feeds/articles/", "/sitemap.xml"]:
            assert client.get(url).status_code == 200
    vectors = ("search_document", "search_heading")
    assert not [q["sql"] for q in queries if any(column in q["sql"] for column in vectors)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table and its triggers are SQLite's")
def test_search_on_sqlite_keeps_up_after_a_migration_loses_the_index_triggers(client, publish):
    from django.core.management import call_command

    from articles.search_document import FTS_TRIGGERS

    article_with(publish, "Screening news", "About mammograms.", "Early detection.")
    # What Django does when a migration alters the versions table on SQLite: it makes a
    # new table and drops the old one, and the triggers go with it.
    with connection.cursor() as cursor:
        for name in FTS_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    call_command("migrate", verbosity=0)
    article_with(publish, "Tomosynthesis, explained", "Three-dimensional imaging.", "Fewer recalls.")
    assert titles(client.get("/search/", {"q": "tomosynthesis"})) == ["Tomosynthesis, explained"]
    assert titles(client.get("/search/", {"q": "mammogram"})) == ["Screening news"]
