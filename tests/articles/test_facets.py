"""A reader filters the home, audience and search pages by several audiences (any or
all of them), types of entry, rating and the date published, and sees beside each
choice how many articles it would give, the same on SQLite and PostgreSQL."""

import re
from html import unescape

import pytest

from tests import factories
from tests.articles import facet_shelf
from tests.articles.facet_shelf import BREAST, CARERS, LUNG, counts

pytestmark = pytest.mark.django_db

# The shelf of articles and the frozen clock (tests/articles/facet_shelf.py).
shelf, today = facet_shelf.shelf, facet_shelf.today


def shelf_types(response):
    """The type counts of the four types on the shelf (the site may offer more, at 0)."""
    return {k: v for k, v in counts(response, "types").items() if k in SHELF_TYPES}


SHELF_TYPES = {"article_review", "study_review", "update", "topic_overview"}


def titles(response):
    assert response.status_code == 200
    return sorted(re.findall(r'<h2 class="card-title"><a href="[^"]+">([^<]+)</a>', response.text))


def test_a_reader_sees_how_many_articles_each_choice_gives_before_choosing(client, shelf):
    response = client.get("/")
    assert len(titles(response)) == 5
    assert counts(response, "audiences") == {CARERS: 3, BREAST: 3, LUNG: 2}
    assert shelf_types(response) == {"article_review": 2, "study_review": 1, "update": 1, "topic_overview": 1}
    timeline = {k: v for k, v in counts(response, "scales").items() if k.startswith("timeline:")}
    assert timeline == {
        "timeline:pre-clinical": 1,
        "timeline:early-human-trials": 0,
        "timeline:late-stage-trials": 1,
        "timeline:in-practice": 3,
    }
    assert counts(response, "periods") == {"this-year": 2, "last-year": 1}
    assert counts(response, "years_from") == {"2026": 2, "2025": 3, "2023": 4, "2021": 5}
    assert counts(response, "years_to") == {"2026": 5, "2025": 3, "2023": 2, "2021": 1}
    # Each count is in its label's words; a choice that gives nothing still shows, with "(0)".
    html = unescape(response.text)
    assert re.search(r'for="type-filter-study_review">Study review \(1\)</label>', html)
    assert re.search(r"<span>people with lung cancer</span> \(2\)</label>", html)
    assert ">Early human trials (0)</option>" in html


def test_several_audiences_mean_any_of_them_and_each_count_adds_one_more(client, shelf):
    response = client.get(f"/?audience={BREAST}&audience={LUNG}")
    assert titles(response) == ["Approved drug", "Lung screening", "Mouse study", "Trial overview"]
    # Ticking carers too would give every article; the ticked ones give what is shown.
    assert counts(response, "audiences") == {CARERS: 5, BREAST: 4, LUNG: 4}
    # The other facets count within these audiences.
    assert shelf_types(response) == {"article_review": 2, "study_review": 1, "update": 0, "topic_overview": 1}
    assert counts(response, "periods") == {"this-year": 2, "last-year": 1}
    assert 'name="audience" value="people-with-lung-cancer" checked>' in response.text
    assert "Relevant for any of: people with breast cancer, people with lung cancer" in unescape(
        response.text
    )


def test_all_of_them_keeps_the_articles_for_every_audience_ticked(client, shelf):
    response = client.get(f"/?audience={BREAST}&audience={LUNG}&audiences=all")
    assert titles(response) == ["Trial overview"]
    assert counts(response, "audiences") == {CARERS: 0, BREAST: 1, LUNG: 1}
    assert 'id="audiences-all" name="audiences" value="all" checked>' in response.text
    assert "Relevant for all of: people with breast cancer, people with lung cancer" in unescape(
        response.text
    )
    # With one audience, "all" is that audience; the form's default is any.
    assert titles(client.get(f"/?audience={CARERS}&audiences=all")) == [
        "Approved drug",
        "Lung screening",
        "Old update",
    ]


def test_types_combine_as_any_and_with_ratings_and_audiences(client, shelf):
    response = client.get("/?type=article_review&type=study_review")
    assert titles(response) == ["Approved drug", "Lung screening", "Mouse study"]
    assert shelf_types(response) == {"article_review": 3, "study_review": 3, "update": 4, "topic_overview": 4}
    # A rating level is counted as if chosen instead of the scale's current choice.
    response = client.get("/?type=article_review&rating=timeline:in-practice")
    assert titles(response) == ["Approved drug"]
    timeline = {k: v for k, v in counts(response, "scales").items() if k.startswith("timeline:")}
    assert timeline["timeline:pre-clinical"] == 1 and timeline["timeline:in-practice"] == 1
    assert counts(response, "types")["update"] == 2  # in practice: article review or update
    response = client.get(f"/?audience={CARERS}&type=study_review&type=update&rating=timeline:in-practice")
    assert titles(response) == ["Lung screening", "Old update"]


def test_this_year_and_last_year_are_read_from_today_in_the_site_time_zone(client, shelf):
    response = client.get("/?published=this-year")
    assert titles(response) == ["Lung screening", "Mouse study"]
    assert 'id="published-this-year" name="published" value="this-year" checked>' in response.text
    assert "Published this year" in response.text
    assert titles(client.get("/?published=last-year")) == ["Approved drug"]
    # The other facets count within the period.
    assert counts(response, "audiences") == {CARERS: 1, BREAST: 1, LUNG: 1}


def test_a_range_of_years_narrows_and_each_year_counts_within_the_other_bound(client, shelf):
    response = client.get("/?from=2023&to=2025")
    assert titles(response) == ["Approved drug", "Trial overview"]
    assert counts(response, "years_from") == {"2026": 0, "2025": 1, "2023": 2, "2021": 3}
    assert counts(response, "years_to") == {"2026": 4, "2025": 2, "2023": 1, "2021": 0}
    html = unescape(response.text)
    assert "Published from 2023" in html and "Published until 2025" in html
    assert '<option value="2023" selected>2023 (2)</option>' in html
    # A period and a range both hold.
    assert titles(client.get("/?published=last-year&from=2023")) == ["Approved drug"]
    assert titles(client.get("/?published=this-year&to=2025")) == []


def test_each_value_in_use_has_a_link_that_removes_it_and_keeps_the_rest(client, shelf):
    response = client.get(f"/?audience={BREAST}&audience={LUNG}&type=article_review&published=this-year")
    links = dict(
        (unescape(label), unescape(href))
        for href, label in re.findall(
            r'<a href="\?([^"]*)">Remove<span class="visually-hidden"> “([^”]+)”</span></a>', response.text
        )
    )
    assert links == {
        "Relevant for people with breast cancer": f"audience={LUNG}&type=article_review&published=this-year",
        "Relevant for people with lung cancer": f"audience={BREAST}&type=article_review&published=this-year",
        "Type of entry: Article review": f"audience={BREAST}&audience={LUNG}&published=this-year",
        "Published this year": f"audience={BREAST}&audience={LUNG}&type=article_review",
    }
    assert titles(response) == ["Mouse study"]
    assert titles(client.get(f"/?{links['Published this year']}")) == ["Approved drug", "Mouse study"]


def test_the_audience_page_keeps_its_audience_and_offers_the_other_facets(client, shelf):
    response = client.get(f"/audiences/{CARERS}/?type=article_review&type=update")
    assert titles(response) == ["Approved drug", "Old update"]
    assert response.context["facets"].audiences == []
    assert 'name="audience"' not in response.text
    assert shelf_types(response) == {"article_review": 2, "study_review": 3, "update": 2, "topic_overview": 2}
    assert counts(client.get(f"/audiences/{CARERS}/"), "periods") == {"this-year": 1, "last-year": 1}


def test_search_counts_within_the_words_and_the_paging_keeps_every_facet(client, shelf):
    response = client.get(f"/search/?q=lung&audience={CARERS}&audience={LUNG}")
    assert titles(response) == ["Lung screening"]
    assert counts(response, "types")["study_review"] == 1 and counts(response, "types")["update"] == 0
    response = client.get(f"/search/?audience={BREAST}&published=this-year")
    assert titles(response) == ["Mouse study"]
    assert f"audience={BREAST}" in response.context["query_string"]
    assert "published=this-year" in response.context["query_string"]
    # The search page before any search shows the form without counts.
    assert "(0)" not in client.get("/search/").text


def test_spanish_listings_count_what_spanish_readers_are_offered(client, shelf, publish):
    from articles.models import Article

    source = Article.objects.get(slug="mouse-study")
    spanish = factories.spanish_translation(source, title="Estudio en ratones", slug="estudio-en-ratones")
    publish(spanish)
    response = client.get(f"/es/?audience={BREAST}")
    assert response.status_code == 200
    # The Spanish version stands in for the English one: counted once, not twice.
    assert counts(response, "audiences")[BREAST] == 3
    assert "Estudio en ratones" in titles(response) and "Mouse study" not in titles(response)
    assert counts(client.get("/es/?published=this-year"), "periods") == {"this-year": 2, "last-year": 1}
    assert counts(client.get("/?published=last-year"), "periods") == {"this-year": 2, "last-year": 1}
