"""The article list's filters take what is in the address bar; a value that names no
audience, author or reviewer on offer shows the whole list, never an error."""

import pytest

from articles import workflow
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(editor, reviewer):
    """An article with an author, a reviewer's decision and an audience, so that every
    filter offers choices."""
    author = factories.author(username="author")
    article = factories.full_article(title="Early spread of breast cancer", created_by=author)
    article.relevant_for.add(factories.AudienceFactory(name="people with breast cancer"))
    workflow.submit_for_review(article, by=author)
    workflow.request_changes(article, by=reviewer, comment="Check the numbers.")
    factories.full_article(title="A second article", created_by=editor)
    return article


@pytest.mark.parametrize(
    "query",
    [
        "reviewer=abc",
        "author=abc",
        "author=99999999999999999999",
        "reviewer=-1",
        "author=1.5",
        "audience=%E2%9C%93",
        "audience=no-such-audience",
    ],
)
def test_the_article_list_ignores_filter_values_it_does_not_offer(client, editor, listed, query):
    client.force_login(editor)
    response = client.get(f"/admin/articles/article/?{query}")
    assert response.status_code == 200
    assert "Early spread of breast cancer" in response.text
    assert "A second article" in response.text


@pytest.mark.parametrize("parameter", ["author", "reviewer", "audience"])
def test_the_article_list_filters_by_the_values_it_offers(client, editor, reviewer, listed, parameter):
    value = {
        "author": listed.created_by_id,
        "reviewer": reviewer.pk,
        "audience": "people-with-breast-cancer",
    }[parameter]
    client.force_login(editor)
    response = client.get(f"/admin/articles/article/?{parameter}={value}")
    assert response.status_code == 200
    assert "Early spread of breast cancer" in response.text
    assert "A second article" not in response.text
