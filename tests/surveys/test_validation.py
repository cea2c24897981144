"""Bad answers are refused with a message beside their question, every answer is kept
in the form, and nothing is stored until the whole response is valid."""

import re

import pytest

from surveys.models import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, Response
from tests.surveys.conftest import answers_for, make_survey

pytestmark = pytest.mark.django_db


def send(client, survey, article, data):
    response = client.post(f"/surveys/{survey.slug}/?article={article.slug}", data)
    assert response.status_code == 200, "an invalid response re-renders the form"
    assert not Response.objects.exists(), "nothing is stored"
    return response.content.decode()


def error_of(html, question):
    match = re.search(rf'<p class="question-error" id="q{question.pk}-error">(.*?)</p>', html, re.S)
    return match and re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "").strip()


VALID = {"rating": "4", "yes_no": "yes"}


def test_a_missing_required_answer_is_refused_beside_its_question(client, survey, published_article):
    html = send(client, survey, published_article, answers_for(survey, yes_no="yes"))
    assert error_of(html, survey.q["rating"]) == "Please answer this question."
    assert html.startswith("<!doctype html>") and "<title>Error: " in html


@pytest.mark.parametrize("rating", ["0", "6", "-1", "4.5", "five", "99999999999999999999"])
def test_a_rating_off_the_scale_is_refused(client, survey, published_article, rating):
    html = send(
        client,
        survey,
        published_article,
        {**answers_for(survey, **VALID), f"q{survey.q['rating'].pk}": rating},
    )
    assert error_of(html, survey.q["rating"]) == "Choose a rating from 1 to 5."


def test_a_yes_no_answer_must_be_yes_or_no(client, survey, published_article):
    html = send(
        client,
        survey,
        published_article,
        {**answers_for(survey, rating="3"), f"q{survey.q['yes_no'].pk}": "maybe"},
    )
    assert error_of(html, survey.q["yes_no"]) == "Answer yes or no."


def test_a_choice_of_another_question_is_refused(client, survey, published_article):
    single, multiple = survey.q["single"], survey.q["multiple"]
    foreign = multiple.choices.first().pk
    other_survey = make_survey("other", is_default=False)
    elsewhere = other_survey.q["multiple"].choices.first().pk
    data = {
        **answers_for(survey, **VALID),
        f"q{single.pk}": str(foreign),
        f"q{multiple.pk}": [str(elsewhere)],
    }
    html = send(client, survey, published_article, data)
    assert (
        error_of(html, single)
        == "That is not one of the answers to this question. Choose one of those shown."
    )
    assert (
        error_of(html, multiple)
        == "That is not one of the answers to this question. Choose one of those shown."
    )


@pytest.mark.parametrize("kind, limit", [("short_text", SHORT_TEXT_LIMIT), ("long_text", LONG_TEXT_LIMIT)])
def test_text_over_its_limit_is_refused_and_kept_in_the_form(client, survey, published_article, kind, limit):
    too_long = "word " * (limit // 5) + "x"
    html = send(
        client, survey, published_article, {**answers_for(survey, **VALID), f"q{survey.q[kind].pk}": too_long}
    )
    assert error_of(html, survey.q[kind]) == (
        f"Please shorten this answer to {limit} characters or fewer (it has {len(too_long)})."
    )
    assert too_long.strip() in html


def test_text_at_its_limit_is_taken(client, survey, published_article):
    data = {**answers_for(survey, **VALID), f"q{survey.q['short_text'].pk}": "y" * SHORT_TEXT_LIMIT}
    client.post(f"/surveys/{survey.slug}/?article={published_article.slug}", data)
    assert Response.objects.count() == 1


@pytest.mark.parametrize("kind", ["rating", "yes_no", "single", "short_text"])
def test_a_question_answered_twice_is_refused(client, survey, published_article, kind):
    question = survey.q[kind]
    values = {"rating": ["4", "5"], "yes_no": ["yes", "no"], "short_text": ["a", "b"]}.get(kind) or [
        str(c.pk) for c in question.choices.all()[:2]
    ]
    data = {**answers_for(survey, **VALID), f"q{question.pk}": values}
    html = send(client, survey, published_article, data)
    assert error_of(html, question) == "This question was answered more than once. Answer it once."


def test_the_same_choice_ticked_twice_is_refused(client, survey, published_article):
    multiple = survey.q["multiple"]
    pk = str(multiple.choices.first().pk)
    html = send(
        client, survey, published_article, {**answers_for(survey, **VALID), f"q{multiple.pk}": [pk, pk]}
    )
    assert error_of(html, multiple) == "This question was answered more than once. Answer it once."


def test_every_answer_is_kept_when_one_is_wrong(client, survey, published_article):
    data = answers_for(
        survey,
        yes_no="no",
        single="A patient",
        multiple=["Share it", "Read more"],
        short_text="Kept <b>text</b>",
        long_text="Long & kept",
    )
    html = send(client, survey, published_article, data)
    for kind in ("yes_no", "single"):
        value = data[f"q{survey.q[kind].pk}"]
        value = value[0] if isinstance(value, list) else value
        assert re.search(rf'value="{value}"[^>]*checked', html), kind
    for pk in data[f"q{survey.q['multiple'].pk}"]:
        assert re.search(rf'value="{pk}"[^>]*checked', html)
    assert "Kept &lt;b&gt;text&lt;/b&gt;" in html and "Long &amp; kept" in html


def test_errors_are_tied_to_their_fields_and_summarised_at_the_top(client, survey, published_article):
    rating = survey.q["rating"]
    html = send(client, survey, published_article, answers_for(survey, yes_no="yes"))
    summary = html.index('class="error-summary" role="alert"')
    assert summary < html.index('<form method="post"')
    assert f'<a href="#id_q{rating.pk}_0">How helpful was this article?</a>' in html
    assert f'id="id_q{rating.pk}_0"' in html
    inputs = re.findall(rf'<input[^>]*name="q{rating.pk}"[^>]*>', html)
    assert inputs and all(
        f'aria-describedby="q{rating.pk}-error"' in i and 'aria-invalid="true"' in i for i in inputs
    )
