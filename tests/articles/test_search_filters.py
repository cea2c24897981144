"""The search page narrows by audience, type of entry and rating, with the words and
with each other; a search its filters empty says which filters did it and clears each
one; and a filter value the site does not know gets the same friendly word on every
listing, never an error page."""

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from articles.models import EntryType
from tests import factories

pytestmark = pytest.mark.django_db

NOT_KNOWN = "We do not know the filter “{}”, so it is left out."


def titles(response):
    assert response.status_code == 200
    return re.findall(r'<h2 class="card-title"><a href="[^"]+">([^<]+)</a>', response.text)


@pytest.fixture
def shelf(publish):
    """Three published articles (each body mentions metastasis): two audiences, two
    types, two timelines."""
    breast = factories.AudienceFactory(name="people with breast cancer")
    lung = factories.AudienceFactory(name="people with lung cancer")
    rows = [
        ("Mouse metastasis study", EntryType.ARTICLE_REVIEW, "pre-clinical", breast),
        ("Approved breast drug", EntryType.ARTICLE_REVIEW, "in-practice", breast),
        ("Lung screening paper", EntryType.STUDY_REVIEW, "in-practice", lung),
    ]
    for title, entry_type, timeline, audience in rows:
        article = factories.full_article(
            title=title, slug=title.lower().replace(" ", "-"), entry_type=entry_type
        )
        article.relevant_for.add(audience)
        factories.rate(article, "timeline", timeline)
        publish(article)


def test_search_combines_words_with_audience_type_and_rating(client, shelf):
    assert len(titles(client.get("/search/?q=metastasis"))) == 3
    assert sorted(titles(client.get("/search/?q=metastasis&audience=people-with-breast-cancer"))) == [
        "Approved breast drug",
        "Mouse metastasis study",
    ]
    response = client.get(
        "/search/?q=metastasis&audience=people-with-breast-cancer&type=article_review&rating=timeline:in-practice"
    )
    assert titles(response) == ["Approved breast drug"]
    # The form shows each choice made.
    assert 'name="audience" value="people-with-breast-cancer" checked>' in response.text
    assert 'name="type" value="article_review" checked>' in response.text
    assert '<option value="timeline:in-practice" selected>' in response.text
    # The pages after the first keep every filter.
    assert "audience=people-with-breast-cancer" in response.context["query_string"]


def test_the_search_page_has_one_search_box(client, shelf):
    html = client.get("/search/?q=metastasis").text
    assert html.count('type="search"') == 1
    assert html.count('value="metastasis"') == 1


def test_filters_alone_list_the_newest_articles_they_let_through(client, shelf):
    response = client.get("/search/?audience=people-with-lung-cancer")
    assert titles(response) == ["Lung screening paper"]
    assert "1 article matches your filters" in response.text


def no_results_links(response):
    """{link text: the query it leads to, as a dict of lists} in the no-results message."""
    block = response.text.split('class="no-results"', 1)[1].split("</div>", 1)[0]
    links = {}
    for href, html in re.findall(r'<a href="([^"]*)">(.+?)</a>', block):
        text = re.sub(r"<[^>]+>", "", html)
        query = {}
        for name, value in parse_qsl(urlsplit(unescape(href)).query):
            query.setdefault(name, []).append(value)
        links[unescape(text)] = query
    return block, links


def test_a_search_the_filters_empty_names_them_and_clears_each(client, shelf):
    response = client.get(
        "/search/?q=metastasis&audience=people-with-lung-cancer&type=article_review&rating=timeline:in-practice"
    )
    assert titles(response) == []
    block, links = no_results_links(response)
    assert "Try fewer words" not in response.text
    assert "No article matches “metastasis” with these filters:" in unescape(block)
    for label in [
        "Relevant for people with lung cancer",
        "Type of entry: Article review",
        "Research timeline: In practice",
    ]:
        assert label in unescape(block)
    everything = {
        "q": ["metastasis"],
        "audience": ["people-with-lung-cancer"],
        "type": ["article_review"],
        "rating": ["timeline:in-practice"],
    }
    # Each "Clear" link drops exactly its own filter and keeps the words and the others.
    assert links["Clear “Relevant for people with lung cancer”"] == {
        k: v for k, v in everything.items() if k != "audience"
    }
    assert links["Clear “Type of entry: Article review”"] == {
        k: v for k, v in everything.items() if k != "type"
    }
    assert links["Clear “Research timeline: In practice”"] == {
        k: v for k, v in everything.items() if k != "rating"
    }
    assert links["clear all filters"] == {"q": ["metastasis"]}
    assert "Without the filters, 3 articles match “metastasis”" in unescape(block)
    # Following a link gives what it promises.
    assert titles(client.get("/search/?q=metastasis&audience=people-with-lung-cancer")) == [
        "Lung screening paper"
    ]


def test_a_search_with_no_match_even_without_filters_says_so(client, shelf):
    response = client.get("/search/?q=chemotherapy&type=study_review")
    block, links = no_results_links(response)
    assert "no article matches “chemotherapy” without them either" in unescape(block)
    assert links["Clear all filters"] == {"q": ["chemotherapy"]}
    assert links["see every article with this filter"] == {"type": ["study_review"]}


@pytest.mark.parametrize(
    ("url", "value"),
    [
        ("/?audience=unknown", "unknown"),
        ("/search/?q=metastasis&audience=nope", "nope"),
        ("/audiences/people-with-breast-cancer/?type=nope", "nope"),
        ("/search/?q=metastasis&type=nope", "nope"),
        ("/?audience=" + "a" * 20000, "a" * 130),
    ],
)
def test_an_unknown_filter_value_gets_the_same_friendly_notice_everywhere(client, shelf, url, value):
    response = client.get(url)
    assert response.status_code == 200
    assert NOT_KNOWN.format(value) in unescape(response.text)
    assert titles(response)  # the listing still shows, without that filter
    # Never kept by any cache: made-up values cannot fill one with copies of a page.
    assert "no-store" in response["Cache-Control"]
    assert client.get(url).get("X-Page-Cache") != "hit"


def test_a_known_audience_on_the_home_page_is_still_kept_and_the_form_empty_audience_too(client, shelf):
    for url in ["/?audience=people-with-breast-cancer", "/?audience=&type=&rating=&rating=&rating=&rating="]:
        assert client.get(url).status_code == 200
        assert client.get(url)["X-Page-Cache"] == "hit", url
