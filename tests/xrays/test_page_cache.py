"""Whole public pages come from the cache for anonymous readers, and are never stale
inside a transaction (as in these tests, where the generations are read afresh): every
change readers would see is on the very next request, in every web process. Outside
one, a web process reads them at most once a second (tests/xrays/test_page_cache_costs.py)."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from articles import workflow
from glossary.models import Term
from tests import factories
from xrays.models import SiteText

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "{article}",
    "{article}print/",
    "/audiences/{audience}/",
    "/glossary/",
    "/feeds/articles/",
    "/feeds/articles/atom/",
    "/sitemap.xml",
]


@pytest.fixture
def article(published_article):
    return published_article


def pages_of(article):
    audience = article.relevant_for.first()
    url = article.live_version.get_absolute_url()
    return [page.format(article=url, audience=audience.slug) for page in PAGES]


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code in {200, 304}, url
    return response


def test_each_public_page_is_built_once_then_served_from_the_cache(client, article):
    for url in pages_of(article):
        assert get(client, url)["X-Page-Cache"] == "miss", url
        with CaptureQueriesContext(connection) as queries:
            response = get(client, url)
        assert response["X-Page-Cache"] == "hit", url
        # Inside the test's transaction the content generations are read from the
        # database: one small query, whatever the page (none outside a transaction,
        # tests/xrays/test_page_cache_costs.py).
        assert len(queries) == 1, (url, [q["sql"] for q in queries])


def update(article, editor, reviewer, text):
    section = article.sections.first()
    section.body = f"<p>{text}</p>"
    section.save()
    workflow.record_edit(article, by=editor, fingerprint_before="")
    workflow.submit_for_review(article, by=editor)
    workflow.approve(article, by=reviewer)
    return workflow.publish(article, by=editor, change_summary="New results")


def test_a_publication_through_one_process_shows_on_the_next_request_of_every_process(
    client, article, editor, reviewer, process
):
    other_reviewer = factories.reviewer(username="second-reviewer")
    url = article.live_version.get_absolute_url()
    for name in "ab":
        with process(name):
            get(client, url), get(client, "/"), get(client, "/feeds/articles/")
    with process("a"):
        update(article, editor, other_reviewer, "A trial in people has begun.")
    for name in "ba":
        with process(name):
            assert "A trial in people has begun." in get(client, url).text
            assert "New results" in get(client, "/feeds/articles/").text


def test_a_withdrawal_shows_on_the_next_request(client, article, editor):
    url = article.live_version.get_absolute_url()
    search = f"/search/?q={article.live_version.title.split()[0]}"
    get(client, url), get(client, "/")
    assert article.title in get(client, search).text
    workflow.withdraw(article, by=editor, reason="Retracted")
    assert client.get(url).status_code in {404, 410}
    assert article.title not in client.get("/").text
    assert article.title not in client.get(search).text


def test_glossary_site_text_and_audience_changes_show_on_the_next_request(client, article):
    url = article.live_version.get_absolute_url()
    factories.TermFactory(name="metastasis", definition="Old words.")
    SiteText.objects.update_or_create(key=SiteText.DISCLOSURE, defaults={"body": "<p>Old disclosure.</p>"})
    assert "Old words." in get(client, url).text and "Old disclosure." in get(client, url).text

    Term.objects.filter(name="metastasis").update(definition="New words.")
    assert "New words." in get(client, url).text
    SiteText.objects.filter(key=SiteText.DISCLOSURE).update(body="<p>New disclosure.</p>")
    assert "New disclosure." in get(client, url).text
    audience = article.relevant_for.first()
    audience_url = f"/audiences/{audience.slug}/"
    get(client, audience_url)
    audience.name = "people newly diagnosed"
    audience.save()
    # The article keeps the name it was reviewed with; the audience's own page follows.
    assert "people newly diagnosed" in get(client, audience_url).text


def test_the_glossary_choice_gets_its_own_copy(client, article):
    factories.TermFactory(name="metastasis", definition="Cancer spreading.")
    url = article.live_version.get_absolute_url()
    on = get(client, url)
    client.cookies["glossary"] = "off"
    off = get(client, url)
    assert off["X-Page-Cache"] == "miss" and on.content != off.content
    assert "Cookie" in off["Vary"]


def test_staff_pages_are_never_cached(client, article, editor):
    client.force_login(editor)
    url = article.live_version.get_absolute_url()
    for _ in range(2):
        response = get(client, url)
        assert "X-Page-Cache" not in response
        assert response["Cache-Control"] == "private, no-cache"


def test_a_response_that_sets_a_cookie_is_not_kept(client, article, settings):
    from django.http import HttpResponse

    from xrays.page_cache import public_page

    calls = []

    @public_page
    def sets_a_cookie(request):
        calls.append(1)
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    from django.test import RequestFactory

    for _ in range(2):
        sets_a_cookie(RequestFactory().get("/x/"))
    assert len(calls) == 2


def test_validators_and_cache_control_let_browsers_and_proxies_revalidate(client, article, settings):
    settings.PUBLIC_CACHE_SECONDS = 90
    url = article.live_version.get_absolute_url()
    first = get(client, url)
    assert first["Cache-Control"] == "public, max-age=90, stale-while-revalidate=1"
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert get(client, url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert get(client, url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    later = http_date((datetime.datetime.now() - datetime.timedelta(days=1)).timestamp())
    assert get(client, url, HTTP_IF_MODIFIED_SINCE=later).status_code == 200
    assert get(client, url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    head = client.head(url, HTTP_IF_NONE_MATCH=etag)
    assert head.status_code == 304


def test_a_changed_page_gets_a_new_etag(client, article, editor, reviewer):
    url = article.live_version.get_absolute_url()
    etag = get(client, url)["ETag"]
    update(article, editor, factories.reviewer(username="second-reviewer"), "Newer text.")
    response = get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


@override_settings(SEARCH_RATE="1/m")
def test_error_pages_are_not_kept(client, article):
    assert client.get("/search/?q=spread").status_code == 200
    throttled = client.get("/search/?q=tumor")
    assert throttled.status_code == 429 and "X-Page-Cache" not in throttled
    assert client.get("/search/?q=tumor").status_code == 429
    missing = Client().get("/articles/no-such-article/")
    assert missing.status_code == 404 and "X-Page-Cache" not in missing


def test_made_up_query_parameters_share_the_page_they_do_not_change(client, article):
    url = article.live_version.get_absolute_url()
    assert get(client, url)["X-Page-Cache"] == "miss"
    for junk in ["?utm_source=newsletter", "?x=1&y=2", "?page=3"]:
        assert get(client, url + junk)["X-Page-Cache"] == "hit", junk
    # The home page reads `audience` and `page`: those make pages of their own.
    audience = article.relevant_for.first()
    get(client, "/")
    assert get(client, "/?utm_campaign=x")["X-Page-Cache"] == "hit"
    assert get(client, f"/?audience={audience.slug}")["X-Page-Cache"] == "miss"


def test_a_page_from_the_cache_carries_the_same_headers_as_a_page_just_built(client, article):
    url = article.live_version.get_absolute_url()
    built = get(client, url)
    kept = get(client, url)
    assert (built["X-Page-Cache"], kept["X-Page-Cache"]) == ("miss", "hit")
    assert kept.content == built.content
    for header in [
        "Content-Security-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Length",
        "Cache-Control",
        "ETag",
        "Vary",
    ]:
        assert kept.get(header) == built.get(header), header
    assert int(kept["Content-Length"]) == len(kept.content)


def test_bad_requests_are_refused_even_when_the_page_is_kept(client, article, settings):
    url = article.live_version.get_absolute_url()
    get(client, url), get(client, url)
    assert client.get(url, {"q": "x\x00y"}).status_code == 400
    assert client.get(url, headers={"host": "evil.example"}).status_code == 400


def test_a_reader_with_a_session_never_gets_the_kept_page(client, article, editor):
    url = article.live_version.get_absolute_url()
    get(client, url), get(client, url)
    client.force_login(editor)
    response = get(client, url)
    assert "X-Page-Cache" not in response and response["Cache-Control"] == "private, no-cache"


def test_a_page_built_afresh_is_looked_up_in_the_cache_once(client, article, monkeypatch):
    from xrays import page_cache

    # Each lookup is a round trip with Redis: the page as it left the site last time,
    # then the page as the view kept it, each once, however many middleware ask.
    lookups = []
    pages = caches[page_cache.CACHE_ALIAS]
    real_get = pages.get
    monkeypatch.setattr(pages, "get", lambda key, *a, **k: lookups.append(key) or real_get(key, *a, **k))
    url = article.live_version.get_absolute_url()
    assert get(client, url)["X-Page-Cache"] == "miss"
    keys = [key for key in lookups if key.startswith("page:")]
    assert len(keys) == 2 and len(set(keys)) == 2


def test_a_page_read_again_and_again_keeps_every_header_it_was_first_served_with(
    client, article, monkeypatch
):
    from xrays import page_cache

    url = article.live_version.get_absolute_url()
    get(client, url)
    kept = get(client, url)  # from the page cache, through the middleware that adds headers

    # From here on, as it left the site: the header-adding middleware no longer runs.
    def not_reached(self, request):
        raise AssertionError("the finished page should have been served before this middleware")

    monkeypatch.setattr(page_cache.PageCacheMiddleware, "__call__", not_reached)
    finished = [get(client, url) for _ in range(2)]
    for response in finished:
        assert response["X-Page-Cache"] == "hit"
        assert dict(response.headers) == dict(kept.headers)
        assert response.content == kept.content
    assert "Content-Security-Policy" in kept and "Permissions-Policy" in kept and "X-Frame-Options" in kept
    # A conditional request still gets its 304.
    assert get(client, url, HTTP_IF_NONE_MATCH=kept["ETag"]).status_code == 304


@override_settings(SECURE_SSL_REDIRECT=True)
def test_a_kept_page_asked_for_over_plain_http_is_still_redirected_to_https(client, article):
    url = article.live_version.get_absolute_url()
    for _ in range(3):
        assert client.get(url, secure=True)["X-Page-Cache"] in {"miss", "hit"}
    response = client.get(url)
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_a_kept_page_asked_for_with_a_control_character_is_still_refused(client, article):
    url = article.live_version.get_absolute_url()
    for _ in range(3):
        get(client, url)
    assert client.get(url + "?page=%00").status_code == 400


def test_a_browser_that_takes_gzip_gets_the_page_compressed_and_one_that_does_not_gets_it_plain(
    client, article, monkeypatch
):
    import gzip

    from xrays import page_cache

    url = article.live_version.get_absolute_url()
    plain = [get(client, url) for _ in range(2)][-1]  # built, then served from the page cache
    compressed = [get(client, url, HTTP_ACCEPT_ENCODING="gzip, deflate, br") for _ in range(3)]
    for response in compressed:
        assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == plain.content
        assert len(response.content) < len(plain.content) / 3
    # Kept as it left the site, compressed, for the next reader whose browser takes gzip;
    # kept apart from the plain page, which a reader without gzip still gets.
    monkeypatch.setattr(page_cache.PageCacheMiddleware, "__call__", lambda self, request: 1 / 0)
    again = get(client, url, HTTP_ACCEPT_ENCODING="gzip")
    assert again["X-Page-Cache"] == "hit" and again.content == compressed[-1].content
    without = get(client, url)
    assert "Content-Encoding" not in without and without.content == plain.content
    # A conditional request from the compressed copy's ETag still gets its 304.
    assert get(client, url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
