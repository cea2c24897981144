"""One feed per language: a Spanish reader's feed reader gets the Spanish versions,
titled and described in Spanish, linking to the Spanish pages; English feeds stay
English. The feeds page lists the feeds of its own language."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def channel(response):
    assert response.status_code == 200
    return ET.fromstring(response.content).find("channel")


def titles(response):
    return [item.findtext("title") for item in channel(response).findall("item")]


@pytest.fixture
def survivors():
    return factories.AudienceFactory(
        name="Breast cancer survivors", slug="survivors", name_es="Sobrevivientes de cáncer de mama"
    )


@pytest.fixture
def family(publish, survivors):
    """An English article for survivors, its live Spanish translation, and an English
    article not yet translated."""
    source = factories.full_article(title="Early spread of breast cancer", slug="early-spread")
    source.relevant_for.set([survivors])
    publish(source)
    source.refresh_from_db()
    translation_ = factories.spanish_translation(
        source, title="Diseminación temprana del cáncer de mama", slug="diseminacion-temprana"
    )
    publish(translation_)
    publish(factories.full_article(title="Exercise after treatment", slug="exercise"))
    return source


def test_the_spanish_feed_lists_only_spanish_versions_in_spanish(client, family):
    response = client.get("/es/feeds/articles/")
    feed = channel(response)
    assert feed.findtext("title") == "XRAYS: artículos nuevos y actualizados"
    assert feed.findtext("description").startswith("Reseñas en lenguaje sencillo")
    assert feed.findtext("language") == "es"
    assert feed.findtext("link") == "http://testserver/es/"
    [item] = feed.findall("item")
    assert item.findtext("title") == "Diseminación temprana del cáncer de mama"
    assert item.findtext("link") == "http://testserver/es/articles/diseminacion-temprana/"


def test_the_english_feed_lists_only_english_versions(client, family):
    feed = channel(client.get("/feeds/articles/"))
    assert feed.findtext("language") == "en"
    assert feed.findtext("title") == "XRAYS: new and updated articles"
    assert sorted(item.findtext("title") for item in feed.findall("item")) == [
        "Early spread of breast cancer",
        "Exercise after treatment",
    ]
    assert all("/es/" not in item.findtext("link") for item in feed.findall("item"))


def test_the_spanish_atom_feed_says_its_language(client, family):
    response = client.get("/es/feeds/articles/atom/")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.get(XML_LANG) == "es"
    assert feed.findtext(f"{ATOM}title") == "XRAYS: artículos nuevos y actualizados"
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/es/articles/diseminacion-temprana/"


def test_the_spanish_audience_feed_is_named_for_the_audience_in_spanish(client, family):
    feed = channel(client.get("/es/feeds/audiences/survivors/"))
    assert (
        feed.findtext("title")
        == "XRAYS: artículos nuevos y actualizados para Sobrevivientes de cáncer de mama"
    )
    assert feed.findtext("link") == "http://testserver/es/audiences/survivors/"
    assert [item.findtext("title") for item in feed.findall("item")] == [
        "Diseminación temprana del cáncer de mama"
    ]
    assert titles(client.get("/feeds/audiences/survivors/")) == ["Early spread of breast cancer"]


def test_an_updated_spanish_version_says_so_in_spanish(client, family, publish):
    translation_ = family.translations.get()
    translation_.summary = "Un resumen más claro de lo que encontró el estudio."
    translation_.save()
    publish(translation_, change_summary="Aclaramos el resumen.")
    [item] = channel(client.get("/es/feeds/articles/")).findall("item")
    assert item.findtext("title") == "Actualizado: Diseminación temprana del cáncer de mama"
    assert "Aclaramos el resumen." in item.findtext("description")


def test_the_page_cache_keeps_each_languages_feed_apart(client, family):
    for _ in range(2):
        english = client.get("/feeds/articles/")
        spanish = client.get("/es/feeds/articles/")
        assert channel(english).findtext("language") == "en"
        assert channel(spanish).findtext("language") == "es"
    assert (english["X-Page-Cache"], spanish["X-Page-Cache"]) == ("hit", "hit")
    assert english["Content-Language"] == "en" and spanish["Content-Language"] == "es"


def test_the_spanish_feeds_page_is_in_spanish_and_lists_the_spanish_feeds(client, family):
    response = client.get("/es/feeds/")
    assertContains(response, "<h1>Siga a XRAYS por RSS</h1>", html=True)
    assertContains(response, "http://127.0.0.1:8000/es/feeds/articles/</code>")
    assertContains(response, "http://127.0.0.1:8000/es/feeds/articles/atom/</code>")
    assertContains(response, "Sobrevivientes de cáncer de mama")
    assertContains(response, "http://127.0.0.1:8000/es/feeds/audiences/survivors/</code>")
    assertNotContains(response, "http://127.0.0.1:8000/feeds/articles/</code>")
    assertContains(response, 'data-copied-status="Dirección copiada:"')


def test_the_feeds_page_lists_only_audiences_with_articles_in_its_language(client, family, publish):
    men = factories.AudienceFactory(name="Men with BRCA", slug="men", name_es="Hombres con BRCA")
    article = factories.full_article(title="BRCA in men", slug="brca-men")
    article.relevant_for.set([men])
    publish(article)
    assertContains(client.get("/feeds/"), "/feeds/audiences/men/")
    assertNotContains(client.get("/es/feeds/"), "/feeds/audiences/men/")


def test_the_feed_names_types_of_entry_in_the_feeds_language(client, family):
    from articles.models import EntryType

    with translation.override("es"):
        spanish_name = str(EntryType.ARTICLE_REVIEW.label)
    [item] = channel(client.get("/es/feeds/articles/")).findall("item")
    assert item.findtext("category") == spanish_name
