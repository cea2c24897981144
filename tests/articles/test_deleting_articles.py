"""Deleting articles: a draft that never reached readers goes, with its whole record;
an article that was ever published is never offered for deletion (withdraw it)."""

import datetime

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import workflow
from articles.models import Article, PreviewLink, Review, ReviewComment, Section, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    return factories.author(username="author")


@pytest.fixture
def draft(author, editor, reviewer):
    """A draft that went through a round of review and was shared, but never published."""
    article = factories.full_article(
        n_items=2, title="A duplicate draft", slug="duplicate", created_by=author
    )
    workflow.record_created(article, by=author)
    workflow.submit_for_review(article, by=author)
    workflow.add_comment(article, by=reviewer, body="Cite the second study.", section=None)
    workflow.request_changes(article, by=reviewer, comment="Needs the second study.")
    workflow.share_preview(
        article, by=editor, recipient="Dr. Ana Ruiz", expires_at=timezone.now() + datetime.timedelta(days=3)
    )
    return article


def delete_url(article):
    return f"/admin/articles/article/{article.pk}/delete/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def nothing_left_of(pk):
    return (
        not any(
            model.objects.filter(article_id=pk).exists()
            for model in (WorkflowEvent, Review, ReviewComment, PreviewLink, Section)
        )
        and not Article.objects.filter(pk=pk).exists()
    )


def test_an_editor_deletes_a_draft_never_published_with_its_whole_record(client, editor, draft):
    client.force_login(editor)
    assert f'href="{delete_url(draft)}"' in client.get(change_url(draft)).content.decode()
    page = client.get(delete_url(draft)).content.decode()
    assert "Are you sure you want to delete the article “A duplicate draft”?" in page
    assert "Cannot delete" not in page
    assert "Workflow events: 5" in page and "Reviews: 1" in page and "Sections: 2" in page

    response = client.post(delete_url(draft), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "was deleted successfully" in " ".join(messages_of(response))
    assert nothing_left_of(draft.pk)
    [entry] = LogEntry.objects.filter(action_flag=DELETION, object_id=str(draft.pk))
    assert entry.user == editor and entry.object_repr == "A duplicate draft"
    assert entry.get_change_message() == (
        "Deleted a draft that was never published, with 2 sections, 1 review, 1 review comment, "
        "1 preview link and 5 events of its editorial record."
    )


@pytest.mark.parametrize("withdrawn", [False, True], ids=["published", "published then withdrawn"])
def test_an_article_ever_published_offers_no_delete_and_explains_why(
    client, editor, published_article, withdrawn
):
    if withdrawn:
        workflow.withdraw(published_article, by=editor, reason="Retracted study")
    client.force_login(editor)
    page = client.get(change_url(published_article)).content.decode()
    assert f'href="{delete_url(published_article)}"' not in page
    for response in [
        client.get(delete_url(published_article), follow=True),
        client.post(delete_url(published_article), {"post": "yes"}, follow=True),
    ]:
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == change_url(published_article)
        [message] = [m for m in messages_of(response) if "cannot be deleted" in m]
        assert "was published, so it cannot be deleted" in message
        assert ("It is withdrawn: off the site already." if withdrawn else "Withdraw it instead.") in message
    assert Article.objects.filter(pk=published_article.pk).exists()
    assert published_article.events.exists()


def test_the_bulk_action_deletes_selected_drafts_after_asking(client, editor, draft):
    other = factories.full_article(title="Another trial run", slug="trial-run")
    workflow.record_created(other, by=editor)
    client.force_login(editor)
    selection = {"action": "delete_selected", "_selected_action": [draft.pk, other.pk]}
    page = client.post("/admin/articles/article/", selection).content.decode()
    assert "Are you sure you want to delete the selected articles?" in page
    assert "Cannot delete" not in page
    response = client.post("/admin/articles/article/", {**selection, "post": "yes"}, follow=True)
    assert "Deleted 2 drafts with their records." in messages_of(response)
    assert nothing_left_of(draft.pk) and nothing_left_of(other.pk)
    assert LogEntry.objects.filter(action_flag=DELETION).count() == 2


def test_the_bulk_action_refuses_a_selection_holding_a_published_article(
    client, editor, draft, published_article
):
    client.force_login(editor)
    selection = {"action": "delete_selected", "_selected_action": [draft.pk, published_article.pk]}
    for data in [selection, {**selection, "post": "yes"}]:
        response = client.post("/admin/articles/article/", data, follow=True)
        assert response.status_code == 200
        shown = messages_of(response)
        assert any(f"“{published_article.title}” was published, so it cannot be deleted" in m for m in shown)
        assert "Nothing was deleted." in shown
    assert Article.objects.filter(pk__in=[draft.pk, published_article.pk]).count() == 2
    assert not LogEntry.objects.filter(action_flag=DELETION).exists()


def test_someone_without_the_delete_permission_gets_no_button_and_a_403(client, author, draft):
    client.force_login(author)
    assert f'href="{delete_url(draft)}"' not in client.get(change_url(draft)).content.decode()
    assert client.post(delete_url(draft), {"post": "yes"}).status_code == 403
    assert 'value="delete_selected"' not in client.get("/admin/articles/article/").content.decode()
    client.post(
        "/admin/articles/article/",
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert Article.objects.filter(pk=draft.pk).exists()
    with pytest.raises(PermissionDenied, match="permission to delete articles"):
        workflow.delete_draft(draft, by=author)


def test_the_service_refuses_a_published_or_scheduled_article_and_changes_nothing(
    editor, published_article, approve
):
    with pytest.raises(ValidationError, match="Withdraw it instead"):
        workflow.delete_draft(published_article, by=editor)
    scheduled = approve(factories.full_article(slug="scheduled"))
    workflow.schedule(scheduled, by=editor, at=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="cancel the schedule before deleting it"):
        workflow.delete_draft(scheduled, by=editor)
    assert Article.objects.count() == 2 and not LogEntry.objects.exists()


def test_the_editorial_record_is_deleted_by_no_other_path(editor, draft, published_article):
    with pytest.raises(PermissionDenied):
        WorkflowEvent.objects.filter(article=draft).delete()
    with pytest.raises(PermissionDenied):
        draft.events.first().delete()
    with pytest.raises(PermissionDenied, match="published article cannot be deleted"):
        WorkflowEvent.objects.delete_with_unpublished_article(published_article)
    assert draft.events.count() == 5 and published_article.events.exists()
