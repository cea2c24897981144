"""A response is stored whole or not at all, and many readers answering at once all land."""

import threading

import pytest
from django.db import connection, connections

from surveys.answering import ArticleNotLive, record_response
from surveys.models import Answer, Response
from tests.surveys.conftest import answers_for, make_survey


@pytest.mark.django_db
def test_a_failure_half_way_stores_nothing(client, survey, published_article, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away half-way")

    monkeypatch.setattr(Answer.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        record_response(survey, published_article.pk, [(survey.q["rating"], 4)])
    assert not Response.objects.exists() and not Answer.objects.exists()


@pytest.mark.django_db
def test_an_article_withdrawn_before_the_answers_arrive_gets_none(survey, published_article, editor):
    from articles import workflow

    workflow.withdraw(published_article, by=editor, reason="Superseded")
    with pytest.raises(ArticleNotLive):
        record_response(survey, published_article.pk, [(survey.q["rating"], 4)])
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_no_personal_data_is_kept(client, survey, published_article):
    client.post(
        f"/surveys/{survey.slug}/?article={published_article.slug}",
        answers_for(survey, rating="4"),
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Reader's browser 1.0",
    )
    response = Response.objects.get()
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "survey", "article", "version_number", "created_at", "language", "answers"}
    assert "203.0.113.9" not in str(list(Response.objects.values())) + str(list(Answer.objects.values()))
    assert response.answers.count() == 1


READERS = 200
# Web workers serving them, each with its own database connection, as gunicorn's would
# (PostgreSQL's default max_connections is 100, shared with everything else).
WORKERS = 24


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_hundred_readers_answering_at_once_all_land(settings):
    """200 readers send the form at the same moment; the site's workers serve them, each
    on its own connection, storing responses side by side."""
    from concurrent.futures import ThreadPoolExecutor

    from django.test import Client

    from articles import workflow
    from tests import factories

    settings.RATELIMIT_ENABLE = False
    survey = make_survey("load")
    article = factories.full_article(slug="busy-article")
    workflow.submit_for_review(article, by=factories.author(username="author"))
    workflow.approve(article, by=factories.reviewer(username="reviewer"))
    workflow.publish(article, by=factories.editor(username="editor"))
    data = answers_for(survey, rating="4", multiple=["Share it", "Read more"], short_text="Helpful")
    all_sent = threading.Barrier(WORKERS)

    def reader(n):
        if n < WORKERS:
            all_sent.wait()  # the first request of every worker starts at the same moment
        try:
            return Client().post(f"/surveys/load/?article={article.slug}", data).status_code
        finally:
            connections.close_all()  # this worker's connection

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        codes = list(pool.map(reader, range(READERS)))
    assert codes == [302] * READERS
    assert Response.objects.filter(survey=survey).count() == READERS
    assert Answer.objects.filter(response__survey=survey).count() == READERS * 4
