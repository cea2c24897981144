"""A reader answers a survey about an article at /surveys/<slug>/?article=<slug>."""

import re

import pytest
from django.test import override_settings

from surveys.models import Answer, Response
from tests import factories
from tests.surveys.conftest import answers_for, make_survey

pytestmark = pytest.mark.django_db


def url(survey, article):
    return f"/surveys/{survey.slug}/?article={article.slug}"


def test_the_form_asks_every_question_with_fieldsets_legends_and_labels(client, survey, published_article):
    html = client.get(url(survey, published_article)).content.decode()
    rating = survey.q["rating"]
    assert f'<fieldset class="question" id="q{rating.pk}-question">' in html
    assert "<legend" in html and "How helpful was this article?" in html
    assert "1 (Not at all helpful)" in html and "5 (Very helpful)" in html
    short = survey.q["short_text"]
    assert f'<label class="question-text" for="id_q{short.pk}">' in html
    assert f'aria-describedby="q{short.pk}-help"' in html
    assert "csrfmiddlewaretoken" in html
    assert "do not keep your name, email, IP address" in html
    assert published_article.title in html


def test_a_complete_response_is_stored_with_the_article_and_its_live_version(
    client, survey, published_article
):
    data = answers_for(
        survey,
        rating="4",
        yes_no="yes",
        single="A doctor",
        multiple=["Talk to my doctor", "Read more"],
        short_text="The diagram",
        long_text="Thank you.\nMore please.",
    )
    response = client.post(url(survey, published_article), data)
    assert response.status_code == 302
    assert response["Location"] == f"/surveys/{survey.slug}/thanks/?article={published_article.slug}"
    stored = Response.objects.get()
    assert (stored.survey, stored.article, stored.version_number) == (survey, published_article, 1)
    answers = {
        (a.question.kind, a.number, a.yes, a.choice and a.choice.text, a.text) for a in stored.answers.all()
    }
    assert answers == {
        ("rating", 4, None, None, ""),
        ("yes_no", None, True, None, ""),
        ("single", None, None, "A doctor", ""),
        ("multiple", None, None, "Talk to my doctor", ""),
        ("multiple", None, None, "Read more", ""),
        ("short_text", None, None, None, "The diagram"),
        ("long_text", None, None, None, "Thank you.\nMore please."),
    }


def test_optional_questions_may_be_left_empty(client, survey, published_article):
    client.post(url(survey, published_article), answers_for(survey, rating="2", yes_no="no"))
    answers = Answer.objects.all()
    assert [(a.number, a.yes) for a in answers.order_by("pk")] == [(2, None), (None, False)]


def test_the_version_stored_is_the_one_live_when_the_reader_answers(
    client, survey, published_article, publish
):
    section = published_article.sections.first()
    section.body = "<p>Rewritten.</p>"
    section.save()
    publish(published_article, change_summary="Clearer")
    client.post(url(survey, published_article), answers_for(survey, rating="5"))
    assert Response.objects.get().version_number == 2


def test_the_thank_you_page_leads_back_to_the_article(client, survey, published_article):
    html = client.get(f"/surveys/{survey.slug}/thanks/?article={published_article.slug}").content.decode()
    assert "Thank you" in html
    assert f'href="/articles/{published_article.slug}/"' in html


@pytest.mark.parametrize(
    "address",
    [
        "/surveys/no-such-survey/?article=early-spread",
        "/surveys/brief/?article=no-such-article",
        "/surveys/brief/",
        "/surveys/brief/?article=",
    ],
)
def test_an_unknown_survey_or_article_is_not_found(client, survey, published_article, address):
    assert client.get(address).status_code == 404
    assert client.post(address, {}).status_code == 404
    assert not Response.objects.exists()


def test_an_article_that_is_not_live_has_no_survey(client, survey):
    draft = factories.full_article(slug="a-draft")
    assert client.get(url(survey, draft)).status_code == 404


def test_a_closed_survey_shows_a_friendly_page_and_takes_no_answers(client, survey, published_article):
    survey.is_open = False
    survey.save()
    page = client.get(url(survey, published_article))
    assert page.status_code == 200
    assert "This survey is closed" in page.content.decode()
    client.post(url(survey, published_article), answers_for(survey, rating="3"))
    assert not Response.objects.exists()


def test_retired_questions_are_no_longer_asked(client, survey, published_article):
    survey.q["yes_no"].retired = True
    survey.q["yes_no"].save()
    html = client.get(url(survey, published_article)).content.decode()
    assert "Easy to read?" not in html


def test_the_honeypot_thanks_a_bot_and_stores_nothing(client, survey, published_article):
    response = client.post(
        url(survey, published_article), {**answers_for(survey, rating="3"), "website": "x"}
    )
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_the_form_needs_its_csrf_token(survey, published_article):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url(survey, published_article), answers_for(survey, rating="3")).status_code == 403
    assert not Response.objects.exists()


@override_settings(SURVEY_RATE="3/m")
def test_readers_sending_too_many_responses_are_asked_to_wait(client, survey, published_article):
    codes = [
        client.post(url(survey, published_article), answers_for(survey, rating="3")).status_code
        for _ in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    assert Response.objects.count() == 3
    assert client.get(url(survey, published_article)).status_code == 200  # reading is not throttled


@override_settings(RATELIMIT_ENABLE=False, SURVEY_RATE="1/m")
def test_the_throttle_is_off_only_when_turned_off(client, survey, published_article):
    for _ in range(3):
        client.post(url(survey, published_article), answers_for(survey, rating="3"))
    assert Response.objects.count() == 3


def test_head_is_answered_like_get(client, survey, published_article):
    response = client.head(url(survey, published_article))
    assert response.status_code == 200 and response.content == b""
    thanks = client.head(f"/surveys/{survey.slug}/thanks/?article={published_article.slug}")
    assert thanks.status_code == 200 and thanks.content == b""


def test_an_answer_holding_a_control_character_is_refused_and_nothing_stored(
    client, survey, published_article
):
    data = {**answers_for(survey, rating="3"), f"q{survey.q['short_text'].pk}": "bad\x00text"}
    assert client.post(url(survey, published_article), data).status_code == 400
    assert not Response.objects.exists()


def test_the_survey_page_carries_no_inline_script_or_style(client, survey, published_article):
    html = client.get(url(survey, published_article)).content.decode()
    assert "style=" not in html and "<style" not in html
    # Scripts come only from the site's own files.
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(re.fullmatch(r'<script src="/static/[^"]+\.js" defer>', s) for s in scripts)


def test_a_second_survey_has_its_own_address(client, published_article):
    make_survey("other", is_default=False)
    assert client.get(f"/surveys/other/?article={published_article.slug}").status_code == 200
