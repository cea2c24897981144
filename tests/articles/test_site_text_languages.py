"""The independence disclosure on every article, in the reader's language where the
editors wrote it, and otherwise in English, said to be English."""

import pytest

from tests import factories
from xrays.models import SiteText

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_page(client, published_article, publish):
    translation = factories.spanish_translation(published_article, slug="propagacion-temprana")
    publish(translation)
    return "/es/articles/propagacion-temprana/"


def disclosure_of(html):
    start = html.index('<div class="disclosure"')
    return html[start : html.index("</div>", start)]


def test_a_spanish_reader_reads_the_disclosure_in_spanish_and_an_english_reader_in_english(
    client, published_article, spanish_page
):
    SiteText.objects.update_or_create(
        key=SiteText.DISCLOSURE,
        defaults={"body": "<p>XRAYS is independent.</p>", "body_es": "<p>XRAYS es independiente.</p>"},
    )
    spanish = disclosure_of(client.get(spanish_page).text)
    english = disclosure_of(client.get("/articles/early-spread/").text)
    assert "XRAYS es independiente." in spanish and "lang=" not in spanish
    assert "XRAYS is independent." in english and "lang=" not in english


def test_until_it_is_translated_a_spanish_page_shows_the_english_disclosure_marked_as_english(
    client, spanish_page
):
    SiteText.objects.update_or_create(
        key=SiteText.DISCLOSURE, defaults={"body": "<p>XRAYS is independent.</p>", "body_es": ""}
    )
    spanish = disclosure_of(client.get(spanish_page).text)
    assert 'lang="en"' in spanish and "XRAYS is independent." in spanish


def test_the_spanish_disclosure_is_sanitised_like_the_english(client):
    text = SiteText.objects.create(
        key=SiteText.DISCLOSURE, body="<p>Fine.</p>", body_es='<p onclick="x()">Bien.<script>x()</script></p>'
    )
    text.refresh_from_db()
    assert "onclick" not in text.body_es and "<script" not in text.body_es
