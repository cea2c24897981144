"""Rating scales and levels in Spanish on Spanish pages: the card, "En resumen" on the
article, its print view, the listings' filters and the Spanish feed name them in
Spanish once an editor has written it, and in English marked lang="en" until then.
The reasons stay the English article's words; English pages are as they were."""

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import EntryType, RatingCriterion, RatingLevel
from articles.models.ratings import rating_names_in
from tests import factories
from tests.admin_forms import admin_form_data
from xrays import generations

pytestmark = pytest.mark.django_db

SPANISH_NAMES = importlib.import_module("articles.migrations.0015_rating_names_in_spanish")


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def scales():
    """The standard scales with the Spanish names migration 0015 gives them (made again
    if a transactional test flushed them)."""
    made = factories.standard_rating_scales()
    SPANISH_NAMES.name_standard_scales(apps, None)
    return made


@pytest.fixture
def english(publish, scales):
    article = factories.full_article(
        slug="early-spread", title="Cancer cells can spread early", entry_type=EntryType.STUDY_REVIEW
    )
    factories.rate(article, "science", "low", "Done in mice.", evidence="study in mice")
    factories.rate(article, "timeline", "pre-clinical", "Not yet tried in people.")
    factories.rate(article, "coverage", "good", "The story was careful.")
    publish(article)
    return article


@pytest.fixture
def spanish(english, publish):
    translation = factories.spanish_translation(
        english, slug="diseminacion-temprana", title="Las células del cáncer pueden diseminarse pronto"
    )
    publish(translation)
    return translation


@pytest.fixture
def unnamed_scale(english, publish):
    """A scale an editor added without Spanish names, the article rated on it."""
    criterion = RatingCriterion.objects.create(name="Cost to the patient", slug="cost", order=9)
    RatingLevel.objects.create(criterion=criterion, name="Affordable", order=1)
    level = RatingLevel.objects.create(criterion=criterion, name="Expensive", order=2)
    english.ratings.create(criterion=criterion, level=level, rationale="A new drug.")
    publish(english)
    return criterion


def test_a_spanish_reader_sees_the_scales_and_levels_in_spanish_on_the_card_and_the_article(client, spanish):
    card = text_of(client.get("/es/").text)
    assert "Solidez de la ciencia: Baja" in card
    assert "Etapa de la investigación: Preclínica" in card
    assert "Calidad de la cobertura periodística: Buena" in card
    assert "Strength of science" not in card

    html = client.get("/es/articles/diseminacion-temprana/").text
    # The folded line of "En resumen", and each rating with its place on the scale.
    assert "Solidez de la ciencia: <strong>Baja</strong>" in html
    assert '<span class="rating-name">Etapa de la investigación:</span> <strong>Preclínica</strong>' in html
    assert "(1 de 3)" in text_of(html)
    assert "Pre-clinical" not in html and "Strength of science" not in html


def test_the_reasons_stay_the_english_articles_words_marked_as_english(client, spanish):
    html = client.get("/es/articles/diseminacion-temprana/").text
    assert '<p class="rationale" lang="en">Done in mice.</p>' in html
    assert '<ul class="evidence" lang="en"><li>study in mice</li></ul>' in html


def test_the_print_view_and_an_untranslated_english_article_show_spanish_scale_names(
    client, spanish, publish
):
    printed = client.get("/es/articles/diseminacion-temprana/print/").text
    assert '<span class="rating-name">Solidez de la ciencia:</span> <strong>Baja</strong>' in printed
    sheet = client.get("/es/articles/diseminacion-temprana/visit-sheet/").text
    assert '<span class="rating-name">Solidez de la ciencia:</span> <strong>Baja</strong>' in sheet

    untranslated = factories.full_article(slug="not-yet", title="Not yet translated")
    factories.rate(untranslated, "relevance", "high", "Many readers.")
    publish(untranslated)
    html = client.get("/es/articles/not-yet/").text
    assert '<span class="rating-name">Relevancia:</span> <strong>Alta</strong>' in html


def test_a_scale_without_spanish_falls_back_to_english_marked_lang_en(client, unnamed_scale, spanish):
    html = client.get("/es/articles/diseminacion-temprana/").text
    assert (
        '<span class="rating-name"><span lang="en">Cost to the patient</span>:</span> '
        '<strong><span lang="en">Expensive</span></strong>'
    ) in html
    # The translated scales beside it are not marked.
    assert '<span class="rating-name">Solidez de la ciencia:</span>' in html

    card = client.get("/es/").text
    assert '<span lang="en">Cost to the patient</span>: <span lang="en">Expensive</span>' in card


def test_a_level_named_in_spanish_on_a_scale_not_yet_named_is_marked_on_its_own(
    client, unnamed_scale, spanish
):
    RatingLevel.objects.filter(criterion=unnamed_scale, slug="expensive").update(name_es="Costoso")
    html = client.get("/es/articles/diseminacion-temprana/").text
    assert '<span lang="en">Cost to the patient</span>:</span> <strong>Costoso</strong>' in html


def test_editing_a_spanish_name_in_the_admin_reaches_a_cached_page(client, spanish, scales, editor):
    page = "/es/articles/diseminacion-temprana/"
    client.get(page)
    cached = client.get(page)
    assert cached["X-Page-Cache"] == "hit"

    criterion = scales["science"]["low"].criterion
    url = f"/admin/articles/ratingcriterion/{criterion.pk}/change/"
    client.force_login(editor)
    data = admin_form_data(client, url, "ratingcriterion_form")
    assert data["name_es"] == "Solidez de la ciencia"
    data["name_es"] = "Qué tan sólida es la ciencia"
    [prefix] = [k.removesuffix("-slug") for k, v in data.items() if k.endswith("-slug") and v == "low"]
    assert data[f"{prefix}-name_es"] == "Baja"
    data[f"{prefix}-name_es"] = "Débil"
    response = client.post(url, data, follow=True)
    assert response.redirect_chain, response.content.decode()[:2000]
    client.logout()

    fresh = client.get(page)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Qué tan sólida es la ciencia: <strong>Débil</strong>" in fresh.text
    assert "Qué tan sólida es la ciencia: Débil" in text_of(client.get("/es/").text)


def test_the_english_pages_are_unchanged(client, unnamed_scale, spanish):
    html = client.get("/articles/early-spread/").text
    assert '<span class="rating-name">Strength of science:</span> <strong>Low</strong>' in html
    assert '<span class="rating-name">Cost to the patient:</span> <strong>Expensive</strong>' in html
    assert '<p class="rationale">Done in mice.</p>' in html
    glance = html[html.index('id="at-a-glance"') : html.index('id="contents"')]
    assert "Solidez" not in glance and "lang=" not in glance

    home = client.get("/").text
    assert '<span class="card-rating">Strength of science: Low</span>' in home
    assert '<label for="rating-filter-science">Strength of science</label>' in home
    # Each level says how many articles it would give (articles/public/facets.py).
    assert '<option value="science:low">Low (1)</option>' in home


def test_the_spanish_listing_filters_name_scales_and_levels_in_spanish(client, unnamed_scale, spanish):
    html = client.get("/es/").text
    assert '<label for="rating-filter-science">Solidez de la ciencia</label>' in html
    assert '<option value="science:low">Baja (1)</option>' in html
    assert '<label for="rating-filter-cost"><span lang="en">Cost to the patient</span></label>' in html
    assert '<option value="cost:expensive" lang="en">Expensive (1)</option>' in html

    chosen = client.get("/es/", {"rating": "science:low"}).text
    assert '<option value="science:low" selected>Baja (1)</option>' in chosen
    assert "Solidez de la ciencia: Baja" in text_of(chosen)
    searched = client.get("/es/search/", {"q": "", "rating": "timeline:pre-clinical"}).text
    assert "Etapa de la investigación: Preclínica" in text_of(searched)


def test_the_spanish_feed_names_the_ratings_in_spanish(client, spanish):
    feed = client.get("/es/feeds/articles/").content.decode()
    assert "Solidez de la ciencia: Baja (1 de 3). Done in mice." in feed
    english_feed = client.get("/feeds/articles/").content.decode()
    assert "Strength of science: Low (1 of 3). Done in mice." in english_feed


def test_the_migration_names_only_scales_still_named_as_it_made_them(scales):
    science = RatingCriterion.objects.get(slug="science")
    RatingCriterion.objects.filter(pk=science.pk).update(name="Evidence", name_es="")
    RatingLevel.objects.filter(criterion__slug="timeline", slug="in-practice").update(
        name="In everyday care", name_es=""
    )
    RatingLevel.objects.filter(criterion__slug="coverage", slug="fair").update(name_es="Aceptable")

    SPANISH_NAMES.name_standard_scales(apps, None)

    assert RatingCriterion.objects.get(slug="science").name_es == ""
    assert RatingLevel.objects.get(criterion__slug="timeline", slug="in-practice").name_es == ""
    # Spanish an editor wrote is kept.
    assert RatingLevel.objects.get(criterion__slug="coverage", slug="fair").name_es == "Aceptable"
    assert RatingLevel.objects.get(criterion__slug="coverage", slug="poor").name_es == "Mala"


def test_the_spanish_names_cost_one_query_until_a_scale_changes(scales):
    generations.bump("ratings")
    with CaptureQueriesContext(connection) as queries:
        names = rating_names_in("es")
        again = rating_names_in("es")
    # Besides reading the generations (from the database, inside the test's transaction):
    assert len([q for q in queries if "articles_rating" in q["sql"]]) == 1
    assert names == again
    assert names.scales["timeline"] == "Etapa de la investigación"
    assert names.levels[("timeline", "early-human-trials")] == "Primeros ensayos en personas"
    with CaptureQueriesContext(connection) as queries:
        assert rating_names_in("en").scales == {}
    assert len(queries) == 0


def queries_for(client, url):
    client.get(url)
    generations.bump("query-count-test")  # a miss; the scale names stay cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and response.get("X-Page-Cache") in {None, "miss"}
    return len(queries)


@pytest.mark.parametrize("page", ["", "print/", "visit-sheet/"])
def test_a_rated_spanish_page_costs_as_many_queries_as_the_english_one(client, unnamed_scale, spanish, page):
    english_count = queries_for(client, f"/articles/early-spread/{page}")
    assert queries_for(client, f"/es/articles/diseminacion-temprana/{page}") == english_count


def test_a_spanish_listing_costs_as_many_queries_as_the_english_one(client, spanish):
    assert queries_for(client, "/es/") == queries_for(client, "/")
