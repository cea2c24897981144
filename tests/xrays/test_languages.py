"""Readers choose a language by the address: English at the addresses every link
already points to, Spanish under /es/. The switcher in the header keeps them on the
same page; search engines and link previews are told which languages a page has."""

import datetime
import re

import pytest
from django.template import loader
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation
from pytest_django.asserts import assertInHTML

from xrays import dates, views

pytestmark = pytest.mark.django_db


def html_of(response):
    return response.content.decode()


def page_language(html):
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def switcher(html):
    return re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)


def switcher_link(html, language):
    found = re.search(rf'<a href="([^"]*)" lang="{language}" hreflang="{language}">', switcher(html))
    return found and found.group(1).replace("&amp;", "&")


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"},
        {"HTTP_ACCEPT_LANGUAGE": "es"},
        {},
    ],
)
def test_the_english_addresses_stay_english_whatever_the_browser_asks_for(client, headers):
    client.cookies["django_language"] = "es"
    for url in ["/", "/glossary/", "/search/?q=cancer"]:
        response = client.get(url, **headers)
        assert response.status_code == 200
        assert page_language(html_of(response)) == "en", url
        assert response["Content-Language"] == "en"
        assert "Skip to main content" in html_of(response)


def test_a_spanish_reader_sees_the_interface_in_spanish_under_es(client):
    response = client.get("/es/")
    html = html_of(response)
    assert response.status_code == 200 and response["Content-Language"] == "es"
    assert page_language(html) == "es"
    for words in [
        "Saltar al contenido principal",
        "Inicio",
        "Glosario",
        "Buscar artículos",
        "Seguir por RSS",
    ]:
        assert words in html, words
    assert "Skip to main content" not in html
    # Links stay in Spanish.
    assert 'href="/es/glossary/"' in html and 'action="/es/search/"' in html


def test_the_switcher_on_the_spanish_glossary_leads_to_the_english_glossary_and_back(client):
    spanish = html_of(client.get("/es/glossary/"))
    assert switcher_link(spanish, "en") == "/glossary/"
    english = html_of(client.get(switcher_link(spanish, "en")))
    assert page_language(english) == "en"
    assert switcher_link(english, "es") == "/es/glossary/"
    assert page_language(html_of(client.get(switcher_link(english, "es")))) == "es"


def test_the_switcher_names_each_language_in_itself_and_marks_the_current_one(client):
    html = switcher(html_of(client.get("/es/glossary/")))
    assert 'aria-label="Idioma"' in html
    assertInHTML('<span class="language-current" aria-current="true" lang="es">Español</span>', html)
    assertInHTML(
        '<a href="/glossary/" lang="en" hreflang="en"><span class="language-name">English</span>'
        '<span class="language-code" aria-hidden="true">EN</span></a>',
        html,
    )
    # The current language is not a link.
    assert 'hreflang="es"' not in html
    assert 'aria-label="Language"' in switcher(html_of(client.get("/glossary/")))


def test_a_search_keeps_its_words_when_the_reader_switches_language(client):
    html = html_of(client.get("/search/?q=metast%C3%A1sis+cancer"))
    assert switcher_link(html, "es") == "/es/search/?q=metast%C3%A1sis+cancer"
    back = html_of(client.get(switcher_link(html, "es")))
    assert page_language(back) == "es"
    assert switcher_link(back, "en") == "/search/?q=metast%C3%A1sis+cancer"


def test_a_kept_page_passes_on_only_the_parameters_it_reads(client, published_article):
    """The page cache keeps one copy for every reader of ?audience=…&page=…: the links
    on it must not repeat what one reader added (a tracking code)."""
    audience = published_article.relevant_for.first()
    html = html_of(client.get(f"/?utm_source=newsletter&audience={audience.slug}&page=1"))
    assert switcher_link(html, "es") == f"/es/?audience={audience.slug}&page=1"
    assert "utm_source" not in html
    spanish = html_of(client.get(switcher_link(html, "es")))
    assert switcher_link(spanish, "en") == f"/?audience={audience.slug}&page=1"


def test_search_engines_are_told_every_language_of_a_page_and_the_default(client, settings):
    settings.SITE_URL = "https://xrays.example"
    for url in ["/glossary/", "/es/glossary/"]:
        assert alternates(html_of(client.get(url))) == {
            "en": "https://xrays.example/glossary/",
            "es": "https://xrays.example/es/glossary/",
            "x-default": "https://xrays.example/glossary/",
        }


def test_link_previews_are_told_the_pages_language_and_its_other_one(client):
    spanish = html_of(client.get("/es/"))
    assert '<meta property="og:locale" content="es_LA">' in spanish
    assert '<meta property="og:locale:alternate" content="en_US">' in spanish
    english = html_of(client.get("/"))
    assert '<meta property="og:locale" content="en_US">' in english
    assert '<meta property="og:locale:alternate" content="es_LA">' in english


def render_base(path, **context):
    """base.html as a view renders it for `path`, with the view's own context."""
    with translation.override(translation.get_language_from_path(path) or "en"):
        request = RequestFactory().get(path)
        request.resolver_match = resolve(path)
        return loader.render_to_string("base.html", context, request)


def test_a_page_with_a_translation_at_its_own_address_switches_to_that_address(db):
    html = render_base(
        "/articles/early-spread/",
        language_alternates={"en": "/articles/early-spread/", "es": "/es/articles/diseminacion-temprana/"},
    )
    assert switcher_link(html, "es") == "/es/articles/diseminacion-temprana/"
    assert alternates(html)["es"].endswith("/es/articles/diseminacion-temprana/")
    assert '<meta property="og:locale:alternate" content="es_LA">' in html


def test_a_page_not_yet_translated_switches_to_the_spanish_interface_but_promises_no_translation(db):
    html = render_base(
        "/articles/early-spread/", language_alternates={"en": "/articles/early-spread/", "es": None}
    )
    # The English article under the Spanish interface: still somewhere to go.
    assert switcher_link(html, "es") == "/es/articles/early-spread/"
    assert set(alternates(html)) == {"en", "x-default"}
    assert "og:locale:alternate" not in html


def test_the_spanish_reader_of_an_english_only_article_is_offered_the_english_page(db):
    html = render_base(
        "/es/articles/early-spread/", language_alternates={"en": "/articles/early-spread/", "es": None}
    )
    assert page_language(html) == "es"
    assert switcher_link(html, "en") == "/articles/early-spread/"
    assert set(alternates(html)) == {"en", "x-default"}


def test_the_admin_has_no_spanish_address_and_stays_english(client):
    assert client.get("/es/admin/").status_code == 404
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert page_language(html_of(response)) == "en" and "XRAYS editorial" in html_of(response)


def test_a_made_up_spanish_address_gets_a_spanish_page_not_found(client):
    made_up = ["/es/nada/", "/es/articles/caf%C3%A9/", "/es/glos%C3%A1rio/", "/es/articles/%F0%9F%98%80/"]
    long_slug = "a" * 20_000
    for url in [*made_up, f"/es/articles/{long_slug}/"]:
        response = client.get(url)
        assert response.status_code == 404, url[:40]
        html = html_of(response)
        assert page_language(html) == "es" and "No encontramos esa página" in html, url[:40]
        # No page here to promise search engines.
        assert alternates(html) == {}
    # Somewhere to go in English: the English home page for an address no page has, the
    # same address for an article that is not there (the English 404 says so in English).
    assert switcher_link(html_of(client.get("/es/nada/")), "en") == "/"
    assert (
        switcher_link(html_of(client.get("/es/articles/no-such-article/")), "en")
        == "/articles/no-such-article/"
    )


def test_spanish_addresses_answer_head_without_a_body(client):
    for url in ["/es/", "/es/glossary/", "/es/feeds/", "/es/search/?q=cancer"]:
        head = client.head(url)
        assert head.status_code == 200, url
        assert head.content == b"" and head["Content-Language"] == "es"


@pytest.mark.parametrize("previous", ["en", "es"])
def test_a_null_character_on_a_spanish_address_is_refused_in_spanish(client, previous):
    translation.activate(previous)  # whatever the thread served last
    for url in ["/es/search/?q=met%00astasis", "/es/?page=%00"]:
        response = client.get(url)
        assert response.status_code == 400, url
        html = html_of(response)
        assert page_language(html) == "es" and "No pudimos leer esa solicitud" in html
    translation.activate("es")
    response = client.get("/search/?q=%00")
    assert response.status_code == 400 and "We could not read that request" in html_of(response)
    translation.activate("en")


def test_a_very_long_spanish_search_gets_an_answer_not_an_error(client):
    response = client.get("/es/search/", {"q": "cáncer " * 3000})
    assert response.status_code in {200, 400}
    assert page_language(html_of(response)) == "es"


def test_a_request_for_another_host_is_refused_in_the_addresses_language(client):
    translation.activate("en")
    response = client.get("/es/glossary/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "No pudimos leer esa solicitud" in html_of(response)


def test_the_page_for_a_server_error_is_in_the_addresses_language():
    translation.activate("en")
    response = views.server_error(RequestFactory().get("/es/glossary/"))
    html = html_of(response)
    assert response.status_code == 500
    assert page_language(html) == "es" and "Algo salió mal de nuestro lado" in html
    assert '<a href="/es/">' in html


def test_robots_keep_out_of_the_glossary_switch_in_every_language(client):
    body = html_of(client.get("/robots.txt"))
    assert "Disallow: /glossary/switch/" in body and "Disallow: /es/glossary/switch/" in body


def test_dates_read_naturally_in_each_language():
    day = datetime.datetime(2026, 12, 3, 14, 5, tzinfo=datetime.UTC)
    with translation.override("en"):
        assert dates.long_date(day.date()) == "3 December 2026"
    with translation.override("es"):
        assert dates.long_date(day.date()) == "3 de diciembre de 2026"
        assert dates.long_date_time(day).startswith("3 de diciembre de 2026, a las ")
