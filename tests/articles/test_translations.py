"""A Spanish version of an article is its own article: started from the English live
version, written beside it, reviewed and published through the same workflow, at its
own /es/ address, sharing ratings, references, audiences and entry type with its source."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils import translation as django_translation

from articles import snapshot, translations, workflow
from articles.models import Article, PublishedVersion, WorkflowEvent
from articles.workflow.rules import has_unpublished_changes
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(publish):
    article = factories.full_article(n_items=2, title="Early spread of breast cancer", slug="early-spread")
    factories.rate(article, "science", "low", "Done in mice.")
    publish(article)
    article.refresh_from_db()
    return article


@pytest.fixture
def translator(db):
    return factories.author(username="traductora")


def translate_words(spanish):
    """What a translator does in the admin: every text in Spanish."""
    spanish.title = "Propagación temprana del cáncer de mama"
    spanish.slug = "propagacion-temprana"
    spanish.summary = "Un estudio en ratones sugiere que el cáncer puede propagarse antes."
    spanish.save()
    for n, section in enumerate(spanish.sections.all()):
        section.heading = f"Parte {n}"
        section.body = f"<p>Texto {n} sobre la metástasis.</p>"
        section.save()
    for n, question in enumerate(spanish.doctor_questions.all()):
        question.text = f"¿Pregunta {n}?"
        question.save()


def test_a_translator_starts_a_spanish_draft_prefilled_from_the_live_english_version(source, translator):
    spanish = translations.start_translation(source, "es", by=translator)

    assert spanish.language == "es"
    assert spanish.translation_of == source
    assert spanish.translated_from == source.live_version
    assert spanish.state == Article.State.DRAFT
    assert spanish.slug == "early-spread-es"
    assert spanish.title == source.title and spanish.summary == source.summary
    english, draft = source.live_version.content, snapshot.snapshot(spanish)
    # The same sections, with the same anchors, so side by side and compare match part by part.
    assert [(s["anchor"], s["heading"], s["body"]) for s in draft["sections"]] == [
        (s["anchor"], s["heading"], s["body"]) for s in english["sections"]
    ]
    for key in ("doctor_questions", "clinical_trials", "guidelines", "resources"):
        assert draft[key] == english[key], key
    # Citations, audiences and ratings stay the source's, not copied rows.
    assert not spanish.citations.exists() and not spanish.ratings.exists()
    assert not spanish.relevant_for.exists()
    (event,) = spanish.events.all()
    assert event.action == WorkflowEvent.Action.CREATED and event.actor == translator
    assert (
        event.comment
        == "Español translation of “Early spread of breast cancer”, made from English version 1."
    )


def test_a_second_spanish_translation_of_the_same_article_is_refused(source, translator):
    translations.start_translation(source, "es", by=translator)
    with pytest.raises(ValidationError, match="already has a translation into Español"):
        translations.start_translation(source, "es", by=translator)
    assert source.translations.count() == 1


@pytest.mark.parametrize("language", ["en", "fr", "", "es\x00", "x" * 20000])
def test_an_unknown_language_or_english_is_refused_with_the_languages_there_are(source, translator, language):
    with pytest.raises(ValidationError, match=r"Choose one of: Español \(es\)"):
        translations.start_translation(source, language, by=translator)
    assert not source.translations.exists()


def test_a_translation_of_a_translation_is_refused(source, translator):
    spanish = translations.start_translation(source, "es", by=translator)
    with pytest.raises(ValidationError, match="is itself a translation"):
        translations.start_translation(spanish, "es", by=translator)


def test_an_unpublished_english_draft_cannot_be_translated_yet(translator):
    draft = factories.full_article()
    with pytest.raises(ValidationError, match="is not published"):
        translations.start_translation(draft, "es", by=translator)
    assert not Article.objects.filter(translation_of=draft).exists()


def test_someone_who_may_not_write_articles_cannot_start_a_translation(source, reviewer):
    with pytest.raises(PermissionDenied):
        translations.start_translation(source, "es", by=reviewer)
    assert not source.translations.exists()


def test_a_spanish_translation_is_reviewed_and_published_at_its_own_address_with_its_source_s_shared_parts(
    source, translator, approve, editor, client
):
    spanish = translations.start_translation(source, "es", by=translator)
    translate_words(spanish)
    approve(spanish)
    version = workflow.publish(spanish, by=editor)

    assert version.language == "es"
    assert version.translated_from == source.live_version
    assert version.get_absolute_url() == "/es/articles/propagacion-temprana/"
    assert spanish.get_absolute_url() == "/es/articles/propagacion-temprana/"
    english = source.live_version.content
    content = version.content
    assert content["language"] == "es"
    assert content["translated_from"] == {
        "number": 1,
        "published_at": source.live_version.published_at.isoformat(),
    }
    assert content["title"] == "Propagación temprana del cáncer de mama"
    assert content["doctor_questions"][0] == "¿Pregunta 0?"
    for key in snapshot.SHARED_WITH_SOURCE:
        assert content[key] == english[key], key
    assert content["ratings"][0]["level"] == english["ratings"][0]["level"]
    assert set(version.relevant_for.all()) == set(source.live_version.relevant_for.all())
    # Its own history, beside the English one.
    actions = list(spanish.events.order_by("pk").values_list("action", flat=True))
    assert actions[0] == "created" and actions[-3:] == ["submitted", "approved", "published"]
    assert not source.events.filter(action="submitted", created_at__gt=version.published_at).exists()
    assert client.get("/es/articles/propagacion-temprana/").status_code == 200


def test_the_snapshot_keeps_english_names_whatever_language_the_admin_is_in(source):
    with django_translation.override("es"):
        content = snapshot.snapshot(source)
    assert content["entry_type"]["name"] == "Article review"
    assert snapshot.fingerprint(content) == source.live_version.fingerprint


def test_english_versions_published_before_translations_do_not_look_changed(source):
    # A version stored in format 2, before snapshots named their language.
    content = dict(source.live_version.content)
    del content["language"]
    content["format"] = 2
    PublishedVersion.objects.filter(pk=source.live_version_id).update(
        content=content, fingerprint=snapshot.fingerprint(content)
    )
    source.refresh_from_db()
    assert not has_unpublished_changes(source)


def test_a_translation_waits_for_its_english_source_to_be_published(source, translator, approve, editor):
    spanish = translations.start_translation(source, "es", by=translator)
    translate_words(spanish)
    workflow.withdraw(source, by=editor, reason="Checking a figure.")
    with pytest.raises(ValidationError, match="its English source is not published"):
        workflow.submit_for_review(spanish, by=translator)

    workflow.submit_for_review(source, by=factories.author(username="author"))
    workflow.approve(source, by=factories.reviewer(username="reviewer2"))
    workflow.publish(source, by=editor)
    translations.mark_up_to_date(spanish, by=translator)
    workflow.submit_for_review(spanish, by=translator)
    workflow.withdraw(source, by=editor, reason="Again.")
    with pytest.raises(ValidationError, match="its English source is not published"):
        workflow.approve(spanish, by=factories.reviewer(username="reviewer3"))
    assert "approve" not in workflow.available_steps(spanish, factories.reviewer(username="reviewer3"))


def test_a_scheduled_translation_does_not_go_out_once_its_english_source_is_withdrawn(
    source, translator, approve, editor
):
    spanish = translations.start_translation(source, "es", by=translator)
    translate_words(spanish)
    approve(spanish)
    workflow.schedule(spanish, by=editor, at=timezone.now() + datetime.timedelta(hours=1))
    workflow.withdraw(source, by=editor, reason="Checking a figure.")
    Article.objects.filter(pk=spanish.pk).update(scheduled_for=timezone.now() - datetime.timedelta(minutes=1))

    assert workflow.publish_if_due(spanish) is None

    spanish.refresh_from_db()
    assert spanish.live_version is None and spanish.state == Article.State.APPROVED
    event = spanish.events.get(action=WorkflowEvent.Action.SCHEDULE_FAILED)
    assert "its English source is not published" in event.comment


def test_withdrawing_the_english_source_withdraws_its_live_translation_for_the_same_reason(
    source, translator, approve, editor, client
):
    spanish = translations.start_translation(source, "es", by=translator)
    translate_words(spanish)
    approve(spanish)
    workflow.publish(spanish, by=editor)

    workflow.withdraw(source, by=editor, reason="The study was retracted.")

    spanish.refresh_from_db()
    assert spanish.state == Article.State.WITHDRAWN and spanish.live_version is None
    assert spanish.withdrawal_reason == "The study was retracted."
    event = spanish.events.get(action=WorkflowEvent.Action.WITHDRAWN)
    assert event.actor == editor
    assert (
        event.comment == "With its English source “Early spread of breast cancer”: The study was retracted."
    )
    assert client.get("/es/articles/propagacion-temprana/").status_code in (404, 410)


def test_a_translation_cannot_be_marked_superseded_on_its_own(source, translator, approve, editor):
    spanish = translations.start_translation(source, "es", by=translator)
    translate_words(spanish)
    approve(spanish)
    workflow.publish(spanish, by=editor)
    newer = factories.full_article(title="A newer review")
    with pytest.raises(ValidationError, match="superseded mark of its English source"):
        workflow.supersede(spanish, by=editor, newer=newer)
    assert "supersede" not in workflow.available_steps(spanish, editor)


def test_translation_in_finds_each_language_version_of_an_article(source, translator):
    assert translations.translation_in(source, "es") is None
    spanish = translations.start_translation(source, "es", by=translator)
    assert translations.translation_in(source, "es") == spanish
    assert translations.translation_in(spanish, "en") == source
    assert translations.translation_in(spanish, "es") == spanish
    assert translations.translation_in(source, "en") == source
    assert list(Article.objects.sources()) == [source]
