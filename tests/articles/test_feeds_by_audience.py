"""A reader who cares about one group's articles follows that audience's feed."""

import xml.etree.ElementTree as ET

import pytest
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from tests import factories

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def lung(publish, published_article):
    """A second live article, for people with lung cancer only."""
    article = factories.full_article(slug="lung", title="Screening for lung cancer")
    article.relevant_for.set([factories.AudienceFactory(name="people with lung cancer")])
    article.also_relevant_for.clear()
    publish(article)
    return article


def titles(response):
    return [item.findtext("title") for item in ET.fromstring(response.content).findall("./channel/item")]


def test_an_audience_feed_lists_only_the_articles_for_that_audience(client, lung, published_article):
    response = client.get("/feeds/audiences/people-with-lung-cancer/")
    assert response.status_code == 200
    assert titles(response) == ["Screening for lung cancer"]
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "XRAYS: new and updated articles for people with lung cancer"
    assert channel.findtext("link") == "http://testserver/audiences/people-with-lung-cancer/"


def test_an_audience_feed_includes_articles_also_relevant_for_it(client, lung, published_article):
    also = published_article.also_relevant_for.first()
    assert titles(client.get(f"/feeds/audiences/{also.slug}/")) == ["Early spread of breast cancer"]


def test_an_unknown_audience_has_no_feed(client):
    assert client.get("/feeds/audiences/no-such-people/").status_code == 404


def test_the_feeds_page_offers_a_feed_for_each_audience_with_live_articles(client, lung, published_article):
    factories.AudienceFactory(name="people with no articles yet")
    response = client.get("/feeds/")
    html = response.content.decode()
    assertContains(response, "Only the articles for you")
    assertInHTML(
        f'<code id="feed-audience-people-with-lung-cancer">{SITE}/feeds/audiences/people-with-lung-cancer/</code>',
        html,
    )
    audiences = [*published_article.relevant_for.all(), *published_article.also_relevant_for.all()]
    for audience in audiences:
        assertContains(response, f"{SITE}/feeds/audiences/{audience.slug}/</code>")
    assertNotContains(response, "people-with-no-articles-yet")
    # The site's two feeds, lung cancer's, and one for each audience of the other article.
    assertContains(response, "Copy address", count=2 + 1 + len(audiences))


def test_a_feed_reader_finds_an_audiences_feed_from_its_page(client, lung):
    response = client.get("/audiences/people-with-lung-cancer/")
    assertContains(
        response,
        '<link rel="alternate" type="application/rss+xml" '
        'title="XRAYS: new and updated articles for people with lung cancer" '
        'href="/feeds/audiences/people-with-lung-cancer/">',
    )
    assertNotContains(client.get("/"), "/feeds/audiences/")
