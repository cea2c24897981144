"""Editors build surveys in the admin; once readers have answered, questions they saw
keep their meaning: retired, never changed or deleted."""

import pytest

from surveys.answering import record_response
from surveys.models import Question, Survey
from tests import factories
from tests.admin_forms import admin_form_data
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


def change_url(obj):
    return f"/admin/surveys/{obj._meta.model_name}/{obj.pk}/change/"


def answered(survey, article):
    return record_response(survey, article.pk, [(survey.q["rating"], 4)])


def test_editors_build_surveys_with_ordered_questions(client, editor):
    client.force_login(editor)
    data = {
        "title": "After-reading survey",
        "slug": "after-reading",
        "invitation": "Tell us what you thought",
        "introduction": "<p>Hello <script>alert(1)</script>there</p>",
        "is_open": "on",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-kind": "rating",
        "questions-0-text": "How clear was it?",
        "questions-0-scale_min": "1",
        "questions-0-scale_max": "5",
        "questions-0-order": "2",
        "questions-1-kind": "long_text",
        "questions-1-text": "Anything else?",
        "questions-1-scale_min": "1",
        "questions-1-scale_max": "5",
        "questions-1-order": "1",
        "assignments-TOTAL_FORMS": "0",
        "assignments-INITIAL_FORMS": "0",
    }
    response = client.post("/admin/surveys/survey/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    survey = Survey.objects.get(slug="after-reading")
    assert [q.text for q in survey.questions.all()] == ["Anything else?", "How clear was it?"]
    assert "<script>" not in survey.introduction and "Hello" in survey.introduction


def test_only_one_survey_is_the_site_wide_default(client, editor, survey):
    client.force_login(editor)
    other = make_survey("other", is_default=False)
    data = admin_form_data(client, change_url(other), "survey_form")
    data["is_default"] = ["on"]
    response = client.post(change_url(other), data)
    assert response.status_code == 200
    assert "“Survey brief” is the site-wide default. Untick it there first" in response.content.decode()
    assert list(Survey.objects.filter(is_default=True)) == [survey]


def test_a_question_readers_have_seen_cannot_change_meaning(client, editor, survey, published_article):
    answered(survey, published_article)
    client.force_login(editor)
    page = client.get(change_url(survey)).content.decode()
    assert "Readers have answered this survey." in page
    data = admin_form_data(client, change_url(survey), "survey_form")
    rating = survey.q["rating"]
    index = [k for k, v in data.items() if k.endswith("-id") and v == str(rating.pk)][0].split("-")[1]
    data[f"questions-{index}-text"] = "How unhelpful was it?"
    data[f"questions-{index}-scale_max"] = "10"
    data[f"questions-{index}-help_text"] = "A new hint is fine."
    client.post(change_url(survey), data)
    rating.refresh_from_db()
    assert (rating.text, rating.scale_max, rating.help_text) == (
        "How helpful was this article?",
        5,
        "A new hint is fine.",
    )


def test_a_question_readers_have_seen_cannot_be_deleted_but_can_be_retired(
    client, editor, survey, published_article
):
    answered(survey, published_article)
    client.force_login(editor)
    data = admin_form_data(client, change_url(survey), "survey_form")
    rating = survey.q["rating"]
    index = [k for k, v in data.items() if k.endswith("-id") and v == str(rating.pk)][0].split("-")[1]
    response = client.post(change_url(survey), {**data, f"questions-{index}-DELETE": "on"})
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert "Tick “Retired” to stop asking it" in response.content.decode()
    assert Question.objects.filter(pk=rating.pk).exists()

    response = client.post(change_url(survey), {**data, f"questions-{index}-retired": "on"})
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.retired

    # From the question's own page too, with the reason.
    response = client.post(f"/admin/surveys/question/{rating.pk}/delete/", {"post": "yes"}, follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Question.objects.filter(pk=rating.pk).exists()


def test_choices_of_a_question_readers_have_seen_are_read_only(client, editor, survey, published_article):
    answered(survey, published_article)
    client.force_login(editor)
    single = survey.q["single"]
    page = client.get(change_url(single)).content.decode()
    assert "Readers have answered this question" in page
    assert 'name="choices-0-text"' not in page and "A patient" in page


def test_questions_added_after_the_last_response_stay_editable(client, editor, survey, published_article):
    answered(survey, published_article)
    new = Question.objects.create(survey=survey, order=9, kind=Question.Kind.SHORT_TEXT, text="Typo quesiton")
    assert not new.has_been_seen()
    assert survey.q["rating"].has_been_seen()


def test_a_survey_with_responses_cannot_be_deleted(client, editor, survey, published_article):
    answered(survey, published_article)
    client.force_login(editor)
    response = client.post(f"/admin/surveys/survey/{survey.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert "protected" in response.content.decode()
    assert Survey.objects.filter(pk=survey.pk).exists()


@pytest.mark.parametrize(
    "role, may_build, may_read_results",
    [("editor", True, True), ("reviewer", False, True), ("author", False, False)],
)
def test_roles(client, survey, role, may_build, may_read_results):
    user = getattr(factories, role)(username=f"a-{role}")
    assert user.has_perm("surveys.add_survey") is may_build
    assert user.has_perm("surveys.change_question") is may_build
    assert user.has_perm("surveys.view_results") is may_read_results


def test_the_survey_page_links_to_its_results(client, editor, survey):
    client.force_login(editor)
    page = client.get(change_url(survey)).content.decode()
    assert f'href="/admin/surveys/survey/{survey.pk}/results/"' in page


def test_the_article_admin_shows_each_articles_responses_and_mean_rating(
    client, editor, survey, published_article
):
    for rating in (2, 5, 5):
        record_response(survey, published_article.pk, [(survey.q["rating"], rating)])
    quiet = factories.full_article(slug="quiet", title="An article nobody answered about")
    client.force_login(editor)
    html = client.get("/admin/articles/article/").content.decode()
    assert "Responses" in html and "Mean rating" in html
    row = html[html.index(published_article.title) :].split("</tr>")[0]
    assert '<td class="field-survey_response_count">3</td>' in row
    assert '<td class="field-survey_mean">4.00</td>' in row
    quiet_row = html[html.index(quiet.title) :].split("</tr>")[0]
    assert '<td class="field-survey_response_count">0</td>' in quiet_row


def test_the_demo_loads_the_brief_survey_as_the_default(db):
    import io

    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
    survey = Survey.objects.get(slug="brief-survey")
    assert survey.is_default and survey.is_open
    assert {q.kind for q in survey.questions.all()} == set(Question.Kind.values)


def test_a_rating_scale_runs_upwards_within_ten(client, editor, survey):
    client.force_login(editor)
    question = survey.q["rating"]
    url = f"/admin/surveys/question/{question.pk}/change/"
    data = admin_form_data(client, url, "question_form")
    for low, high in (("5", "1"), ("1", "11")):
        response = client.post(url, {**data, "scale_min": low, "scale_max": high})
        assert (
            "A rating scale runs from a lower number to a higher one, between 0 and 10."
            in response.content.decode()
        )
    question.refresh_from_db()
    assert (question.scale_min, question.scale_max) == (1, 5)


def test_choices_are_reordered_on_the_questions_page(client, editor, survey):
    client.force_login(editor)
    single = survey.q["single"]
    url = change_url(single)
    data = admin_form_data(client, url, "question_form")
    ids = {data[f"choices-{i}-id"]: i for i in range(3)}
    first, middle, last = single.choices.all()
    data[f"choices-{ids[str(first.pk)]}-order"] = "3"
    data[f"choices-{ids[str(middle.pk)]}-order"] = "2"
    data[f"choices-{ids[str(last.pk)]}-order"] = "1"
    assert client.post(url, data).status_code == 302
    assert [c.text for c in single.choices.all()] == ["A doctor", "A family member", "A patient"]
