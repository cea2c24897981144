"""The printer-friendly page and the doctor-visit sheet as the server sends them: the
Print button waits for its script, each address is written once, and "At a glance" is
whole (tests/e2e/test_print.py prints them)."""

import io
import re

import pytest
from django.core.management import call_command

from articles import demo
from articles.models import Citation
from tests import factories

pytestmark = pytest.mark.django_db

ARTICLE_URL = f"/articles/{demo.SLUG}/"
PRINT_URL = f"{ARTICLE_URL}print/"
SHEET_URL = f"{ARTICLE_URL}visit-sheet/"
ORIGINAL_URL = "https://www.statnews.com/2016/12/14/cancer-metastasis-early/"


@pytest.fixture
def demo_content(db):
    call_command("load_demo", "--allow-production", stdout=io.StringIO())


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(("url", "label"), [(PRINT_URL, "Print"), (SHEET_URL, "Print or save as PDF")])
def test_the_print_button_stays_hidden_until_its_script_shows_it(client, demo_content, url, label):
    html = client.get(url).content.decode()
    assert f'<button type="button" class="print-button" data-print hidden>{label}</button>' in html
    assert re.search(r'<script src="/static/js/print\.js"[^>]*defer', html)
    # Without the script, the page says how to print.
    assert "Ctrl+P" in text_of(html)
    assert f'<a class="print-back" href="{ARTICLE_URL}">Back to the article</a>' in html


def test_the_print_view_names_the_original_article_and_leaves_its_address_to_the_references(
    client, demo_content
):
    html = client.get(PRINT_URL).content.decode()
    text = text_of(html)
    assert "Original article: Cancer cells spread way earlier than thought" in text
    assert "(STAT), reference 1 below." in text
    # The address is written once as text, in reference 1; the header only links to it.
    assert text.count(ORIGINAL_URL) == 1
    references = html[html.index('id="references"') :]
    assert f'<a class="url" href="{ORIGINAL_URL}">{ORIGINAL_URL}</a>' in references


def test_the_print_view_numbers_the_original_article_where_the_references_list_it(client, publish):
    article = factories.full_article(n_items=3, slug="numbered")
    Citation.objects.filter(article=article).update(is_original_story=False)
    story = Citation.objects.get(article=article, order=2)
    story.is_original_story = True
    story.save()
    story.reference.url = "https://news.example.org/story"
    story.reference.doi = "10.1000/story"
    story.reference.save()
    publish(article)
    text = text_of(client.get("/articles/numbered/print/").content.decode())
    assert f"Original article: {story.reference.title} (Nature), reference 3 below." in text
    # Its citation prints the DOI, which leads to the same story.
    assert "doi: 10.1000/story" in text


def test_the_print_view_shows_at_a_glance_in_full(client, demo_content):
    html = client.get(PRINT_URL).content.decode()
    glance = html[html.index('class="at-a-glance"') : html.index('class="toc"')]
    assert "<details" not in glance
    assert '<h2 id="at-a-glance-heading">At a glance</h2>' in glance
    for _scale, _level, reason, evidence in demo.RATINGS:
        assert reason in text_of(glance)
        for item in filter(None, evidence.splitlines()):
            assert f"<li>{item}</li>" in glance


def test_a_print_view_that_does_not_exist_is_a_plain_not_found(client, db):
    assert client.get("/articles/no-such-article/print/").status_code == 404
