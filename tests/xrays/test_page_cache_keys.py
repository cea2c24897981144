"""What may make an entry in the page cache: only the addresses a page really has.
Made-up page numbers and filters are served but kept nowhere, parameters given twice
make pages as the view reads them, pages live apart from the throttle counts, and no
cache keeps a search."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

import xrays.settings
from articles.models import EntryType
from tests import factories
from xrays.page_cache import PageRule, page_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(publish):
    """Two published articles of two types, rated on two scales, for one audience."""
    audience = factories.AudienceFactory(name="people with breast cancer")
    for title, entry_type, timeline in [
        ("Mouse metastasis study", EntryType.ARTICLE_REVIEW, "pre-clinical"),
        ("Lung screening paper", EntryType.STUDY_REVIEW, "in-practice"),
    ]:
        article = factories.full_article(
            title=title, slug=title.lower().replace(" ", "-"), entry_type=entry_type
        )
        article.relevant_for.add(audience)
        factories.rate(article, "timeline", timeline)
        factories.rate(article, "science", "high")
        publish(article)
    return audience


def kept(client, url):
    """Ask twice: whether the second answer came from the page cache."""
    first = client.get(url)
    assert first.status_code == 200, url
    return client.get(url).get("X-Page-Cache") == "hit"


def test_pages_readers_reach_through_links_and_the_filter_form_are_kept(client, listings):
    audience = f"/audiences/{listings.slug}/"
    for url in [
        "/",
        "/?page=1",
        f"/?audience={listings.slug}",
        "/?type=study_review",
        "/?rating=science:high&rating=timeline:pre-clinical",  # scales in the form's order
        "/?type=&rating=&rating=&rating=&rating=",  # the filter form, "any" on its four scales
        "/?type=article_review&rating=&rating=science:high&rating=timeline:pre-clinical&rating=",
        audience,
        f"{audience}?rating=timeline:in-practice",
        "/sitemap.xml",
    ]:
        assert kept(client, url), url


def test_made_up_page_numbers_and_filters_are_served_but_kept_nowhere(client, listings):
    audience = f"/audiences/{listings.slug}/"
    for url in [
        "/?page=999999",
        "/?page=abc",
        "/?page=01",
        "/?page=1&page=1",
        "/?type=not-a-type",
        "/?rating=timeline:made-up",
        "/?type=study_review&type=study_review",
        "/?rating=timeline:pre-clinical&rating=science:high",  # the links write scales in order
        "/?rating=science:high&rating=science:high",
        "/?rating=&rating=&rating=&rating=&rating=",
        f"/?audience=&audience={listings.slug}",
        f"{audience}?page=77",
        f"{audience}?type=junk",
        "/sitemap.xml?p=01",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert not kept(client, url), url
    # The reader still gets the page the value leads to, and word of a filter left out.
    assert "We do not know the filter" in client.get("/?type=not-a-type").text


def test_the_same_parameters_in_another_order_are_the_pages_the_view_shows(client, listings):
    first = client.get("/?type=article_review&type=study_review")
    second = client.get("/?type=study_review&type=article_review")
    # Several types mean any of them, in whatever order: the same articles, but only the
    # order the form writes is kept, and the other is not served from its entry.
    for response in (first, second):
        assert "Lung screening paper" in response.text and "Mouse metastasis study" in response.text
    assert second.get("X-Page-Cache") != "hit" and "no-store" in second["Cache-Control"]
    assert kept(client, "/?type=article_review&type=study_review")

    rule = PageRule(query=("type", "rating"))
    factory = RequestFactory()
    assert page_key(factory.get("/?type=a&type=b"), rule) != page_key(factory.get("/?type=b&type=a"), rule)
    # Parameters the view reads apart from each other may come in any order.
    assert page_key(factory.get("/?type=a&rating=x"), rule) == page_key(
        factory.get("/?rating=x&type=a"), rule
    )


@pytest.fixture
def redis_pages(redis_key_space):
    """A page cache in Redis under a key prefix of this test's own; yields a function
    that counts its keys and their size."""
    import redis

    url, prefix = redis_key_space
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    pages = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}

    def keys():
        return list(client.scan_iter(match=f"{prefix}:*"))

    with override_settings(CACHES={**settings.CACHES, "pages": pages}):
        yield keys
    client.close()


def test_two_hundred_made_up_addresses_add_nothing_to_a_redis_page_cache(client, listings, redis_pages):
    client.get("/"), client.get(f"/audiences/{listings.slug}/")
    assert len(redis_pages()) == 2
    for n in range(50):
        client.get(f"/?page={n + 2}")
        client.get(f"/?type=type-{n}")
        client.get(f"/?rating=scale:level-{n}")
        client.get(f"/audiences/{listings.slug}/?page={1000 + n}")
    assert len(redis_pages()) == 2


def settings_from(monkeypatch, **environment):
    for name in ("REDIS_URL", "PAGE_CACHE_URL", "CACHE_KEY_PREFIX", "PAGE_CACHE_MAX_ENTRIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(xrays.settings.__file__)))


def test_pages_never_share_a_cache_with_the_throttle_counts(monkeypatch):
    alone = settings_from(monkeypatch)
    assert alone["CACHES"]["pages"]["BACKEND"].endswith("LocMemCache")
    assert alone["CACHES"]["pages"]["OPTIONS"]["MAX_ENTRIES"] == 2000
    assert alone["CACHES"]["throttle"]["BACKEND"] == "xrays.throttle.DatabaseCounterCache"

    # With one Redis for the throttle counts, pages stay in each process's memory ...
    redis = settings_from(monkeypatch, REDIS_URL="redis://redis:6379/0", PAGE_CACHE_MAX_ENTRIES="500")
    assert redis["CACHES"]["throttle"]["LOCATION"] == "redis://redis:6379/0"
    assert redis["CACHES"]["pages"]["BACKEND"].endswith("LocMemCache")
    assert redis["CACHES"]["pages"]["OPTIONS"]["MAX_ENTRIES"] == 500

    # ... or in a Redis of their own, under their own key prefix.
    both = settings_from(
        monkeypatch,
        REDIS_URL="redis://redis:6379/0",
        PAGE_CACHE_URL="redis://pages:6379/0",
        CACHE_KEY_PREFIX="xrays",
    )
    assert both["CACHES"]["pages"]["LOCATION"] == "redis://pages:6379/0"
    assert both["CACHES"]["pages"]["KEY_PREFIX"] == "xrays:pages"
    assert both["CACHES"]["throttle"]["KEY_PREFIX"] == "xrays"


def test_no_cache_keeps_a_search_nor_tells_when_someone_made_it(client, listings):
    url = "/search/?q=metastasis+stage+4+prognosis"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response  # built each time, kept nowhere
        assert "Last-Modified" not in response and "ETag" not in response
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control
