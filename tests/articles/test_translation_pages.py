"""The Spanish reader's article pages: a translation at its own /es/ address, the English
article under the Spanish interface while it has none, the addresses that lead from one
language to the other, the notice of an English update, and the listings."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import PublishedVersion
from articles.translations import mark_up_to_date
from tests import factories
from xrays import generations

pytestmark = pytest.mark.django_db

UNTRANSLATED = "Este artículo todavía no está traducido al español."
BEING_REVIEWED = "esta traducción se está revisando"


@pytest.fixture
def publish_translation(publish):
    """Publish a translation through review; the version records its language and the
    English version it was made from."""

    def _publish(translation, **kwargs):
        version = publish(translation, **kwargs)
        assert (version.language, version.translated_from_id) == ("es", translation.translated_from_id)
        return version

    return _publish


@pytest.fixture
def english(publish):
    article = factories.full_article(slug="early-spread", title="Cancer cells can spread early")
    publish(article)
    return article


@pytest.fixture
def spanish(english, publish_translation):
    translation = factories.spanish_translation(
        english, slug="diseminacion-temprana", title="Las células del cáncer pueden diseminarse pronto"
    )
    publish_translation(translation)
    return translation


def update_english(article, publish, text="<p>New results from a larger study.</p>"):
    section = article.sections.first()
    section.body = text
    section.save()
    return publish(article, change_summary="Added the larger study.")


def bring_up_to_date(translation, publish_translation):
    """What a translator does after an English update: they change the words, say the
    translation now follows the English live version, and it is published again."""
    mark_up_to_date(translation, by=factories.author(username="translator"))
    section = translation.sections.first()
    section.body = "<p>Nuevos resultados de un estudio más grande.</p>"
    section.save()
    return publish_translation(translation)


# The translation at its own address


def test_a_spanish_reader_reads_the_translation_at_its_own_address(client, spanish):
    response = client.get("/es/articles/diseminacion-temprana/")
    assert response.status_code == 200
    assert "Las células del cáncer pueden diseminarse pronto" in response.text
    assert "Las células del cáncer pueden diseminarse pronto.</p>" in response.text
    assert UNTRANSLATED not in response.text
    assert BEING_REVIEWED not in response.text
    # Its words are in the page's language: nothing marks them as another.
    assert 'lang="en"' not in response.text.split('<article class="article"')[1].split("</header>")[0]
    assert response.context["language_alternates"] == {
        "en": "/articles/early-spread/",
        "es": "/es/articles/diseminacion-temprana/",
    }


@pytest.mark.parametrize(("page", "view"), [("print/", "/print/"), ("visit-sheet/", "/visit-sheet/")])
def test_the_translation_has_its_own_print_page_and_visit_sheet(client, spanish, page, view):
    response = client.get(f"/es/articles/diseminacion-temprana/{page}")
    assert response.status_code == 200
    assert "Las células del cáncer pueden diseminarse pronto" in response.text
    assert response.context["language_alternates"] == {
        "en": f"/articles/early-spread{view}",
        "es": f"/es/articles/diseminacion-temprana{view}",
    }


def test_the_english_page_points_to_its_spanish_translation(client, spanish):
    response = client.get("/articles/early-spread/")
    assert response.status_code == 200
    assert response.context["language_alternates"] == {
        "en": "/articles/early-spread/",
        "es": "/es/articles/diseminacion-temprana/",
    }
    assert response.context["content_language"] == ""
    assert not response.context["untranslated"]


# Addresses that lead from one language to the other


@pytest.mark.parametrize("page", ["", "print/", "visit-sheet/"])
def test_the_english_address_in_spanish_leads_to_the_translation(client, spanish, page):
    response = client.get(f"/es/articles/early-spread/{page}")
    assert response.status_code == 302
    assert response["Location"] == f"/es/articles/diseminacion-temprana/{page}"


@pytest.mark.parametrize("page", ["", "print/", "visit-sheet/"])
def test_the_spanish_address_without_its_prefix_leads_to_the_spanish_page(client, spanish, page):
    response = client.get(f"/articles/diseminacion-temprana/{page}")
    assert response.status_code == 301
    assert response["Location"] == f"/es/articles/diseminacion-temprana/{page}"


def test_a_withdrawn_translation_leaves_the_spanish_reader_with_the_english_article(client, spanish, editor):
    workflow.withdraw(spanish, by=editor, reason="Being corrected.")
    response = client.get("/es/articles/early-spread/")
    assert response.status_code == 200
    assert UNTRANSLATED in response.text
    assert response.context["language_alternates"] == {"en": "/articles/early-spread/", "es": None}
    assert client.get("/es/articles/diseminacion-temprana/").status_code == 404


def test_a_renamed_translation_keeps_its_old_addresses(client, spanish, publish_translation):
    spanish.slug = "celulas-que-viajan-pronto"
    spanish.save()
    publish_translation(spanish)
    for old in ["/es/articles/diseminacion-temprana/", "/articles/diseminacion-temprana/"]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == "/es/articles/celulas-que-viajan-pronto/"
    assert client.get("/es/articles/diseminacion-temprana/print/")["Location"] == (
        "/es/articles/celulas-que-viajan-pronto/print/"
    )


def test_a_renamed_english_article_leads_a_spanish_reader_to_the_translation(
    client, english, spanish, publish
):
    english.slug = "spreading-early"
    english.save()
    publish(english)
    assert client.get("/articles/early-spread/")["Location"] == "/articles/spreading-early/"
    response = client.get("/es/articles/early-spread/")
    assert response.status_code == 302
    assert response["Location"] == "/es/articles/diseminacion-temprana/"


def test_a_renamed_untranslated_article_keeps_its_old_spanish_address(client, english, publish):
    english.slug = "spreading-early"
    english.save()
    publish(english)
    response = client.get("/es/articles/early-spread/")
    assert response.status_code == 301
    assert response["Location"] == "/es/articles/spreading-early/"


# An English article not yet translated


def test_an_untranslated_article_is_shown_in_english_in_the_spanish_interface(client, english):
    response = client.get("/es/articles/early-spread/")
    assert response.status_code == 200
    html = response.text
    assert UNTRANSLATED in html
    notice = html.split('class="notice translation-notice"')[1].split("</div>")[0]
    assert 'role="note"' in notice
    assert 'href="/es/subscriptions/follow/article/early-spread/"' in notice
    assert "Reciba un aviso cuando esta página se actualice" in notice
    # The English words are marked as English for browsers and screen readers.
    assert '<h1 id="article-title" lang="en">Cancer cells can spread early</h1>' in html
    assert '<p class="summary" lang="en">' in html
    assert '<div class="prose" lang="en"><p>Body text 0 about metastasis.</p></div>' in html
    assert response.context["language_alternates"] == {"en": "/articles/early-spread/", "es": None}
    assert response.context["content_language"] == "en"


@pytest.mark.parametrize(
    ("page", "title"),
    [("print/", '<h1 lang="en">'), ("visit-sheet/", '<h1 id="visit-title" lang="en">')],
)
def test_an_untranslated_article_prints_with_the_notice_and_no_follow_link(client, english, page, title):
    response = client.get(f"/es/articles/early-spread/{page}")
    assert response.status_code == 200
    assert UNTRANSLATED in response.text
    assert "/subscriptions/follow/" not in response.text.split("translation-notice")[1].split("</div>")[0]
    assert f"{title}Cancer cells can spread early</h1>" in response.text


def test_the_page_cache_keeps_the_english_page_and_its_spanish_interface_apart(client, english):
    for _ in range(2):  # each kept, then served from the cache: never the other's copy
        english_page = client.get("/articles/early-spread/")
        spanish_page = client.get("/es/articles/early-spread/")
        assert UNTRANSLATED not in english_page.text and '<html lang="en">' in english_page.text
        assert UNTRANSLATED in spanish_page.text and '<html lang="es">' in spanish_page.text
    assert english_page["X-Page-Cache"] == spanish_page["X-Page-Cache"] == "hit"


def test_the_english_reader_sees_no_notice_about_languages(client, english):
    html = client.get("/articles/early-spread/").text
    assert "translation-notice" not in html
    assert '<h1 id="article-title">' in html


# Unknown and odd addresses


@pytest.mark.parametrize(
    "url",
    [
        "/es/articles/never-published/",
        "/es/articles/never-published/print/",
        "/es/articles/never-published/visit-sheet/",
        "/es/articles/c%C3%A1ncer/",
        "/es/articles/" + "a" * 20_000 + "/",
    ],
)
def test_an_address_never_published_is_not_found_in_spanish(client, english, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Language"] == "es"


def test_a_nul_byte_in_a_spanish_address_gets_a_clear_answer(client, english):
    assert client.get("/es/articles/early%00spread/").status_code in {400, 404}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/es/articles/diseminacion-temprana/", 200),
        ("/es/articles/diseminacion-temprana/print/", 200),
        ("/es/articles/diseminacion-temprana/visit-sheet/", 200),
        ("/es/articles/early-spread/", 302),
        ("/articles/diseminacion-temprana/", 301),
    ],
)
def test_head_requests_get_the_same_answers_without_a_body(client, spanish, url, status):
    response = client.head(url)
    assert response.status_code == status
    assert response.content == b""


# The notice of an English update, through the page cache


def test_the_spanish_page_says_when_the_english_source_was_updated(client, english, spanish, publish):
    page = "/es/articles/diseminacion-temprana/"
    assert client.get(page)["X-Page-Cache"] == "miss"
    cached = client.get(page)
    assert cached["X-Page-Cache"] == "hit" and BEING_REVIEWED not in cached.text

    update = update_english(english, publish)
    update.published_at = timezone.make_aware(timezone.datetime(2026, 12, 3, 15, 0))
    PublishedVersion.objects.filter(pk=update.pk).update(published_at=update.published_at)
    generations.bump("query-count-test")  # the date was changed after publication

    response = client.get(page)
    assert response["X-Page-Cache"] == "miss"
    notice = response.text.split('class="notice translation-notice"')[1].split("</div>")[0]
    assert 'role="note"' in notice
    assert (
        'La versión en inglés se actualizó el <time datetime="2026-12-03">3 de diciembre de 2026</time>; '
        "esta traducción se está revisando." in notice
    )
    assert (
        '<a href="/articles/early-spread/" lang="en" hreflang="en">Cancer cells can spread early</a>'
        in notice
    )
    assert client.get(page)["X-Page-Cache"] == "hit"

    printed = client.get(page + "print/").text
    assert BEING_REVIEWED in printed
    # On paper the English page's address is printed, as a link cannot be followed.
    assert f'<span class="print-address">({settings.SITE_URL}/articles/early-spread/)</span>' in printed


def test_the_notice_goes_once_the_updated_translation_is_published(
    client, english, spanish, publish, publish_translation
):
    page = "/es/articles/diseminacion-temprana/"
    update_english(english, publish)
    assert BEING_REVIEWED in client.get(page).text
    assert client.get(page)["X-Page-Cache"] == "hit"

    bring_up_to_date(spanish, publish_translation)
    response = client.get(page)
    assert response["X-Page-Cache"] == "miss"
    assert BEING_REVIEWED not in response.text
    assert "Nuevos resultados de un estudio más grande." in response.text


def test_an_english_update_alone_changes_nothing_on_the_english_page(client, english, spanish, publish):
    update_english(english, publish)
    html = client.get("/articles/early-spread/").text
    assert "translation-notice" not in html


# The same number of queries in either language


def queries_for(client, url):
    client.get(url)
    generations.bump("query-count-test")  # a miss; the glossary and site text stay cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert response.get("X-Page-Cache") in {None, "miss"}
    return len(queries)


@pytest.mark.parametrize("page", ["", "print/", "visit-sheet/"])
def test_a_spanish_page_costs_as_many_queries_as_the_english_one(
    client, english, spanish, publish, publish_translation, page
):
    untranslated = factories.full_article(slug="not-yet", title="Not yet translated")
    publish(untranslated)
    update_english(english, publish)  # the translation now shows its notice too
    english_count = queries_for(client, f"/articles/early-spread/{page}")
    assert queries_for(client, f"/es/articles/diseminacion-temprana/{page}") == english_count
    assert queries_for(client, f"/es/articles/not-yet/{page}") == english_count
    assert queries_for(client, f"/articles/not-yet/{page}") == english_count


# Listings


def cards(html):
    return re.findall(r'<article class="card">(.*?)</article>', html, re.S)


def test_the_spanish_home_page_offers_translations_and_marks_english_cards(client, english, spanish, publish):
    publish(factories.full_article(slug="not-yet", title="Not yet translated"))
    html = client.get("/es/").text
    found = cards(html)
    assert len(found) == 2
    translated = next(card for card in found if "diseminacion-temprana" in card)
    untranslated = next(card for card in found if "not-yet" in card)
    assert "Cancer cells can spread early" not in html
    assert 'href="/es/articles/diseminacion-temprana/"' in translated
    assert "card-language" not in translated
    assert '<h2 class="card-title"><a href="/es/articles/diseminacion-temprana/">' in translated
    assert '<span class="card-language">En inglés</span>' in untranslated
    assert (
        '<h2 class="card-title" lang="en"><a href="/articles/not-yet/">Not yet translated</a></h2>'
        in untranslated
    )


def test_the_english_home_page_lists_english_articles_only(client, english, spanish):
    html = client.get("/").text
    assert "Cancer cells can spread early" in html
    assert "diseminacion-temprana" not in html
    assert "card-language" not in html


def test_an_audience_page_in_spanish_offers_the_translation(client, english, spanish):
    audience = english.relevant_for.first()
    html = client.get(f"/es/audiences/{audience.slug}/").text
    found = cards(html)
    assert len(found) == 1
    assert "diseminacion-temprana" in found[0]


def test_spanish_listings_do_not_grow_with_the_number_of_cards(client, publish, publish_translation):
    audience = factories.AudienceFactory(name="everyone here")

    def add_articles(n):
        for i in range(n):
            article = factories.full_article(n_items=2)
            article.relevant_for.add(audience)
            publish(article)
            if i % 2:
                publish_translation(factories.spanish_translation(article, slug=f"{article.slug}-es"))

    add_articles(2)
    urls = ["/es/", "/es/audiences/everyone-here/"]
    few = {url: queries_for(client, url) for url in urls}
    add_articles(8)
    assert {url: queries_for(client, url) for url in urls} == few


def test_an_editor_previewing_a_translation_sees_its_words_marked_as_spanish(client, english, editor):
    draft = factories.spanish_translation(english, slug="borrador", title="Un borrador en español")
    client.force_login(editor)
    response = client.get(f"/admin/articles/article/{draft.pk}/preview/")
    assert response.status_code == 200
    assert '<h1 id="article-title" lang="es">Un borrador en español</h1>' in response.text
    assert "translation-notice" not in response.text
