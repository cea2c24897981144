"""Superseded marks never loop: A → B → C → A would send readers' banners round in a
circle and drop every page of it from the sitemap, so the mark that closes a loop is
refused, from the workflow and from the admin alike."""

import pytest
from django.core.exceptions import ValidationError

from articles import workflow
from articles.admin.forms import SupersedeForm
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviews(publish):
    made = {}
    for name in ["a", "b", "c"]:
        article = factories.full_article(title=f"Review {name.upper()}", slug=name)
        publish(article)
        article.refresh_from_db()
        made[name] = article
    return made


def mark(older, newer, editor, reviewer, publish_it=True):
    workflow.supersede(older, by=editor, newer=newer)
    if publish_it:
        workflow.approve(older, by=reviewer)
        workflow.publish(older, by=editor)
    older.refresh_from_db()


@pytest.mark.parametrize("published", [True, False], ids=["published marks", "marks still in review"])
def test_a_mark_that_would_close_a_loop_of_three_is_refused(reviews, editor, reviewer, published):
    a, b, c = reviews["a"], reviews["b"], reviews["c"]
    mark(a, b, editor, reviewer, published)
    mark(b, c, editor, reviewer, published)
    with pytest.raises(ValidationError, match="round in a circle") as refused:
        workflow.supersede(c, by=editor, newer=a)
    assert "(“Review A” → “Review B” → this article)" in refused.value.messages[0]
    c.refresh_from_db()
    assert c.superseded_by is None and c.state == Article.State.PUBLISHED
    assert not c.events.filter(action="superseded").exists()


def test_the_loop_is_refused_in_the_admin_form_with_what_was_typed(client, reviews, editor, reviewer):
    a, b, c = reviews["a"], reviews["b"], reviews["c"]
    mark(a, b, editor, reviewer)
    mark(b, c, editor, reviewer)
    form = SupersedeForm({"newer": "/articles/a/"}, article=c)
    assert not form.is_valid()
    assert "round in a circle" in form.errors["newer"][0]

    client.force_login(editor)
    url = f"/admin/articles/article/{c.pk}/workflow/supersede/"
    response = client.post(url, {"newer": "Review A", "note": "Kept as typed"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "would send readers round in a circle" in html
    assert 'value="Review A"' in html and "Kept as typed</textarea>" in html
    c.refresh_from_db()
    assert c.superseded_by is None


def test_pages_and_sitemap_stay_sane_after_the_loop_is_refused(client, reviews, editor, reviewer):
    a, b, c = reviews["a"], reviews["b"], reviews["c"]
    mark(a, b, editor, reviewer)
    mark(b, c, editor, reviewer)
    with pytest.raises(ValidationError):
        workflow.supersede(c, by=editor, newer=a)
    # A leads to B, B to C, and C, the newest, stands on its own.
    assert '<a href="/articles/b/">Review B</a>' in client.get("/articles/a/").content.decode()
    assert '<a href="/articles/c/">Review C</a>' in client.get("/articles/b/").content.decode()
    assert "superseded-banner" not in client.get("/articles/c/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/articles/c/" in sitemap
    assert "/articles/a/" not in sitemap and "/articles/b/" not in sitemap


def test_a_chain_that_does_not_loop_is_accepted(reviews, editor, reviewer, publish):
    a, b, c = reviews["a"], reviews["b"], reviews["c"]
    mark(a, b, editor, reviewer)
    mark(b, c, editor, reviewer)
    d = factories.full_article(title="Review D", slug="d")
    publish(d)
    workflow.supersede(c, by=editor, newer=d)  # A → B → C → D: a longer chain, no loop
    c.refresh_from_db()
    assert c.superseded_by == d
