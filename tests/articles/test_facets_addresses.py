"""The faceted listings' addresses: hostile values are left out with a word (never an
error page), only the addresses the site's form and links write are kept in the page
cache, and the counts cost the same few queries however many audiences there are."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.articles import facet_shelf
from tests.articles.facet_shelf import BREAST, CARERS, LUNG, counts, small_article
from xrays import generations

pytestmark = pytest.mark.django_db

# The shelf of articles and the frozen clock (tests/articles/facet_shelf.py).
shelf, today = facet_shelf.shelf, facet_shelf.today

NOTICE = "so it is left out"
PAGES = ["/", f"/audiences/{CARERS}/", "/search/?q=metastasis&"]


def address(page, query):
    return f"{page}{'&' if '?' in page else '?'}{query}"


@pytest.mark.parametrize(
    "query",
    [
        "from=9999",
        "to=0",
        "from=abc",
        "from=2025&to=2023",  # the wrong way round
        "from=2024",  # no article that year
        "from=%C2%B2%C2%B3",  # digits, but not a year
        "published=someday",
        "type=" + "x" * 20000,
        "published=" + "é" * 20000,
        "audiences=most",
    ],
)
def test_hostile_values_are_left_out_with_a_word_never_an_error(client, shelf, query):
    for page in PAGES:
        response = client.get(address(page, query))
        assert response.status_code == 200, page
        # The audience page offers no choice of audiences, and reads none.
        assert (NOTICE in response.text) is not (page.startswith("/audiences/") and "audience" in query), page
        assert counts(response, "periods")  # the form still counts
        assert "no-store" in response["Cache-Control"]


def test_a_reversed_range_is_named_in_the_notice_and_the_listing_shows_without_it(client, shelf):
    response = client.get("/?from=2025&to=2023")
    assert "We do not know the filter “2025–2023”, so it is left out." in response.text
    assert len(response.context["page_obj"].object_list) == 5


def test_five_hundred_repeated_values_are_served_and_kept_nowhere(client, shelf):
    many = "&".join([f"audience={BREAST}"] * 250 + ["type=article_review"] * 250)
    response = client.get(f"/?{many}")
    assert response.status_code == 200
    assert counts(response, "audiences")[BREAST] == 2
    assert "no-store" in response["Cache-Control"]
    assert client.get(f"/search/?{many}").status_code == 200
    assert client.get(f"/audiences/{CARERS}/?{many}").status_code == 200


def test_a_nul_byte_is_refused_as_any_bad_address_is(client, shelf):
    for page in PAGES:
        assert client.get(address(page, "from=2025%00")).status_code == 400, page


def test_head_requests_get_the_page_headers(client, shelf):
    assert client.head(f"/?audience={BREAST}&published=this-year").status_code == 200


def kept(client, url):
    first = client.get(url)
    assert first.status_code == 200, url
    return client.get(url).get("X-Page-Cache") == "hit"


def test_addresses_the_form_and_links_write_are_kept(client, shelf):
    form = "audiences=any&published=&from=&to=&rating=&rating=&rating=&rating="
    for url in [
        f"/?audience={CARERS}&audience={BREAST}&audience={LUNG}",  # the form's order: by name
        f"/?audience={BREAST}&audience={LUNG}&audiences=all",
        f"/?audience={CARERS}&audience={BREAST}&{form}",
        f"/?audience={BREAST}&audiences=all&published=this-year&from=&to=&rating=&rating=&rating=&rating=",
        "/?type=article_review&type=update&published=this-year",
        "/?from=2021&to=2025",
        f"/?{form}",
        f"/audiences/{CARERS}/?type=study_review&type=update&from=2025",
    ]:
        assert kept(client, url), url


@pytest.mark.parametrize(
    "url",
    [
        f"/?audience={BREAST}&audience={CARERS}",  # not in the form's order
        f"/?audience={BREAST}&audience={BREAST}",  # repeated
        "/?type=update&type=article_review",  # not in the form's order
        "/?type=update&type=update",
        "/?audience=made-up",
        "/?audiences=any&audiences=any",
        "/?published=this-year&published=this-year",
        "/?from=2021&from=2021",
        "/?from=02021",
        "/?published=someday",
        f"/audiences/{CARERS}/?from=1999",
        f"/audiences/{CARERS}/?audience={BREAST}",  # the audience page offers no audiences
    ],
)
def test_made_up_repeated_or_reordered_values_are_served_but_kept_nowhere(client, shelf, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not kept(client, url)


def test_this_year_is_part_of_the_cache_key(client, shelf, monkeypatch):
    from django.utils import timezone

    assert kept(client, "/?published=this-year")
    real = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, timezone=None: (
            datetime.date(2027, 1, 1) if value is None else real(value, timezone)
        ),
    )
    next_year = client.get("/?published=this-year")
    assert next_year.get("X-Page-Cache") != "hit"
    assert counts(next_year, "periods") == {"this-year": 0, "last-year": 2}


def publish_for(publish, audiences, first):
    """Three articles (2026, 2025, 2024) shared among `audiences`."""
    for i, year in enumerate([2026, 2025, 2024]):
        article = small_article(f"Article {first + i}", "article_review", datetime.date(year, 2, 2))
        article.relevant_for.add(*audiences[i::3])
        factories.rate(article, "timeline", "in-practice")
        publish(article)


def build_queries(client, url, cold):
    """Queries to build `url` again (not serve it from the page cache), with the listing
    choices and counts cached (warm) or not (cold)."""
    client.get(url)
    generations.bump("query-count-test")
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and response.get("X-Page-Cache") != "hit"
    return len(queries)


def test_facet_counts_cost_the_same_queries_for_three_or_thirty_audiences(client, publish, today):
    audiences = [factories.AudienceFactory(name=f"audience number {i:02d}") for i in range(30)]
    publish_for(publish, audiences[:3], first=0)
    chosen = (
        f"audience={audiences[0].slug}&audience={audiences[1].slug}&type=article_review&published=this-year"
    )
    urls = [
        "/",
        f"/?{chosen}",
        f"/audiences/{audiences[0].slug}/?type=article_review",
        f"/search/?q=metastasis&{chosen}",
        f"/es/?{chosen}",
    ]

    def measure():
        return {
            url: (build_queries(client, url, cold=False), build_queries(client, url, cold=True))
            for url in urls
        }

    few = measure()
    publish_for(publish, audiences[3:], first=3)
    assert len(client.get("/").context["facets"].audiences) == 30
    assert few == measure()
    # Warm: within today's budgets (the home and audience pages built in 7 queries, a
    # search in 16): the generations, the page of articles and its two prefetches, and
    # on the search page the counts too (which also give the paginator its number).
    assert few["/"][0] <= 4
    assert few[f"/?{chosen}"][0] <= 4
    assert few[f"/audiences/{audiences[0].slug}/?type=article_review"][0] <= 5
    # (On PostgreSQL a search runs in a transaction of its own that prefers the text
    # index: a savepoint, SET LOCAL and its release, three more, as before.)
    assert few[f"/search/?q=metastasis&{chosen}"][0] <= 16 + 3 * (connection.vendor == "postgresql")
    # Cold: one query for the counts, three for the choices (audiences, years, scales),
    # and on a Spanish page one for the audiences' Spanish names, cached apart.
    for url, (warm, cold) in few.items():
        assert cold <= warm + 4 + url.startswith("/es/"), url
