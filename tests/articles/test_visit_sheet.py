"""The doctor-visit sheet: "Take this to your doctor" on every live article leads to a
page to print and take to an appointment (the browser test in tests/e2e prints it)."""

import io
import re

import pytest
import segno
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import demo, workflow
from glossary.models import Term
from tests import factories

pytestmark = pytest.mark.django_db

ARTICLE_URL = f"/articles/{demo.SLUG}/"
SHEET_URL = f"{ARTICLE_URL}visit-sheet/"


@pytest.fixture
def demo_content(db):
    call_command("load_demo", "--allow-production", stdout=io.StringIO())


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def qr_path(svg):
    """The drawing of a QR code: the modules of its one path."""
    return re.search(r' d="([^"]+)"', svg).group(1)


def test_every_live_article_links_to_its_visit_sheet(client, demo_content):
    html = client.get(ARTICLE_URL).content.decode()
    assert re.search(rf'<a [^>]*href="{SHEET_URL}"[^>]*>Take this to your doctor</a>', html)


def test_the_sheet_holds_title_date_address_questions_notes_and_the_words_used(
    client, demo_content, settings
):
    response = client.get(SHEET_URL)
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert "<h1" in html and demo.TITLE in text
    assert "Posted 28 March 2017" in text
    address = f"{settings.SITE_URL}{ARTICLE_URL}"
    assert f"Read it online: {address}" in text
    # Each question with a box to tick, labelled by its text, then room for notes.
    for number, question in enumerate(demo.DOCTOR_QUESTIONS, start=1):
        assert (
            f'<input type="checkbox" id="visit-question-{number}"> <label for="visit-question-{number}">'
            in html
        )
        assert question.replace("'", "&#x27;") in html
    assert "My own questions" in text and "Notes from my appointment" in text
    assert html.count("<span></span>") >= 5  # the ruled lines
    # The glossary terms the article uses, with their definitions, alphabetically.
    assert "Words used in this article" in text
    terms = re.findall(r"<dt>([^<]+)</dt>", html)
    assert terms == sorted(terms, key=str.casefold)
    assert {"metastasis", "mammogram", "primary tumor", "recurrence", "HER2-positive"} <= set(terms)
    assert "An X-ray picture of the breast, used to look for breast cancer." in text


def test_the_qr_code_is_drawn_on_the_server_and_encodes_the_article_address(client, demo_content, settings):
    html = client.get(SHEET_URL).content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'aria-hidden="true"' in svg  # the address is there as text for screen readers
    expected = segno.make(f"{settings.SITE_URL}{ARTICLE_URL}", error="m").svg_inline()
    assert qr_path(svg) == qr_path(expected)
    other = segno.make(f"{settings.SITE_URL}/articles/another-article/", error="m").svg_inline()
    assert qr_path(svg) != qr_path(other)
    # No image, script or style from anywhere: the page carries its own drawing.
    assert "<img" not in html and "style=" not in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert '<script src="/static/js/print.js" defer>' in scripts
    assert all(re.fullmatch(r'<script src="/static/js/[\w-]+\.js" defer>', tag) for tag in scripts), scripts


def test_only_terms_the_article_uses_are_listed(client, published_article):
    factories.TermFactory(name="metastasis", definition="Cancer spreading to a new place.")
    factories.TermFactory(name="lymphedema", definition="Swelling after lymph nodes are removed.")
    html = client.get(f"/articles/{published_article.slug}/visit-sheet/").content.decode()
    assert "<dt>metastasis</dt><dd>Cancer spreading to a new place.</dd>" in html
    assert "lymphedema" not in html


def test_a_sheet_without_questions_or_terms_still_offers_room_for_notes(client, publish):
    article = factories.ArticleFactory(slug="bare")
    factories.SectionFactory(article=article, body="<p>Plain words only.</p>")
    publish(article)
    response = client.get("/articles/bare/visit-sheet/")
    text = text_of(response.content.decode())
    assert response.status_code == 200
    assert "My own questions" in text and "Notes from my appointment" in text
    assert "Words used in this article" not in text and 'type="checkbox"' not in response.content.decode()


def test_the_sheet_is_cached_whole_and_never_stale(client, demo_content):
    assert client.get(SHEET_URL)["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SHEET_URL)["X-Page-Cache"] == "hit"
    assert len(queries) == 1
    term = Term.objects.get(name="mammogram")
    term.definition = "A low-dose X-ray of the breast."
    term.save()
    response = client.get(SHEET_URL)
    assert response["X-Page-Cache"] == "miss"
    assert "A low-dose X-ray of the breast." in response.content.decode()


def test_building_the_sheet_does_not_grow_with_the_article(client, publish):
    from xrays import generations

    counts = []
    for slug, n_items in [("small", 1), ("large", 12)]:
        publish(factories.full_article(n_items=n_items, slug=slug))
        client.get(f"/articles/{slug}/visit-sheet/")  # the glossary and site texts cached
        generations.bump("query-count-test")  # but not this page
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/articles/{slug}/visit-sheet/")["X-Page-Cache"] == "miss"
        counts.append(len(queries))
    # The live version and the content generations.
    assert counts[0] == counts[1] <= 2


def test_head_requests_get_the_headers_without_the_body(client, demo_content):
    get = client.get(SHEET_URL)
    head = client.head(SHEET_URL)
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert client.post(SHEET_URL).status_code == 405


def test_unknown_unpublished_and_withdrawn_articles_have_no_sheet(client, published_article, editor):
    assert client.get("/articles/no-such-article/visit-sheet/").status_code == 404
    draft = factories.full_article(slug="still-a-draft")
    assert client.get(f"/articles/{draft.slug}/visit-sheet/").status_code == 404
    url = f"/articles/{published_article.slug}/visit-sheet/"
    assert client.get(url).status_code == 200
    workflow.withdraw(published_article, by=editor)
    assert client.get(url).status_code == 404


def test_a_moved_article_sends_readers_to_its_sheet_at_the_new_address(client, publish):
    article = factories.full_article(slug="old-address")
    publish(article)
    article.slug = "new-address"
    article.save()
    publish(article)
    response = client.get("/articles/old-address/visit-sheet/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/new-address/visit-sheet/"


def test_previews_do_not_offer_the_sheet(client, editor):
    article = factories.full_article(slug="draft-only")
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{article.pk}/preview/").content.decode()
    assert "Take this to your doctor" not in html


def test_an_updated_article_gives_the_date_of_its_last_update(client, published_article, publish):
    url = f"/articles/{published_article.slug}/visit-sheet/"
    assert "Updated" not in text_of(client.get(url).content.decode())
    section = published_article.sections.first()
    section.body = "<p>New results from a trial in people.</p>"
    section.save()
    version = publish(published_article, change_summary="New results")
    assert f"Updated {timezone.localtime(version.published_at):%-d %B %Y}" in text_of(
        client.get(url).content.decode()
    )
