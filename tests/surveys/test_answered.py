"""After answering, the reader is not invited again: the shared, cached article page
stays the same for everyone, and a cookie on the reader's device (set by the answer,
scoped to the article's and the survey's paths) lets a script hide the invitation and
the survey page say it was answered."""

import pytest

from surveys.answered import ARTICLE_COOKIE, survey_cookie
from tests.surveys.conftest import answers_for

pytestmark = pytest.mark.django_db

ARTICLE = "/articles/early-spread/"


def survey_path(survey):
    return f"/surveys/{survey.slug}/?article=early-spread"


def answer(client, survey):
    response = client.post(survey_path(survey), answers_for(survey, rating=4))
    assert response.status_code == 302
    return response


def test_answering_sets_a_cookie_for_the_article_page_and_one_for_the_survey_page(
    client, survey, published_article
):
    cookies = answer(client, survey).cookies
    on_article = cookies[ARTICLE_COOKIE]
    assert on_article.value == survey.slug and on_article["path"] == ARTICLE
    assert not on_article["httponly"]  # the invitation's script reads it
    on_survey = cookies[survey_cookie(published_article.pk)]
    assert on_survey["path"] == f"/surveys/{survey.slug}/" and on_survey["httponly"]
    assert on_article["max-age"] and on_survey["samesite"] == "Lax"


def test_the_article_page_is_the_same_for_everyone_and_carries_the_invitation_script(
    client, survey, published_article
):
    before = client.get(ARTICLE)
    answer(client, survey)
    after = client.get(ARTICLE)
    assert before.content == after.content
    html = after.content.decode()
    assert (
        f'class="survey-invitation" aria-labelledby="survey-invitation-heading" data-survey="{survey.slug}"'
        in html
    )
    assert '<script src="/static/surveys/invitation.js" defer></script>' in html


def test_the_survey_opened_again_says_it_was_answered_and_offers_no_form(client, survey, published_article):
    answer(client, survey)
    page = client.get(survey_path(survey))
    html = page.content.decode()
    assert "You've already answered — thank you" in html
    assert "Send my answers" not in html
    assert 'href="/articles/early-spread/">Back to the article: Early spread of breast cancer</a>' in html
    assert "no-store" in page["Cache-Control"]
    assert client.head(survey_path(survey)).status_code == 200


def test_someone_else_on_the_same_device_may_still_answer(client, survey, published_article):
    answer(client, survey)
    again = survey_path(survey) + "&again=1"
    assert f'href="{again.replace("&", "&amp;")}"' in client.get(survey_path(survey)).content.decode()
    assert b"Send my answers" in client.get(again).content
    assert client.post(again, answers_for(survey, rating=2)).status_code == 302


def test_a_reader_who_has_not_answered_gets_the_form(client, survey, published_article):
    client.cookies[survey_cookie(published_article.pk + 1)] = "1"  # another article's answer
    assert b"Send my answers" in client.get(survey_path(survey)).content


def test_the_thank_you_page_says_the_article_will_not_ask_again(client, survey, published_article):
    page = client.get(answer(client, survey)["Location"]).content.decode()
    assert '<div class="notice notice-done" role="status">' in page
    assert "will not ask you again on this device" in page
