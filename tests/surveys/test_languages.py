"""The survey in Spanish: editors' Spanish texts shown under /es/ (English, marked as
such, where one is missing), each response's language recorded, and the results and
their CSV per language."""

import csv
import io
import re

import pytest
from django.utils import translation

from surveys import demo
from surveys.invitations import invitation_context
from surveys.models import Choice, Question, Response, Survey
from tests.surveys.conftest import answers_for


@pytest.fixture
def spanish_survey(survey):
    """The test survey with its Spanish written in, but for the long-text question's."""
    Survey.objects.filter(pk=survey.pk).update(
        title_es="Encuesta breve", introduction_es="<p>Unas preguntas cortas.</p>"
    )
    q = survey.q
    for key, spanish in {
        "rating": "¿Qué tan útil le resultó este artículo?",
        "yes_no": "¿Fue fácil de leer?",
        "single": "¿Quién es usted?",
        "multiple": "¿Qué hará?",
        "short_text": "¿Qué fue lo más útil?",
    }.items():
        Question.objects.filter(pk=q[key].pk).update(text_es=spanish)
    Question.objects.filter(pk=q["rating"].pk).update(
        scale_min_label_es="Nada útil", scale_max_label_es="Muy útil"
    )
    Question.objects.filter(pk=q["short_text"].pk).update(help_text_es="Unas pocas palabras.")
    Choice.objects.filter(question=q["single"], text="A patient").update(text_es="Paciente")
    survey.refresh_from_db()
    return survey


def answer(client, survey, article, prefix="", **values):
    response = client.post(
        f"{prefix}/surveys/{survey.slug}/?article={article.slug}", answers_for(survey, **values)
    )
    assert response.status_code == 302
    return response


def test_a_spanish_reader_sees_the_survey_in_spanish_and_english_marked_where_a_text_is_missing(
    client, spanish_survey, published_article
):
    page = client.get(f"/es/surveys/{spanish_survey.slug}/?article={published_article.slug}").content.decode()
    assert '<html lang="es"' in page
    assert "<h1>Encuesta breve</h1>" in page and "Unas preguntas cortas." in page
    assert "¿Qué tan útil le resultó este artículo?" in page and "Nada útil" in page and "Muy útil" in page
    assert "Unas pocas palabras." in page and "Paciente" in page
    assert "Enviar mis respuestas" in page and "Su privacidad:" in page
    assert '<span lang="en">Anything else?</span>' in page, "no Spanish yet: the English, marked as English"
    assert '<span lang="en">A doctor</span>' in page
    assert "How helpful was this article?" not in page
    # The article has no Spanish version: its English title is marked as English.
    assert f'lang="en" hreflang="en">{published_article.title}</a>' in page

    english = client.get(f"/surveys/{spanish_survey.slug}/?article={published_article.slug}").content.decode()
    assert "How helpful was this article?" in english and "Encuesta breve" not in english
    assert 'lang="en"' not in english.split('<div class="survey">', 1)[1], "nothing marked on an English page"


def test_a_survey_answered_on_a_spanish_page_is_recorded_as_spanish(
    client, spanish_survey, published_article
):
    response = answer(client, spanish_survey, published_article, prefix="/es", rating="4")
    assert response["Location"].startswith(f"/es/surveys/{spanish_survey.slug}/thanks/")
    assert "Sus respuestas se guardaron." in client.get(response["Location"]).content.decode()
    answer(client, spanish_survey, published_article, rating="2")
    assert sorted(Response.objects.values_list("language", flat=True)) == ["en", "es"]


def test_spanish_errors_name_the_question_in_the_readers_language(client, spanish_survey, published_article):
    url = f"/es/surveys/{spanish_survey.slug}/?article={published_article.slug}"
    page = client.post(url, {f"q{spanish_survey.q['yes_no'].pk}": "maybe"}).content.decode()
    assert "Hay problemas con sus respuestas" in page
    assert "Por favor, responda esta pregunta." in page and "Responda sí o no." in page
    assert not Response.objects.exists()


def test_the_results_show_counts_per_language_and_filter_by_language(
    client, editor, spanish_survey, published_article
):
    for prefix, rating in (("/es", "5"), ("/es", "3"), ("", "1")):
        answer(client, spanish_survey, published_article, prefix=prefix, rating=rating)
    client.force_login(editor)
    url = f"/admin/surveys/survey/{spanish_survey.pk}/results/"

    page = client.get(url).content.decode()
    counts = dict(re.findall(r'data-language="(\w+)">(\d+)<', page))
    assert counts == {"en": "1", "es": "2"}
    assert re.search(r'class="xr-total">3<', page)

    spanish = client.get(url, {"language": "es"}).content.decode()
    assert re.search(r'class="xr-total">2<', spanish)
    assert re.search(r'class="xr-overall-mean">4.0<', spanish)
    assert "results.csv?language=es" in spanish
    assert dict(re.findall(r'data-language="(\w+)">(\d+)<', spanish)) == counts, (
        "every language's count stays"
    )

    refused = client.get(url, {"language": "fr"})
    assert refused.status_code == 200 and re.search(r'class="xr-total">3<', refused.content.decode())


def test_the_csv_has_a_language_column_and_follows_the_language_filter(
    client, editor, spanish_survey, published_article
):
    answer(client, spanish_survey, published_article, prefix="/es", rating="5")
    answer(client, spanish_survey, published_article, rating="1")
    client.force_login(editor)

    def rows(query=""):
        response = client.get(f"/admin/surveys/survey/{spanish_survey.pk}/results.csv{query}")
        return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    header, *answered = rows()
    column = header.index("language")
    assert sorted((row[column], row[5]) for row in answered) == [("en", "1"), ("es", "5")]
    _, *spanish = rows("?language=es")
    assert [row[column] for row in spanish] == ["es"]


def test_the_invitation_under_an_article_is_in_the_readers_language(spanish_survey, published_article):
    version = published_article.live_version
    with translation.override("es"):
        spanish = invitation_context(version)["survey"]
    with translation.override("en"):
        english = invitation_context(version)["survey"]
    assert spanish["invitation"].startswith("Comparta su opinión") and spanish["invitation_language"] == ""
    assert english["invitation"] == spanish_survey.invitation

    Survey.objects.filter(pk=spanish_survey.pk).update(invitation_es="")
    with translation.override("es"):
        fallback = invitation_context(version)["survey"]
    assert (fallback["invitation"], fallback["invitation_language"]) == (spanish_survey.invitation, "en")


def test_the_spanish_of_a_question_readers_have_seen_can_still_be_corrected(
    client, editor, spanish_survey, published_article
):
    answer(client, spanish_survey, published_article, rating="4")
    question = spanish_survey.q["rating"]
    assert question.has_been_seen()
    question.text_es = "¿Qué tan útil fue este artículo para usted?"
    question.full_clean()  # not part of the question's fixed meaning
    question.save()
    client.force_login(editor)
    page = client.get(f"/admin/surveys/question/{spanish_survey.q['single'].pk}/change/").content.decode()
    assert 'name="choices-0-text_es"' in page and 'name="choices-0-text"' not in page


def test_the_demo_survey_has_spanish_for_every_text(db):
    class Run:
        def say(self, text):
            pass

    demo.load(Run())
    survey = Survey.objects.get(slug=demo.SLUG)
    assert survey.title_es and survey.introduction_es and survey.invitation_es
    for question in survey.questions.all():
        assert question.text_es, question.text
        assert bool(question.help_text_es) == bool(question.help_text)
        assert bool(question.scale_min_label_es) == bool(question.scale_min_label)
        for choice in question.choices.all():
            assert choice.text_es, choice.text


def test_loading_the_demo_again_gives_an_older_demo_survey_its_spanish(db):
    class Run:
        def say(self, text):
            pass

    demo.load(Run())
    survey = Survey.objects.get(slug=demo.SLUG)
    Survey.objects.filter(pk=survey.pk).update(title_es="", introduction_es="")
    Question.objects.filter(survey=survey).update(text_es="", help_text_es="")
    Choice.objects.filter(question__survey=survey).update(text_es="")
    demo.load(Run())
    survey.refresh_from_db()
    assert survey.title_es == "Breve encuesta sobre este artículo"
    assert not survey.questions.filter(text_es="").exists()
    assert not Choice.objects.filter(question__survey=survey, text_es="").exists()
