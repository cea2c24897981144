"""The editors' results, checked against figures worked out by hand."""

import datetime

import pytest
from django.utils import timezone

from surveys import results
from surveys.answering import record_response
from surveys.models import Response
from tests import factories

pytestmark = pytest.mark.django_db


def on(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def answer(survey, article, when, **values):
    """Record a response as a reader would send it, dated `when`."""
    answers = []
    for kind, value in values.items():
        question = survey.q[kind]
        if kind == "single":
            value = str(question.choices.get(text=value).pk)
        elif kind == "multiple":
            value = [str(question.choices.get(text=t).pk) for t in value]
        answers.append((question, value))
    response = record_response(survey, article.pk, answers)
    Response.objects.filter(pk=response.pk).update(created_at=on(when))
    return response


@pytest.fixture
def answered(survey, published_article, publish):
    """Article A: three responses to version 1 in January, two to version 2 in March.
    Article B: one response in February."""
    a = published_article
    b = factories.full_article(slug="article-b", title="Article B")
    publish(b)
    jan, feb, mar = datetime.date(2026, 1, 15), datetime.date(2026, 2, 10), datetime.date(2026, 3, 5)
    answer(
        survey,
        a,
        jan,
        rating=5,
        yes_no="yes",
        single="A patient",
        multiple=["Talk to my doctor", "Share it"],
        short_text="Clear",
    )
    answer(
        survey,
        a,
        jan,
        rating=4,
        yes_no="no",
        single="A patient",
        multiple=["Share it"],
        long_text='=HYPERLINK("http://x")',
    )
    answer(survey, a, jan, rating=2, single="A doctor")
    answer(survey, b, feb, rating=3, yes_no="yes", multiple=["Read more"])
    section = a.sections.first()
    section.body = "<p>Rewritten for clarity.</p>"
    section.save()
    publish(a, change_summary="Clearer")
    answer(survey, a, mar, rating=5)
    answer(survey, a, mar, rating=5)
    return a, b


def by_question(survey, responses, search=""):
    return {r.question.kind: r for r in results.question_results(survey, responses, search)}


def rows(result):
    return [(row.label, row.count, row.percent) for row in result.rows]


def test_counts_percentages_and_means_per_question(survey, answered):
    responses = results.filtered_responses(survey, {})
    assert responses.count() == 6
    found = by_question(survey, responses)
    rating = found["rating"]
    assert rating.answered == 6
    assert rows(rating) == [("1", 0, 0.0), ("2", 1, 16.7), ("3", 1, 16.7), ("4", 1, 16.7), ("5", 3, 50.0)]
    assert rating.mean == 4.0  # (2 + 3 + 4 + 5 × 3) / 6
    assert rows(found["yes_no"]) == [("Yes", 2, 66.7), ("No", 1, 33.3)]
    assert rows(found["single"]) == [
        ("A patient", 2, 66.7),
        ("A family member", 0, 0.0),
        ("A doctor", 1, 33.3),
    ]
    # Of the three readers who answered; several choices may add up to more than 100.
    assert rows(found["multiple"]) == [
        ("Talk to my doctor", 1, 33.3),
        ("Share it", 2, 66.7),
        ("Read more", 1, 33.3),
    ]
    assert results.overall_mean(responses) == 4.0


def test_free_text_answers_with_search(survey, answered):
    responses = results.filtered_responses(survey, {})
    found = by_question(survey, responses)
    assert [a.text for a in found["short_text"].texts] == ["Clear"]
    assert [a.text for a in found["long_text"].texts] == ['=HYPERLINK("http://x")']
    searched = by_question(survey, responses, search="CLEAR")
    assert searched["short_text"].texts_matching == 1 and searched["long_text"].texts_matching == 0


def test_articles_compared(survey, answered):
    a, b = answered
    assert results.compare_articles(results.filtered_responses(survey, {})) == [
        {"article_id": a.pk, "title": a.title, "responses": 5, "mean": 4.2},  # 21 / 5
        {"article_id": b.pk, "title": "Article B", "responses": 1, "mean": 3.0},
    ]


def test_each_versions_mean_beside_the_previous_one(survey, answered):
    a, b = answered
    compared = {
        row["title"]: row["versions"]
        for row in results.compare_versions(results.filtered_responses(survey, {}))
    }
    assert compared[a.title] == [
        {"version": 1, "responses": 3, "mean": 3.67, "previous_mean": None, "change": None},  # 11 / 3
        {"version": 2, "responses": 2, "mean": 5.0, "previous_mean": 3.67, "change": 1.33},
    ]
    assert compared["Article B"] == [
        {"version": 1, "responses": 1, "mean": 3.0, "previous_mean": None, "change": None}
    ]


def test_responses_and_mean_rating_by_month(survey, answered):
    months = results.by_month(results.filtered_responses(survey, {}), scale_max=5)
    assert [
        (m["month"].date(), m["responses"], m["mean"], m["responses_width"], m["mean_width"]) for m in months
    ] == [
        (datetime.date(2026, 1, 1), 3, 3.67, 100.0, 73.4),
        (datetime.date(2026, 2, 1), 1, 3.0, 33.3, 60.0),
        (datetime.date(2026, 3, 1), 2, 5.0, 66.7, 100.0),
    ]


def test_filters_by_article_version_and_dates(survey, answered):
    a, b = answered
    count = lambda **f: results.filtered_responses(survey, f).count()  # noqa: E731
    assert count(article=b) == 1
    assert count(article=a, version=2) == 2
    assert count(version=1) == 4
    assert count(date_from=datetime.date(2026, 2, 1), date_to=datetime.date(2026, 2, 28)) == 1
    assert count(date_from=datetime.date(2026, 2, 10)) == 3
    assert count(date_to=datetime.date(2026, 1, 15)) == 3


def test_the_results_page_shows_the_figures_and_draws_the_bars(client, editor, survey, answered):
    client.force_login(editor)
    html = client.get(f"/admin/surveys/survey/{survey.pk}/results/").content.decode()
    assert '<strong class="xr-total">6</strong> responses' in html
    assert '<strong class="xr-mean">4.0</strong> on a scale of 1 to 5' in html
    assert '<td class="xr-percent">66.7%</td>' in html
    assert 'style="width: 66.7%"' in html
    assert "=HYPERLINK(&quot;http://x&quot;)" in html  # written answers are escaped
    assert "January 2026" in html and "March 2026" in html


def test_the_results_page_filters_and_searches(client, editor, survey, answered):
    a, b = answered
    client.force_login(editor)
    base = f"/admin/surveys/survey/{survey.pk}/results/"
    html = client.get(f"{base}?article={b.pk}").content.decode()
    assert '<strong class="xr-total">1</strong> response' in html
    assert f'results.csv?article={b.pk}"' in html
    html = client.get(f"{base}?q=clear").content.decode()
    assert "1 answer containing “clear”" in html
    html = client.get(f"{base}?date_from=2026-03-01&date_to=2026-02-01").content.decode()
    assert "“From” must be on or before “To”." in html
    assert '<strong class="xr-total">6</strong>' in html
    for bad in ("article=999999999999999999999", "version=abc", "date_from=yesterday", "version=-1"):
        assert client.get(f"{base}?{bad}").status_code == 200


@pytest.mark.parametrize("path", ["results/", "results.csv"])
def test_only_staff_allowed_to_read_results_see_them(client, survey, path):
    url = f"/admin/surveys/survey/{survey.pk}/{path}"
    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(factories.author(username="an-author"))
    assert client.get(url).status_code == 403
    client.force_login(factories.UserFactory(username="not-staff", is_staff=False))
    assert client.get(url).status_code == 302
    client.force_login(factories.reviewer(username="a-reviewer"))
    assert client.get(url).status_code == 200
    assert client.get(f"/admin/surveys/survey/999999/{path}").status_code == 404


def test_the_survey_list_and_page_hide_the_results_link_from_whoever_may_not_read_them(client, survey):
    from django.contrib.auth.models import Permission

    user = factories.UserFactory(username="builder")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_survey", "change_survey"]))
    client.force_login(user)
    page = client.get(f"/admin/surveys/survey/{survey.pk}/change/").content.decode()
    assert f"/admin/surveys/survey/{survey.pk}/results/" not in page
    listing = client.get("/admin/surveys/survey/").content.decode()
    assert "Survey brief" in listing and f"/admin/surveys/survey/{survey.pk}/results/" not in listing
