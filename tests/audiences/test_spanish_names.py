"""Audience names in Spanish: snapshots keep ids and English names, and every Spanish
page shows the audience's Spanish name as it is now (English, marked lang="en", until
it is translated)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from audiences.models import Audience
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(publish):
    source = factories.full_article(n_items=1, title="Early spread", slug="early-spread")
    relevant = source.relevant_for.get()
    relevant.name_es = "personas con cáncer de mama"
    relevant.description_es = "Noticias para cualquier persona con cáncer de mama."
    relevant.description = "News for anyone with breast cancer."
    relevant.save()
    publish(source)
    source.refresh_from_db()
    spanish = factories.spanish_translation(
        source, title="Diseminación temprana", slug="diseminacion-temprana"
    )
    publish(spanish)
    return source


def test_a_spanish_article_page_shows_the_audiences_spanish_names(client, article):
    html = client.get("/es/articles/diseminacion-temprana/").content.decode()
    assert '<li><a href="/es/audiences/relevant-audience-0/">personas con cáncer de mama</a></li>' in html
    # Not translated yet: the English name, marked as English.
    assert (
        '<li lang="en"><a href="/es/audiences/also-relevant-audience-0/">also relevant audience 0</a></li>'
        in html
    )


def test_the_english_page_keeps_the_english_names(client, article):
    html = client.get("/articles/early-spread/").content.decode()
    assert ">relevant audience 0</a>" in html
    assert "personas con cáncer de mama" not in html


def test_an_english_article_in_the_spanish_interface_also_names_audiences_in_spanish(client, publish):
    english = factories.full_article(n_items=1, slug="only-english")
    Audience.objects.filter(name="relevant audience 0").update(name_es="grupo en español")
    publish(english)
    html = client.get("/es/articles/only-english/").content.decode()
    assert ">grupo en español</a>" in html


def test_cards_and_the_home_filter_show_spanish_names(client, article):
    html = client.get("/es/").content.decode()
    assert '/">personas con cáncer de mama</a>' in html
    # The filter's checkboxes, each name with how many articles it gives.
    assert "<span>personas con cáncer de mama</span> (1)</label>" in html
    assert '<span lang="en">also relevant audience 0</span> (1)</label>' in html
    assert ">relevant audience 0<" not in html


def test_the_spanish_audience_page_is_titled_and_described_in_spanish(client, article):
    response = client.get("/es/audiences/relevant-audience-0/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "personas con cáncer de mama" in html.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert (
        "<title>" in html
        and "personas con cáncer de mama" in html.split("<title>", 1)[1].split("</title>")[0]
    )
    assert '<p class="lead">Noticias para cualquier persona con cáncer de mama.</p>' in html
    english = client.get("/audiences/relevant-audience-0/").content.decode()
    assert '<p class="lead">News for anyone with breast cancer.</p>' in english


def test_an_untranslated_description_is_marked_as_english(client, article):
    html = client.get("/es/audiences/also-relevant-audience-0/").content.decode()
    Audience.objects.filter(name="also relevant audience 0").update(description="For some readers.")
    audience = Audience.objects.get(name="also relevant audience 0")
    audience.description = "For some readers."
    audience.save()
    html = client.get("/es/audiences/also-relevant-audience-0/").content.decode()
    assert '<p class="lead" lang="en">For some readers.</p>' in html


def test_a_new_spanish_name_reaches_every_cached_spanish_page(client, article):
    client.get("/es/articles/diseminacion-temprana/")
    assert client.get("/es/articles/diseminacion-temprana/")["X-Page-Cache"] == "hit"
    audience = Audience.objects.get(name="also relevant audience 0")
    audience.name_es = "también para este grupo"
    audience.save()
    assert (
        ">también para este grupo</a>" in client.get("/es/articles/diseminacion-temprana/").content.decode()
    )


def test_names_in_a_language_take_one_query_then_none_until_an_audience_changes(article):
    with CaptureQueriesContext(connection) as queries:
        names = Audience.names_in("es")
    assert [q["sql"] for q in queries if "audiences_audience" in q["sql"]] == [queries[-1]["sql"]]
    with CaptureQueriesContext(connection) as queries:
        assert Audience.names_in("es") == names
    assert not [q for q in queries if "audiences_audience" in q["sql"]]
    assert sorted(names.values()) == ["also relevant audience 0", "personas con cáncer de mama"]
    assert (
        Audience.names_in("en")[Audience.objects.get(name_es="personas con cáncer de mama").pk]
        == "relevant audience 0"
    )


def test_the_audience_filter_names_a_spanish_name_in_the_active_language(article):
    from audiences.templatetags.audience_names import audience_lang, audience_lang_attr, audience_name

    audience = Audience.objects.get(name="relevant audience 0")
    snapshot_entry = {"id": audience.pk, "name": "relevant audience 0"}
    with translation.override("es"):
        assert audience_name(audience) == audience_name(snapshot_entry) == "personas con cáncer de mama"
        assert audience_lang(snapshot_entry) == "es"
        assert audience_lang_attr(snapshot_entry) == ""
        assert audience_lang_attr({"id": 999999, "name": "gone"}) == ' lang="en"'
        # An audience deleted since publication keeps the name it was published with.
        assert audience_name({"id": 999999, "name": "gone"}) == "gone"
        assert audience_lang({"id": 999999, "name": "gone"}) == "en"
    with translation.override("en"):
        assert audience_name(snapshot_entry) == "relevant audience 0"


def test_an_editor_gives_an_audience_its_spanish_name_in_the_admin(admin_client, article):
    audience = Audience.objects.get(name="also relevant audience 0")
    response = admin_client.get(f"/admin/audiences/audience/{audience.pk}/change/")
    assert response.status_code == 200
    assert 'name="name_es"' in response.content.decode()
    assert 'name="description_es"' in response.content.decode()
