"""Every live article invites readers to a survey: the one it names, or the default."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import Survey, SurveyAssignment
from tests import factories
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db

INVITATION = "Share your thoughts on this XRAYS article by taking our brief survey"


def page(client, article):
    return client.get(f"/articles/{article.slug}/").content.decode()


def test_a_live_article_invites_readers_to_the_default_survey_after_the_article(
    client, survey, published_article
):
    html = page(client, published_article)
    link = f'<a href="/surveys/brief/?article={published_article.slug}">{INVITATION}</a>'
    assert link in html
    assert html.index('id="references"') < html.index(link) < html.index("</article>")


def test_an_article_naming_another_survey_invites_to_that_one(client, survey, published_article):
    other = make_survey("other", is_default=False, invitation="Tell us about this article")
    SurveyAssignment.objects.create(article=published_article, survey=other)
    html = page(client, published_article)
    assert f'href="/surveys/other/?article={published_article.slug}">Tell us about this article</a>' in html
    assert "/surveys/brief/" not in html


def test_closing_the_survey_removes_the_invitation_at_once(client, survey, published_article):
    assert INVITATION in page(client, published_article)
    Survey.objects.filter(pk=survey.pk).update(is_open=False)
    assert INVITATION not in page(client, published_article)


def test_no_survey_no_invitation(client, published_article):
    assert "survey-invitation" not in page(client, published_article)


def test_previews_and_print_show_no_invitation(admin_client, client, survey, published_article):
    assert (
        INVITATION
        not in admin_client.get(f"/admin/articles/article/{published_article.pk}/preview/").content.decode()
    )
    assert INVITATION not in client.get(f"/articles/{published_article.slug}/print/").content.decode()


def test_the_invitation_costs_no_query_once_cached_and_one_when_not(client, survey, publish):
    articles = [factories.full_article(slug=f"a{i}") for i in range(2)]
    for article in articles:
        publish(article)
    client.get("/articles/a0/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/articles/a0/")
    with CaptureQueriesContext(connection) as cold:
        client.get("/articles/a1/")
    assert not any("surveys_" in q["sql"] for q in warm.captured_queries)
    assert len([q for q in cold.captured_queries if "surveys_survey" in q["sql"]]) == 1


def test_naming_a_survey_for_an_article_changes_its_invitation_at_once(client, survey, published_article):
    assert "/surveys/brief/" in page(client, published_article)  # now cached
    other = make_survey("other", is_default=False, invitation="Tell us about this article")
    SurveyAssignment.objects.create(article=published_article, survey=other)
    assert "Tell us about this article" in page(client, published_article)
    SurveyAssignment.objects.all().delete()
    assert INVITATION in page(client, published_article)
