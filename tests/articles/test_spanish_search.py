"""Spanish readers search at /es/search/: Spanish versions in Spanish (PostgreSQL's
Spanish stemming, accents folded on both databases), English versions not yet
translated as English; English readers never meet a Spanish version."""

import pytest
from django.db import connection, transaction

from articles.public.search import search_published, snippet
from articles.search_document import SEARCH_INDEX_NAME
from tests import factories

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Spanish stemming is PostgreSQL's"
)

ENGLISH_TITLE = "Metastasis in breast cancer"
SPANISH_TITLE = "La metástasis del cáncer de mama"


def english_article(publish, title, body, audience=None, **fields):
    article = factories.ArticleFactory(title=title, **fields)
    factories.SectionFactory(article=article, heading="Findings", body=f"<p>{body}</p>")
    if audience is not None:
        article.relevant_for.add(audience)
    publish(article)
    article.refresh_from_db()
    return article


def spanish_article(publish, source, title, summary, body):
    translation = factories.spanish_translation(source, title=title, summary=summary)
    section = translation.sections.first()
    section.body = f"<p>{body}</p>"
    section.save()
    publish(translation)
    translation.refresh_from_db()
    return translation


@pytest.fixture
def metastasis(publish):
    """An English review of metastasis and its published Spanish translation."""
    source = english_article(
        publish,
        ENGLISH_TITLE,
        "Cancer cells can spread early. The mammogram found it.",
        audience=factories.AudienceFactory(name="Breast cancer survivors", slug="survivors"),
    )
    spanish_article(
        publish,
        source,
        SPANISH_TITLE,
        "Un estudio sobre cómo se disemina el cáncer.",
        "Las células del tumor pueden diseminarse pronto. Las mamografías lo encontraron.",
    )
    return source


def titles(response):
    assert response.status_code == 200
    return [v.title for v in response.context["page_obj"]]


@pytest.mark.parametrize("words", ["metástasis", "metastasis", "METÁSTASIS"])
def test_a_spanish_reader_finds_the_spanish_article_with_or_without_the_accent(client, metastasis, words):
    assert titles(client.get("/es/search/", {"q": words})) == [SPANISH_TITLE]


def test_a_spanish_reader_is_not_offered_the_english_article_already_in_spanish(client, metastasis):
    # "spread" is in the English text only; the Spanish readers' offer is the translation.
    assert titles(client.get("/es/search/", {"q": "spread"})) == []


def test_the_english_search_never_returns_the_spanish_version(client, metastasis):
    assert titles(client.get("/search/", {"q": "metastasis"})) == [ENGLISH_TITLE]
    assert titles(client.get("/search/", {"q": "diseminarse"})) == []
    assert search_published("mamografías", "en").count() == 0


def test_an_english_reader_who_types_an_accent_still_finds_the_english_word(client, metastasis):
    assert titles(client.get("/search/", {"q": "metástasis"})) == [ENGLISH_TITLE]


def test_a_spanish_reader_finds_an_english_article_not_yet_translated(client, metastasis, publish):
    english_article(publish, "Exercise after treatment", "Walking helps after chemotherapy.")
    assert titles(client.get("/es/search/", {"q": "exercise"})) == ["Exercise after treatment"]
    # Typed with a Spanish accent, the English word is still found.
    assert titles(client.get("/es/search/", {"q": "chemotherapý"})) == ["Exercise after treatment"]


def test_a_spanish_readers_words_find_both_languages_they_are_offered(client, metastasis, publish):
    english_article(publish, "Tumor markers in the blood", "What a tumor marker can tell.")
    assert sorted(titles(client.get("/es/search/", {"q": "tumor"}))) == [
        SPANISH_TITLE,
        "Tumor markers in the blood",
    ]


def test_the_spanish_search_filters_by_audience(client, metastasis, publish):
    other = factories.AudienceFactory(name="Men with BRCA", slug="men")
    english_article(publish, "Metastasis in men", "Metastasis is rare in men.", audience=other)
    found = titles(client.get("/es/search/", {"q": "metástasis"}))
    assert sorted(found) == [SPANISH_TITLE, "Metastasis in men"]
    assert titles(client.get("/es/search/", {"q": "metástasis", "audience": "survivors"})) == [SPANISH_TITLE]
    assert titles(client.get("/es/search/", {"q": "metástasis", "audience": "men"})) == ["Metastasis in men"]


def test_filters_alone_list_what_spanish_readers_are_offered(client, metastasis):
    assert titles(client.get("/es/search/", {"audience": "survivors"})) == [SPANISH_TITLE]
    assert titles(client.get("/search/", {"audience": "survivors"})) == [ENGLISH_TITLE]


def test_the_snippet_marks_the_accented_word_a_reader_typed_without_it(client, metastasis):
    response = client.get("/es/search/", {"q": "diseminarse"})
    assert "<mark>diseminarse</mark>" in response.content.decode()
    marked = snippet("Las células del tumor causan metástasis.", "metastasis celulas")
    assert marked == "Las <mark>células</mark> del tumor causan <mark>metástasis</mark>."


@pytest.mark.parametrize("words", ["metástasis\x00", "á" * 20_000, '"metástasis', "-metástasis or"])
def test_odd_words_on_the_spanish_search_get_a_page_never_an_error(client, metastasis, words):
    response = client.get("/es/search/", {"q": words})
    assert response.status_code in (200, 400)


@postgresql_only
@pytest.mark.parametrize("words", ["mamografía", "mamografia", "mamografías"])
def test_an_accent_inside_a_spanish_word_does_not_hide_it_on_postgresql(client, metastasis, words):
    # PostgreSQL's own "spanish" stems "mamografía" and "mamografia" apart; ours folds first.
    assert titles(client.get("/es/search/", {"q": words})) == [SPANISH_TITLE]


@postgresql_only
@pytest.mark.parametrize("words", ["tumores", "células", "celula", "diseminar"])
def test_a_spanish_word_finds_its_plural_and_singular_on_postgresql(client, metastasis, words):
    # The text says "tumor", "células" and "diseminarse".
    assert titles(client.get("/es/search/", {"q": words})) == [SPANISH_TITLE]


@postgresql_only
def test_spanish_stop_words_are_not_searched_on_postgresql(client, metastasis):
    assert titles(client.get("/es/search/", {"q": "las del metástasis"})) == [SPANISH_TITLE]


@postgresql_only
def test_the_spanish_vector_is_made_with_the_spanish_configuration(metastasis):
    from articles.models import PublishedVersion

    spanish = PublishedVersion.objects.get(language="es")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_document::text FROM articles_publishedversion WHERE id = %s", [spanish.pk]
        )
        [(vector,)] = cursor.fetchall()
    # Folded and stemmed as Spanish ("células" is "celul"), stop words left out.
    assert "'metastasis':" in vector and "'celul':" in vector and "'las'" not in vector


@postgresql_only
def test_the_spanish_search_finds_both_languages_through_the_index(metastasis):
    results = search_published("metástasis -ratones", "es")
    with transaction.atomic():
        with connection.cursor() as cursor:
            # On a table this small the planner may read the language index instead;
            # without it (and with no sequential scan) we see that the text index can
            # answer both halves. The transaction is rolled back, the index kept.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute('DROP INDEX "articles_pu_languag_4c3baa_idx"')
        plan = results.explain(verbose=True)
        transaction.set_rollback(True)
    assert f"Bitmap Index Scan on {SEARCH_INDEX_NAME}" in plan
    # Each half asked in its language: Spanish folded ("metastasis"), English stemmed.
    assert "'metastasis'" in plan and "'metastasi'" in plan
    assert "to_tsvector" not in plan


def test_spanish_text_is_found_on_sqlite_with_and_without_accents_and_simple_plurals(metastasis):
    # On SQLite (FTS5: accents folded, porter's English endings), as on PostgreSQL.
    for words in ("metástasis", "metastasis", "tumores", "celulas"):
        assert [v.title for v in search_published(words, "es")] == [SPANISH_TITLE], words


@pytest.mark.parametrize("path", ["/search/", "/es/search/"])
def test_a_word_left_out_is_left_out_in_every_spelling_and_accent(client, metastasis, publish, path):
    english_article(publish, "Tumour size and spread", "Cancer cells in a tumour.")
    # "-tumor" leaves out "tumour" too (and, on PostgreSQL, each form is negated alone).
    assert "Tumour size and spread" not in titles(client.get(path, {"q": "cancer -tumor"}))
    assert client.get(path, {"q": "-tumour"}).status_code == 200
    assert client.get(path, {"q": "-metástasis"}).status_code == 200
