"""A page from the page cache costs no SQL query, and a change made through another web
process reaches its pages within GENERATIONS_MAX_AGE (1 s).

These tests commit (transaction=True), as a web process does: inside a transaction the
generations are always read from the database. The generations' clock is stood still
and moved on by the tests, so nothing here depends on how fast the machine is."""

import uuid

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from articles import workflow
from tests import factories
from xrays import generations

pytestmark = pytest.mark.django_db(transaction=True)


class Clock:
    """Wall-clock seconds that pass only when told to."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(generations, "clock", clock)
    return clock


def public_pages(article):
    url = article.live_version.get_absolute_url()
    audience = article.relevant_for.first()
    return [
        "/",
        url,
        f"{url}print/",
        f"{url}visit-sheet/",
        f"/audiences/{audience.slug}/",
        "/glossary/",
        "/feeds/articles/",
        "/feeds/articles/atom/",
        "/sitemap.xml",
    ]


def publish_new_text(article, text):
    section = article.sections.first()
    section.body = f"<p>{text}</p>"
    section.save()
    editor = factories.editor(username=f"editor-{uuid.uuid4().hex[:6]}")
    workflow.record_edit(article, by=editor, fingerprint_before="")
    workflow.submit_for_review(article, by=editor)
    workflow.approve(article, by=factories.reviewer(username=f"reviewer-{uuid.uuid4().hex[:6]}"))
    workflow.publish(article, by=editor, change_summary="New results")


def test_a_page_from_the_page_cache_costs_no_sql_query(
    client, published_article, clock, django_assert_num_queries
):
    for url in public_pages(published_article):
        assert client.get(url)["X-Page-Cache"] == "miss", url
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "hit", url


def test_a_web_process_reads_the_generations_at_most_once_a_second(client, published_article, clock):
    table = "xrays_generation"
    with CaptureQueriesContext(connection) as queries:
        for url in public_pages(published_article):  # every page built: one read for all
            client.get(url)
        clock.advance(settings.GENERATIONS_MAX_AGE)
        client.get("/")
    assert sum(table in query["sql"] for query in queries) == 2


def test_a_publication_through_another_process_replaces_the_kept_page_within_a_second(
    client, published_article, clock, process
):
    url = published_article.live_version.get_absolute_url()
    with process("b"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"

    with process("a"):
        client.get(url)
        publish_new_text(published_article, "A trial in people has begun.")
        # The process that published shows it on its next request.
        assert "A trial in people has begun." in client.get(url).text

    with process("b"):
        # Within the second, process b may still serve what it kept, at no cost ...
        clock.advance(settings.GENERATIONS_MAX_AGE / 2)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) == 0
        # ... and a second after it last read the generations, the new page.
        clock.advance(settings.GENERATIONS_MAX_AGE / 2)
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "A trial in people has begun." in response.text


def test_a_withdrawal_through_another_process_takes_the_page_down_within_a_second(
    client, published_article, editor, clock, process
):
    url = published_article.live_version.get_absolute_url()
    with process("b"):
        client.get(url), client.get("/")
    with process("a"):
        workflow.withdraw(published_article, by=editor, reason="Retracted")
    clock.advance(settings.GENERATIONS_MAX_AGE)
    with process("b"):
        assert client.get(url).status_code in {404, 410}
        assert published_article.title not in client.get("/").text


@pytest.fixture
def shared_redis_cache(redis_key_space):
    """The default cache (the generations' shared copy) in a Redis that two processes
    share, under a key prefix of this test's own."""
    url, prefix = redis_key_space
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}


def test_with_redis_a_publication_reaches_every_process_on_its_next_request(
    client, published_article, clock, shared_redis_cache
):
    url = published_article.live_version.get_absolute_url()

    def web_process(name):
        # Its own memory for pages, the Redis for the rest.
        pages = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"pages-{name}"}
        return override_settings(CACHES={**settings.CACHES, "default": shared_redis_cache, "pages": pages})

    with web_process("b"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    with web_process("a"):
        publish_new_text(published_article, "A trial in people has begun.")
    with web_process("b"):
        # The clock has not moved: the commit removed the shared copy of the generations.
        assert "A trial in people has begun." in client.get(url).text
        caches["pages"].clear()
