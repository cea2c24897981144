"""/feeds/: a person who wants to follow by RSS reads what a feed is and copies an
address; the footer of every page leads there, not to raw XML."""

import pytest
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def test_the_feeds_page_explains_feeds_and_gives_each_address_to_copy(client):
    # No article is live: no audience has a feed to offer yet.
    response = client.get("/feeds/")
    assert response.status_code == 200
    assertContains(response, "<h1>Follow XRAYS by RSS</h1>", html=True)
    assertContains(response, "a feed reader app checks for you")
    assertInHTML(f'<code id="feed-rss">{SITE}/feeds/articles/</code>', response.content.decode())
    assertInHTML(f'<code id="feed-atom">{SITE}/feeds/articles/atom/</code>', response.content.decode())
    # The copy buttons wait for feeds.js: without JavaScript an address is copied by hand.
    assertContains(response, 'data-copy="feed-rss"')
    assertContains(response, 'class="feed-copy"', count=2)
    assertContains(response, "hidden>Copy address</button>", count=2)
    assertContains(response, 'src="/static/js/feeds.js" defer')


def test_the_feeds_page_says_that_articles_can_be_followed_by_email_too(client):
    response = client.get("/feeds/")
    assertContains(response, "Prefer email?")
    assertContains(response, 'href="/subscriptions/follow/"')


def test_the_feed_addresses_on_the_page_are_the_sites_public_ones(client, settings):
    settings.SITE_URL = "https://xrays.example.org"
    response = client.get("/feeds/")
    assertContains(response, "https://xrays.example.org/feeds/articles/</code>")


@pytest.mark.parametrize("url", ["/", "/glossary/", "/feeds/", "/search/?q=spread", "/no-such-page/"])
def test_the_footer_says_follow_by_rss_and_leads_to_the_page_that_explains_it(client, url):
    html = client.get(url).content.decode()
    footer = html[html.index('<footer class="site-footer">') : html.index("</footer>") + 9]
    assertInHTML('<a href="/feeds/">Follow by RSS</a>', footer)
    assert 'href="/feeds/articles/' not in footer


def test_feed_readers_still_find_the_feeds_from_every_page(client):
    response = client.get("/")
    assertContains(response, '<link rel="alternate" type="application/rss+xml"')
    assertContains(response, 'href="/feeds/articles/"')


def test_the_feeds_page_answers_head_and_refuses_post(client):
    assert client.head("/feeds/").status_code == 200
    assert client.post("/feeds/").status_code == 405


def test_the_feeds_page_is_kept_for_every_reader_in_the_page_cache(client):
    assert client.get("/feeds/")["X-Page-Cache"] == "miss"
    again = client.get("/feeds/")
    assert again["X-Page-Cache"] == "hit"
    assertNotContains(again, "csrfmiddlewaretoken")
