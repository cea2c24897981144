"""Pages whose query count must not grow with their content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from xrays import generations

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    """Queries to build the page (not to serve it from the page cache), with the
    caches meant to be warm (site text, glossary) warm."""
    client.get(url)
    # A new generation of a scope of its own: the page's key changes (a miss), while the
    # glossary and site text stay cached.
    generations.bump("query-count-test")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") in {None, "miss"}
    return len(queries)


@pytest.mark.parametrize("page", ["", "print/"])
def test_article_page_queries_do_not_grow_with_content(client, publish, page):
    for i in range(3):
        factories.TermFactory(name=f"glossaryword{i}")
    small = factories.full_article(n_items=1, slug="small")
    large = factories.full_article(n_items=12, slug="large")
    publish(small)
    publish(large)
    for article in (small, large):  # a few updates, so the history has rows too
        for n in range(3):
            section = article.sections.first()
            section.body = f"<p>Update {n}</p>"
            section.save()
            publish(article, change_summary=f"Update {n}")

    small_count = queries_for(client, f"/articles/small/{page}")
    large_count = queries_for(client, f"/articles/large/{page}")
    assert small_count == large_count
    # The live version, its update history, and the content generations (one query for
    # every scope) that tell whether the cached glossary and site text are still current;
    # plus the one query of the tests' own extension app, which fills a place on the
    # article page (tests/extension_app).
    assert large_count <= 3 + (1 if page == "" else 0)


def test_listings_do_not_grow_with_the_number_of_articles(client, publish):
    audience = factories.AudienceFactory(name="everyone here")
    articles = [factories.full_article(n_items=2) for _ in range(2)]
    for article in articles:
        article.relevant_for.add(audience)
        factories.rate(article, "timeline", "in-practice")
        factories.rate(article, "science", "high")
        publish(article)
    filters = "rating=timeline:in-practice&rating=science:high&type=article_review"
    few = {
        url: queries_for(client, url)
        for url in [
            "/",
            "/audiences/everyone-here/",
            "/search/?q=metastasis",
            f"/?audience=everyone-here&{filters}",
            f"/audiences/everyone-here/?{filters}",
            f"/search/?q=metastasis&{filters}",
        ]
    }
    for _ in range(8):
        article = factories.full_article(n_items=2)
        article.relevant_for.add(audience)
        factories.rate(article, "timeline", "in-practice")
        factories.rate(article, "science", "high")
        publish(article)
    many = {url: queries_for(client, url) for url in few}
    assert few == many
