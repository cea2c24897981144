"""What a reviewer says with an approval or a request for changes is a caveat the
editor must see where they publish: next to the publish and schedule buttons, and in
the review queue, each with who said it and when. Only the current round of review
counts: what was said about an earlier draft stays in the history."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import workflow
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db
State = Article.State
CAVEAT = "Fine, but please name the study before publishing"


@pytest.fixture
def author(db):
    return factories.author(username="author", first_name="Ada", last_name="Author")


@pytest.fixture
def reviewer(db):
    return factories.reviewer(username="reviewer", first_name="Rita", last_name="Viewer")


def submitted(author, title="Early spread", slug="early-spread"):
    article = factories.full_article(created_by=author, title=title, slug=slug)
    workflow.record_created(article, by=author)
    workflow.submit_for_review(article, by=author)
    return article


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def workflow_box(html):
    """The "Review and publication" box of the article page, up to its comments."""
    return html[html.index('id="xr-workflow-title"') : html.index('id="review-comments"')]


def test_an_approval_comment_is_shown_next_to_publish_now_with_who_and_when(client, author, reviewer, editor):
    article = submitted(author)
    workflow.approve(article, by=reviewer, comment=CAVEAT)
    client.force_login(editor)

    box = workflow_box(page(client, f"/admin/articles/article/{article.pk}/change/"))

    assert "Publish now" in box and "Publish later" in box
    said = box.index(CAVEAT)
    assert said < box.index("Publish now")
    assert "Rita Viewer</strong> approved" in box
    assert re.search(r"approved, \d+ \w{3} \d{4} \d\d:\d\d:", box)


def test_the_comment_box_no_longer_says_no_comments_as_if_nobody_had_said_anything(
    client, author, reviewer, editor
):
    article = submitted(author)
    workflow.approve(article, by=reviewer, comment=CAVEAT)
    client.force_login(editor)
    html = page(client, f"/admin/articles/article/{article.pk}/change/")
    assert "<li>No comments.</li>" not in html
    assert "beyond what the reviewers said with their decisions, above" in html


def test_a_request_for_changes_is_shown_to_the_author_with_who_and_when(client, author, reviewer):
    article = submitted(author)
    workflow.request_changes(article, by=reviewer, comment="Say which trial this was.")
    client.force_login(author)
    box = workflow_box(page(client, f"/admin/articles/article/{article.pk}/change/"))
    assert "Rita Viewer</strong> changes requested" in box
    assert "Say which trial this was." in box


def test_what_was_said_about_an_earlier_round_is_not_shown_as_current(client, author, reviewer, editor):
    article = submitted(author)
    workflow.request_changes(article, by=reviewer, comment="Say which trial this was.")
    section = article.sections.first()
    section.body = "<p>The trial was NCT0001.</p>"
    section.save()
    workflow.record_edit(article, by=author, fingerprint_before="")
    workflow.submit_for_review(article, by=author)
    workflow.approve(article, by=reviewer, comment=CAVEAT)
    client.force_login(editor)

    box = workflow_box(page(client, f"/admin/articles/article/{article.pk}/change/"))

    assert CAVEAT in box
    assert "Say which trial this was." not in box


def test_the_review_queue_shows_each_articles_review_comments_with_who_and_when(
    client, author, reviewer, editor
):
    approved = submitted(author)
    workflow.approve(approved, by=reviewer, comment=CAVEAT)
    sent_back = submitted(author, "Late spread", "late-spread")
    workflow.request_changes(sent_back, by=reviewer, comment="Say which trial this was.")
    client.force_login(editor)

    html = page(client, "/admin/articles/article/review-queue/")

    waiting = html[html.index("Approved, waiting to be published") : html.index("<h2>Scheduled")]
    assert "Early spread" in waiting and CAVEAT in waiting and "Rita Viewer</strong> approved" in waiting
    changes = html[html.index("Changes requested (") :]
    assert "Late spread" in changes and "Say which trial this was." in changes


def test_the_review_queue_reads_every_articles_comments_in_one_query(client, author, reviewer, editor):
    def queries_for_queue():
        with CaptureQueriesContext(connection) as queries:
            page(client, "/admin/articles/article/review-queue/")
        return len(queries)

    client.force_login(editor)
    first = submitted(author)
    workflow.approve(first, by=reviewer, comment=CAVEAT)
    one = queries_for_queue()
    for n in range(3):
        article = submitted(author, f"Spread {n}", f"spread-{n}")
        workflow.approve(article, by=reviewer, comment=f"Comment {n}")
    assert queries_for_queue() == one
