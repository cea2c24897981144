"""Readers see only published versions: editing an article never changes its public
page until the next publish."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles import workflow
from articles.models import Article, PublishedVersion, Section
from articles.signals import article_published
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_draft_is_not_public(client):
    article = factories.full_article()
    assert client.get(f"/articles/{article.slug}/").status_code == 404
    assert client.get(f"/articles/{article.slug}/print/").status_code == 404


def test_publishing_snapshots_everything_the_page_shows(publish):
    article = factories.full_article(n_items=2)
    version = publish(article, change_summary="First publication")
    assert version.number == 1
    content = version.content
    assert content["title"] == article.title
    assert [s["heading"] for s in content["sections"]] == ["Part 0", "Part 1"]
    assert content["doctor_questions"] == ["Question 0?", "Question 1?"]
    assert [t["registry_id"] for t in content["clinical_trials"]] == ["NCT00000000", "NCT00000001"]
    assert len(content["guidelines"]) == 2 and len(content["resources"]) == 2
    assert [r["is_original_story"] for r in content["references"]] == [True, False]
    assert [a["name"] for a in content["relevant_for"]] == ["relevant audience 0", "relevant audience 1"]
    assert set(version.relevant_for.values_list("name", flat=True)) == {
        "relevant audience 0",
        "relevant audience 1",
    }
    article.refresh_from_db()
    assert article.live_version == version
    assert article.state == Article.State.PUBLISHED
    assert article.posted_on is not None


def test_edits_stay_unseen_until_the_next_publish(client, publish):
    article = factories.full_article()
    publish(article)
    section = article.sections.get()
    section.body = "<p>A brand new paragraph nobody reviewed.</p>"
    section.save()
    article.title = "A changed title"
    article.save()
    reference = article.citations.first().reference
    reference.title = "A renamed reference"
    reference.save()

    page = client.get(f"/articles/{article.slug}/").content.decode()
    assert "brand new paragraph" not in page
    assert "A changed title" not in page
    assert "A renamed reference" not in page

    version = publish(article, change_summary="Clarified the findings")
    assert version.number == 2
    page = client.get(f"/articles/{article.slug}/").content.decode()
    assert "brand new paragraph" in page
    assert "A changed title" in page
    assert "A renamed reference" in page
    assert "Clarified the findings" in page  # update history


def test_publishing_twice_without_changes_is_refused(publish):
    article = factories.full_article()
    publish(article)
    with pytest.raises(ValidationError, match="Nothing has changed"):
        publish(article)
    assert article.versions.count() == 1


def test_an_article_without_sections_cannot_be_published(publish):
    article = factories.ArticleFactory()
    with pytest.raises(ValidationError, match="no sections"):
        publish(article)
    assert not PublishedVersion.objects.exists()


@pytest.mark.parametrize("role", [None, "author", "reviewer"])
def test_only_editors_may_publish(role):
    article = factories.full_article()
    user = getattr(factories, role)() if role else factories.UserFactory()
    with pytest.raises(PermissionDenied):
        workflow.publish(article, by=user)
    assert not PublishedVersion.objects.exists()


def test_publish_announces_after_commit(publish, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, article, version, notify_subscribers, **kwargs):
        received.append((article.pk, version.number, notify_subscribers))

    article_published.connect(listener)
    try:
        article = factories.full_article()
        with django_capture_on_commit_callbacks(execute=True):
            publish(article, notify_subscribers=True)
    finally:
        article_published.disconnect(listener)
    assert received == [(article.pk, 1, True)]


def test_withdrawn_articles_leave_every_public_page(client, published_article, editor):
    url = published_article.live_version.get_absolute_url()
    workflow.withdraw(published_article, by=editor)
    assert client.get(url).status_code == 404
    assert published_article.title not in client.get("/").content.decode()
    assert published_article.title not in client.get("/feeds/articles/").content.decode()
    assert url not in client.get("/sitemap.xml").content.decode()
    assert published_article.title not in client.get("/search/?q=early").content.decode()
    published_article.refresh_from_db()
    assert published_article.state == Article.State.WITHDRAWN
    assert published_article.versions.count() == 1  # kept on record


def test_a_changed_slug_redirects_from_the_old_address(client, publish):
    article = factories.full_article(slug="old-address")
    publish(article)
    article.slug = "new-address"
    article.save()
    # Until the change is published, the old address is still the live one.
    assert client.get("/articles/old-address/").status_code == 200
    publish(article)
    response = client.get("/articles/old-address/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/new-address/"


def test_section_anchor_is_made_once_and_kept():
    article = factories.ArticleFactory()
    first = Section.objects.create(article=article, heading="What does this mean for me?", body="")
    assert first.anchor == "what-does-this-mean-for-me"
    first.heading = "A better heading"
    first.save()
    first.refresh_from_db()
    assert first.anchor == "what-does-this-mean-for-me"
    second = Section.objects.create(article=article, heading="What does this mean for me?", body="")
    assert second.anchor == "what-does-this-mean-for-me-2"
    reserved = Section.objects.create(article=article, heading="References", body="")
    assert reserved.anchor == "references-2"
