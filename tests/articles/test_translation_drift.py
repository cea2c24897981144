"""No silent drift: each translation records the English version it was made from. When
the English article is published again, the translation is out of date until the
translator brings it up to that version and the update is reviewed and published; then
the Spanish page's followers are told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import translations, workflow
from articles.models import Article, WorkflowEvent
from subscriptions.models import Delivery, Notice, Subscriber, Subscription
from tests import factories
from tests.subscriptions import conftest as mail
from tests.subscriptions.smtp import html_of, text_of

# The real SMTP server on loopback and the task worker, from tests/subscriptions.
smtp_server, inbox, worker = mail.smtp_server, mail.inbox, mail.worker


@pytest.fixture
def translator(db):
    return factories.author(username="traductora")


@pytest.fixture
def spanish_page(published_article, translator, approve, editor):
    """A live Spanish translation of version 1 of the English article."""
    spanish = translations.start_translation(published_article, "es", by=translator)
    spanish.title = "Propagación temprana del cáncer de mama"
    spanish.slug = "propagacion-temprana"
    spanish.save()
    section = spanish.sections.first()
    section.body = "<p>Las células del cáncer pueden propagarse temprano.</p>"
    section.save()
    approve(spanish)
    workflow.publish(spanish, by=editor)
    spanish.refresh_from_db()
    return spanish


def publish_english_update(source, approve, editor):
    section = source.sections.first()
    section.body = "<p>New results from a trial in people.</p>"
    section.save()
    approve(source)
    return workflow.publish(source, by=editor, change_summary="Added the results of a trial.")


def update_spanish(spanish, translator, approve, editor):
    """The translator updates the part that changed, says so, and the update goes out."""
    section = spanish.sections.first()
    section.body = "<p>Nuevos resultados de un ensayo en personas.</p>"
    section.save()
    translations.mark_up_to_date(spanish, by=translator)
    approve(spanish)
    return workflow.publish(
        spanish,
        by=editor,
        change_summary="Se agregaron los resultados de un ensayo.",
        notify_subscribers=True,
    )


def follow(article, email, language):
    subscriber = Subscriber.objects.create(email=email, confirmed_at=timezone.now(), language=language)
    Subscription.objects.create(
        subscriber=subscriber, article=article, confirmed_at=timezone.now(), language=language
    )
    return subscriber


@pytest.mark.django_db
def test_a_translation_made_from_the_live_english_version_is_up_to_date(spanish_page):
    assert not translations.is_out_of_date(spanish_page)
    assert not Article.objects.translations_out_of_date().exists()


@pytest.mark.django_db
def test_publishing_the_english_again_puts_its_translation_out_of_date(
    published_article, spanish_page, approve, editor
):
    publish_english_update(published_article, approve, editor)

    assert translations.is_out_of_date(spanish_page)
    assert list(Article.objects.translations_out_of_date()) == [spanish_page]
    # The English article itself is never out of date, nor a translation of a withdrawn source.
    assert not translations.is_out_of_date(published_article)
    workflow.withdraw(published_article, by=editor)
    assert not translations.is_out_of_date(spanish_page)
    assert not Article.objects.translations_out_of_date().exists()


@pytest.mark.django_db
def test_a_draft_translation_started_before_an_english_update_is_out_of_date_too(
    published_article, translator, approve, editor
):
    spanish = translations.start_translation(published_article, "es", by=translator)
    publish_english_update(published_article, approve, editor)
    assert list(Article.objects.translations_out_of_date()) == [spanish]


@pytest.mark.django_db
def test_bringing_a_translation_up_to_date_is_recorded_and_needs_a_new_review(
    published_article, spanish_page, translator, approve, editor
):
    made_from = spanish_page.translated_from
    english_v2 = publish_english_update(published_article, approve, editor)

    translations.mark_up_to_date(spanish_page, by=translator)

    spanish_page.refresh_from_db()
    assert spanish_page.translated_from == english_v2
    assert not translations.is_out_of_date(spanish_page)
    assert not Article.objects.translations_out_of_date().exists()
    event = spanish_page.events.order_by("pk").last()
    assert event.action == WorkflowEvent.Action.EDITED and event.actor == translator
    assert event.comment == "Brought up to English version 2 (was made from version 1)."
    # An edit like any other: readers keep the reviewed Spanish page until the update is
    # reviewed, and that page still says which English version it was made from.
    assert spanish_page.state == Article.State.DRAFT
    assert spanish_page.live_version.translated_from == made_from
    assert "publish" not in workflow.available_steps(spanish_page, editor)
    with pytest.raises(ValidationError):
        workflow.publish(spanish_page, by=editor)


@pytest.mark.django_db
def test_a_translation_is_brought_up_only_to_a_version_of_its_own_source(
    published_article, spanish_page, translator, publish
):
    other = factories.full_article(title="Another review")
    publish(other)
    other.refresh_from_db()
    with pytest.raises(ValidationError, match="a version of another article"):
        translations.mark_up_to_date(spanish_page, by=translator, version=other.live_version)
    with pytest.raises(ValidationError, match="already follows English version 1"):
        translations.mark_up_to_date(spanish_page, by=translator)
    with pytest.raises(ValidationError, match="is not a translation"):
        translations.mark_up_to_date(published_article, by=translator)
    with pytest.raises(PermissionDenied):
        translations.mark_up_to_date(spanish_page, by=factories.reviewer(username="r2"))
    spanish_page.refresh_from_db()
    assert spanish_page.translated_from == published_article.live_version


@pytest.mark.django_db
def test_publishing_the_updated_translation_clears_the_drift_and_tells_the_spanish_page_s_followers(
    published_article, spanish_page, translator, approve, editor, django_capture_on_commit_callbacks
):
    spanish_reader = follow(spanish_page, "lectora@example.org", "es")
    english_reader = follow(published_article, "reader@example.org", "en")
    with django_capture_on_commit_callbacks(execute=True):
        english_v2 = publish_english_update(published_article, approve, editor)
    assert translations.is_out_of_date(spanish_page)

    with django_capture_on_commit_callbacks(execute=True):
        version = update_spanish(spanish_page, translator, approve, editor)

    assert version.number == 2 and version.translated_from == english_v2
    assert not translations.is_out_of_date(spanish_page)
    assert not Article.objects.translations_out_of_date().exists()
    notice = Notice.objects.get(version=version)
    assert notice.article == spanish_page and notice.kind == Notice.Kind.UPDATE
    assert list(notice.deliveries.values_list("subscriber", flat=True)) == [spanish_reader.pk]
    assert not Delivery.objects.filter(notice=notice, subscriber=english_reader).exists()


@pytest.mark.django_db(transaction=True)
def test_the_spanish_follower_s_email_about_the_update_links_to_the_spanish_page(
    published_article, spanish_page, translator, approve, editor, inbox, worker
):
    follow(spanish_page, "lectora@example.org", "es")
    publish_english_update(published_article, approve, editor)
    update_spanish(spanish_page, translator, approve, editor)
    worker()

    (message,) = inbox.to("lectora@example.org")
    for part in (text_of(message), html_of(message)):
        assert "http://127.0.0.1:8000/es/articles/propagacion-temprana/" in part
        assert "http://127.0.0.1:8000/articles/propagacion-temprana/" not in part
        assert "Propagación temprana del cáncer de mama" in part
