"""The review history served again from the page cache costs no SQL query, and a new
publication reaches it. Committed (transaction=True) as a web process does: inside a
transaction the content generations are always read from the database."""

import pytest

from tests import factories
from xrays import generations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def still_clock(monkeypatch):
    """The generations' clock stands still: the shared copy stays fresh for the test."""
    monkeypatch.setattr(generations, "clock", lambda: 1_800_000_000.0)


def test_a_reader_gets_the_history_from_the_page_cache_without_a_query(
    client, publish, still_clock, django_assert_num_queries
):
    article = factories.full_article(n_items=1, slug="kept-history")
    publish(article)
    assert client.get("/articles/kept-history/history/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get("/articles/kept-history/history/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"

    section = article.sections.first()
    section.body = "<p>A newer finding.</p>"
    section.save()
    publish(article, change_summary="Added a newer finding.")
    assert "Added a newer finding." in client.get("/articles/kept-history/history/").text
