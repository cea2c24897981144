"""The editorial admin's pages must not slow down as articles grow or multiply."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import workflow
from tests import factories

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # A copy: the next request clears the connection's log that `queries` reads.
    return list(queries.captured_queries)


def article_in_review(n_items, author, reviewer=None, comments=0):
    article = factories.full_article(n_items=n_items, created_by=author)
    # Ratings are bounded by the number of scales, not by the article's length.
    factories.rate(article, "science", "low", evidence="study in mice")
    factories.rate(article, "timeline", "pre-clinical")
    workflow.record_created(article, by=author)
    workflow.submit_for_review(article, by=author)
    for i in range(comments):
        workflow.add_comment(article, by=reviewer, body=f"Comment {i}", section=article.sections.first())
    return article


def test_the_article_page_does_not_grow_with_its_sections_lists_or_history(client, editor, reviewer):
    author = factories.author(username="writer")
    small = article_in_review(1, author, reviewer, comments=1)
    large = article_in_review(12, author, reviewer, comments=6)
    for article in (small, large):
        workflow.approve(article, by=reviewer)
        workflow.publish(article, by=editor)
    client.force_login(editor)
    few = queries_for(client, f"/admin/articles/article/{small.pk}/change/")
    many = queries_for(client, f"/admin/articles/article/{large.pk}/change/")
    assert len(few) == len(many), "\n".join(q["sql"][:150] for q in many)
    # The draft's fingerprint (its snapshot) is taken once per request.
    snapshots = [q for q in many if 'FROM "articles_doctorquestion"' in q["sql"]]
    assert len(snapshots) == 2, "one for the fingerprint, one for the inline form"


def test_the_review_queue_does_not_grow_with_the_number_of_articles(client, editor):
    author = factories.author(username="writer")
    reviewer = factories.reviewer(username="queue-reviewer")
    for _ in range(2):
        article_in_review(2, author)
    client.force_login(reviewer)
    few = queries_for(client, "/admin/articles/article/review-queue/")
    for _ in range(6):
        article_in_review(3, author)
    many = queries_for(client, "/admin/articles/article/review-queue/")
    html = client.get("/admin/articles/article/review-queue/").content.decode()
    assert html.count("Compare") >= 8
    assert len(few) == len(many), "\n".join(q["sql"][:150] for q in many)


def test_the_article_list_does_not_grow_with_the_number_of_articles(client, editor, reviewer):
    author = factories.author(username="writer")
    for n in range(2):
        article = article_in_review(1, author)
        if n:
            workflow.approve(article, by=reviewer)
            workflow.publish(article, by=editor)
    client.force_login(editor)
    few = queries_for(client, "/admin/articles/article/")
    for n in range(8):
        article = article_in_review(2, author)
        if n % 2:
            workflow.approve(article, by=reviewer)
            workflow.publish(article, by=editor)
    many = queries_for(client, "/admin/articles/article/")
    assert client.get("/admin/articles/article/").content.decode().count('class="field-title"') == 10
    assert len(few) == len(many), "\n".join(q["sql"][:150] for q in many)
