"""The admin as editors use it so far: preview of a draft, publish action."""

import pytest

from articles.models import Article
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def preview_url(article):
    return f"/admin/articles/article/{article.pk}/preview/"


def test_staff_preview_the_draft_as_readers_will_see_it(client, published_article):
    section = published_article.sections.first()
    section.body = "<p>Unpublished wording.</p>"
    section.save()
    client.force_login(factories.reviewer())
    response = client.get(preview_url(published_article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not published." in html
    assert "Unpublished wording." in html
    assert "no-store" in response["Cache-Control"]
    # Readers still see the published version.
    assert "Unpublished wording." not in client.get(f"/articles/{published_article.slug}/").content.decode()


def test_readers_cannot_open_a_preview(client):
    article = factories.full_article()
    assert client.get(preview_url(article)).status_code == 404
    client.force_login(factories.UserFactory(is_staff=False))
    assert client.get(preview_url(article)).status_code == 404


def test_editor_publishes_from_the_admin_list(client, editor, approve):
    article = approve(factories.full_article())
    client.force_login(editor)
    response = client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "Published" in response.content.decode()
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED


def test_author_is_not_offered_the_publish_action(client):
    client.force_login(factories.author())
    article = factories.full_article()
    response = client.get("/admin/articles/article/")
    assert "publish_selected" not in response.content.decode()
    client.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.live_version is None


def test_author_writes_a_draft_in_the_admin(client):
    client.force_login(factories.author())
    audience = factories.AudienceFactory(name="people with breast cancer")
    data = admin_form_data(client, "/admin/articles/article/add/", "article_form")
    data.update(
        {
            "title": "A new study",
            "slug": "a-new-study",
            "summary": "What it found.",
            "relevant_for": [audience.pk],
            "sections-TOTAL_FORMS": "1",
            "sections-0-order": "1",
            "sections-0-heading": "What the study found",
            "sections-0-body": "<p>It found <b>this</b>.<script>x</script></p>",
        }
    )
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="a-new-study")
    assert article.state == Article.State.DRAFT
    assert list(article.relevant_for.names()) == ["people with breast cancer"]
    assert article.sections.get().body == "<p>It found <b>this</b>.x</p>"
    assert list(article.events.values_list("action", flat=True)) == ["created"]
