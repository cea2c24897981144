"""The page cache keeps the languages apart: a Spanish page is kept and served like an
English one, the two copies of one page never stand in for each other, and a web
process (one thread, one request after another) gets the right page whatever language
its previous request was in. Middleware that serves kept pages runs before
LocaleMiddleware, so each of these is a way it could go wrong (xrays/page_cache.py)."""

import pytest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from xrays import page_cache

pytestmark = pytest.mark.django_db

# The home page, the glossary and the page about feeds, each in English and in Spanish.
PAGES = [("/", "/es/"), ("/glossary/", "/es/glossary/"), ("/feeds/", "/es/feeds/")]


@pytest.fixture(autouse=True)
def addresses_resolved_afresh():
    """Each test starts with no address remembered, as a new web process would."""
    page_cache._rule_at.cache_clear()
    yield
    page_cache._rule_at.cache_clear()
    translation.activate("en")


def get(client, url, after=None, **headers):
    """GET `url` the way a web process's thread would after serving a page in `after`."""
    if after:
        translation.activate(after)
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


@pytest.fixture
def only_the_page_cache_answers(monkeypatch):
    """From when it is called, a request that gets past the page cache's middleware
    fails: the page must come from PageCacheMiddleware (or the finished-page cache),
    before LocaleMiddleware, not from the view's own look in the cache."""

    def from_the_cache_only():
        def not_reached(self, request):
            raise AssertionError(f"{request.path} was not served by the page cache's middleware")

        monkeypatch.setattr(LocaleMiddleware, "process_request", not_reached)

    return from_the_cache_only


def language_of(response):
    html = response.content.decode()
    return html[html.index("<html lang=") + 11 : html.index(">", html.index("<html lang="))].strip('"')


@pytest.mark.parametrize(("english", "spanish"), PAGES)
def test_a_spanish_page_is_kept_and_the_next_spanish_reader_gets_it_from_the_cache(
    client, only_the_page_cache_answers, english, spanish
):
    first = get(client, spanish, after="en")
    only_the_page_cache_answers()
    again = get(client, spanish, after="en")
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert language_of(again) == "es" and again.content == first.content
    assert again["Content-Language"] == "es"


@pytest.mark.parametrize(("english", "spanish"), PAGES)
@pytest.mark.parametrize("first_language", ["en", "es"])
def test_the_english_and_spanish_copies_of_a_page_never_serve_each_other(
    client, english, spanish, first_language
):
    order = [english, spanish] if first_language == "en" else [spanish, english]
    built = {url: get(client, url) for url in order}
    # Each was built for its own address: the other language's copy was no hit for it.
    assert [built[url]["X-Page-Cache"] for url in order] == ["miss", "miss"]
    assert language_of(built[english]) == "en" and language_of(built[spanish]) == "es"
    for url, language in [(english, "en"), (spanish, "es"), (english, "en"), (spanish, "es")]:
        response = get(client, url)
        assert response["X-Page-Cache"] == "hit", url
        assert language_of(response) == language, url
        assert response.content == built[url].content


@pytest.mark.parametrize(("english", "spanish"), PAGES)
def test_an_english_page_read_right_after_a_spanish_one_in_the_same_thread_is_still_a_hit(
    client, only_the_page_cache_answers, english, spanish
):
    get(client, english)
    get(client, spanish)
    only_the_page_cache_answers()
    # The thread's active language is the Spanish request's (LocaleMiddleware leaves it),
    # and the address is looked up before LocaleMiddleware runs.
    assert translation.get_language() == "es"
    response = get(client, english)
    assert response["X-Page-Cache"] == "hit" and language_of(response) == "en"
    assert response["Content-Language"] == "en"
    # A hit is served before LocaleMiddleware, which would have switched the thread.
    assert translation.get_language() == "es"
    # And the other way round: a Spanish page after an English one.
    response = get(client, spanish, after="en")
    assert response["X-Page-Cache"] == "hit" and language_of(response) == "es"


def test_a_web_process_that_first_served_spanish_still_finds_english_addresses(client):
    # A fresh process whose first request was Spanish: nothing remembered, thread in "es".
    get(client, "/es/glossary/")
    for _ in range(2):
        assert get(client, "/glossary/", after="es")["X-Page-Cache"] in {"miss", "hit"}
    assert get(client, "/glossary/", after="es")["X-Page-Cache"] == "hit"
    assert page_cache._rule_at("/glossary/", "xrays.urls", "en") is not None
    assert page_cache._rule_at("/es/glossary/", "xrays.urls", "es") is not None


@pytest.mark.parametrize(
    ("url", "language"),
    [("/glossary/", "en"), ("/es/glossary/", "es")],
)
def test_a_page_from_the_cache_says_its_language_as_the_page_built_afresh_did(
    client, monkeypatch, url, language
):
    built = get(client, url, after="es" if language == "en" else "en")
    kept = get(client, url, after="es" if language == "en" else "en")
    assert (built["X-Page-Cache"], kept["X-Page-Cache"]) == ("miss", "hit")

    # From here on the finished page (FinishedPageCacheMiddleware), before anything else runs.
    def not_reached(self, request):
        raise AssertionError("the finished page should have been served before this middleware")

    monkeypatch.setattr(page_cache.PageCacheMiddleware, "__call__", not_reached)
    finished = get(client, url, after="es" if language == "en" else "en")
    assert finished["X-Page-Cache"] == "hit" and finished.content == kept.content
    for response in (built, kept, finished):
        assert response["Content-Language"] == language
        # The address alone says the language: no copy per browser language, in
        # nginx or in the browser (xrays.languages.LanguageFromAddressMiddleware).
        assert "Accept-Language" not in response.get("Vary", "")
        assert language_of(response) == language


def test_a_spanish_page_and_its_english_copy_are_kept_apart_in_the_finished_page_cache(client, monkeypatch):
    for url in ["/glossary/", "/es/glossary/"] * 2:
        get(client, url)
    monkeypatch.setattr(page_cache.PageCacheMiddleware, "__call__", lambda self, request: 1 / 0)
    for url, language in [("/es/glossary/", "es"), ("/glossary/", "en")] * 2:
        response = get(client, url, after="es" if language == "en" else "en")
        assert response["X-Page-Cache"] == "hit" and language_of(response) == language
