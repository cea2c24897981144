"""Search over published articles (ranked full-text on PostgreSQL, word match on SQLite)."""

import pytest
from django.db import connection

from articles.public.search import snippet
from tests import factories

pytestmark = pytest.mark.django_db


def article_with(publish, title, summary, body, publish_it=True):
    article = factories.ArticleFactory(title=title, summary=summary)
    factories.SectionFactory(article=article, heading="Findings", body=f"<p>{body}</p>")
    if publish_it:
        publish(article)
    return article


@pytest.fixture
def corpus(publish):
    return {
        "title": article_with(publish, "Metastasis in breast cancer", "A study in mice.", "Cells travel."),
        "body": article_with(
            publish,
            "Screening news",
            "About mammograms.",
            "Some words here. " * 20 + "Late metastasis is rare.",
        ),
        "none": article_with(publish, "Diet and exercise", "Walking helps.", "Nothing about spread."),
        "draft": article_with(
            publish, "Secret metastasis draft", "Unreviewed.", "metastasis", publish_it=False
        ),
    }


def titles(response):
    return [v.title for v in response.context["page_obj"]]


def test_results_are_ranked_title_first_and_drafts_never_found(client, corpus):
    response = client.get("/search/", {"q": "metastasis"})
    assert response.status_code == 200
    assert titles(response) == ["Metastasis in breast cancer", "Screening news"]


def test_results_show_a_marked_snippet(client, corpus):
    html = client.get("/search/", {"q": "metastasis"}).content.decode()
    assert "<mark>metastasis</mark>" in html or "<mark>Metastasis</mark>" in html
    assert "Late <mark>metastasis</mark> is rare." in html


def test_query_text_is_escaped_in_the_page(client, corpus):
    html = client.get("/search/", {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;" in html


def test_no_results_and_empty_query(client, corpus):
    response = client.get("/search/", {"q": "chemotherapy"})
    assert titles(response) == []
    assert "0 articles found" in response.content.decode()
    empty = client.get("/search/")
    assert empty.status_code == 200 and empty.context["page_obj"] is None


def test_every_word_must_match(client, corpus):
    assert titles(client.get("/search/", {"q": "metastasis mice"})) == ["Metastasis in breast cancer"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL full-text search")
def test_postgresql_search_matches_word_forms(client, corpus):
    # English stemming finds "Walking" for "walk"; websearch syntax excludes words after "-".
    assert titles(client.get("/search/", {"q": "metastasis -mice"})) == ["Screening news"]
    assert titles(client.get("/search/", {"q": "walk"})) == ["Diet and exercise"]


def test_snippets_show_characters_as_written_and_never_mark_inside_them(client, publish):
    article_with(publish, "Diet & cancer", "Food.", "Fruit &amp; vegetables &lt;daily&gt; help amply.")
    html = client.get("/search/", {"q": "vegetables"}).content.decode()
    assert "Fruit &amp; <mark>vegetables</mark> &lt;daily&gt; help amply." in html
    assert "&amp;amp;" not in html
    assert str(snippet("Fruit & veg <daily> help amply.", "amp")) == (
        "Fruit &amp; veg &lt;daily&gt; help <mark>amply</mark>."
    )
