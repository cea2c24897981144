"""/sitemap.xml lists each page in every language it exists in, and tells search
engines which pages are the same in another language (hreflang alternates)."""

import xml.etree.ElementTree as ET

import pytest

from articles import workflow
from tests import factories

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SITE = "http://testserver"


def sitemap(client, **headers):
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.find("s:loc", NS).text.removeprefix(SITE): {
            link.get("hreflang"): link.get("href").removeprefix(SITE) for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def published(publish, **fields):
    article = factories.full_article(**fields)
    publish(article)
    article.refresh_from_db()
    return article


@pytest.fixture
def family(publish):
    """An English article with a live Spanish translation."""
    source = published(publish, title="Early spread of breast cancer", slug="early-spread")
    translation = factories.spanish_translation(
        source, title="Diseminación temprana", slug="diseminacion-temprana"
    )
    publish(translation)
    return source


def test_an_article_and_its_translation_name_each_other(client, family):
    urls = sitemap(client)
    both = {
        "en": "/articles/early-spread/",
        "es": "/es/articles/diseminacion-temprana/",
        "x-default": "/articles/early-spread/",
    }
    assert urls["/articles/early-spread/"] == both
    assert urls["/es/articles/diseminacion-temprana/"] == both


def test_an_article_not_yet_translated_has_no_alternates_nor_a_spanish_entry(client, family, publish):
    published(publish, title="Exercise after treatment", slug="exercise")
    urls = sitemap(client)
    assert urls["/articles/exercise/"] == {}
    assert "/es/articles/exercise/" not in urls


def test_a_translation_in_review_is_not_listed_nor_named(client, publish):
    source = published(publish, title="Early spread of breast cancer", slug="early-spread")
    factories.spanish_translation(source, slug="borrador-en-espanol")
    urls = sitemap(client)
    assert urls["/articles/early-spread/"] == {}
    assert not any("borrador" in url for url in urls)


def test_a_withdrawn_translation_leaves_the_sitemap(client, family, editor):
    translation = family.translations.get()
    workflow.withdraw(translation, by=editor, reason="Being corrected.")
    urls = sitemap(client)
    assert urls["/articles/early-spread/"] == {}
    assert "/es/articles/diseminacion-temprana/" not in urls


@pytest.mark.parametrize(
    "english, spanish",
    [("/", "/es/"), ("/search/", "/es/search/"), ("/glossary/", "/es/glossary/"), ("/feeds/", "/es/feeds/")],
)
def test_the_sites_own_pages_are_listed_in_both_languages_with_alternates(client, english, spanish):
    urls = sitemap(client)
    both = {"en": english, "es": spanish, "x-default": english}
    assert urls[english] == both
    assert urls[spanish] == both


def test_the_sitemap_is_the_same_whatever_language_the_browser_asks_for(client, family):
    assert sitemap(client, HTTP_ACCEPT_LANGUAGE="es") == sitemap(client, HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "es"
    assert "/articles/early-spread/" in sitemap(client)


def test_the_sitemaps_queries_do_not_grow_with_the_articles(
    client, family, publish, django_assert_max_num_queries
):
    for n in range(3):
        source = published(publish, title=f"Study {n}", slug=f"study-{n}")
        publish(factories.spanish_translation(source, title=f"Estudio {n}", slug=f"estudio-{n}"))
    with django_assert_max_num_queries(4):
        assert len(sitemap(client)) == 8 + 8
