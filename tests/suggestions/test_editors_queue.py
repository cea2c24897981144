"""The editors' queue in the admin: only editors see suggestions; each is decided once
(accepted into a draft whose original story is the link, declined, or marked a
duplicate), by the buttons under it, which call the same services as everything else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import Article, WorkflowEvent
from suggestions import services
from suggestions.models import Suggestion
from tests import factories

STORY = "https://www.statnews.com/2026/11/30/new-blood-test-breast-cancer/?utm_source=x"


@pytest.fixture
def suggestion(db):
    return services.receive_suggestion(
        link=STORY, why="My sister asked about <b>this</b> test.", email="reader@example.org", language="en"
    )


def change_page(suggestion):
    return f"/admin/suggestions/suggestion/{suggestion.pk}/change/"


@pytest.mark.parametrize("role_user", [factories.author, factories.reviewer])
def test_only_editors_see_the_queue(client, suggestion, role_user):
    client.force_login(role_user(username="someone"))
    assert client.get("/admin/suggestions/suggestion/").status_code == 403
    assert client.get(change_page(suggestion)).status_code == 403
    response = client.post(change_page(suggestion).replace("change/", "accept/"))
    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW


def test_the_queue_lists_status_date_link_why_and_whether_an_address_was_left(client, editor, suggestion):
    services.receive_suggestion(link="https://example.org/x", why="No address here.", language="en")
    client.force_login(editor)
    page = client.get("/admin/suggestions/suggestion/").content.decode()
    assert "statnews.com/2026/11/30/new-blood-test" in page
    assert 'rel="noopener noreferrer"' in page and 'target="_blank"' in page
    assert "My sister asked about &lt;b&gt;this&lt;/b&gt; test." in page  # text, never HTML
    assert "reader@example.org" not in page  # the list says only whether one was left
    assert "icon-yes" in page and "icon-no" in page
    assert client.get("/admin/suggestions/suggestion/?status__exact=new").status_code == 200
    assert client.get("/admin/suggestions/suggestion/?duplicate_of=article").status_code == 200
    detail = client.get(change_page(suggestion)).content.decode()
    assert "reader@example.org" in detail and "Accept and start a draft" in detail
    assert client.get("/admin/suggestions/suggestion/add/").status_code == 403


def test_the_queue_does_not_grow_in_queries_with_its_length(client, editor, django_assert_max_num_queries):
    article = factories.full_article(slug="reviewed")
    for n in range(30):
        s = services.receive_suggestion(link=f"https://example.org/{n}", why="w", language="en")
        Suggestion.objects.filter(pk=s.pk).update(
            status="duplicate", duplicate_of_article=article, duplicate_of_suggestion=s
        )
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        assert client.get("/admin/suggestions/suggestion/").status_code == 200


def test_accepting_starts_a_draft_with_the_link_as_its_original_story(
    client, editor, suggestion, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=False) as emails:
        response = client.post(f"/admin/suggestions/suggestion/{suggestion.pk}/accept/", {"title": ""})
    article = Article.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/admin/articles/article/{article.pk}/change/"
    )
    assert article.state == Article.State.DRAFT and article.created_by == editor
    assert article.title == "New blood test breast cancer (statnews.com)"
    original = article.citations.get(is_original_story=True).reference
    assert original.url == STORY and original.kind == "news"
    event = WorkflowEvent.objects.get(article=article)
    assert event.action == WorkflowEvent.Action.CREATED and event.actor == editor
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED and suggestion.article == article
    assert suggestion.decided_by == editor and suggestion.email_status == Suggestion.EmailStatus.DUE
    assert len(emails) == 1
    # The draft's page shows the original story; the reader's words are not copied into it.
    draft_page = client.get(response["Location"]).content.decode()
    assert "Suggestion accepted" in draft_page and "statnews.com" in draft_page
    assert "My sister asked" not in draft_page


def test_an_editor_may_type_the_drafts_title(editor, suggestion):
    article = services.accept_suggestion(suggestion, by=editor, title="  A blood test   for breast cancer ")
    assert (
        article.title == "A blood test for breast cancer" and article.slug == "a-blood-test-for-breast-cancer"
    )
    other = services.receive_suggestion(link="https://example.org/b", why="w", language="en")
    assert services.accept_suggestion(other, by=editor, title="A blood test for breast cancer").slug == (
        "a-blood-test-for-breast-cancer-2"
    )


def test_a_known_doi_reuses_its_reference(editor, db):
    from references.models import Reference

    paper = Reference.objects.create(kind="journal", title="A paper", doi="10.1000/XYZ")
    suggestion = services.receive_suggestion(link="https://doi.org/10.1000/xyz", why="w", language="en")
    article = services.accept_suggestion(suggestion, by=editor)
    assert article.citations.get(is_original_story=True).reference == paper


def test_a_suggestion_is_decided_only_once(client, editor, suggestion):
    services.decline_suggestion(suggestion, by=editor, note="We reviewed a similar study last month.")
    for decide in (
        lambda: services.accept_suggestion(suggestion, by=editor),
        lambda: services.decline_suggestion(suggestion, by=editor),
        lambda: services.mark_duplicate(suggestion, by=editor, of_article=factories.full_article(slug="x")),
    ):
        with pytest.raises(ValidationError, match="already declined"):
            decide()
    client.force_login(editor)
    response = client.post(f"/admin/suggestions/suggestion/{suggestion.pk}/accept/", follow=True)
    assert "It can be decided only once" in response.content.decode()
    assert not Article.objects.filter(title__icontains="blood").exists()


def test_declining_records_the_note_and_who_declined(client, editor, suggestion):
    client.force_login(editor)
    response = client.post(
        f"/admin/suggestions/suggestion/{suggestion.pk}/decline/", {"note": "We reviewed this last month."}
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DECLINED
    assert suggestion.note_to_reader == "We reviewed this last month." and suggestion.decided_by == editor
    assert not Article.objects.exists()


def test_marking_a_duplicate_uses_what_was_recognised_or_what_the_editor_names(client, editor, suggestion):
    again = services.receive_suggestion(link=STORY.split("?")[0], why="w", language="en")
    assert again.duplicate_of_suggestion == suggestion
    client.force_login(editor)
    client.post(f"/admin/suggestions/suggestion/{again.pk}/duplicate/", {})
    again.refresh_from_db()
    assert again.status == Suggestion.Status.DUPLICATE and again.is_decided
    assert again.email_status == Suggestion.EmailStatus.NONE

    third = services.receive_suggestion(link="https://example.org/other", why="w", language="en")
    article = factories.full_article(slug="reviewed")
    client.post(f"/admin/suggestions/suggestion/{third.pk}/duplicate/", {"of_article": article.pk})
    third.refresh_from_db()
    assert third.duplicate_of_article == article


@pytest.mark.parametrize(
    "fields", [{}, {"of_suggestion": "999999"}, {"of_suggestion": "abc"}, {"of_article": "x"}]
)
def test_a_duplicate_of_nothing_known_is_refused_clearly(client, editor, db, fields):
    lone = services.receive_suggestion(link="https://example.org/lone", why="w", language="en")
    client.force_login(editor)
    page = client.post(f"/admin/suggestions/suggestion/{lone.pk}/duplicate/", fields, follow=True)
    assert page.status_code == 200 and 'class="error"' in page.content.decode()
    lone.refresh_from_db()
    assert lone.status == Suggestion.Status.NEW


def test_decision_buttons_answer_only_posts_and_known_suggestions(client, editor, suggestion):
    client.force_login(editor)
    assert client.get(f"/admin/suggestions/suggestion/{suggestion.pk}/accept/").status_code == 405
    assert client.post("/admin/suggestions/suggestion/999999/decline/").status_code == 404
    assert client.post("/admin/suggestions/suggestion/abc/decline/").status_code == 302


def test_only_people_allowed_to_decide_may_decide(db, suggestion):
    author = factories.author(username="author")
    with pytest.raises(PermissionDenied):
        services.accept_suggestion(suggestion, by=author)
    with pytest.raises(PermissionDenied):
        services.decline_suggestion(suggestion, by=author)
