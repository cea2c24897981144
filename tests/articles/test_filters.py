"""Readers narrow the home page, audience pages and search to a type of entry or rating
levels, together with the audience and the search words."""

import re

import pytest

from articles.models import EntryType
from tests import factories

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200
    return re.findall(r'<h2 class="card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def shelf(publish):
    """Four published articles: two types, two timelines, two audiences."""
    breast = factories.AudienceFactory(name="people with breast cancer")
    lung = factories.AudienceFactory(name="people with lung cancer")
    rows = [
        ("Mouse metastasis study", EntryType.ARTICLE_REVIEW, "pre-clinical", "low", breast),
        ("Approved breast drug", EntryType.ARTICLE_REVIEW, "in-practice", "high", breast),
        ("Lung screening metastasis paper", EntryType.STUDY_REVIEW, "in-practice", "high", lung),
        ("Breast trial overview", EntryType.TOPIC_OVERVIEW, "late-stage-trials", "medium", breast),
    ]
    for title, entry_type, timeline, science, audience in rows:
        article = factories.full_article(
            title=title, slug=title.lower().replace(" ", "-"), entry_type=entry_type
        )
        article.relevant_for.add(audience)
        factories.rate(article, "timeline", timeline)
        factories.rate(article, "science", science)
        publish(article)


def test_home_filters_by_rating_level(client, shelf):
    assert sorted(titles(client.get("/?rating=timeline:in-practice"))) == [
        "Approved breast drug",
        "Lung screening metastasis paper",
    ]


def test_levels_of_one_scale_mean_either_and_of_two_scales_both(client, shelf):
    either = titles(client.get("/?rating=timeline:in-practice&rating=timeline:pre-clinical"))
    assert len(either) == 3
    both = titles(client.get("/?rating=timeline:in-practice&rating=science:high&rating=science:low"))
    assert sorted(both) == ["Approved breast drug", "Lung screening metastasis paper"]
    assert titles(client.get("/?rating=timeline:pre-clinical&rating=science:high")) == []


def test_home_filters_by_type_and_combines_with_audience(client, shelf):
    assert titles(client.get("/?type=study_review")) == ["Lung screening metastasis paper"]
    response = client.get("/?audience=people-with-breast-cancer&rating=timeline:in-practice")
    assert titles(response) == ["Approved breast drug"]
    html = response.content.decode()
    # The form shows what is chosen, and says it in words.
    assert '<option value="timeline:in-practice" selected>' in html
    assert "Showing only: Research timeline: In practice." in html
    assert titles(client.get("/?audience=people-with-breast-cancer&type=topic_overview")) == [
        "Breast trial overview"
    ]


def test_audience_page_filters_too(client, shelf):
    response = client.get("/audiences/people-with-breast-cancer/?rating=science:low")
    assert titles(response) == ["Mouse metastasis study"]
    assert titles(client.get("/audiences/people-with-breast-cancer/?type=study_review")) == []


def test_search_combines_words_with_type_and_ratings(client, shelf):
    assert len(titles(client.get("/search/?q=metastasis"))) == 4  # every body mentions it
    response = client.get("/search/?q=metastasis&rating=timeline:in-practice&type=study_review")
    assert titles(response) == ["Lung screening metastasis paper"]
    response = client.get("/search/?q=breast&rating=timeline:in-practice")
    assert titles(response) == ["Approved breast drug"]


def test_pagination_keeps_the_filters(client, publish):
    for n in range(11):
        article = factories.full_article(slug=f"practice-{n}")
        factories.rate(article, "timeline", "in-practice")
        publish(article)
    html = client.get("/?rating=timeline:in-practice").content.decode()
    assert "rating=timeline%3Ain-practice&amp;page=2" in html
    assert len(titles(client.get("/?rating=timeline:in-practice&page=2"))) == 1


@pytest.mark.parametrize(
    "query",
    [
        "rating=timeline:someday",
        "rating=nonsense",
        "type=novel",
        "rating=" + "x" * 20000,
        "rating=calendrier:prés-clinique",
        "type=&rating=&rating=",
    ],
)
def test_unknown_filter_values_are_left_out_with_a_word_never_an_error(client, shelf, query):
    for url in ["/", "/audiences/people-with-breast-cancer/", "/search/?q=metastasis&"]:
        response = client.get(f"{url}{'&' if '?' in url else '?'}{query}")
        assert response.status_code == 200, url
        assert titles(response), url  # the rest of the listing still shows
        if query.startswith("type=&"):
            assert "We do not know" not in response.content.decode()
        else:
            assert "We do not know the filter" in response.content.decode()


def test_a_nul_byte_in_a_filter_is_refused_as_any_bad_address_is(client, shelf):
    for url in ["/?", "/audiences/people-with-breast-cancer/?", "/search/?q=metastasis&"]:
        assert client.get(f"{url}rating=timeline:in-practice%00").status_code == 400, url


def test_filtered_pages_are_cached_apart(client, shelf):
    everything = titles(client.get("/"))
    filtered = titles(client.get("/?rating=science:low"))
    assert filtered == ["Mouse metastasis study"] and len(everything) == 4
    again = client.get("/?rating=science:low")
    assert again["X-Page-Cache"] == "hit" and titles(again) == filtered
    assert len(titles(client.get("/?type=study_review"))) == 1


def test_a_renamed_rating_level_shows_at_once_on_cached_pages(client, shelf):
    from articles.models.ratings import RatingLevel

    assert client.get("/").status_code == 200
    assert client.get("/")["X-Page-Cache"] == "hit"
    level = RatingLevel.objects.get(criterion__slug="timeline", slug="in-practice")
    level.name = "Used in clinics today"
    level.save()
    page = client.get("/")
    assert page["X-Page-Cache"] == "miss"
    assert "Used in clinics today" in page.content.decode()
