"""`manage.py load_demo` adds the Spanish translation of the example article, reviewed
and published through the real workflow, with Spanish glossary terms and audience names;
running it again changes nothing, and a database with only the English demo gets the
Spanish added."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles import demo, demo_es
from articles.models import Article, PublishedVersion, WorkflowEvent
from audiences.models import Audience
from glossary.models import Term

pytestmark = pytest.mark.django_db


def load_demo():
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def spanish_example():
    return Article.objects.get(language="es")


def test_the_demo_has_a_reviewed_spanish_translation_of_the_example_article(client):
    printed = load_demo()
    source = Article.objects.get(language="en")
    translation = spanish_example()
    assert translation.translation_of == source
    assert translation.translated_from_id == source.live_version_id
    assert "Demo article in Spanish: /es/articles/la-metastasis-ocurre-antes/" in printed
    version = translation.live_version
    assert version.language == "es" and version.title == demo_es.TITLE
    # Reviewed like every article: submitted, approved by the demo reviewer, published by the editor.
    actions = list(translation.events.order_by("pk").values_list("action", "actor__username"))
    assert (WorkflowEvent.Action.APPROVED, "reviewer") in actions
    assert (WorkflowEvent.Action.PUBLISHED, "editor") in actions
    assert version.content["summary"] == demo_es.SUMMARY
    assert [s["heading"] for s in version.content["sections"]] == [s["heading"] for s in demo_es.SECTIONS]
    # Same anchors as the English: the side-by-side editor and compare match part by part.
    english_anchors = [s["anchor"] for s in source.live_version.content["sections"]]
    assert [s["anchor"] for s in version.content["sections"]] == english_anchors
    assert version.content["doctor_questions"] == [q["text"] for q in demo_es.LISTS["doctor_questions"]]


def test_every_part_of_the_spanish_example_is_in_spanish():
    load_demo()
    content = spanish_example().live_version.content
    english = Article.objects.get(language="en").live_version.content
    for mine, theirs in zip(content["sections"], english["sections"], strict=True):
        assert mine["heading"] != theirs["heading"] and mine["body"] != theirs["body"]
        assert mine["toc_label"] != theirs["toc_label"]
    for key in demo_es.LISTS:
        for mine, theirs in zip(content[key], english[key], strict=True):
            assert mine != theirs, key
    for text in [content["title"], content["summary"], *content["doctor_questions"]]:
        assert any(char in text for char in "áéíóúñ¿"), text


def test_the_spanish_example_page_reads_in_spanish_with_its_glossary_and_audiences(client):
    load_demo()
    response = client.get("/es/articles/la-metastasis-ocurre-antes/")
    html = response.content.decode()
    assert response.status_code == 200
    assert demo_es.TITLE in html
    # The glossary marks the Spanish words, with the Spanish definitions.
    assert 'href="/es/glossary/#metastasis"' in html
    assert "<strong>tumor primario:</strong> El primer tumor" in html
    assert "<strong>oncólogo:</strong> Un médico que se especializa en tratar el cáncer." in html
    # Audiences by their Spanish names.
    assert "personas con cáncer de mama" in html
    assert "hombres con cáncer de mama" in html
    assert "people with breast cancer" not in html
    assert client.get("/articles/does-metastasis-happen-earlier/").status_code == 200


def test_running_the_demo_again_changes_nothing():
    load_demo()
    counts = (Article.objects.count(), PublishedVersion.objects.count(), WorkflowEvent.objects.count())
    spanish = list(Term.objects.values_list("name_es", "definition_es"))
    load_demo()
    assert (
        Article.objects.count(),
        PublishedVersion.objects.count(),
        WorkflowEvent.objects.count(),
    ) == counts
    assert list(Term.objects.values_list("name_es", "definition_es")) == spanish


def test_a_database_with_the_english_demo_gets_the_spanish_added(monkeypatch):
    # The demo as it was before Spanish: no translation, no Spanish terms or names.
    monkeypatch.setattr(demo_es, "load", lambda run, source: None)
    load_demo()
    Term.objects.update(name_es="", variants_es="", definition_es="")
    Audience.objects.update(name_es="", description_es="")
    assert not Article.objects.filter(language="es").exists()
    monkeypatch.undo()
    printed = load_demo()
    assert spanish_example().live_version is not None
    assert "Demo article in Spanish" in printed
    assert Term.objects.get(name="metastasis").name_es == "metástasis"
    assert Audience.objects.get(name="men with breast cancer").name_es == "hombres con cáncer de mama"
    assert Article.objects.get(slug=demo.SLUG).versions.count() == 1


def test_an_editors_spanish_is_never_overwritten_by_the_demo():
    load_demo()
    Term.objects.filter(name="mammogram").update(
        name_es="mamograma", definition_es="Una radiografía del seno."
    )
    Audience.objects.filter(name="men with breast cancer").update(name_es="varones con cáncer de mama")
    load_demo()
    assert Term.objects.get(name="mammogram").name_es == "mamograma"
    assert Audience.objects.get(name="men with breast cancer").name_es == "varones con cáncer de mama"


def test_every_demo_term_and_audience_has_its_spanish():
    load_demo()
    assert not Term.objects.filter(name_es="").exists()
    assert not Term.objects.filter(definition_es="").exists()
    assert not Audience.objects.filter(name_es="").exists()
